"""Adopting an existing policy set: ids, adopt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import project_config, register


# --------------------------------------------------------------------------- ids / adopt

def cmd_ids(args: argparse.Namespace) -> int:
    from ..catalog import apply_writes
    from ..ids import plan_ids

    config = project_config(args)
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


@register
def _ids(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ids", help="add {#id} (the slug it has today) to every heading without one")
    p.add_argument("--write", action="store_true", help="rewrite source/*.md (default: print the diff)")
    p.set_defaults(func=cmd_ids)


def cmd_adopt(args: argparse.Namespace) -> int:
    from ..adopt import adopt_files
    from ..catalog import apply_writes, project_lock

    config = project_config(args)
    with project_lock(config):
        result = adopt_files(config, args.locale, [Path(f) for f in args.files], document=args.document,
                             merge=args.merge)
        apply_writes(result.writes)
    for line in result.report_lines():
        print(line)
    return 0


@register
def _adopt(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("adopt", help="import an existing translation of a document into its .po (as review)")
    p.add_argument("locale", metavar="LOCALE")
    p.add_argument("files", nargs="+", metavar="FILE", help="the translated document (Markdown or HTML)")
    p.add_argument("--document", metavar="D", help="the document it translates (default: the file's name)")
    p.add_argument("--merge", action="store_true", help="fill only the entries that have no translation yet")
    p.set_defaults(func=cmd_adopt)
