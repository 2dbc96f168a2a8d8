"""Subcommands beyond the catalog workflow: check, build, release, approve, manifest, serve."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import UsageError

if TYPE_CHECKING:
    import argparse

REGISTER: list[Callable[[argparse._SubParsersAction], None]] = []


def _register(fn: Callable[[argparse._SubParsersAction], None]) -> Callable[[argparse._SubParsersAction], None]:
    REGISTER.append(fn)
    return fn


def _config(args: argparse.Namespace):
    from .cli import _context

    return _context(args)


# --------------------------------------------------------------------------- check

def cmd_check(args: argparse.Namespace) -> int:
    from .check import findings_json, run_checks
    from .cli import _select_locales
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
    from .launch import build_options
    from .noop import remember, signature, unchanged

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    root = str(args.root)
    options = build_options(args.locale, args.region, not args.no_pdf)
    asked = getattr(args, "signature", None)  # the launcher took it and already asked unchanged()
    before = "" if args.shard else asked or signature(root, options)
    if before and not asked and unchanged(root, options, before):
        print("built: nothing changed since the last build")
        return 0

    from .output import build, parse_shard

    config = _config(args)
    shard = parse_shard(args.shard) if args.shard else None
    progress = _progress_printer()
    result = build(config, locales=args.locale, regions=args.region, pdf=not args.no_pdf, jobs=args.jobs,
                   shard=shard, progress=progress)
    if sys.stderr.isatty() and not os.environ.get("CI") and result.pdf_rendered:
        sys.stderr.write("\n")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    pages = sum(1 for p in result.written if p.endswith(".html"))
    print(f"built: {len(result.written)} written ({pages} HTML, {result.pdf_rendered} PDF), "
          f"{len(result.kept)} unchanged" + (f", withheld: {', '.join(result.withheld)}" if result.withheld else ""))
    if before and result.exit_code == 0:
        remember(root, options, before)
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
    from .output import merge_shards

    config = _config(args)
    result = merge_shards(config, [Path(f) for f in args.files])
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(f"merged {len(args.files)} manifests into output/manifest.json")
    return result.exit_code


@_register
def _manifest(sub: argparse._SubParsersAction) -> None:
    from .cli import _parser_class

    p = sub.add_parser("manifest", help="join shard manifests")
    msub = p.add_subparsers(dest="manifest_command", metavar="COMMAND", parser_class=_parser_class())
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
    from .cli import _select_locales
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
