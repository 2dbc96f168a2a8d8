"""A PO file in memory: its entries in GNU's fields and order, and its header."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Entry", "Catalog"]


@dataclass(slots=True)
class Entry:
    """One message of a catalog (GNU's fields, in GNU's order)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    #: msgstr[N] of a plural entry
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    #: `# ` translator comments, one string a line (without the `# `)
    tcomments: list[str] = field(default_factory=list)
    #: `#.` extracted comments
    comments: list[str] = field(default_factory=list)
    #: `#:` references, e.g. "source/privacy-policy.md:12"
    occurrences: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    #: 1-based line of the entry's first keyword (0 for entries made in memory)
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    def set_fuzzy(self, on: bool) -> None:
        if on and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not on and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")


@dataclass(slots=True)
class Catalog:
    """A PO/POT file: header comment lines, header fields, entries in file order."""

    #: the header's translator comment lines (without `# `)
    header_comments: list[str] = field(default_factory=list)
    #: header fields in order ("Project-Id-Version", value as written but the blank after the colon)
    header: list[tuple[str, str]] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    #: whether the file had a header entry at all
    has_header: bool = True
    #: 1-based line of each header field (lower-cased key) in the file it was read from
    header_lines: dict[str, int] = field(default_factory=dict)
    #: 1-based line of the header entry's `msgid ""` (0 for catalogs made in memory)
    header_line: int = 0

    def header_value(self, key: str) -> str | None:
        """A header field's value, without the blanks around it."""
        for k, v in self.header:
            if k.lower() == key.lower():
                return v.strip()
        return None

    def set_header(self, key: str, value: str) -> None:
        for i, (k, _) in enumerate(self.header):
            if k.lower() == key.lower():
                self.header[i] = (k, value)
                return
        self.header.append((key, value))

    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def by_context(self) -> dict[str | None, Entry]:
        """Active entries by msgctxt (our message identity)."""
        return {e.msgctxt: e for e in self.entries if not e.obsolete}
