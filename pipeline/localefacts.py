"""What Babel says about a locale: its direction, its own name, its dates, its plural rule.

Everything is memoised per process, and a build computes it ahead in a forked child:
importing Babel and loading its data for a project's locales costs ~50 ms, the largest
single read of a cold build. :mod:`.launch` forks this child for a plain `build`
command line before importing anything else (:func:`serve_facts` is its life,
:func:`adopt` takes it over); :func:`take` hands it to the build,
which sends it the dates its pages show once it has read them, and
:func:`remember_locale_facts` takes in the result. A build called another way
(tests, `serve`) starts the child itself.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from .forking import Background

if TYPE_CHECKING:
    from .config import Config

__all__ = ["locale_facts", "format_month", "format_long_date", "locale_facts_for", "remember_locale_facts",
           "plural_forms", "remember_plural_forms",
           "adopt", "serve_facts", "take", "discard"]

#: what Babel said, per locale and per (locale, date, form): filled on demand, or all at
#: once by :func:`remember_locale_facts` with facts computed ahead in another process
_FACTS: dict[str, tuple[str, str]] = {}
_DATES: dict[tuple[str, dt.date, str], str] = {}


def locale_facts(locale: str) -> tuple[str, str]:
    """(text direction, the language's own name) from Babel."""
    facts = _FACTS.get(locale)
    if facts is None:
        from babel import Locale

        loc = Locale.parse(locale)
        name = loc.get_display_name(loc) or locale
        facts = _FACTS[locale] = (loc.text_direction, name[:1].upper() + name[1:])
    return facts


def format_month(date: dt.date, locale: str) -> str:
    """"Februar 2026", "2026年2月": month and year, as the locale writes them."""
    text = _DATES.get((locale, date, "month"))
    if text is None:
        from babel.dates import format_skeleton

        text = _DATES[(locale, date, "month")] = format_skeleton("yMMMM", date, locale=locale)
    return text


def format_long_date(date: dt.date, locale: str) -> str:
    text = _DATES.get((locale, date, "long"))
    if text is None:
        from babel.dates import format_date

        text = _DATES[(locale, date, "long")] = format_date(date, "long", locale=locale)
    return text


LocaleFacts = tuple[dict[str, tuple[str, str]], dict[tuple[str, dt.date, str], str]]


def locale_facts_for(locales: Sequence[str], dates: Callable[[], Iterable[dt.date]]) -> LocaleFacts:
    """Every locale fact the pages of ``locales`` show, for the dates ``dates()`` returns
    once Babel's data for the locales is loaded (it may wait for them to be known).

    Loading Babel's data for a locale costs ~3-5 ms; a build computes this in a forked
    child from its start, then :func:`remember_locale_facts` the result.
    """
    for loc in locales:
        locale_facts(loc)
    shown = sorted(set(dates()))
    for loc in locales:
        for date in shown:
            format_month(date, loc)
            format_long_date(date, loc)
    return ({loc: _FACTS[loc] for loc in locales},
            {key: text for key, text in _DATES.items() if key[0] in locales})


def remember_locale_facts(facts: LocaleFacts) -> None:
    _FACTS.update(facts[0])
    _DATES.update(facts[1])


_PLURAL_FORMS: dict[str, str] = {}


def plural_forms(locale: str) -> str:
    """`Plural-Forms` for a locale, from Babel's CLDR data."""
    forms = _PLURAL_FORMS.get(locale)
    if forms is None:
        from babel.messages.plurals import get_plural

        forms = _PLURAL_FORMS[locale] = get_plural(locale).plural_forms
    return forms


def remember_plural_forms(forms: Mapping[str, str]) -> None:
    """Plural rules Babel gave another process (a build asks a forked child)."""
    _PLURAL_FORMS.update(forms)


#: children started ahead, by the resolved project root they were started for
_STARTED: dict[str, Background] = {}


def adopt(root: str, pid: int, request_fd: int, result_fd: int) -> None:
    """Take over a child that :mod:`.launch` forked with :func:`serve_facts` for ``root``."""
    _STARTED[os.path.realpath(root)] = Background.adopt(pid, request_fd, result_fd)


def serve_facts(root: str, request_fd: int, result_fd: int) -> None:
    """The life of a child forked for the project at ``root``: the facts, then ``os._exit``."""
    from .forking import run_child

    run_child(lambda dates: _from_root(root, dates), request_fd, result_fd)


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


def _from_root(root: str, dates: Callable[[], Iterable[dt.date]]) -> Any:
    from .config import load_config

    return _facts(load_config(Path(root)), dates)


def _facts(config: "Config", dates: Callable[[], Iterable[dt.date]]) -> Any:
    # a configuration changed in between only costs time: a fact missing from the
    # result is asked of Babel when a page needs it
    facts = locale_facts_for(config.all_page_locales(), dates)
    return facts, {loc: plural_forms(loc) for loc in config.locales}
