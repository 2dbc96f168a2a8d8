"""`policy-l10n`: a thin command line over the pipeline's API.

Parses arguments, calls the API, prints; every :class:`L10nError` becomes one
line on stderr and its exit code. No traceback reaches a user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .errors import L10nError, UsageError

if TYPE_CHECKING:
    import argparse

__all__ = ["main"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


def _context(args: argparse.Namespace):
    from .config import load_config

    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root!r} is not a directory")
    return load_config(root)


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


# --------------------------------------------------------------------------- commands

def cmd_extract(args: argparse.Namespace) -> int:
    from .catalog import apply_writes, plan_extract, project_lock
    from .source import load_documents

    config = _context(args)
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

    config = _context(args)
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

    config = _context(args)
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
    from .freshness import project_status
    from .release import minor_changes_since_release
    from .report import failing, status_json, status_markdown, status_table
    from .source import document_paths

    config = _context(args)
    locales = _select_locales(config, args.locale)
    paths = [p.relative_to(config.root).as_posix() for p in document_paths(config.root, args.document or None)]
    report, approvals = project_status(config, paths, locales, ui_messages(config))
    docs = [d.document for d in report.documents]
    if args.format == "json":
        print(status_json(report, approvals, minor_changes_since_release(config, docs)))
    elif args.format == "markdown":
        sys.stdout.write(status_markdown(report, approvals, show_diff=args.diff))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = os.get_terminal_size().columns if sys.stdout.isatty() else 120
        sys.stdout.write(status_table(report, approvals, show_diff=args.diff, color=color, width=width))
    reasons = failing(report, args.fail_on or (), approvals)
    for reason in reasons:
        print(f"policy-l10n: fail-on: {reason}", file=sys.stderr)
    return 1 if reasons else 0


# --------------------------------------------------------------------------- parser

@functools.cache
def _parser_class() -> type["argparse.ArgumentParser"]:
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse that reports usage errors as one `policy-l10n: ...` line, exit 2."""

        def error(self, message: str) -> None:  # type: ignore[override]
            raise UsageError(message)

    return Parser


def build_parser() -> "argparse.ArgumentParser":
    _Parser = _parser_class()
    parser = _Parser(prog="policy-l10n", description="Multilingual policy localization pipeline.")
    parser.add_argument("--root", default=".", help="project directory (default: current directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("extract", help="write locales/*.pot from source/ and the templates")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("init", help="create the catalogs of new locales")
    p.add_argument("locales", nargs="+", metavar="LOCALE")
    p.add_argument("--translator", help='Last-Translator, e.g. "Name <email>"')
    p.add_argument("--team", help="Language-Team")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("update", help="extract, then merge into every configured locale")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--dry-run", action="store_true", help="write nothing; print the diff")
    p.add_argument("--minor", nargs="+", metavar="ID", help="accept these sections' English edits as minor")
    p.add_argument("--reason", help="why the --minor edit needs no re-translation")
    p.set_defaults(func=cmd_update)

    p = sub.add_parser("status", help="how fresh every translation is")
    p.add_argument("--locale", action="append", metavar="L")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    p.add_argument("--diff", action="store_true", help="word diff of the English of stale sections")
    p.add_argument("--fail-on", action="append", choices=("missing", "stale", "review", "any", "unapproved"))
    p.set_defaults(func=cmd_status)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


#: other modules' commands: functions that add a subparser (keeps this module small)
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: Sequence[str] | None = None, *, parsed: Mapping[str, Any] | None = None) -> int:
    """Run a command line; ``parsed``: a plain `build`'s options, already parsed by the launcher."""
    import gc

    # a command is a short process that builds large acyclic structures (thousands of
    # catalogs): the cyclic collector only slows it down (`serve` turns it back on)
    collecting = gc.isenabled()
    gc.disable()
    try:
        _load_extra_commands()
        if parsed is not None:
            from types import SimpleNamespace

            from .commands import cmd_build

            return int(cmd_build(SimpleNamespace(**parsed)))  # type: ignore[arg-type]
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except L10nError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours: still one line, unless a developer asks for the traceback
        if os.environ.get("POLICY_L10N_DEBUG"):
            raise
        print(f"policy-l10n: internal error: {type(exc).__name__}: {exc} "
              "(set POLICY_L10N_DEBUG=1 for the traceback, and please report it)", file=sys.stderr)
        return 1
    finally:
        if collecting:  # main() called in-process (tests, serve): leave the collector as found
            gc.enable()


def _load_extra_commands() -> None:
    if EXTRA_COMMANDS:
        return
    from . import commands

    EXTRA_COMMANDS.extend(commands.REGISTER)
