"""Reading both sides of an adoption into the same shape: parts (a heading and its blocks).

The English comes from the parsed :class:`..source.Document`; the translation from a
Markdown file (or an HTML one, converted by :mod:`.html`). Each block carries what
survives translation: its kind and shape (list items, table rows × columns, code) and
its anchors (URLs, e-mail addresses, link targets, numbers, code).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import SourceError
from ..source import Document, markdown_parser, normalize_markdown

if TYPE_CHECKING:
    from markdown_it.token import Token

#: a translated file's title and preamble form the part with this id
DOCUMENT_PART = "document"


class Block(NamedTuple):
    """One top-level Markdown block, normalised as a message body is."""

    kind: str
    text: str
    #: 1-based line in its file
    line: int
    #: what must be equal on both sides: list item count, table rows × columns, code text
    shape: tuple[object, ...]
    #: what survives translation, sorted: URLs, e-mails, link targets, numbers, code spans
    anchors: tuple[str, ...]


class Part(NamedTuple):
    """A heading and the blocks up to the next heading (the document's title and preamble
    for the first part, level 0)."""

    level: int
    title: str
    #: the `{#id}` written on the heading (always, for the English)
    id: str | None
    line: int
    blocks: tuple[Block, ...]


_KINDS = {"paragraph_open": "paragraph", "bullet_list_open": "list", "ordered_list_open": "list",
          "table_open": "table", "fence": "code", "code_block": "code", "blockquote_open": "quote",
          "hr": "hr"}
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_CODE_RE = re.compile(r"`+([^`]+)`+")
#: names and acronyms, kept in every language: two capitals or more (AImonitor, API, GDPR)
_NAME_RE = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b")


def anchors_of(text: str) -> tuple[str, ...]:
    """The parts of ``text`` a translation keeps as they are."""
    from ..check_messages import EMAIL_RE, ascii_digits, link_targets, urls

    found = [*urls(text), *(e.lower() for e in EMAIL_RE.findall(text)), *(f"->{link_key(t)}" for t in link_targets(text)),
             *(f"`{c}`" for c in _CODE_RE.findall(text))]
    found += _NAME_RE.findall(text)
    plain = ascii_digits(_CODE_RE.sub(" ", text))
    found += [re.sub(r"[.,]", "", n) for n in _NUMBER_RE.findall(plain)]
    return tuple(sorted(found))


_PAGE_LINK_RE = re.compile(r"(?:[^/#?]*/)*(?P<doc>[^/#?]+?)(?:\.md|\.html|/)?(?:#(?P<section>.*))?\Z")


def link_key(target: str) -> str:
    """What a link target names, however it is written: `terms.md#x`, `/legal/terms#x` and a built
    page's `../de/terms.html#x` all give `terms#x` (a page's links to other documents are written
    as that page's paths)."""
    if target.startswith(("#", "http:", "https:", "mailto:")) or ":" in target.split("/", 1)[0]:
        return target
    m = _PAGE_LINK_RE.match(target)
    return f"{m.group('doc')}#{m.group('section') or ''}" if m else target


def blocks_of(tokens: list, lines: list[str], offset: int, footnotes: tuple[str, ...] = (),
              path: str = "<text>") -> tuple[Block, ...]:
    """The top-level blocks of ``tokens`` (parsed from ``lines``; file line = offset + index + 1);
    ``footnotes``: the labels the document defines."""
    starts = [i for i, t in enumerate(tokens) if t.level == 0 and t.map is not None and t.nesting != -1]
    blocks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        tok = tokens[start]
        text = normalize_markdown(tokens[start:end], lines, footnotes=footnotes, path=path, offset=offset)
        if not text:
            continue
        kind = _KINDS.get(tok.type, "other")
        blocks.append(Block(kind, text, offset + tok.map[0] + 1, _shape(kind, tokens[start:end], text),
                            anchors_of(text)))
    return tuple(blocks)


def _shape(kind: str, tokens: list, text: str) -> tuple[object, ...]:
    if kind == "list":
        return ("items", sum(1 for t in tokens if t.type == "list_item_open"))
    if kind == "table":
        rows = sum(1 for t in tokens if t.type == "tr_open")
        first_row = next((i for i, t in enumerate(tokens) if t.type == "tr_open"), 0)
        cols = 0
        for t in tokens[first_row + 1:]:
            if t.type == "tr_close":
                break
            cols += t.type in ("th_open", "td_open")
        return ("table", rows, cols)
    if kind == "code":
        return ("code", text.strip())
    return ()


def english_parts(doc: Document) -> list[Part]:
    """The English document as parts: the title and preamble, then each section."""
    parts = [Part(0, doc.title, DOCUMENT_PART, doc.title_line, _text_blocks(doc.preamble, doc.preamble_line))]
    parts += [Part(s.level, s.title, s.id, s.line, _text_blocks(s.body, s.body_line, doc.footnotes))
              for s in doc.sections]
    return parts


def _text_blocks(text: str, line: int, footnotes: tuple[str, ...] = ()) -> tuple[Block, ...]:
    from ..markdown import footnote_env

    if not text:
        return ()
    lines = text.split("\n")
    blocks = blocks_of(markdown_parser().parse(text, footnote_env(footnotes)), lines, 0, footnotes)
    # a normalised body is not the file's text: each block is reported at the section's line
    return tuple(b._replace(line=line) for b in blocks)


def read_translation(path: Path, shown: str) -> tuple[list[Part], str]:
    """The parts of a translated file and its text (Markdown; HTML converted first).

    Raises :class:`SourceError` at ``shown:line`` for a file that is not a document.
    """
    data = _read_bytes(path, shown)
    text = data.decode("utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    if not text.strip():
        raise SourceError("the file is empty: nothing to adopt", shown, 1)
    _refuse_non_text(text, shown)
    if path.suffix.lower() in (".html", ".htm"):
        from .html import html_to_markdown

        text, html_lines = html_to_markdown(text, shown)
        return [_on_lines(p, html_lines) for p in markdown_parts(text, shown)], text
    if path.suffix.lower() not in (".md", ".markdown"):
        raise SourceError(f"not a Markdown or HTML file ({path.suffix or 'no extension'}): "
                          "adopt reads .md, .markdown, .html", shown, 1)
    if re.match(r"\s*<(!doctype|html)\b", text, re.I):
        raise SourceError("an HTML document named as Markdown: give it a .html name", shown, 1)
    return markdown_parts(text, shown), text


def _on_lines(part: Part, lines: list[int]) -> Part:
    """``part`` with the lines of the HTML file its converted Markdown came from."""
    def at(line: int) -> int:
        return lines[min(line, len(lines)) - 1] if lines else 1

    return part._replace(line=at(part.line), blocks=tuple(b._replace(line=at(b.line)) for b in part.blocks))


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", shown, None) from None
    if b"\x00" in data:
        raise SourceError("a binary file, not Markdown or HTML (NUL byte)", shown,
                          data[: data.index(b"\x00")].count(b"\n") + 1)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError("not valid UTF-8", shown, data[: exc.start].count(b"\n") + 1) from None
    return data


def _refuse_non_text(text: str, shown: str) -> None:
    """Control characters other than tab and newline: not a text document."""
    for number, line in enumerate(text.split("\n"), 1):
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t" for ch in line):
            raise SourceError("control characters: not a Markdown text", shown, number)


def markdown_parts(text: str, shown: str) -> list[Part]:
    """A translated Markdown text as parts; the title from the front matter or a `#` heading."""
    lines = text.split("\n")
    title, offset = _front_matter_title(lines, shown)
    body = lines[offset:]
    env: dict = {}
    tokens = markdown_parser().parse("\n".join(body), env)
    labels = tuple(key[1:] for key in env.get("footnotes", {}).get("refs", {}))

    def part_blocks(part_tokens: list, lines: list[str], offset: int) -> tuple[Block, ...]:
        return blocks_of(part_tokens, lines, offset, labels, shown)

    heads = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0 and t.map]
    parts: list[Part] = []
    first_line = offset + 1
    title_line = 2 if title is not None else first_line
    prelude_end = heads[0] if heads else len(tokens)
    if heads and tokens[heads[0]].tag == "h1":  # `# Title`: the document's title
        title = title if title is not None else " ".join(tokens[heads[0] + 1].content.split())
        title_line = offset + _first_line(tokens[heads[0]]) + 1
        first = part_blocks(tokens[heads[0] + 3: heads[1] if len(heads) > 1 else len(tokens)], body, offset)
        heads = heads[1:]
        prelude = part_blocks(tokens[:prelude_end], body, offset) + first
    else:
        prelude = part_blocks(tokens[:prelude_end], body, offset)
    parts.append(Part(0, title or "", None, title_line, prelude))
    for n, index in enumerate(heads):
        tok = tokens[index]
        end = heads[n + 1] if n + 1 < len(heads) else len(tokens)
        explicit = tok.attrGet("id")
        parts.append(Part(int(tok.tag[1]), " ".join(tokens[index + 1].content.split()),
                          str(explicit) if explicit else None, offset + _first_line(tok) + 1,
                          part_blocks(tokens[index + 3:end], body, offset)))
    return parts


def _first_line(tok: Token) -> int:
    """A top-level block token's first line (0-based) in the parsed text."""
    return tok.map[0] if tok.map else 0


def _front_matter_title(lines: list[str], shown: str) -> tuple[str | None, int]:
    """(front matter title or None, number of lines the front matter takes)."""
    if not lines or lines[0].rstrip() != "---":
        return None, 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise SourceError("front matter is not closed by a '---' line", shown, 1)
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(f"invalid front matter: {getattr(exc, 'problem', None) or exc}", shown,
                          mark.line + 2 if mark is not None else 2) from None
    title = data.get("title") if isinstance(data, dict) else None
    return (" ".join(title.split()) if isinstance(title, str) else None), end + 1
