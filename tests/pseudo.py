"""Pseudo-translations that keep a message's structure: every Markdown mark, link target,
URL, e-mail address, code span, footnote label, figure and kept term stays as it is;
only the words change, into letters of the locale's script (so fonts, direction and
line breaking are exercised as a real translation would)."""

from __future__ import annotations

import re

#: what a translation keeps verbatim
PROTECTED_RE = re.compile(
    r"\]\([^)]*\)"                      # a link's target
    r"|<[^<>\s]+>"                     # an autolink
    r"|`[^`]*`"                        # a code span
    r"|https?://[^\s)>|]+"             # a URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"   # an e-mail address
    r"|\[\^[^\]]+\]"                   # a footnote label
    r"|AImonitor|GitHub|DMCA"          # kept terms and names
    r"|\d[\d.,:]*"                     # figures
    r"|&[a-z]+;"                       # entities
    r"|\{[A-Za-z_]+\}"                  # placeholders of the ui messages
)
WORD_RE = re.compile(r"[A-Za-z]+")

_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ACCENTS = str.maketrans("aeiouAEIOU", "äéïöüÄÉÏÖÜ")


def _word(word: str, locale: str) -> str:
    if locale.startswith("ja"):
        return "".join(_KATAKANA[(ord(a) * 7 + ord(b)) % len(_KATAKANA)]
                       for a, b in zip(word[::2], (word[1::2] + "x")))
    if locale.startswith("ar"):
        return "".join(_ARABIC[(ord(c) * 5) % len(_ARABIC)] for c in word)
    return word.translate(_ACCENTS) + ("en" if locale.startswith("de") else "")


def pseudo_translate(text: str, locale: str) -> str:
    """``text`` with each word outside protected spans replaced (structure kept byte for byte)."""
    out, pos = [], 0
    for m in PROTECTED_RE.finditer(text):
        out.append(WORD_RE.sub(lambda w: _word(w.group(0), locale), text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(WORD_RE.sub(lambda w: _word(w.group(0), locale), text[pos:]))
    return "".join(out)
