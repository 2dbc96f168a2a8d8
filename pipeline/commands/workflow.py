"""The catalog workflow and its QA: extract, init, update, status, check."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from ..errors import UsageError
from .common import print_writes, project_config, register, select_locales, utc_minute


def cmd_extract(args: argparse.Namespace) -> int:
    from ..catalog import apply_writes, plan_extract, project_lock
    from ..source import load_documents

    config = project_config(args)
    docs = load_documents(config.root, regions=config.regions)
    writes = plan_extract(config, docs, utc_minute())
    with project_lock(config):
        apply_writes(writes)
    print_writes(writes)
    if not writes:
        print("templates up to date")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from ..catalog import apply_writes, plan_init, project_lock
    from ..config import validate_locale
    from ..source import load_documents

    config = project_config(args)
    for loc in args.locales:
        if loc == config.source_locale:
            raise UsageError(f"{loc!r} is the source locale; it needs no catalog")
        validate_locale(loc)
    docs = load_documents(config.root, regions=config.regions)
    writes, kept = plan_init(config, docs, list(dict.fromkeys(args.locales)), utc_minute(),
                             args.translator, args.team)
    with project_lock(config):
        apply_writes(writes)
    print_writes(writes, kept, verb="created")
    missing = [loc for loc in args.locales if loc not in config.locales]
    if missing:
        print(f"note: add {', '.join(repr(m) for m in missing)} to locales in [tool.policy-l10n] "
              "(pyproject.toml) so that update, status and build include them")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from ..catalog import apply_writes, plan_update, project_lock
    from ..source import load_documents

    config = project_config(args)
    locales = select_locales(config, args.locale)
    docs = load_documents(config.root, args.document or None, regions=config.regions)
    if args.minor and not args.reason:
        raise UsageError("--minor needs --reason TEXT")
    if args.reason and not args.minor:
        raise UsageError("--reason goes with --minor")
    # a dry run writes nothing, not even the lock file (or locales/ itself)
    with contextlib.nullcontext() if args.dry_run else project_lock(config):
        if args.minor:
            from ..release import plan_minor

            writes, log = plan_minor(config, docs, locales, args.minor, args.reason, utc_minute())
        else:
            writes, log = plan_update(config, docs, locales, utc_minute()), None
        if args.dry_run:
            for w in writes:
                sys.stdout.write(w.diff())
            if not writes:
                print("nothing to update")
            return 0
        apply_writes(writes)
        if log is not None:
            log()
    print_writes(writes, verb="updated")
    if not writes:
        print("catalogs up to date")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from ..catalog import ui_messages
    from ..status import project_status
    from ..release import minor_changes_since_release
    from ..report import failing, status_json, status_markdown, status_table
    from ..source import document_paths

    config = project_config(args)
    locales = select_locales(config, args.locale)
    paths = [p.relative_to(config.root).as_posix() for p in document_paths(config.root, args.document or None)]
    report, approvals = project_status(config, paths, locales, ui_messages(config))
    docs = [d.document for d in report.documents]
    quote = None
    if args.quote:  # the vendor quote: words by leverage band of what `export` would send
        from ..quote import project_quote, quote_json, quote_markdown, quote_table

        quote = project_quote(config, docs, locales)
    if args.format == "json":
        from ..provenance import status_provenance

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


@register
def _extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="write locales/*.pot from source/ and the templates")
    p.set_defaults(func=cmd_extract)


@register
def _init(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create the catalogs of new locales")
    p.add_argument("locales", nargs="+", metavar="LOCALE")
    p.add_argument("--translator", help='Last-Translator, e.g. "Name <email>"')
    p.add_argument("--team", help="Language-Team")
    p.set_defaults(func=cmd_init)


@register
def _update(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("update", help="extract, then merge into every configured locale")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--dry-run", action="store_true", help="write nothing; print the diff")
    p.add_argument("--minor", nargs="+", metavar="ID", help="accept these sections' English edits as minor")
    p.add_argument("--reason", help="why the --minor edit needs no re-translation")
    p.set_defaults(func=cmd_update)


@register
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
    from ..check import findings_json, run_checks
    from ..source import load_documents

    config = project_config(args)
    locales = select_locales(config, args.locale)
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


@register
def _check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="translation QA of every catalog")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_check)
