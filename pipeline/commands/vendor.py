"""Translation vendors: export, import (XLIFF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from .common import project_config, register, select_locales, utc_minute


# --------------------------------------------------------------------------- export / import (translation vendors)

def _export_states(text: str) -> list[str]:
    from ..vendor import EXPORT_STATES

    states = [s.strip() for s in text.split(",") if s.strip()]
    bad = [s for s in states if s not in EXPORT_STATES]
    if bad or not states:
        raise UsageError(f"--states takes a comma-separated list of {', '.join(EXPORT_STATES)} (got {text!r})")
    return states


def cmd_export(args: argparse.Namespace) -> int:
    from ..pofile import write_all_atomic
    from ..source import load_documents
    from ..vendor import plan_export

    config = project_config(args)
    locales = select_locales(config, args.locales)
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


@register
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
    from ..catalog import apply_writes, project_lock
    from ..vendor import plan_import

    config = project_config(args)
    with project_lock(config):
        result = plan_import(config, [Path(f) for f in args.files], utc_minute())
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


@register
def _import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="merge a vendor's returned XLIFF files into the .po catalogs")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_import)
