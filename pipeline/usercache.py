"""The user's cache folder, where a run keeps what the next one can reuse (compiled
templates: :mod:`.render.bytecode`; Babel's answers: :mod:`.localefacts`)."""

from __future__ import annotations

import os

__all__ = ["user_cache_home"]


def user_cache_home() -> str | None:
    """The user's cache folder (XDG: ``$XDG_CACHE_HOME`` when it is an absolute path, else
    ``~/.cache``); None when there is no home to put it in."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return xdg
    home = os.path.expanduser("~")
    return os.path.join(home, ".cache") if os.path.isabs(home) else None
