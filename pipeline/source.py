"""English Markdown source → a frozen :class:`Document`.

The format (DESIGN.md): YAML front matter with ``title`` and ``updated``; every
heading opens a section; ``{#id regions="eu uk"}`` at the end of a heading gives
its stable id and limits it to regions. Bodies are *normalised* so that
re-wrapping the English never changes a message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Collection, Iterable, NamedTuple

from .config import NAME_RE
from .errors import DuplicateIdError, SourceError
from .frontmatter import read_front_matter

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["Document", "Section", "parse_document", "load_document", "load_documents",
           "normalize_markdown", "slugify", "section_numbers", "heading_attrs_plugin",
           "markdown_parser", "RESERVED_SECTION"]

RESERVED_SECTION = "document"
RESERVED_DOCUMENT = "ui"

# `{#id}` or `{#id regions="a b"}` at the very end of a heading's text (also written `{ #id }` or
# `{: #id}`, as Pandoc, kramdown and Python-Markdown's attr_list let authors write it)
HEADING_ATTRS_RE = re.compile(r"\s*\{:?\s*#(?P<id>[^\s{}]*)(?P<attrs>(?:\s+[A-Za-z-]+=\"[^\"]*\")*)\s*\}\s*\Z")
#: a closing sequence of `#` left before the attrs (`## Title ## {#id}`), as CommonMark reads one
CLOSING_HASHES_RE = re.compile(r"(?:\A|[ \t]+)#+\Z")
ATTR_RE = re.compile(r'([A-Za-z-]+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Section:
    """One heading and the Markdown up to the next heading."""

    #: stable id (explicit `{#id}` or the slug of the English heading)
    id: str
    #: heading level: 2 for `##`, 3 for `###`, ...
    level: int
    #: heading text without `{#...}`
    title: str
    #: normalised Markdown body ("" when the heading is followed by another)
    body: str
    #: regions this section is limited to (empty: every region)
    regions: tuple[str, ...]
    #: 1-based line of the heading in the source file
    line: int
    #: 1-based line of the first body line (== line + 1 when empty)
    body_line: int
    #: whether the id was written explicitly
    explicit_id: bool = True


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed English policy."""

    #: document id (file stem)
    id: str
    #: project-relative path, with `/`
    path: str
    title: str
    updated: dt.date
    #: normalised Markdown before the first heading ("" if none)
    preamble: str
    sections: tuple[Section, ...]
    #: line of the title in the front matter, and of the preamble
    title_line: int = 2
    preamble_line: int = 1
    #: footnote labels in the order of their definitions (numbered from 1 on a page)
    footnotes: tuple[str, ...] = ()
    #: (line, text) of each syntax of another tool (kramdown `{: ...}`, Liquid `{% ... %}`),
    #: kept as text in the messages and reported by `check`
    extension_syntax: tuple[tuple[int, str], ...] = ()
    #: (line, cells, the header's cells) of each table row with more cells than its header (GFM
    #: drops the rest unseen), reported by `check`
    dropped_cells: tuple[tuple[int, int, int], ...] = ()

    def section(self, section_id: str) -> Section:
        for sec in self.sections:
            if sec.id == section_id:
                return sec
        raise KeyError(section_id)

    def sections_for_region(self, region: str | None) -> tuple[Section, ...]:
        """Sections shown on a page of ``region`` (all of them without regions)."""
        if region is None:
            return self.sections
        return tuple(s for s in self.sections if not s.regions or region in s.regions)


def heading_attrs_plugin(md: "MarkdownIt") -> None:
    """markdown-it plugin: cut `{#id key="v"}` off headings into token attrs.

    mdit-py-plugins' attrs plugins leave `{#id}` in the heading text, hence this rule.
    """

    def heading_attrs(state) -> None:  # type: ignore[no-untyped-def]
        tokens = state.tokens
        for i, tok in enumerate(tokens):
            if tok.type != "heading_open":
                continue
            inline = tokens[i + 1]
            m = HEADING_ATTRS_RE.search(inline.content)
            if not m:
                continue
            inline.content = CLOSING_HASHES_RE.sub("", inline.content[: m.start()].rstrip())
            tok.attrSet("id", m.group("id"))
            for key, value in ATTR_RE.findall(m.group("attrs")):
                tok.attrSet(f"data-{key}", value)

    md.core.ruler.after("block", "heading_attrs", heading_attrs)


@lru_cache(maxsize=None)
def markdown_parser() -> "MarkdownIt":
    """The shared parser: CommonMark, raw HTML off, GFM tables, strikethrough and footnotes,
    HTML comments removed, our heading attrs."""
    from markdown_it import MarkdownIt

    from .markdown import gfm_plugin

    return MarkdownIt("commonmark", {"html": False}).use(gfm_plugin).use(heading_attrs_plugin)


def slugify(text: str) -> str:
    """ASCII-folded, lowercase, runs of other characters → `-` (DESIGN.md)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


#: documents parsed in this process, by (text, id, regions): a release's recorded
#: source is most often the live one, parsed once (documents are frozen: safe to share)
_PARSED: dict[tuple[str, str, frozenset[str] | None], Document] = {}


def parse_document(text: str, path: str, doc_id: str | None = None, *,
                   regions: Collection[str] | None = None) -> Document:
    """Parse a source file's text. ``path`` is used in messages only.

    ``regions``: the configured region names; a heading's ``regions="..."`` naming
    another is an error (None: not checked).
    """
    unchecked = (text, doc_id if doc_id is not None else Path(path).stem, None)
    key = unchecked if regions is None else (*unchecked[:2], frozenset(regions))
    known = _PARSED.get(key)
    if known is not None:
        return known if known.path == path else replace(known, path=path)
    doc = _parse_document(text, path, doc_id, regions=regions)
    if len(_PARSED) >= 64:  # a long-running preview: keep the newest only
        _PARSED.clear()
    # the regions only check the text: a parse that passed them is also the unchecked parse
    # (a release's recorded source, read without the configured regions, is most often this text)
    _PARSED[key] = _PARSED[unchecked] = doc
    return doc


def _parse_document(text: str, path: str, doc_id: str | None, *,
                    regions: Collection[str] | None) -> Document:
    doc_id = doc_id if doc_id is not None else Path(path).stem
    if not NAME_RE.match(doc_id) or doc_id == RESERVED_DOCUMENT:
        raise SourceError(f"invalid document id {doc_id!r}: use [a-z0-9][a-z0-9-]*, not 'ui'", path, 1)
    if "\x00" in text:
        raise SourceError("the file contains a NUL byte", path, 1)
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    front = read_front_matter(text, path)
    parsed = _parse_sections(front.body_lines, front.offset, path, regions)
    return Document(id=doc_id, path=path, title=front.title, updated=front.updated,
                    preamble=parsed.preamble, sections=tuple(parsed.sections),
                    title_line=front.title_line, preamble_line=parsed.preamble_line,
                    footnotes=parsed.footnotes, extension_syntax=parsed.extension_syntax,
                    dropped_cells=parsed.dropped_cells)


class _Parsed(NamedTuple):
    preamble: str
    sections: list[Section]
    preamble_line: int
    footnotes: tuple[str, ...]
    extension_syntax: tuple[tuple[int, str], ...]
    dropped_cells: tuple[tuple[int, int, int], ...]


def _parse_sections(lines: list[str], offset: int, path: str,
                    known_regions: Collection[str] | None = None) -> _Parsed:
    from .markdown import blocks_text, dropped_table_cells, extension_syntax
    from .markdown_normalize import Unplaceable, normalize_heading

    md = markdown_parser()
    env: dict = {}
    tokens = md.parse("\n".join(lines), env)
    labels = tuple(key[1:] for key in env.get("footnotes", {}).get("refs", {}))
    def normalize(blocks: "list[Token]") -> str:
        return normalize_markdown(blocks, lines, footnotes=labels, path=path, offset=offset)

    # top-level block tokens always carry their source lines (`map`)
    headings = [(i, t) for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0 and t.map]
    first_heading_line = _lines(headings[0][1])[0] if headings else len(lines)
    preamble = normalize(tokens[: headings[0][0]] if headings else tokens)
    preamble_line = offset + 1 + _first_content_line(lines[:first_heading_line])
    sections: list[Section] = []
    seen: dict[str, int] = {}
    for n, (index, tok) in enumerate(headings):
        line = offset + _lines(tok)[0] + 1
        level = int(tok.tag[1])
        if level == 1:
            raise SourceError("a '#' heading is not allowed: the title comes from the front matter; "
                              "start sections at '##'", path, line)
        try:
            title = normalize_heading(md, tokens[index : index + 3], labels)
        except Unplaceable as exc:
            raise SourceError(str(exc), path, line) from None
        if not title:
            raise SourceError("heading has no text", path, line)
        explicit = tok.attrGet("id")
        if explicit is not None:
            sec_id = str(explicit)
            if not NAME_RE.match(sec_id):
                raise SourceError(f"invalid section id {sec_id!r}: use [a-z0-9][a-z0-9-]*", path, line)
        else:
            sec_id = slugify(" ".join(blocks_text(tokens[index + 1 : index + 2])))  # the words shown
            if not sec_id:
                raise SourceError(f"cannot derive an id from heading {tokens[index + 1].content!r}: add {{#id}}",
                                  path, line)
        if sec_id == RESERVED_SECTION:
            raise SourceError("section id 'document' is reserved", path, line)
        if sec_id in seen and explicit is None:  # "Processor shall:" twice: give the second an id
            free = next(f"{sec_id}-{n}" for n in range(2, len(seen) + 3) if f"{sec_id}-{n}" not in seen)
            raise DuplicateIdError(f"duplicate section id {sec_id!r} (first at line {seen[sec_id]}): give this "
                                   f"heading an id of its own, e.g. {{#{free}}} (`ids --write` does)", path, line, free)
        if sec_id in seen:
            raise SourceError(f"duplicate section id {sec_id!r} (first at line {seen[sec_id]})", path, line)
        seen[sec_id] = line
        regions = tuple(str(tok.attrGet("data-regions") or "").split())
        for region in regions:
            if not NAME_RE.match(region):
                raise SourceError(f"invalid region name {region!r}", path, line)
            if known_regions is not None and region not in known_regions:
                configured = ", ".join(known_regions) or "none"
                raise SourceError(f"unknown region {region!r} (configured regions: {configured})",
                                  path, line)
        for key in tok.attrs:
            if key not in ("id", "data-regions"):
                raise SourceError(f"unknown heading attribute {key[5:]!r}", path, line)
        end_index = headings[n + 1][0] if n + 1 < len(headings) else len(tokens)
        body_tokens = tokens[index + 3 : end_index]
        body = normalize(body_tokens)
        body_start = _lines(tok)[1]
        body_line = offset + body_start + 1 + _first_content_line(
            lines[body_start : _lines(headings[n + 1][1])[0] if n + 1 < len(headings) else len(lines)])
        sections.append(Section(id=sec_id, level=level, title=title, body=body, regions=regions,
                                line=line, body_line=body_line if body else line + 1,
                                explicit_id=explicit is not None))
    return _Parsed(preamble, sections, preamble_line, labels, extension_syntax(tokens, lines, offset),
                   dropped_table_cells(tokens, lines, offset))


def _lines(tok: "Token") -> list[int]:
    """A block token's [first line, end line) in the parsed text."""
    assert tok.map is not None
    return tok.map


def _first_content_line(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if line.strip():
            return i
    return 0


def normalize_markdown(tokens: "Iterable[Token]", lines: list[str] | None = None, *,
                       footnotes: Iterable[str] = (), path: str = "<text>", offset: int = 0) -> str:
    """Canonical Markdown of the top-level blocks ``tokens`` (:mod:`.markdown`): blocks
    joined by one blank line; paragraphs and list items one line each; code verbatim.

    ``footnotes``: labels defined anywhere in the document. A block that cannot be
    written into a message unchanged is a :class:`SourceError` at ``path``:line
    (``offset``: lines before the parsed text).
    """
    from .markdown_normalize import Unplaceable, normalize_blocks

    try:
        return normalize_blocks(markdown_parser(), list(tokens), footnotes, lines)
    except Unplaceable as exc:
        raise SourceError(str(exc), path, offset + exc.line + 1) from None


#: a title that carries its own number ("1. Compliance with Laws", "2.3 Fees", "§ 4 Term", "1) Scope",
#: "*1. Applicability*"); not a title that starts with a figure ("3 ways we use data", "2026 update")
SELF_NUMBERED_RE = re.compile(r"[*_]*(?:§\s*\d+|\d+(?:\.\d+)+\.?|\d+[.)])\s")


def section_numbers(sections: Iterable[Section]) -> dict[str, str]:
    """Numbers like `2` and `2.1` for sections in order, by nesting: a heading's parents are
    the open headings of a lower level (`####` right under `##` is `2.1`, not `2.0.1`).

    A document that numbers any of its headings itself gets none (""): the page would otherwise
    show "1. 1. Compliance with Laws", or "3. 1. Definitions" where a contract's clauses are
    numbered and its recitals and schedules are not.
    """
    sections = list(sections)
    if any(SELF_NUMBERED_RE.match(sec.title) for sec in sections):
        return {sec.id: "" for sec in sections}
    numbers: dict[str, str] = {}
    open_levels: list[int] = []
    counters: list[int] = []
    for sec in sections:
        while open_levels and open_levels[-1] >= sec.level:
            open_levels.pop()
        depth = len(open_levels)
        del counters[depth + 1:]
        counters.extend([0] * (depth + 1 - len(counters)))
        counters[depth] += 1
        open_levels.append(sec.level)
        numbers[sec.id] = ".".join(str(c) for c in counters)
    return numbers


def load_document(root: Path, path: Path, *, regions: Collection[str] | None = None) -> Document:
    """Read and parse one `source/<doc>.md`."""
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError("not valid UTF-8", rel, line) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", rel, 1) from None
    return parse_document(text, rel, regions=regions)


def load_documents(root: Path, only: Iterable[str] | None = None, *,
                   regions: Collection[str] | None = None) -> list[Document]:
    """Every `source/*.md`, sorted by id; ``only`` limits to those ids (unknown → error).

    ``regions``: the configured region names, to refuse a section naming another.
    """
    return [load_document(root, p, regions=regions) for p in document_paths(root, only)]


def document_paths(root: Path, only: Iterable[str] | None = None) -> list[Path]:
    """The `source/*.md` files, sorted by id; ``only`` limits to those ids (unknown → error)."""
    source_dir = root / "source"
    if not source_dir.is_dir():
        raise SourceError("missing source/ directory: nothing to translate", "source", None)
    paths = sorted(source_dir.glob("*.md"))
    if not paths:
        raise SourceError("no *.md file in source/", "source", None)
    wanted = set(only) if only else None
    if wanted is not None:
        known = {p.stem for p in paths}
        for doc in sorted(wanted - known):
            from .errors import UsageError
            raise UsageError(f"unknown document {doc!r} (known: {', '.join(sorted(known))})")
    return [p for p in paths if wanted is None or p.stem in wanted]
