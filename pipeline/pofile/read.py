"""Reading PO files: strictly (every fault at its line) and, for GNU's plain layout, a whole
entry at a time (the same result, checked by tests/test_pofile_reader.py)."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Sequence

from ..errors import PoError
from .model import Catalog, Entry

__all__ = ["MAX_PO_BYTES", "parse_po", "read_po"]

MAX_PO_BYTES = 16 * 1024 * 1024

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE_RE = re.compile(r"\\(.)")
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|\Z)[ \t]*(.*)\Z")
_CHARSET_RE = re.compile(rb"charset=([^\s;\\\"]+)")
#: charsets read as UTF-8: "CHARSET" is a template's placeholder, and ASCII is UTF-8 (a catalog
#: named ASCII that holds other characters is refused: msgfmt would refuse it too)
_READ_AS_UTF8 = ("UTF-8", "UTF8", "CHARSET", "ASCII", "US-ASCII")
#: the previous fields (`#|`) of an entry without any
_NO_PREVIOUS: Mapping[str, str] = MappingProxyType({})


def _plain_string(name: str) -> str:
    """A quoted string and its continuation lines, as GNU writes them (only the escapes
    :data:`_ESCAPES` knows), in the groups ``name`` and ``name_more``."""
    piece = r'[^"\\\n]*(?:\\[ntr\\"abfv][^"\\\n]*)*'
    return rf'"(?P<{name}>{piece})"(?P<{name}_more>(?:\n"{piece}")*)'


#: one entry in the plain layout GNU tools write (see :meth:`_Parser._scan_plain_layout`)
_PLAIN_ENTRY_RE = re.compile(
    r"(?P<comments>(?:#(?:[ .:,][^\n]*)?\n)*)"
    r"(?P<previous>(?:#\| [^\n]*\n)*)"
    rf"(?:msgctxt {_plain_string('msgctxt')}\n)?"
    rf"msgid {_plain_string('msgid')}\n"
    rf"msgstr {_plain_string('msgstr')}(?:\n+|\Z)")


def _unescape(body: str, path: str, line: int) -> str:
    if "\\" not in body:
        return body
    try:
        return _ESCAPE_RE.sub(_escaped_char, body)
    except KeyError as exc:
        raise PoError(f"invalid escape sequence '\\{exc.args[0]}' in string", path, line) from None


def _escaped_char(m: re.Match[str]) -> str:
    return _ESCAPES[m.group(1)]


def _joined(first: str, more: str) -> str:
    """A plain-layout string and its continuation lines (`\\n"..."` each), unescaped."""
    if more:  # inside a piece every quote is escaped: `"\\n"` occurs only between pieces
        first += more[2:-1].replace('"\n"', "")
    return _unescape(first, "", 0) if "\\" in first else first


def _parse_string(rest: str, path: str, line: int) -> str:
    rest = rest.strip()
    m = _STRING_RE.match(rest)
    if not m:
        if rest.startswith('"'):
            raise PoError("unterminated string (a '\"' is missing at the end of the line)", path, line)
        raise PoError(f"expected a quoted string, found {rest[:30]!r}", path, line)
    if rest[m.end():].strip():
        raise PoError(f"unexpected text after the string: {rest[m.end():].strip()[:30]!r}", path, line)
    return _unescape(m.group(1), path, line)


def _comment(line: str, tcomments: list[str], comments: list[str], occurrences: list[str],
             flags: list[str]) -> None:
    """A `#`, `#.`, `#:` or `#,` line of the entry to come (from its `#`), into its lists. As
    msgcat reads them: one blank after `#` or `#.` is syntax, the rest (an indent, blanks at
    the end) is the comment's."""
    kind = line[1:2]
    if kind == ".":
        body = line[2:]
        comments.append(body[1:] if body.startswith(" ") else body)
    elif kind == ":":
        occurrences.extend(line[2:].split())
    elif kind == ",":
        flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
    else:
        body = line[1:]
        tcomments.append(body[1:] if body.startswith(" ") else body)


def _previous(text: str, prev: dict[str, str], last: str | None, path: str, number: int) -> str:
    """A `#|` line (``text``: after `#|`, stripped) into ``prev``; returns the keyword that a
    continuation line extends (``last``: the one before)."""
    if text.startswith('"'):
        if last is None:
            raise PoError("continuation of a previous (#|) string without a keyword", path, number)
        prev[last] += _parse_string(text, path, number)
        return last
    m = re.match(r"(msgctxt|msgid_plural|msgid)\s*(.*)\Z", text)
    if not m:
        raise PoError(f"malformed '#|' line: {text[:30]!r}", path, number)
    prev[m.group(1)] = _parse_string(m.group(2), path, number)
    return m.group(1)


def _too_large(size: int) -> str:
    return (f"file too large ({size / 1e6:.1f} MB; a catalog may have at most "
            f"{MAX_PO_BYTES // (1024 * 1024)} MiB)")


def parse_po(data: bytes, path: str, *, fast: bool = True) -> Catalog:
    """Parse PO bytes; any fault raises :class:`PoError` naming ``path`` and the line.

    ``fast``: read plain-layout entries a whole entry at a time (the same result; False
    reads every file line by line, as the tests compare)."""
    if len(data) > MAX_PO_BYTES:
        raise PoError(_too_large(len(data)), path, 1)
    if not data.strip():
        raise PoError("empty file: a catalog needs at least its header entry", path, 1)
    if b"\x00" in data:
        raise PoError("binary data (NUL byte): not a PO file", path, data[: data.index(b"\x00")].count(b"\n") + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _CHARSET_RE.search(data)
        if declared and declared.group(1).decode("ascii", "replace").upper() not in _READ_AS_UTF8:
            # a catalog in another encoding: say so, at its Content-Type line
            name = declared.group(1).decode("ascii", "replace")
            raise PoError(f"charset {name!r} in Content-Type: catalogs must be UTF-8 "
                          f"(convert with `msgconv --to-code=UTF-8`)", path,
                          data[: declared.start()].count(b"\n") + 1) from None
        raise PoError("not valid UTF-8 (catalogs must be UTF-8)", path, data[: exc.start].count(b"\n") + 1) from None
    return _Parser(text.lstrip("\ufeff"), path).parse(fast)


class _Parser:
    """A line-based state machine over GNU's PO grammar."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.catalog = Catalog(has_header=False)
        self._reset()
        self.seen: dict[tuple[str | None, str, bool], int] = {}

    def _reset(self) -> None:
        self.cur: Entry | None = None
        self.tcomments: list[str] = []
        self.comments: list[str] = []
        self.occurrences: list[str] = []
        self.flags: list[str] = []
        self.prev: dict[str, str] = {}
        self.last: str | None = None  # the field continuation lines append to
        self.prev_last: str | None = None
        self.obsolete = False
        self.has_msgstr = False
        #: (line, text) of each piece of the current msgstr (for the header's field lines)
        self.msgstr_pieces: list[tuple[int, str]] = []

    def parse(self, fast: bool = True) -> Catalog:
        if not (fast and self._scanned_plain_layout()):
            self.catalog, self.seen = Catalog(has_header=False), {}
            self._reset()
            lines = self.text.split("\n")
            for number, raw in enumerate(lines, 1):
                self._line(raw.rstrip("\r"), number)
            self._finish(len(lines))
        if not self.catalog.has_header:
            raise PoError('no header entry (msgid "" with Content-Type and Language) at the top', self.path, 1)
        return self.catalog

    def _scanned_plain_layout(self) -> bool:
        """Whether the fast path read the whole file; any fault is left to the line reader,
        which alone reports errors (the first fault in line order)."""
        try:
            return self._scan_plain_layout()
        except PoError:
            return False

    def _scan_plain_layout(self) -> bool:
        """Read the file entry by entry, one regular expression each, if it is all in the plain
        layout GNU tools write (no obsolete or plural entries, no stray spaces or CRs); False
        at the first entry that is not, and the caller reads it line by line instead.

        The entries go through the line reader's comment, previous-msgid and entry rules, so
        both read one file alike (tests/test_pofile_reader.py). Line by line costs ~10 µs a
        line: `status` of 100 documents × 60 locales reads 1.9 million lines.
        """
        text, path, pos, line = self.text, self.path, 0, 1
        while pos < len(text) and text[pos] == "\n":
            pos, line = pos + 1, line + 1
        for m in _PLAIN_ENTRY_RE.finditer(text, pos):
            if m.start() != pos:  # something between two entries that is not plain layout
                return False
            comments, previous, ctxt, ctxt_more, msgid, msgid_more, msgstr, msgstr_more = m.groups()
            tcomments: list[str] = []
            extracted: list[str] = []
            occurrences: list[str] = []
            flags: list[str] = []
            prev: Mapping[str, str] = _NO_PREVIOUS
            key_line = line  # the line of the entry's first keyword
            if comments:
                for comment in comments[:-1].split("\n"):
                    _comment(comment, tcomments, extracted, occurrences, flags)
                key_line += comments.count("\n")
            if previous:
                found: dict[str, str] = {}
                last = None
                for prev_line in previous[:-1].split("\n"):
                    last = _previous(prev_line[2:].strip(), found, last, path, key_line)
                    key_line += 1
                prev = found
            msgctxt = None if ctxt is None else _joined(ctxt, ctxt_more)
            msgid = _joined(msgid, msgid_more)
            if msgid or msgctxt is not None:
                pieces: Sequence[tuple[int, str]] = ()
                msgstr = _joined(msgstr, msgstr_more)
            else:  # the header: each field's line is the line of the piece it starts in
                msgstr_line = key_line + 1 + msgid_more.count("\n")
                raw = [msgstr, *msgstr_more[2:-1].split('"\n"')] if msgstr_more else [msgstr]
                pieces = [(msgstr_line + i, _unescape(piece, path, msgstr_line + i)) for i, piece in enumerate(raw)]
                msgstr = "".join(piece for _, piece in pieces)
            self._add(Entry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, tcomments=tcomments, comments=extracted,
                            occurrences=occurrences, flags=flags, previous_msgctxt=prev.get("msgctxt"),
                            previous_msgid=prev.get("msgid"), previous_msgid_plural=prev.get("msgid_plural"),
                            line=key_line), pieces)
            line += text.count("\n", pos, m.end())
            pos = m.end()
        return pos == len(text)

    def _line(self, line: str, number: int) -> None:
        stripped = line.strip()
        if not stripped:
            return
        if stripped.startswith("#~"):
            rest = stripped[2:]
            if rest.startswith("|"):
                self._previous(rest[1:].strip(), number)
                return
            self._keyword_or_continuation(rest.strip(), number, obsolete=True)
            return
        if stripped.startswith("#"):
            if self.cur is not None and self.has_msgstr:
                self._finish(number)
            if stripped[1:2] == "|":
                self._previous(stripped[2:].strip(), number)
            else:
                _comment(line.lstrip(), self.tcomments, self.comments, self.occurrences, self.flags)
            return
        self._keyword_or_continuation(stripped, number, obsolete=False)

    def _previous(self, text: str, number: int) -> None:
        if self.cur is not None and self.has_msgstr:
            self._finish(number)
        self.prev_last = _previous(text, self.prev, self.prev_last, self.path, number)

    def _keyword_or_continuation(self, text: str, number: int, *, obsolete: bool) -> None:
        if text.startswith('"'):
            if self.cur is None or self.last is None:
                raise PoError("a string with no keyword before it", self.path, number)
            value = _parse_string(text, self.path, number)
            self._append(self.last, value)
            if self.last == "msgstr":
                self.msgstr_pieces.append((number, value))
            return
        m = _KEYWORD_RE.match(text)
        if not m:
            word = text.split()[0] if text.split() else text
            raise PoError(f"syntax error: unknown keyword {word[:30]!r}", self.path, number)
        keyword, index, rest = m.group(1), m.group(2), m.group(3)
        value = _parse_string(rest, self.path, number)
        if keyword in ("msgctxt", "msgid"):
            if self.cur is not None:
                if keyword == "msgid" and self.last == "msgctxt":
                    self.cur.msgid = value
                    self.last = "msgid"
                    return
                if not self.has_msgstr:
                    raise PoError("entry has no msgstr", self.path, self.cur.line)
                self._finish(number)
            self.cur = Entry(msgid="", line=number, obsolete=obsolete)
            self.obsolete = obsolete
            if keyword == "msgctxt":
                self.cur.msgctxt = value
            else:
                self.cur.msgid = value
            self.last = keyword
            return
        if self.cur is None:
            raise PoError(f"{keyword} without msgid", self.path, number)
        if keyword == "msgid_plural":
            if self.has_msgstr:
                raise PoError("msgid_plural after msgstr", self.path, number)
            self.cur.msgid_plural = value
            self.last = keyword
            return
        if index is not None:
            if self.cur.msgid_plural is None:
                raise PoError("msgstr[N] in an entry without msgid_plural", self.path, number)
            self.cur.msgstr_plural[int(index)] = value
            self.last = f"msgstr[{index}]"
        else:
            if self.cur.msgid_plural is not None:
                raise PoError("plain msgstr in an entry with msgid_plural; use msgstr[0]", self.path, number)
            if self.has_msgstr:
                raise PoError("a second msgstr in one entry", self.path, number)
            self.cur.msgstr = value
            self.msgstr_pieces = [(number, value)]
            self.last = "msgstr"
        self.has_msgstr = True

    def _append(self, fieldname: str, value: str) -> None:
        cur = self.cur
        assert cur is not None
        if fieldname == "msgctxt":
            cur.msgctxt = (cur.msgctxt or "") + value
        elif fieldname == "msgid":
            cur.msgid += value
        elif fieldname == "msgid_plural":
            cur.msgid_plural = (cur.msgid_plural or "") + value
        elif fieldname == "msgstr":
            cur.msgstr += value
        else:
            index = int(fieldname[7:-1])
            cur.msgstr_plural[index] += value

    def _finish(self, number: int) -> None:
        cur = self.cur
        if cur is not None:  # (trailing comments with no entry: GNU drops them; so do we)
            if not self.has_msgstr:
                raise PoError("entry has no msgstr", self.path, cur.line)
            cur.tcomments = self.tcomments
            cur.comments = self.comments
            cur.occurrences = self.occurrences
            cur.flags = self.flags
            cur.previous_msgctxt = self.prev.get("msgctxt")
            cur.previous_msgid = self.prev.get("msgid")
            cur.previous_msgid_plural = self.prev.get("msgid_plural")
            self._add(cur, self.msgstr_pieces)
        self._reset()

    def _add(self, entry: Entry, msgstr_pieces: Sequence[tuple[int, str]]) -> None:
        """A whole entry: the header (``msgstr_pieces``: the (line, text) of each piece of its
        msgstr) or a message, unless it repeats one."""
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            self._header(entry, msgstr_pieces)
            return
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in self.seen:
            raise PoError(f"duplicate message definition (first at line {self.seen[key]})", self.path, entry.line)
        self.seen[key] = entry.line
        self.catalog.entries.append(entry)

    def _header(self, entry: Entry, msgstr_pieces: Sequence[tuple[int, str]]) -> None:
        cat = self.catalog
        if cat.has_header:
            raise PoError("a second header entry (msgid \"\")", self.path, entry.line)
        if cat.entries:
            raise PoError("the header entry (msgid \"\") must come before every message",
                          self.path, entry.line)
        cat.header_comments = entry.tcomments
        cat.header_flags = entry.flags
        cat.header_line = entry.line
        # the line each header field starts on: the last piece of msgstr starting at or before
        # its first character
        starts: list[tuple[int, int]] = []  # (offset in msgstr, file line)
        offset = 0
        for line_no, piece in msgstr_pieces:
            starts.append((offset, line_no))
            offset += len(piece)
        offset, piece_index = 0, 0
        for line in entry.msgstr.split("\n"):
            while piece_index + 1 < len(starts) and starts[piece_index + 1][0] <= offset:
                piece_index += 1
            here = starts[piece_index][1] if starts else entry.line
            offset += len(line) + 1
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise PoError(f"malformed header line {line[:40]!r} (expected 'Key: value')", self.path, here)
            # the value as written but the one blank after the colon, as msgcat writes it back
            cat.header.append((key.strip(), value[1:] if value.startswith(" ") else value))
            cat.header_lines.setdefault(key.strip().lower(), here)
        charset = re.search(r"charset=([^\s;]+)", cat.header_value("Content-Type") or "")
        ascii_named = charset is not None and charset.group(1).upper() in ("ASCII", "US-ASCII")
        if charset and (charset.group(1).upper() not in _READ_AS_UTF8 or ascii_named and not self.text.isascii()):
            raise PoError(f"charset {charset.group(1)!r} in Content-Type: catalogs must be UTF-8 "
                          f"(convert with `msgconv --to-code=UTF-8`)", self.path,
                          cat.header_lines.get("content-type", entry.line))
        cat.has_header = True


def read_po(path: Path, rel: str) -> Catalog:
    """Read a catalog from disk; I/O faults are :class:`PoError` too."""
    try:
        size = path.stat().st_size
        if size > MAX_PO_BYTES:  # refuse before reading it into memory
            raise PoError(_too_large(size), rel, 1)
        data = path.read_bytes()
    except OSError as exc:
        raise PoError(f"cannot read: {exc.strerror}", rel, 1) from None
    return parse_po(data, rel)
