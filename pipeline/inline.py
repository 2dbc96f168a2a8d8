"""A message's Markdown as text and inline codes, the way a CAT tool sees a segment.

A section's English is Markdown: bold labels, links, list markers, code spans,
figures. A translator working in a CAT tool must not retype or break them, so
export turns every piece of markup into an inline code (XLIFF ``<ph>``/``<pc>``)
and only the prose stays text. The split is lossless: rendering the parts gives
back the exact Markdown::

    >>> parts = tokenize("- **Account:** see [our page](https://x.example) within 30 days")
    >>> render(parts) == "- **Account:** see [our page](https://x.example) within 30 days"
    True
    >>> [p.label for p in parts if isinstance(p, Code)]
    ['marker', 'bold', 'link', 'number']
    >>> count_words(parts)  # Account: see our page within days
    6
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence, Union

__all__ = ["Code", "Part", "tokenize", "render", "count_words", "plain_text", "codes"]


@dataclass(frozen=True, slots=True)
class Code:
    """One inline code: a placeholder (``ph``) or a pair around translatable text (``pc``)."""

    #: the code's id within its segment ("1", "2", ...), the same in source and target
    id: str
    #: "ph" (standalone) or "pc" (paired)
    kind: str
    #: what it stands for: block (a line break, and the list marker or table rule after it), marker
    #: (the first line's list marker or heading number), cell (a table cell's border), bold, em,
    #: link, image, code, url, email, number, placeholder, escape
    label: str
    #: the Markdown it stands for (a pair: its opening)
    start: str
    #: a pair's closing Markdown ("" for a placeholder)
    end: str = ""
    #: a pair's content
    children: tuple["Part", ...] = ()


Part = Union[str, Code]

_NUMBER = r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])"
_LINK_TEXT = r"(?:[^\[\]\n]|\[[^\[\]\n]*\])*"
_TARGET = r"(?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?"

#: (label, pattern) in priority order; a pair's pattern has a group named ``<label>_in``
_PATTERNS = (
    ("fence", r"(?:^|\n)[ \t]*(?P<fq>`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ \t]*(?P=fq)[ \t]*(?=\n|\Z)"),
    # a table's delimiter row (`| --- | :-: |`), with the line break before it
    ("rule", r"\n[ \t]*(?:\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?|\|[ \t]*:?-+:?[ \t]*\|)[ \t]*(?=\n|\Z)"),
    ("block", r"\n(?:[ \t]*\n)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)[ \t]+)*"),
    ("code", r"(?P<bt>`+)(?!`).+?(?<!`)(?P=bt)(?!`)"),
    ("autolink", r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>"),
    ("image", r"!\[(?P<image_in>" + _LINK_TEXT + r")\](?P<image_end>\(" + _TARGET + r"\)|\[[^\[\]\n]*\])"),
    ("link", r"\[(?P<link_in>" + _LINK_TEXT + r")\](?P<link_end>\(" + _TARGET + r"\)|\[[^\[\]\n]*\])"),
    ("bold", r"(?P<bold_mark>\*\*|__)(?=\S)(?P<bold_in>.+?)(?<=\S)(?P=bold_mark)"),
    ("em", r"(?<![*\w])(?P<em_mark>\*|_)(?=[^\s*_])(?P<em_in>.+?)(?<=[^\s*_])(?P=em_mark)(?![*\w])"),
    ("url", r"(?<![A-Za-z0-9+.-])(?:https?|ftp)://[^\s<>()\[\]\"'`]*[A-Za-z0-9/#=&_~%+-]"),
    ("email", r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
    ("placeholder", r"\{[A-Za-z_][A-Za-z0-9_]*\}"),
    ("escape", r"\\[!-/:-@\[-`{-~]"),
    ("cell", r"[ \t]*\|[ \t]*"),  # a table's cell border (an escaped one, `\\|`, is an escape)
    ("number", _NUMBER),
)
_PAIRED = {"image", "link", "bold", "em"}
_LEAD_RE = re.compile(r"\A[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)[ \t]+)+")


@lru_cache(maxsize=None)
def _master() -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{label}>{pattern})" for label, pattern in _PATTERNS), re.S)


class _Ids:
    """Sequential code ids in document order (a pair before what it encloses)."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return str(self.n)


def tokenize(text: str) -> list[Part]:
    """Split Markdown into text and inline codes (see the module's example)."""
    ids = _Ids()
    lead = _LEAD_RE.match(text)
    parts: list[Part] = []
    if lead and lead.end() > 0:
        parts.append(Code(ids.next(), "ph", "marker", lead.group(0)))  # "- ", "2. ": no line break
        text = text[lead.end():]
    parts.extend(_split(text, ids))
    return parts


def _split(text: str, ids: _Ids) -> list[Part]:
    out: list[Part] = []
    pos = 0
    for m in _master().finditer(text):
        label = m.lastgroup if m.lastgroup in dict(_PATTERNS) else _outer_label(m)
        if m.start() > pos:
            out.append(text[pos:m.start()])
        if label in _PAIRED:
            out.append(_pair(m, label, ids))
        else:
            kind_label = {"fence": "code", "rule": "block"}.get(label, label)
            out.append(Code(ids.next(), "ph", kind_label, m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _outer_label(m: re.Match[str]) -> str:
    for label, _ in _PATTERNS:
        if m.group(label) is not None:
            return label
    raise AssertionError("no pattern matched")  # pragma: no cover


def _pair(m: re.Match[str], label: str, ids: _Ids) -> Code:
    whole = m.group(0)
    inner_start, inner_end = m.start(f"{label}_in") - m.start(), m.end(f"{label}_in") - m.start()
    code_id = ids.next()
    children = tuple(_split(whole[inner_start:inner_end], ids))
    return Code(code_id, "pc", label, whole[:inner_start], whole[inner_end:], children)


def render(parts: Sequence[Part]) -> str:
    """The Markdown the parts stand for."""
    return "".join(_render_one(p) for p in parts)


def _render_one(part: Part) -> str:
    if isinstance(part, str):
        return part
    return part.start + render(part.children) + part.end


def plain_text(parts: Sequence[Part], placeholder: str = " ") -> str:
    """The translatable text only: every placeholder replaced by ``placeholder``."""
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        elif p.kind == "pc":
            out.append(plain_text(p.children, placeholder))
        else:
            out.append(placeholder)
    return "".join(out)


_WORD_RE = re.compile(r"\w", re.UNICODE)


def count_words(parts: Sequence[Part]) -> int:
    """Words as a CAT analysis counts them: whitespace-separated runs of the text
    outside placeholders that hold a letter or digit (codes themselves count nothing)."""
    return sum(1 for token in plain_text(parts).split() if _WORD_RE.search(token))


def codes(parts: Sequence[Part]) -> Iterator[Code]:
    """Every code, depth first (a pair before its children)."""
    for p in parts:
        if isinstance(p, Code):
            yield p
            yield from codes(p.children)
