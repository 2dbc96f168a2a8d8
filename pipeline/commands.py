"""The commands: each a `cmd_<name>(args) -> int` over the pipeline's API, and the function that
adds its subparser (:data:`REGISTER`, read by :func:`pipeline.cli.build_parser`)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from .errors import UsageError

if TYPE_CHECKING:
    from .config import Config

REGISTER: list[Callable[[argparse._SubParsersAction], None]] = []


def _register(fn: Callable[[argparse._SubParsersAction], None]) -> Callable[[argparse._SubParsersAction], None]:
    REGISTER.append(fn)
    return fn


def _config(args: argparse.Namespace) -> Config:
    """The project's configuration, from `--root`."""
    from .config import load_config

    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root!r} is not a directory")
    return load_config(root)


# --------------------------------------------------------------------------- catalog workflow

def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


def _select_locales(config, requested: Sequence[str] | None) -> list[str]:
    if not requested:
        return list(config.locales)
    for loc in requested:
        if loc not in config.locales:
            raise UsageError(f"locale {loc!r} is not configured in [tool.policy-l10n] locales "
                             f"({', '.join(config.locales) or 'none'})")
    return list(dict.fromkeys(requested))


def _print_writes(writes, kept: Sequence[str] = (), verb: str = "wrote") -> None:
    for w in writes:
        print(f"{verb} {w.rel}")
    for k in kept:
        print(f"kept {k} (exists; left untouched)")


def cmd_extract(args: argparse.Namespace) -> int:
    from .catalog import apply_writes, plan_extract, project_lock
    from .source import load_documents

    config = _config(args)
    docs = load_documents(config.root, regions=config.regions)
    writes = plan_extract(config, docs, _now())
    with project_lock(config):
        apply_writes(writes)
    _print_writes(writes)
    if not writes:
        print("templates up to date")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .catalog import apply_writes, plan_init, project_lock
    from .config import validate_locale
    from .source import load_documents

    config = _config(args)
    for loc in args.locales:
        if loc == config.source_locale:
            raise UsageError(f"{loc!r} is the source locale; it needs no catalog")
        validate_locale(loc)
    docs = load_documents(config.root, regions=config.regions)
    writes, kept = plan_init(config, docs, list(dict.fromkeys(args.locales)), _now(),
                             args.translator, args.team)
    with project_lock(config):
        apply_writes(writes)
    _print_writes(writes, kept, verb="created")
    missing = [loc for loc in args.locales if loc not in config.locales]
    if missing:
        print(f"note: add {', '.join(repr(m) for m in missing)} to locales in [tool.policy-l10n] "
              "(pyproject.toml) so that update, status and build include them")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from .catalog import apply_writes, plan_update, project_lock
    from .source import load_documents

    config = _config(args)
    locales = _select_locales(config, args.locale)
    docs = load_documents(config.root, args.document or None, regions=config.regions)
    if args.minor and not args.reason:
        raise UsageError("--minor needs --reason TEXT")
    if args.reason and not args.minor:
        raise UsageError("--reason goes with --minor")
    # a dry run writes nothing, not even the lock file (or locales/ itself)
    with contextlib.nullcontext() if args.dry_run else project_lock(config):
        if args.minor:
            from .release import plan_minor

            writes, log = plan_minor(config, docs, locales, args.minor, args.reason, _now())
        else:
            writes, log = plan_update(config, docs, locales, _now()), None
        if args.dry_run:
            for w in writes:
                sys.stdout.write(w.diff())
            if not writes:
                print("nothing to update")
            return 0
        apply_writes(writes)
        if log is not None:
            log()
    _print_writes(writes, verb="updated")
    if not writes:
        print("catalogs up to date")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from .catalog import ui_messages
    from .status import project_status
    from .release import minor_changes_since_release
    from .report import failing, status_json, status_markdown, status_table
    from .source import document_paths

    config = _config(args)
    locales = _select_locales(config, args.locale)
    paths = [p.relative_to(config.root).as_posix() for p in document_paths(config.root, args.document or None)]
    report, approvals = project_status(config, paths, locales, ui_messages(config))
    docs = [d.document for d in report.documents]
    quote = None
    if args.quote:  # the vendor quote: words by leverage band of what `export` would send
        from .quote import project_quote, quote_json, quote_markdown, quote_table

        quote = project_quote(config, docs, locales)
    if args.format == "json":
        from .provenance import status_provenance

        extra = {"quote": quote_json(quote)} if quote is not None else None
        print(status_json(report, approvals, minor_changes_since_release(config, docs),
                          provenance=status_provenance(report), extra=extra))
    elif args.format == "markdown":
        sys.stdout.write(status_markdown(report, approvals, show_diff=args.diff))
        if quote is not None:
            sys.stdout.write("\n" + quote_markdown(quote))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = os.get_terminal_size().columns if sys.stdout.isatty() else 120
        sys.stdout.write(status_table(report, approvals, show_diff=args.diff, color=color, width=width))
        if quote is not None:
            sys.stdout.write("\n" + quote_table(quote))
    reasons = failing(report, args.fail_on or (), approvals)
    for reason in reasons:
        print(f"policy-l10n: fail-on: {reason}", file=sys.stderr)
    return 1 if reasons else 0


@_register
def _extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="write locales/*.pot from source/ and the templates")
    p.set_defaults(func=cmd_extract)


@_register
def _init(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create the catalogs of new locales")
    p.add_argument("locales", nargs="+", metavar="LOCALE")
    p.add_argument("--translator", help='Last-Translator, e.g. "Name <email>"')
    p.add_argument("--team", help="Language-Team")
    p.set_defaults(func=cmd_init)


@_register
def _update(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("update", help="extract, then merge into every configured locale")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--dry-run", action="store_true", help="write nothing; print the diff")
    p.add_argument("--minor", nargs="+", metavar="ID", help="accept these sections' English edits as minor")
    p.add_argument("--reason", help="why the --minor edit needs no re-translation")
    p.set_defaults(func=cmd_update)


@_register
def _status(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="how fresh every translation is")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    p.add_argument("--diff", action="store_true", help="word diff of the English of stale sections")
    p.add_argument("--fail-on", action="append", choices=("missing", "stale", "review", "any", "unapproved"))
    p.add_argument("--quote", action="store_true", help="words by leverage band (translation memory) for a vendor quote")
    p.set_defaults(func=cmd_status)


# --------------------------------------------------------------------------- check

def cmd_check(args: argparse.Namespace) -> int:
    from .check import findings_json, run_checks
    from .source import load_documents

    config = _config(args)
    locales = _select_locales(config, args.locale)
    docs = load_documents(config.root, regions=config.regions)
    findings = run_checks(config, docs, locales, include_source=True)
    if args.format == "json":
        print(findings_json(findings))
    else:
        for f in findings:
            print(f.text())
        errors = sum(1 for f in findings if f.severity == "error")
        print(f"{errors} error(s), {len(findings) - errors} warning(s)", file=sys.stderr)
    return 1 if any(f.severity == "error" for f in findings) else 0


@_register
def _check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="translation QA of every catalog")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_check)


# --------------------------------------------------------------------------- build

def _progress_printer() -> Callable[[str], None]:
    """A progress bar on a terminal; plain lines ("pdf 3/17 eu/de/x.pdf") in CI and logs."""
    import re

    tty = sys.stderr.isatty() and not os.environ.get("CI")

    def show(line: str) -> None:
        if not tty:
            print(line, file=sys.stderr)
            return
        m = re.match(r"pdf (\d+)/(\d+) (.*)", line)
        if m:
            done, total = int(m.group(1)), int(m.group(2))
            filled = 30 * done // max(total, 1)
            line = f"PDF [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {m.group(3)}"
        sys.stderr.write("\r\x1b[2K" + line[: os.get_terminal_size(sys.stderr.fileno()).columns - 1])
        sys.stderr.flush()

    return show


def cmd_build(args: argparse.Namespace) -> int:
    from .output import parse_shard
    from .release import build_site

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    shard = parse_shard(args.shard) if args.shard else None
    config = _config(args)
    progress = _progress_printer()
    result = build_site(config, locales=args.locale, regions=args.region, pdf=not args.no_pdf, jobs=args.jobs,
                   shard=shard, progress=progress)
    if sys.stderr.isatty() and not os.environ.get("CI") and result.pdf_rendered:
        sys.stderr.write("\n")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.written and not result.problems:
        print(f"built: nothing changed since the last build ({len(result.kept)} outputs up to date)")
        return result.exit_code
    pages = sum(1 for p in result.written if p.endswith(".html"))
    print(f"built: {len(result.written)} written ({pages} HTML, {result.pdf_rendered} PDF), "
          f"{len(result.kept)} unchanged" + (f", withheld: {', '.join(result.withheld)}" if result.withheld else ""))
    return result.exit_code


@_register
def _build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="HTML and PDF for every locale and region into output/")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--region", action="append", metavar="R")
    p.add_argument("--no-pdf", action="store_true")
    p.add_argument("--jobs", type=int, metavar="N", help="PDF worker processes (default: CPU count)")
    p.add_argument("--shard", metavar="K/N", help="render only the K-th of N slices (CI matrix)")
    p.set_defaults(func=cmd_build)


# --------------------------------------------------------------------------- manifest merge

def cmd_manifest_merge(args: argparse.Namespace) -> int:
    from .release import merge_shards

    config = _config(args)
    result = merge_shards(config, [Path(f) for f in args.files])
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(f"merged {len(args.files)} manifests into output/manifest.json")
    return result.exit_code


@_register
def _manifest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("manifest", help="join shard manifests")
    msub = p.add_subparsers(dest="manifest_command", metavar="COMMAND")
    msub.required = True
    m = msub.add_parser("merge", help="join output/manifest.K-of-N.json files into output/manifest.json")
    m.add_argument("files", nargs="+", metavar="FILE")
    m.set_defaults(func=cmd_manifest_merge)


# --------------------------------------------------------------------------- release / approve

def cmd_release(args: argparse.Namespace) -> int:
    from .catalog import project_lock
    from .pofile import write_all_atomic
    from .release import plan_release
    from .source import load_documents

    config = _config(args)
    docs = load_documents(config.root, args.document or None, regions=config.regions)
    try:
        effective = dt.date.fromisoformat(args.effective) if args.effective else dt.datetime.now(dt.timezone.utc).date()
    except ValueError:
        raise UsageError(f"--effective must be a date YYYY-MM-DD (got {args.effective!r})") from None
    now = dt.datetime.now(dt.timezone.utc)
    with project_lock(config):
        writes = plan_release(config, docs, args.version, effective, args.note, now)
        # every file staged before any is moved into place: a failure leaves no half release
        write_all_atomic((path, data, path.relative_to(config.root).as_posix()) for path, data in writes)
    for doc in docs:
        print(f"released {doc.id} {args.version} (effective {effective.isoformat()})")
    return 0


@_register
def _release(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("release", help="record a published version of each document")
    p.add_argument("version", metavar="VERSION")
    p.add_argument("--effective", metavar="YYYY-MM-DD")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--document", action="append", metavar="D")
    p.set_defaults(func=cmd_release)


def cmd_approve(args: argparse.Namespace) -> int:
    from .catalog import apply_writes, project_lock
    from .release import plan_approve
    from .source import load_documents

    config = _config(args)
    locales = _select_locales(config, args.locales)
    docs = load_documents(config.root, args.document or None, regions=config.regions)
    with project_lock(config):
        writes = plan_approve(config, docs, locales, args.by, dt.datetime.now(dt.timezone.utc))
        apply_writes(writes)
    for w in writes:
        print(f"approved {w.rel}")
    return 0


@_register
def _approve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("approve", help="record a reviewer's sign-off of current translations")
    p.add_argument("locales", nargs="+", metavar="LOCALE")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--by", required=True, metavar='"Name <email>"')
    p.set_defaults(func=cmd_approve)


# --------------------------------------------------------------------------- serve

def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root!r} is not a directory")
    try:
        return serve(root.resolve(), host=args.host, port=args.port, show_states=args.states)
    except KeyboardInterrupt:  # Ctrl-C before the server was up
        return 0


@_register
def _serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="live preview of the HTML in .preview/, rebuilt on every change")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free port)")
    p.add_argument("--states", action="store_true", help="show each section's freshness as a badge")
    p.set_defaults(func=cmd_serve)


# --------------------------------------------------------------------------- ids / adopt

def cmd_ids(args: argparse.Namespace) -> int:
    from .catalog import apply_writes
    from .ids import plan_ids

    config = _config(args)
    result = plan_ids(config.root, regions=config.regions)
    if not args.write:
        for w in result.writes:
            sys.stdout.write(w.diff())
        if not result.writes:
            print("every heading has an id")
        return 0
    apply_writes(result.writes)
    for path, line, section_id in result.added:
        print(f"{path}:{line}: added {{#{section_id}}}")
    print(f"ids: {len(result.added)} heading(s) given an id in {len(result.writes)} file(s)")
    return 0


@_register
def _ids(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ids", help="add {#id} (the slug it has today) to every heading without one")
    p.add_argument("--write", action="store_true", help="rewrite source/*.md (default: print the diff)")
    p.set_defaults(func=cmd_ids)


def cmd_adopt(args: argparse.Namespace) -> int:
    from .adopt import adopt_files
    from .catalog import apply_writes, project_lock

    config = _config(args)
    with project_lock(config):
        result = adopt_files(config, args.locale, [Path(f) for f in args.files], document=args.document,
                             merge=args.merge)
        apply_writes(result.writes)
    for line in result.report_lines():
        print(line)
    return 0


@_register
def _adopt(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("adopt", help="import an existing translation of a document into its .po (as review)")
    p.add_argument("locale", metavar="LOCALE")
    p.add_argument("files", nargs="+", metavar="FILE", help="the translated document (Markdown or HTML)")
    p.add_argument("--document", metavar="D", help="the document it translates (default: the file's name)")
    p.add_argument("--merge", action="store_true", help="fill only the entries that have no translation yet")
    p.set_defaults(func=cmd_adopt)


# --------------------------------------------------------------------------- export / import (translation vendors)

def _export_states(text: str) -> list[str]:
    from .vendor import EXPORT_STATES

    states = [s.strip() for s in text.split(",") if s.strip()]
    bad = [s for s in states if s not in EXPORT_STATES]
    if bad or not states:
        raise UsageError(f"--states takes a comma-separated list of {', '.join(EXPORT_STATES)} (got {text!r})")
    return states


def cmd_export(args: argparse.Namespace) -> int:
    from .pofile import write_all_atomic
    from .source import load_documents
    from .vendor import plan_export

    config = _config(args)
    locales = _select_locales(config, args.locales)
    states = _export_states(args.states)
    docs = load_documents(config.root, args.document or None, regions=config.regions)
    out_dir = Path(args.out) if args.out else config.root / "xliff"
    files = plan_export(config, docs, locales, out_dir, states, args.xliff_version)
    write_all_atomic((path, data, str(path)) for path, data, _ in files)
    for path, _, export in files:
        print(f"wrote {path} ({len(export.units)} units: {export.document}, {export.locale})")
    if not files:
        print(f"nothing to export: no {'/'.join(states)} message in the selected documents and locales")
    return 0


@_register
def _export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="XLIFF files of what needs translating, for a translation vendor")
    p.add_argument("locales", nargs="+", metavar="LOCALE")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--states", default="missing,stale,review", metavar="STATES",
                   help="comma-separated states to export (default: missing,stale,review)")
    p.add_argument("--format", choices=("xliff",), default="xliff")
    p.add_argument("--xliff-version", choices=("2.1", "2.0", "1.2"), default="2.1")
    p.add_argument("--out", metavar="DIR", help="where to write <doc>.<lang>.xlf (default: xliff/ in the project)")
    p.set_defaults(func=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    from .catalog import apply_writes, project_lock
    from .vendor import plan_import

    config = _config(args)
    with project_lock(config):
        result = plan_import(config, [Path(f) for f in args.files], _now())
        apply_writes(result.writes)
    for refused in result.refused:
        print(refused.text(), file=sys.stderr)
    for path, msgctxt in result.applied:
        print(f"{path}: {msgctxt}: imported")
    for path, msgctxt in result.stale:
        print(f"{path}: {msgctxt}: imported as stale (its English changed since the export): review it")
    for w in result.writes:
        print(f"updated {w.rel}")
    print(f"import: {len(result.applied)} applied, {len(result.stale)} stale, {len(result.skipped)} left alone, "
          f"{len(result.refused)} refused by check")
    return result.exit_code


@_register
def _import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="merge a vendor's returned XLIFF files into the .po catalogs")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_import)
