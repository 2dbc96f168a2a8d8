"""Line break opportunities (Unicode UAX #14) and column widths, as GNU msgcat applies them.

Written from the UAX #14 rules (numbered LB1 ... LB31 below) and from observing GNU msgcat 0.21
as a black box: every pair of line break classes laid out by msgcat with and without spaces
between (tests/test_polayout.py), every code point in a few contexts (benchmarks/po_layout.py
--code-points). msgcat follows UAX #14 with these observed differences:

* LB29 (``IS × AL``) does not apply: ``ab,cd`` and ``ab.cd`` may break after the punctuation.
* LB16 holds across spaces only after CL (``} 々`` does not break), after CP only directly
  (``) 々`` breaks after the space).
* CB (U+FFFC) behaves as ID; SA as AL, its combining marks too.
* A combining mark after spaces may always start a line (LB10), even after OP (LB14).
* LB21a (``HL (HY | BA) ×``) and LB30a (flag letters, RI, in pairs) hold only for characters
  next to each other: a combining mark between the Hebrew letter and the hyphen, or right after
  the hyphen, or between two flag letters, lets the line break there.
* A mandatory break (BK: U+2028, U+2029; NL: U+0085) starts a new line for the column count
  but msgcat does not end the written line there (see :mod:`pipeline.polayout`).

The tables come from :mod:`pipeline.unicode_tables` (generated from the Unicode data files).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from . import unicode_tables as _tables

__all__ = ["PROHIBITED", "ALLOWED", "MANDATORY", "break_actions", "line_break_class", "width"]

#: no break before this character
PROHIBITED = 0
#: a line may end before this character
ALLOWED = 1
#: a line ends before this character (it follows BK or NL)
MANDATORY = 2


def _runs(table: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The first code points and the values of a generated table's runs."""
    items = table.split()
    return tuple(int(start, 16) for start in items[0::2]), tuple(items[1::2])


_CLASS_STARTS, _CLASSES = _runs(_tables.LINE_BREAK)
_WIDTH_STARTS, _WIDTHS = _runs(_tables.WIDTH)
_EAST_ASIAN_BRACKETS = frozenset(int(cp, 16) for cp in _tables.EAST_ASIAN_BRACKETS.split())


@lru_cache(maxsize=4096)
def width(ch: str) -> int:
    """Columns a character takes: 2 East Asian Wide/Fullwidth, 0 marks/format/controls, else 1."""
    return int(_WIDTHS[bisect_right(_WIDTH_STARTS, ord(ch)) - 1])


@lru_cache(maxsize=4096)
def line_break_class(ch: str) -> str:
    """The Line_Break class of ``ch`` after LB1's resolution (and msgcat's CB as ID).

    LB1: AI, SG, XX resolve to AL; SA to AL, its combining marks too (observed);
    CJ to NS (msgcat does not use the strict CJ-as-ID tailoring). CB resolves to ID (observed).
    East Asian brackets are "OPW"/"CPW": OP and CP everywhere but in LB30 (see :func:`_pair`).
    """
    cls = _CLASSES[bisect_right(_CLASS_STARTS, ord(ch)) - 1]
    if cls in ("AI", "SG", "XX"):
        return "AL"
    if cls == "SA":  # observed: its combining marks too (U+3000 U+1A7A may break)
        return "AL"
    if cls == "CJ":
        return "NS"
    if cls == "CB":
        return "ID"
    if cls in ("OP", "CP") and ord(ch) in _EAST_ASIAN_BRACKETS:
        return cls + "W"
    return cls


_NO_BREAK_BEFORE = ("CL", "CP", "EX", "IS", "SY")  # LB13


def _breaks_across_spaces(before: str, after: str) -> bool:
    """``before SP+ after``: the rules that hold across spaces (LB11 ... LB17), then LB18."""
    return not (
        after == "WJ"  # LB11: × WJ
        or after in _NO_BREAK_BEFORE  # LB13
        or before == "OP"  # LB14: OP SP* ×
        or (before == "QU" and after == "OP")  # LB15: QU SP* × OP
        or (before == "CL" and after == "NS")  # LB16: CL SP* × NS (for CP: observed, no)
        or (before == "B2" and after == "B2")  # LB17: B2 SP* × B2
    )  # LB18: SP ÷


def _breaks_directly(before: str, after: str) -> bool:
    """``before after`` with nothing between: LB11 ... LB17, then LB19 ... LB31."""
    if before == "WJ" or before == "GL":  # LB11: WJ ×; LB12: GL ×
        return False
    if after == "GL":  # LB12a: [^SP BA HY] × GL
        return before in ("BA", "HY")
    if (before == "CP" and after == "NS") or not _breaks_across_spaces(before, after):
        return False
    return not _no_break_directly(before, after)


_NUMERIC_PAIRS = {  # LB25, in its pair form
    ("CL", "PO"), ("CP", "PO"), ("CL", "PR"), ("CP", "PR"), ("NU", "PO"), ("NU", "PR"),
    ("PO", "OP"), ("PO", "NU"), ("PR", "OP"), ("PR", "NU"), ("HY", "NU"), ("IS", "NU"),
    ("NU", "NU"), ("SY", "NU"),
}
_HANGUL = ("JL", "JV", "JT", "H2", "H3")
_LETTERS = ("AL", "HL")


def _no_break_directly(before: str, after: str) -> bool:
    """The rules LB19 ... LB30b: True if ``before after`` (no space) does not break."""
    return (
        after == "QU" or before == "QU"  # LB19
        or after in ("BA", "HY", "NS") or before == "BB"  # LB21
        or (before == "SY" and after == "HL")  # LB21b
        or after == "IN"  # LB22
        or (before in _LETTERS and after == "NU") or (before == "NU" and after in _LETTERS)  # LB23
        or (before == "PR" and after in ("ID", "EB", "EM"))  # LB23a
        or (before in ("ID", "EB", "EM") and after == "PO")
        or (before in ("PR", "PO") and after in _LETTERS)  # LB24
        or (before in _LETTERS and after in ("PR", "PO"))
        or (before, after) in _NUMERIC_PAIRS  # LB25
        or (before == "JL" and after in ("JL", "JV", "H2", "H3"))  # LB26
        or (before in ("JV", "H2") and after in ("JV", "JT"))
        or (before in ("JT", "H3") and after == "JT")
        or (before in _HANGUL and after == "PO") or (before == "PR" and after in _HANGUL)  # LB27
        or (before in _LETTERS and after in _LETTERS)  # LB28 (LB29, IS × AL: not in msgcat)
        or (before in ("AL", "HL", "NU") and after == "OP")  # LB30
        or (before == "CP" and after in ("AL", "HL", "NU"))
        or (before == "RI" and after == "RI")  # LB30a (pairs: see break_actions)
        or (before == "EB" and after == "EM")  # LB30b
    )


_BRACKETS = {"OPW": "OP", "CPW": "CP"}
_LB30_LEFT = ("AL", "HL", "NU")


@lru_cache(maxsize=None)
def _pair(before: str, after: str) -> tuple[int, int]:
    """The break between ``before`` and ``after``: (next to each other, with spaces between)."""
    if after in ("BK", "NL", "ZW"):  # LB6: × BK; LB7: × ZW
        return PROHIBITED, PROHIBITED
    if before == "ZW":  # LB8: ZW SP* ÷
        return ALLOWED, ALLOWED
    if (before in _LB30_LEFT and after == "OPW") or (before == "CPW" and after in _LB30_LEFT):
        return ALLOWED, ALLOWED  # LB30 leaves out East Asian brackets
    before, after = _BRACKETS.get(before, before), _BRACKETS.get(after, after)
    return (ALLOWED if _breaks_directly(before, after) else PROHIBITED,
            ALLOWED if _breaks_across_spaces(before, after) else PROHIBITED)


def break_actions(text: str) -> list[int]:
    """For each index i of ``text``: may a line end before ``text[i]``? (PROHIBITED, ALLOWED,
    MANDATORY; index 0 is always PROHIBITED: LB2, never break at the start of text.)

    ``before`` is the class of the last character that is not a space (with its combining
    marks, LB9), ``spaces`` whether spaces followed it: the pair table's "indirect break".
    """
    actions = [PROHIBITED] * len(text)
    before = ""  # "": start of text, or only spaces so far (LB2, LB7)
    previous = ""  # the class of the character just before, as in the data
    hebrew_hyphen = False  # the last HY or BA came right after an HL (LB21a)
    spaces = False
    regional = 0  # regional indicators in a row (LB30a)
    for i, raw in enumerate(map(line_break_class, text)):
        if raw in _LETTER_OR_DIGIT and previous in _LETTER_OR_DIGIT:
            before, previous, hebrew_hyphen = raw, raw, False  # LB23, LB25, LB28: never a break
            continue
        cls = raw
        if previous in ("BK", "NL"):  # LB4, LB5: always break after hard line breaks
            actions[i] = MANDATORY
            before, spaces, regional = "", False, 0
        if cls == "SP":  # LB7: × SP
            spaces, previous = before != "", cls
            continue
        if cls in ("CM", "ZWJ"):
            if previous not in ("", "SP", "BK", "NL", "ZW"):
                previous = cls  # LB9: a mark stays with its base and takes its class
                continue
            cls = "AL"  # LB10: a mark with no base is a letter
            if previous == "SP" and before != "":
                actions[i] = ALLOWED  # observed: after spaces always, even after OP (LB14)
        if actions[i] != PROHIBITED or before == "":  # LB2: no break at the start of text
            pass
        elif previous == "ZWJ":  # LB8a: ZWJ ×
            pass
        elif hebrew_hyphen and previous in ("HY", "BA"):
            pass  # LB21a: HL (HY | BA) ×, no mark on either side of the hyphen (observed)
        elif previous == "RI" and cls == "RI":  # LB30a: RI pairs stay together
            actions[i] = PROHIBITED if regional % 2 == 1 else ALLOWED
        elif not spaces and before == "RI" and cls == "RI":
            actions[i] = ALLOWED  # observed: a mark between two flag letters ends their pair
        else:
            actions[i] = _pair(before, cls)[spaces]
        regional = regional + 1 if cls == "RI" and previous == "RI" else int(cls == "RI")
        hebrew_hyphen = cls in ("HY", "BA") and previous == "HL"
        before, spaces, previous = cls, False, raw
    return actions


_LETTER_OR_DIGIT = ("AL", "NU")
