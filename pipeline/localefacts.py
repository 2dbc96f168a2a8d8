"""What Babel says about a locale: its direction, its own name, its dates, its plural rule.

Memoised per process: a build asks the same facts for every page of a locale.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

__all__ = ["locale_facts", "format_month", "format_long_date", "plural_forms"]


@cache
def locale_facts(locale: str) -> tuple[str, str]:
    """(text direction, the language's own name) from Babel."""
    from babel import Locale

    loc = Locale.parse(locale)
    name = loc.get_display_name(loc) or locale
    return loc.text_direction, name[:1].upper() + name[1:]


@cache
def format_month(date: dt.date, locale: str) -> str:
    """"Februar 2026", "2026年2月": month and year, as the locale writes them."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", date, locale=locale)


@cache
def format_long_date(date: dt.date, locale: str) -> str:
    """"1. Februar 2026": the long date form of the locale."""
    from babel.dates import format_date

    return format_date(date, "long", locale=locale)


@cache
def plural_forms(locale: str) -> str:
    """`Plural-Forms` for a locale, from Babel's CLDR data."""
    from babel.messages.plurals import get_plural

    return get_plural(locale).plural_forms
