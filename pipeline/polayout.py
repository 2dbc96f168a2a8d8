"""GNU gettext's PO string layout, written from observing GNU msgcat 0.21 as a black box.

``keyword_lines("msgid", value)`` gives the lines msgcat writes for ``msgid "..."``. What msgcat
does, as observed (tests/test_polayout.py and benchmarks/po_layout.py compare us with it):

* Escaping: backslash, double quote and the C escapes ``\\n \\t \\r \\a \\b \\f \\v`` are written
  escaped; every other character, other control characters included, is written as it is.
* Width: a line, prefix and quotes included, has at most ``width`` (79) columns. An escape
  takes 2 columns, an East Asian wide character 2, a mark, format or control character 0.
* One line, ``msgid "..."``, when the value has no newline except at its end and the line
  breaker finds no break to make on that line. Otherwise ``msgid ""`` and then one or more
  lines ``"..."``: a line ends after each ``\\n``, and the text between is filled greedily:
  a line ends at the last break opportunity where it still fits; a word too long for a line
  stays whole and the line ends at the first opportunity after it. Spaces at the end of a
  line count towards its width.
* Break opportunities are those of UAX #14 (:mod:`pipeline.linebreak`) found in the *escaped*
  text, so ``\\t`` is a backslash and a letter (no break after a tab), and never inside an
  escape. After a raw U+2028, U+2029 or U+0085 the column count starts again (a mandatory
  break for the line breaker) but the line is not ended there.
* ``prefix`` (``#| ``, ``#~ ``, ``#~| ``) starts every line and counts towards its width.
* A width below 20 lays out as 20.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate

from .directives import directive_spans
from .linebreak import ALLOWED, MANDATORY, PROHIBITED, break_actions, width as char_width

__all__ = ["escape", "keyword_lines"]

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_MIN_WIDTH = 20  # observed: msgcat --width=N lays out as --width=20 for any N below 20


def escape(s: str) -> str:
    """``s`` as written between the quotes of a PO string (msgcat escapes only these nine)."""
    return s.translate(_ESCAPE_TABLE)


def _segments(value: str) -> list[str]:
    """The value cut after each newline (msgcat always ends a line after ``\\n``)."""
    parts = value.split("\n")
    segments = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        segments.append(parts[-1])
    return segments or [""]


def _escape_units(segment: str) -> tuple[str, list[int]]:
    """The escaped text and the indexes inside an escape (no line may end before them)."""
    text = escape(segment)
    inside: list[int] = []
    if len(text) != len(segment):
        at = text.find("\\")
        while at >= 0:  # every backslash of the escaped text starts an escape
            inside.append(at + 1)
            at = text.find("\\", at + 2)
    return text, inside


def _text_width(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(char_width, text))


def _break_points(text: str, inside: list[int], newline: bool, column: int, restart: int,
                  limit: int) -> list[int]:
    """Where the lines of ``text`` end when it starts at ``column``, the lines after it at
    ``restart``, and each may reach ``limit``.

    Greedy, as msgcat: a line ends at its last opportunity before the character that would
    pass ``limit``; with no opportunity on the line yet, the text goes on (a long word) and
    the line ends at the next opportunity.
    """
    if column + _text_width(text) <= limit:  # fits: no break is needed (the common case)
        return []
    actions = break_actions(text)
    for index in inside:
        actions[index] = PROHIBITED
    if newline and actions[-2] == ALLOWED:  # observed: no break before the final newline
        actions[-2] = PROHIBITED
    before = [0, *accumulate(map(char_width, text))]  # columns of text[:i]
    points: list[int] = []
    line, last = 0, -1  # where the line's columns are counted from; its last opportunity
    for i in [i for i, action in enumerate(actions) if action] + [len(text)]:
        if last > 0 and column + before[i] - before[line] > limit:
            points.append(last)
            line, column = last, restart
        if i < len(text) and actions[i] == MANDATORY:  # a new line for the count, not written
            line, column, last = i, restart, -1
        else:
            last = i
    return points


def _pieces(text: str, points: list[int]) -> list[str]:
    bounds = [0] + points + [len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _in_directives(segment: str, text: str, start: int, spans: list[tuple[int, int]]) -> list[int]:
    """The indexes of ``text`` (``segment`` escaped; at ``start`` in the value) inside a
    directive of ``spans`` (a line may not end before them)."""
    end = start + len(segment)
    inside = [p - start for s, e in spans if s < end and e > start for p in range(max(s + 1, start), min(e, end))]
    if not inside or len(text) == len(segment):
        return inside
    shift = [0, *accumulate(len(escape(ch)) - 1 for ch in segment)]  # escape columns before each char
    return [i + shift[i] for i in inside]


def keyword_lines(keyword: str, value: str, *, prefix: str = "", width: int = 79,
                  language: str | None = None) -> list[str]:
    """The lines GNU msgcat writes for ``keyword "value"``, each starting with ``prefix``;
    ``language``: "c" or "python" for an entry flagged `c-format` or `python-format`, whose
    printf directives no line ends inside (:mod:`pipeline.directives`)."""
    return list(_lines(keyword, value, prefix, max(width, _MIN_WIDTH), language if "%" in value else None))


@lru_cache(maxsize=2048)  # an update writes the same English into every locale's catalog
def _lines(keyword: str, value: str, prefix: str, width: int, language: str | None) -> tuple[str, ...]:
    segments = _segments(value)
    spans = directive_spans(value, language, translation=keyword.startswith("msgstr")) if language else []
    starts = accumulate((len(s) for s in segments), initial=0)
    head = f'{prefix}{keyword} "'
    if len(segments) == 1:
        text, inside = _escape_units(segments[0])
        inside += _in_directives(segments[0], text, 0, spans)
        if not _break_points(text, inside, value.endswith("\n"), len(head), len(prefix) + 1,
                            width - 1):
            return (f'{head}{text}"',)
    lines = [f'{head}"']
    for segment, start in zip(segments, starts):
        text, inside = _escape_units(segment)
        inside += _in_directives(segment, text, start, spans)
        points = _break_points(text, inside, segment.endswith("\n"), len(prefix) + 1,
                               len(prefix) + 1, width - 1)
        lines.extend(f'{prefix}"{piece}"' for piece in _pieces(text, points))
    return tuple(lines)
