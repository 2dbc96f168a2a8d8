"""An existing translation as HTML → the Markdown `adopt` aligns (and each line's HTML line).

Only the document's content is kept: headings, paragraphs, lists (nested, numbered with
their start), tables, code, block quotes; inline links, emphasis and code. Navigation,
scripts, styles, forms and a page's header and footer are left out, as are our own pages'
section numbers and fallback notices (so a page we built can be adopted back).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import SourceError

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "head", "button",
         "form", "select", "svg", "iframe", "object"}
_SKIP_CLASSES = {"num", "l10n-notice", "toc", "versions", "archived-notice", "visually-hidden"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_INLINE_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`", "del": "~~", "s": "~~"}


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        #: (markdown line, html line) pairs, in order
        self.lines: list[tuple[str, int]] = []
        self.skip_depth = 0
        self.stack: list[str] = []
        self.text: list[str] = []
        self.text_line = 0
        self.lists: list[list[int | str]] = []  # [kind, next number]
        self.quote = 0
        self.pre = False
        #: open links: (href, where their text starts in self.text)
        self.links: list[tuple[str, int]] = []
        self.table: list[list[str]] | None = None
        self.header_rows = 0
        self.block_prefix = ""

    # --- structure
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag not in _VOID:
            self.stack.append(tag)
        if self.skip_depth or tag in _SKIP or classes & _SKIP_CLASSES or a.get("hidden") is not None:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        line = self.getpos()[0]
        if tag in _HEADINGS or tag in ("p", "pre", "table", "blockquote", "hr", "div", "section", "article",
                                       "main", "li", "ul", "ol", "dt", "dd"):
            self._flush()
        if tag in _HEADINGS:
            self.block_prefix = "#" * _HEADINGS[tag] + " "
        elif tag in ("ul", "ol"):
            self.lists.append(["ol" if tag == "ol" else "ul", int(a.get("start") or 1)])
        elif tag == "li" and self.lists:
            kind, number = self.lists[-1]
            indent = "  " * (len(self.lists) - 1)
            self.block_prefix = f"{indent}{number}. " if kind == "ol" else f"{indent}- "
            if kind == "ol":
                self.lists[-1][1] = int(number) + 1
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre = True
        elif tag == "hr":
            self._emit("***", line)
        elif tag == "table":
            self.table, self.header_rows = [], 0
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("th", "td"):
            self._flush_cell_start()
            if tag == "th" and self.table is not None and len(self.table) == 1:
                self.header_rows = 1
        elif tag == "br":
            self._text(" ")
        elif tag == "a":
            self.links.append((a.get("href") or "", len(self.text)))
        elif tag in _INLINE_MARKS and not self.pre:
            self._text(_INLINE_MARKS[tag])
        if not self.text_line:
            self.text_line = line

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack and self.stack[-1] != tag:  # an unclosed element inside: close it too
            self._close(self.stack.pop())
        if self.stack:
            self._close(self.stack.pop())

    def _close(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "a" and self.links:
            href, start = self.links.pop()
            inner = "".join(self.text[start:])
            del self.text[start:]
            self._text(_link(inner, href))
        elif tag in _INLINE_MARKS and not self.pre:
            self._text(_INLINE_MARKS[tag])
        elif tag in ("th", "td") and self.table is not None and self.table:
            self.table[-1].append(self._take_text())
        elif tag == "table" and self.table is not None:
            self._emit_table()
        elif tag == "pre":
            code = "".join(self.text).strip("\n")
            self.text, line = [], self.text_line
            fence = "```"
            for n, code_line in enumerate([fence, *code.split("\n"), fence]):
                self._emit(code_line, line + max(0, n - 1), raw=True)
            self._emit("", line, raw=True)
            self.pre = False
            self.text_line = 0
        elif tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
            if not self.lists:
                self._emit("", self.getpos()[0])
        elif tag == "blockquote":
            self._flush()
            self.quote -= 1
        elif tag in _HEADINGS or tag in ("p", "li", "div", "section", "dt", "dd"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.text_line and data.strip():
            self.text_line = self.getpos()[0]
        self.text.append(data if self.pre else data)

    # --- output
    def _text(self, value: str) -> None:
        self.text.append(value)

    def _take_text(self) -> str:
        value = " ".join("".join(self.text).split())
        self.text = []
        return value

    def _flush_cell_start(self) -> None:
        self.text = []

    def _flush(self) -> None:
        if self.table is not None or self.pre:
            return
        value = self._take_text()
        line = self.text_line or self.getpos()[0]
        self.text_line = 0
        if value:
            self._emit(self.block_prefix + value, line)
            if not self.lists or self.block_prefix.startswith("#"):
                self._emit("", line)
            self.block_prefix = ""  # kept while empty: a list item's marker waits for its <p>

    def _emit(self, value: str, line: int, raw: bool = False) -> None:
        prefix = "> " * self.quote
        self.lines.append(((prefix + value).rstrip() if value or not prefix else prefix.rstrip(), line))

    def _emit_table(self) -> None:
        rows = [r for r in (self.table or []) if r]
        line = self.text_line or self.getpos()[0]
        self.table, self.text_line = None, 0
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        self._emit("| " + " | ".join(c.replace("|", "\\|") for c in rows[0]) + " |", line)
        self._emit("|" + " --- |" * width, line)
        for row in rows[1:]:
            self._emit("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |", line)
        self._emit("", line)


def _link(text: str, href: str) -> str:
    """A link as Markdown: an autolink when its text is its address, as CommonMark writes them."""
    label = " ".join(text.split())
    if href and href in (label, f"mailto:{label}"):
        return f"<{label}>"
    return f"[{text}]({href})" if href else text


def html_to_markdown(text: str, shown: str) -> tuple[str, list[int]]:
    """(Markdown, HTML line of each Markdown line) of an HTML document's content."""
    if not re.search(r"<\s*(html|body|p|h[1-6]|div|section|article|main)\b", text, re.I):
        raise SourceError("no HTML document structure (<p>, <h2>, ...): not an HTML file", shown, 1)
    parser = _Converter()
    parser.feed(text)
    parser.close()
    parser._flush()
    lines: list[tuple[str, int]] = []
    for value, line in parser.lines:  # no runs of blank lines
        if value or (lines and lines[-1][0]):
            lines.append((value, line))
    return "\n".join(v for v, _ in lines), [n for _, n in lines]
