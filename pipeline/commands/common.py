"""What every command shares: its registration, the project's configuration, the locales asked for."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from ..errors import UsageError

if TYPE_CHECKING:
    from ..config import Config

__all__ = ["REGISTER", "register", "project_config", "select_locales", "utc_minute", "print_writes"]

REGISTER: list[Callable[[argparse._SubParsersAction], None]] = []


def register(fn: Callable[[argparse._SubParsersAction], None]) -> Callable[[argparse._SubParsersAction], None]:
    REGISTER.append(fn)
    return fn


def project_config(args: argparse.Namespace) -> Config:
    """The project's configuration, from `--root`."""
    from ..config import load_config

    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root!r} is not a directory")
    return load_config(root)


def utc_minute() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


def select_locales(config, requested: Sequence[str] | None) -> list[str]:
    if not requested:
        return list(config.locales)
    for loc in requested:
        if loc not in config.locales:
            raise UsageError(f"locale {loc!r} is not configured in [tool.policy-l10n] locales "
                             f"({', '.join(config.locales) or 'none'})")
    return list(dict.fromkeys(requested))


def print_writes(writes, kept: Sequence[str] = (), verb: str = "wrote") -> None:
    for w in writes:
        print(f"{'created' if w.old is None else verb} {w.rel}")
    for k in kept:
        print(f"kept {k} (exists; left untouched)")
