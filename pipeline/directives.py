"""The printf directives of a `c-format` or `python-format` string, where msgcat never ends a line.

Observed from GNU msgcat 0.21 as a black box (tests/test_po_normalization.py): in an entry
flagged `c-format` or `python-format`, a line may not end inside a directive (`50% off` holds
the directive `% o`: a blank flag and the conversion `o`); the directives count from the start
of the string up to the first that is not one (`100%.` ends them: no directive after it is
kept whole). Other formats are not read so (`java-format`'s `50% off` may break after `%`).

The grammar is the C standard's and POSIX's `printf` (argument numbers `%1$d`, flags
`-+ #0` and glibc's `'` and `I`, width and precision as figures or `*`, length modifiers) and
Python's `%` operator (a `(key)`, its parentheses balanced; flags `-+ #0`, width and precision,
`h`, `l`, `L`; the conversions but `a`, which msgcat does not take), as their documentation
writes them; mixing numbered and unnumbered arguments ends the directives too,
and so does the flag `I` outside a msgstr (glibc allows it in translations only).
"""

from __future__ import annotations

import re

__all__ = ["FORMAT_FLAGS", "directive_spans"]

#: the flag of each format whose directives msgcat keeps whole, and the language
FORMAT_FLAGS = {"c-format": "c", "python-format": "python"}

_C_DIRECTIVE = re.compile(
    r"%(?P<number>[1-9][0-9]*\$)?(?P<flags>[-+ #0'I]*)"
    r"(?:[0-9]+|(?P<width_star>\*)(?P<width_number>[1-9][0-9]*\$)?)?"
    r"(?:\.(?:[0-9]+|(?P<precision_star>\*)(?P<precision_number>[1-9][0-9]*\$)?)?)?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?"
    r"(?P<conversion>[diouxXeEfFgGaAcspnCSm%]|<PRI[A-Za-z0-9_]+>)")
#: after `%` and its `(key)`, if any (:func:`_key_end`: a key may hold balanced parentheses)
_PYTHON_DIRECTIVE = re.compile(
    r"[-+ #0]*(?:[0-9]+|(?P<width_star>\*))?(?:\.(?:[0-9]+|(?P<precision_star>\*))?)?[hlL]?"
    r"(?P<conversion>[diouxXeEfFgGcrs%])")


def _key_end(text: str, at: int) -> int:
    """Where the `(key)` starting at ``at`` ends (after its `)`; Python counts the parentheses
    inside it), or -1 when it does not."""
    depth = 0
    for i in range(at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    return -1


def _python_match(text: str, at: int) -> tuple[int, bool, re.Match[str]] | None:
    """The directive at ``at`` (a `%`): (its end, whether it has a key, the rest's match)."""
    rest = at + 1
    keyed = text.startswith("(", rest)
    if keyed:
        rest = _key_end(text, rest)
        if rest < 0:
            return None
    m = _PYTHON_DIRECTIVE.match(text, rest)
    return None if m is None else (m.end(), keyed, m)


def _c_arguments(m: re.Match[str]) -> set[bool]:
    """How a C directive names its arguments: {True} numbered (`%1$*2$d`), {False} in order
    (`%*d`), both when it mixes them, none for `%%`."""
    named: set[bool] = set()
    if m.group("conversion") != "%":
        named.add(m.group("number") is not None)
    for star in ("width", "precision"):
        if m.group(f"{star}_star"):
            named.add(m.group(f"{star}_number") is not None)
    return named


def _python_arguments(keyed: bool, m: re.Match[str]) -> set[bool]:
    """{True} for a `%(key)` directive (a `*` beside it mixes), {False} for one taking its
    argument in order, none for `%%`."""
    if keyed:
        return {True, False} if m.group("width_star") or m.group("precision_star") else {True}
    return set() if m.group("conversion") == "%" else {False}


def directive_spans(text: str, language: str, translation: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each directive of ``text`` read as a ``language`` ("c" or "python")
    format string, from its start up to the first `%` that does not start one (or that names
    its arguments otherwise than those before it: by number or key, or in order). glibc's
    flag `I` (the locale's digits) is one only in a ``translation`` (a msgstr)."""
    spans: list[tuple[int, int]] = []
    named: set[bool] = set()
    at = text.find("%")
    while at >= 0:
        if language == "c":
            m = _C_DIRECTIVE.match(text, at)
            if m is None or ("I" in m.group("flags") and not translation):
                break
            end, named = m.end(), named | _c_arguments(m)
        else:
            found = _python_match(text, at)
            if found is None:
                break
            end, keyed, rest = found
            named |= _python_arguments(keyed, rest)
        if len(named) > 1:
            break
        spans.append((at, end))
        at = text.find("%", end)
    return spans
