"""A fast path for reading well-formed PO files in GNU's layout.

``status`` reads thousands of catalogs cold; a line-by-line state machine costs
~1 ms a file. Here the header and each blank-line-separated entry are matched by
one regular expression each. Anything unusual (obsolete or plural entries, odd
comments, a wrapped header field, any syntax fault) returns None and the caller
falls back to the strict parser, which alone reports errors; so both always
agree on what a file means (tests/test_pofast.py checks that they do).
"""

from __future__ import annotations

import re

from .pofile import Catalog, Entry

__all__ = ["fast_parse"]

_BODY = r'[^"\\\n]*(?:\\[ntr\\"abfv][^"\\\n]*)*'
_S = '"(' + _BODY + ')"'
_C = r'(?:\n"' + _BODY + '")*'
_ENTRY_RE = re.compile(
    r"((?:#(?:[ .:,][^\n]*)?\n)*)"            # 1 comments
    r"((?:#\|[^\n]*\n)*)"                      # 2 previous (#|) lines
    r"(?:msgctxt " + _S + "(" + _C + r")\n)?"  # 3, 4 msgctxt
    r"msgid " + _S + "(" + _C + r")\n"         # 5, 6 msgid
    r"msgstr " + _S + "(" + _C + r")\n"        # 7, 8 msgstr
    r"(?:\n|\Z)"
)
_HEADER_RE = re.compile(
    r"((?:#(?:[ ,][^\n]*)?\n)*)"
    r'msgid ""\nmsgstr ""\n'
    r'((?:"[^"\\\n]*(?:\\[ntr\\"abfv][^"\\\n]*)*"\n)*)'
    r"(?:\n|\Z)"
)
_CONT_RE = re.compile(_S)
_PREV_RE = re.compile(r"#\| (?:(msgctxt|msgid|msgid_plural) )?" + _S)
_ESC_RE = re.compile(r"\\(.)")
_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_PREV_FIELD = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}


def _unescape(s: str) -> str:
    """Undo PO escapes; the regexes above admit only the escapes GNU writes.

    str.replace in C beats a regex callback per escape. Without an escaped
    backslash every `\\x` is an escape; with one, NUL (never in a catalog:
    refused earlier) stands for it meanwhile.
    """
    if "\\" not in s:
        return s
    escaped_backslash = "\\\\" in s
    if escaped_backslash:
        s = s.replace("\\\\", "\0")
    s = s.replace("\\n", "\n").replace('\\"', '"')
    if "\\" in s:
        s = (s.replace("\\t", "\t").replace("\\r", "\r").replace("\\a", "\a").replace("\\b", "\b")
             .replace("\\f", "\f").replace("\\v", "\v"))
    return s.replace("\0", "\\") if escaped_backslash else s


def _string(first: str, rest: str) -> str:
    if rest:
        # rest is `\n"piece"\n"piece"`: inside a piece a quote is always escaped, so
        # `"\n"` occurs only between pieces
        first += rest[2:-1].replace('"\n"', "")
    return _unescape(first) if "\\" in first else first


def _header(cat: Catalog, m: re.Match[str]) -> bool:
    comments, fields = m.group(1), m.group(2)
    line = comments.count("\n") + 1
    cat.header_line = line
    if comments:
        for c in comments[:-1].split("\n"):
            if c.startswith("#,"):
                cat.header_flags.extend(f.strip() for f in c[2:].split(",") if f.strip())
            else:
                cat.header_comments.append(c[2:] if c[1:2] == " " else c[1:])
    text, starts = "", []  # starts: (offset in the msgstr, file line) of each string piece
    for i, raw in enumerate(fields.split("\n")[:-1]):
        starts.append((len(text), line + 2 + i))
        text += _unescape(raw[1:-1])
    offset = 0
    for field in text.split("\n"):
        here = next(ln for off, ln in reversed(starts) if off <= offset) if starts else line
        offset += len(field) + 1
        if not field.strip():
            continue
        key, sep, value = field.partition(":")
        if not sep:
            return False
        cat.header.append((key.strip(), value.strip()))
        cat.header_lines.setdefault(key.strip().lower(), here)
    charset = re.search(r"charset=([^\s;]+)", cat.header_value("Content-Type") or "")
    return not (charset and charset.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"))


def fast_parse(text: str, path: str = "") -> Catalog | None:
    """The catalog, or None when the text is not plain GNU layout (use the strict parser)."""
    if "#~" in text or "msgid_plural" in text or "\r" in text or text.startswith("\ufeff"):
        return None
    head = _HEADER_RE.match(text)
    if head is None:
        return None
    cat = Catalog()
    if not _header(cat, head):
        return None
    pos, n = head.end(), len(text)
    line = text.count("\n", 0, pos) + 1
    seen: set[tuple[str | None, str]] = set()
    match = _ENTRY_RE.match
    entries = cat.entries
    while pos < n:
        m = match(text, pos)
        if m is None:
            return None
        comments, prev, ctx = m.group(1), m.group(2), m.group(3)
        entry = Entry(_string(m.group(5), m.group(6)), _string(m.group(7), m.group(8)),
                      None if ctx is None else _string(ctx, m.group(4)))
        skipped = 0
        if comments:
            for c in comments[:-1].split("\n"):
                skipped += 1
                kind = c[1:2]
                if kind == ".":
                    entry.comments.append(c[3:] if c[2:3] == " " else c[2:])
                elif kind == ":":
                    entry.occurrences.extend(c[2:].split())
                elif kind == ",":
                    entry.flags.extend(f.strip() for f in c[2:].split(",") if f.strip())
                else:
                    entry.tcomments.append(c[2:] if kind == " " else c[1:])
        if prev:
            last = None
            for p in prev[:-1].split("\n"):
                skipped += 1
                pm = _PREV_RE.fullmatch(p)
                if pm is None:
                    return None
                key, value = pm.group(1), _unescape(pm.group(2))
                if key is None:
                    if last is None:
                        return None
                    setattr(entry, last, getattr(entry, last) + value)
                else:
                    last = _PREV_FIELD[key]
                    setattr(entry, last, value)
        entry.line = line + skipped
        key = (entry.msgctxt, entry.msgid)
        if key in seen or (entry.msgid == "" and entry.msgctxt is None):
            return None
        seen.add(key)
        entries.append(entry)
        block = m.group(0)
        line += block.count("\n")
        pos = m.end()
        while pos < n and text[pos] == "\n":  # more blank lines
            pos += 1
            line += 1
    return cat


# --------------------------------------------------------------------------- status view

class LightEntry:
    """What freshness and approvals need of an entry (no comments, no references)."""

    __slots__ = ("msgctxt", "msgid", "msgstr", "fuzzy", "previous_msgid")
    obsolete = False
    line = 0

    def __init__(self, msgctxt: str | None, msgid: str, msgstr: str, fuzzy: bool,
                 previous_msgid: str | None) -> None:
        self.msgctxt, self.msgid, self.msgstr = msgctxt, msgid, msgstr
        self.fuzzy, self.previous_msgid = fuzzy, previous_msgid

    @property
    def translated(self) -> bool:
        return bool(self.msgstr)


class LightCatalog:
    """A read-only catalog for `status`: header fields and active entries."""

    __slots__ = ("header", "entries")

    def __init__(self, header: list[tuple[str, str]], entries: list[LightEntry]) -> None:
        self.header, self.entries = header, entries

    def header_value(self, key: str) -> str | None:
        key = key.lower()
        return next((v for k, v in self.header if k.lower() == key), None)

    def by_context(self) -> dict[str | None, LightEntry]:
        return {e.msgctxt: e for e in self.entries}

    @classmethod
    def from_catalog(cls, cat: Catalog) -> "LightCatalog":
        return cls(list(cat.header), [LightEntry(e.msgctxt, e.msgid, e.msgstr if e.translated else "", e.fuzzy,
                                                 e.previous_msgid) for e in cat.entries if not e.obsolete])


# the status view's entry (compiled on first use: a build never takes this view)
_LIGHT = (
    r"(?:#(?:[ .:][^\n]*)?\n)*"
    r"(?:#, ([^\n]*)\n)?"                      # 1 flags
    r"((?:#\|[^\n]*\n)*)"                      # 2 previous
    r"(?:msgctxt " + _S + "(" + _C + r")\n)?"  # 3, 4
    r"msgid " + _S + "(" + _C + r")\n"         # 5, 6
    r"msgstr " + _S + "(" + _C + r")\n"        # 7, 8
    r"\n*"
)


def light_parse(text: str) -> LightCatalog | None:
    """The status view of a plain GNU-layout catalog, or None (use the strict parser)."""
    if "#~" in text or "msgid_plural" in text or "\r" in text or text.startswith("\ufeff"):
        return None
    head = _HEADER_RE.match(text)
    if head is None:
        return None
    header = _light_header(head.group(2))
    if header is None:
        return None
    entries: list[LightEntry] = []
    seen: set[str | None] = set()  # msgctxt is the identity: a repeat goes to the strict path
    pos, n = head.end(), len(text)
    match = re.compile(_LIGHT).match  # (from `re`'s cache after the first catalog)
    while pos < n:
        m = match(text, pos)
        if m is None or m.end() == pos:
            return None
        flags, prev, ctx, c4, mid, c6, mstr, c8 = m.groups()
        msgid = _string(mid, c6)
        msgctxt = None if ctx is None else _string(ctx, c4)
        previous = None
        if prev:
            previous = _previous_msgid(prev)
            if previous is False:
                return None
        if msgctxt in seen or (msgctxt is None and msgid == ""):  # a second header: strict path
            return None
        seen.add(msgctxt)
        entries.append(LightEntry(msgctxt, msgid, _string(mstr, c8),
                                  bool(flags) and "fuzzy" in flags, previous))  # type: ignore[arg-type]
        pos = m.end()
    return LightCatalog(header, entries)


def _light_header(fields: str) -> list[tuple[str, str]] | None:
    """Header fields without their line numbers (which only `check` reports)."""
    text = _unescape("".join(_CONT_RE.findall(fields)))
    header = []
    for field in text.split("\n"):
        if not field.strip():
            continue
        key, sep, value = field.partition(":")
        if not sep:
            return None
        header.append((key.strip(), value.strip()))
    ctype = next((v for k, v in header if k.lower() == "content-type"), "")
    charset = re.search(r"charset=([^\s;]+)", ctype)
    if charset and charset.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"):
        return None
    return header


def _previous_msgid(prev: str) -> str | None | bool:
    value, last = None, None
    for p in prev[:-1].split("\n"):
        pm = _PREV_RE.fullmatch(p)
        if pm is None:
            return False
        key = pm.group(1)
        if key is not None:
            last = key
            if key == "msgid":
                value = _unescape(pm.group(2))
        elif last is None:
            return False
        elif last == "msgid":
            value = (value or "") + _unescape(pm.group(2))
    return value
