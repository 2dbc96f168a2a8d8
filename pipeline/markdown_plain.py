"""The normaliser's fast way: plain text is already canonical.

Most policy text is paragraphs and flat bullet lists of plain words, **bold** and
<autolinks>: written as the source spells it (lines joined), that is already the text
mdformat would write, with no need for mdformat (~80 ms of imports) or a second parse.
Anything else goes to :func:`.markdown_normalize.normalize_blocks`'s full way;
tests/test_lossless_properties.py checks that both ways agree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["plain_blocks"]


#: text that mdformat would escape or that could mean Markdown at the start of a line
_UNPLAIN_RE = re.compile(r"[\\`*_\[\]<>&!~|{}#=+]|  |[^\S ]")
_PLAIN_START_RE = re.compile(r"[^\W_]|[(\"'“‘«¿¡]")


def _plain_inline(inline: "Token", source: str) -> str | None:
    """The inline's text when it is plain and spelt exactly so (lines joined) in ``source``."""
    out: list[str] = []
    children = inline.children or []
    i = 0
    while i < len(children):
        child = children[i]
        if child.type == "text":
            if _UNPLAIN_RE.search(child.content):
                return None
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "strong_open" and child.markup == "**" and i + 2 < len(children) \
                and children[i + 1].type == "text" and children[i + 2].type == "strong_close" \
                and not _UNPLAIN_RE.search(children[i + 1].content):
            out.append(f"**{children[i + 1].content}**")
            i += 2
        elif child.type == "link_open" and child.info == "auto" and i + 2 < len(children):
            shown = children[i + 1].content
            if _UNPLAIN_RE.search(shown) or str(child.attrGet("href")).removeprefix("mailto:") != shown:
                return None
            out.append(f"<{shown}>")
            i += 2
        else:
            return None
        i += 1
    text = "".join(out)
    head = text[2:] if text.startswith("**") else text  # what a line starts with, bold or not
    first = re.match(r"\d*(.)", head)
    if not text or text != text.strip() or not _PLAIN_START_RE.match(head) or \
            (first and first.start(1) and first.group(1) in ".)"):
        return None
    return text if text == " ".join(source.split()) else None


def plain_blocks(tokens: Sequence["Token"], lines: Sequence[str]) -> str | None:
    """Paragraphs and flat tight bullet lists of plain inline text, else None."""
    blocks: list[str] = []
    bullets = 0  # bullet lists in a row: the next one takes the other marker, as mdformat does
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "paragraph_open" and tok.map:
            text = _plain_inline(tokens[i + 1], " ".join(lines[tok.map[0] : tok.map[1]]))
            if text is None:
                return None
            blocks.append(text)
            bullets, i = 0, i + 3
        elif tok.type == "bullet_list_open":
            items, i = _plain_items(tokens, i + 1, lines)
            if items is None:
                return None
            marker = "*" if bullets % 2 else "-"
            blocks.append("\n".join(f"{marker} {item}" for item in items))
            bullets += 1
        else:
            return None
    return "\n\n".join(blocks)


def _plain_items(tokens: Sequence["Token"], i: int, lines: Sequence[str]) -> tuple[list[str] | None, int]:
    items: list[str] = []
    while tokens[i].type == "list_item_open":
        if len(tokens) < i + 5:  # an empty item, at the end
            return None, i
        item, para, inline, close, end = tokens[i : i + 5]
        if para.type != "paragraph_open" or not para.hidden or end.type != "list_item_close" or not item.map:
            return None, i
        source = " ".join(lines[item.map[0] : item.map[1]]).lstrip()
        marker = item.markup or ""
        if not source.startswith(marker):
            return None, i
        text = _plain_inline(inline, source[len(marker):])
        if text is None:
            return None, i
        items.append(text)
        i += 5
    return (items, i + 1) if tokens[i].type == "bullet_list_close" else (None, i)
