"""Is the translated text written in the locale's script (and so its direction)?

A file of the wrong language for the locale (English adopted as Arabic, Japanese as
German) is refused at the first line written in another script. Babel's likely
subtags give the locale's script; the letters' Unicode names give the text's.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence

from ..errors import SourceError
from .read import Part

#: Unicode script (ISO 15924, as Babel names it) -> prefixes of the names of its letters
SCRIPT_LETTERS = {
    "Latn": ("LATIN",), "Arab": ("ARABIC",), "Hebr": ("HEBREW",), "Cyrl": ("CYRILLIC",), "Grek": ("GREEK",),
    "Jpan": ("CJK", "HIRAGANA", "KATAKANA"), "Hans": ("CJK",), "Hant": ("CJK",), "Kore": ("HANGUL", "CJK"),
    "Thai": ("THAI",), "Deva": ("DEVANAGARI",),
}
RTL_SCRIPTS = ("Arab", "Hebr")


@lru_cache(maxsize=None)
def locale_script(locale: str) -> str | None:
    """The script ``locale`` is written in (``ja`` → ``Jpan``), or None if Babel does not say."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    parts = locale.split("_")
    if len(parts) > 1 and len(parts[1]) == 4:
        return parts[1]
    for key in (locale, parts[0]):
        full = likely.get(key)
        if full:
            for piece in full.split("_")[1:]:
                if len(piece) == 4:
                    return piece
    return None


def _share_in_script(text: str, script: str) -> tuple[float, int]:
    """(share of letters in ``script``, number of letters seen)."""
    prefixes = SCRIPT_LETTERS[script]
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0, 0
    ok = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(prefixes))
    return ok / len(letters), len(letters)


def check_script(parts: Sequence[Part], locale: str, shown: str) -> None:
    """Refuse a translation whose text is mostly in another script than ``locale``'s."""
    script = locale_script(locale)
    if script not in SCRIPT_LETTERS:
        return
    texts = [(p.line, p.title) for p in parts if p.title] + [(b.line, b.text) for p in parts for b in p.blocks]
    whole = "\n".join(t for _, t in texts)
    share, letters = _share_in_script(whole, script)
    if letters and share < 0.5:
        direction = "right-to-left" if script in RTL_SCRIPTS else "left-to-right"
        line = next((n for n, t in sorted(texts) if _share_in_script(t, script)[0] < 0.5), 1)
        raise SourceError(f"the text is not in the script of {locale} ({script}, {direction}): "
                          "is this the right file and locale?", shown, line)
