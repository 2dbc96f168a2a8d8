"""`policy-l10n`: the command line. Parses arguments and runs the command (:mod:`.commands`).

Every :class:`L10nError` becomes one line on stderr and its exit code; no traceback
reaches a user.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from .errors import L10nError, UsageError

__all__ = ["main", "run", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one `policy-l10n: ...` line, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (each command module adds its own subparser)."""
    from .commands import REGISTER

    parser = _Parser(prog="policy-l10n", description="Multilingual policy localization pipeline.")
    parser.add_argument("--root", default=".", help="project directory (default: current directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for register in REGISTER:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command line; return its exit code. Every user error is one stderr line."""
    try:
        args = build_parser().parse_args(argv)
        code = int(args.func(args))
        sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at exit
        return code
    except L10nError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `policy-l10n status | head`: the reader has all it wanted
        _silence_stdout()
        return 0
    except OSError as exc:  # e.g. stdout on a full disk
        _silence_stdout()
        print(f"policy-l10n: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours: still one line, unless a developer asks for the traceback
        if os.environ.get("POLICY_L10N_DEBUG"):
            raise
        print(f"policy-l10n: internal error: {type(exc).__name__}: {exc} "
              "(set POLICY_L10N_DEBUG=1 for the traceback, and please report it)", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def run() -> None:
    """The `policy-l10n` console script."""
    sys.exit(main())
