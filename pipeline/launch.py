"""The `policy-l10n` entry point: a no-op `build` answers before anything is imported.

A rebuild with nothing changed should cost about as much as starting Python:
this module imports only `os` and `sys` (via :mod:`.noop`), recognises a plain
`build` command line, and asks :func:`.noop.unchanged`. A build that has work
to do forks Babel's share into a child first (:mod:`.localefacts`).
Everything else goes to :func:`pipeline.cli.main`.
"""

from __future__ import annotations

import os
import sys

__all__ = ["main", "build_options"]


def build_options(locales: list[str] | None, regions: list[str] | None, pdf: bool) -> str:
    """What distinguishes one build's outputs from another's (not --jobs)."""
    return f"build locales={sorted(set(locales or ()))} regions={sorted(set(regions or ()))} pdf={pdf}"


def _plain_build(argv: list[str]) -> dict | None:
    """The options of `[--root DIR] build [--locale L]... [--region R]... [--no-pdf] [--jobs N]`,
    named as argparse names them; None for any other command line."""
    root, i = ".", 0
    while i < len(argv) and argv[i] != "build":
        if argv[i] == "--root" and i + 1 < len(argv):
            root, i = argv[i + 1], i + 2
        elif argv[i].startswith("--root="):
            root, i = argv[i][7:], i + 1
        else:
            return None
    if i >= len(argv):
        return None
    options: dict = {"root": root, "locale": None, "region": None, "no_pdf": False, "jobs": None,
                     "shard": None}
    rest = argv[i + 1 :]
    j = 0
    while j < len(rest):
        arg = rest[j]
        if arg in ("--locale", "--region") and j + 1 < len(rest) and not rest[j + 1].startswith("-"):
            options[arg[2:]] = [*(options[arg[2:]] or ()), rest[j + 1]]
            j += 2
        elif arg == "--jobs" and j + 1 < len(rest) and rest[j + 1].isdigit() and int(rest[j + 1]) >= 1:
            options["jobs"], j = int(rest[j + 1]), j + 2
        elif arg == "--no-pdf":
            options["no_pdf"], j = True, j + 1
        else:
            return None  # anything else (--shard, --help, a typo): argparse decides
    return options


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    plain = _plain_build(args)
    if plain is not None:
        from .noop import signature, unchanged

        options = build_options(plain["locale"], plain["region"], not plain["no_pdf"])
        plain["signature"] = signature(plain["root"], options)  # the inputs as they are now
        if unchanged(plain["root"], options, plain["signature"]):
            print("built: nothing changed since the last build")
            return 0
        if os.path.isdir(plain["root"]):
            started = _fork_locale_facts(plain["root"])
            if started is not None:
                from .localefacts import adopt

                adopt(plain["root"], *started)
    from .cli import main as cli_main

    # a plain build needs no argument parser (importing and building argparse's costs ~12 ms)
    try:
        return cli_main(args, parsed=plain)
    finally:
        if plain is not None:
            from .localefacts import discard

            discard()


def _fork_locale_facts(root: str) -> tuple[int, int, int] | None:
    """Fork the child that loads Babel (:func:`.localefacts.serve_facts`) before this process
    imports anything: (its pid, the pipe to send it the dates, the pipe of its answer), or
    None where it would not run beside this process (one core, or no process to spare).

    Its ~50 ms then run beside all of this process's imports, and this process, whose
    memory is still small, copies few pages it shares with the child (~2 µs a page here).
    """
    if (os.cpu_count() or 1) < 2:
        return None
    request_r, request_w = os.pipe()
    result_r, result_w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (request_r, request_w, result_r, result_w):
            os.close(fd)
        return None
    if pid == 0:
        os.close(request_w)
        os.close(result_r)
        from .localefacts import serve_facts

        serve_facts(root, request_r, result_w)  # never returns
    os.close(request_r)
    os.close(result_w)
    return pid, request_w, result_r


def run() -> None:
    """The console script: like ``sys.exit(main())``, without tearing down the heap.

    A command's process ends right after it: freeing ~100 000 objects one by one
    (a large `status`) costs tens of milliseconds for nothing.
    """
    import gc

    gc.disable()  # a short process of acyclic data (cli.main says more); also during the imports
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)
