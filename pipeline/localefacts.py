"""Babel's facts for a build, computed ahead in a forked child.

Importing Babel and loading its data for a project's locales costs ~50 ms, the
largest single read of a cold build. :mod:`.launch` starts this child for a plain
`build` command line before importing anything else; :func:`take` hands it to
the build, which sends it the dates its pages show once it has read them. A build
called another way (tests, `serve`) starts the child itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .forking import Background

if TYPE_CHECKING:
    import datetime as dt

    from .config import Config

__all__ = ["start", "take", "discard"]

#: children started ahead, by the resolved project root they were started for
_STARTED: dict[str, Background] = {}


def start(root: str) -> None:
    """Start the child for the project at ``root`` (its configuration is read there)."""
    _STARTED[os.path.realpath(root)] = Background(lambda dates: _from_root(root, dates))


def discard() -> None:
    """Stop the children no build took (the command failed before it built)."""
    while _STARTED:
        _STARTED.popitem()[1].cancel()


def take(config: "Config") -> Background:
    """The child started for this project, or a new one: send it the dates to format.

    Its result is ``(locale facts, plural forms)``: what the pages show of every page
    locale (direction, own name, the dates sent) and Babel's `Plural-Forms` of every
    translation locale, for the header checks.
    """
    started = _STARTED.pop(os.path.realpath(config.root), None)
    return started if started is not None else Background(lambda dates: _facts(config, dates))


def _from_root(root: str, dates: Callable[[], Iterable["dt.date"]]) -> Any:
    from .config import load_config

    return _facts(load_config(Path(root)), dates)


def _facts(config: "Config", dates: Callable[[], Iterable["dt.date"]]) -> Any:
    # a configuration changed in between only costs time: a fact missing from the
    # result is asked of Babel when a page needs it
    from .catalog import plural_forms
    from .render.html import locale_facts_for

    facts = locale_facts_for(config.all_page_locales(), dates)
    return facts, {loc: plural_forms(loc) for loc in config.locales}
