"""Building the site: build, manifest merge, serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable

from ..errors import UsageError
from .common import project_config, register


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
    from ..output import parse_shard
    from ..release import build_site

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    shard = parse_shard(args.shard) if args.shard else None
    config = project_config(args)
    progress = _progress_printer()
    result = build_site(config, locales=args.locale, regions=args.region, pdf=not args.no_pdf, jobs=args.jobs,
                   shard=shard, progress=progress)
    if sys.stderr.isatty() and not os.environ.get("CI") and result.pdf_rendered:
        sys.stderr.write("\n")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for rel, why in result.removed:
        print(f"removed: {config.output_dir.name}/{rel} ({why})")
    if not result.written and not result.problems and not result.removed:
        print(f"built: nothing changed since the last build ({len(result.kept)} outputs up to date)")
        return result.exit_code
    pages = sum(1 for p in result.written if p.endswith(".html"))
    print(f"built: {len(result.written)} written ({pages} HTML, {result.pdf_rendered} PDF), "
          f"{len(result.kept)} unchanged" + (f", {len(result.removed)} removed" if result.removed else "")
          + (f", withheld: {', '.join(result.withheld)}" if result.withheld else ""))
    return result.exit_code


@register
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
    from ..release import merge_shards

    config = project_config(args)
    result = merge_shards(config, [Path(f) for f in args.files])
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(f"merged {len(args.files)} manifests into output/manifest.json")
    return result.exit_code


@register
def _manifest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("manifest", help="join shard manifests")
    msub = p.add_subparsers(dest="manifest_command", metavar="COMMAND")
    msub.required = True
    m = msub.add_parser("merge", help="join output/manifest.K-of-N.json files into output/manifest.json")
    m.add_argument("files", nargs="+", metavar="FILE")
    m.set_defaults(func=cmd_manifest_merge)



# --------------------------------------------------------------------------- serve

def cmd_serve(args: argparse.Namespace) -> int:
    from ..serve import serve

    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root!r} is not a directory")
    try:
        return serve(root.resolve(), host=args.host, port=args.port, show_states=args.states)
    except KeyboardInterrupt:  # Ctrl-C before the server was up
        return 0


@register
def _serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="live preview of the HTML in .preview/, rebuilt on every change")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free port)")
    p.add_argument("--states", action="store_true", help="show each section's freshness as a badge")
    p.set_defaults(func=cmd_serve)
