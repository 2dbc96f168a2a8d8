"""Markdown as policy-l10n reads it.

One dialect everywhere (source, checks, pages): CommonMark with GFM tables and
strikethrough, footnotes (each definition stays where it is written), raw HTML
shown as text, HTML comments removed. What the source, the checks and the pages
read of parsed Markdown (table shapes, block counts, words, other tools' syntax)
is here too; writing it back into messages is :mod:`.markdown_normalize`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

__all__ = ["gfm_plugin", "comment_plugin", "html_rules", "blocks_text", "footnote_env", "table_shapes",
           "block_counts", "without_code", "extension_syntax", "dropped_table_cells", "FOOTNOTE_RE",
           "EXTENSION_SYNTAX_RE"]

#: an HTML comment: `<!-->`, `<!--->` or `<!-- ... -->` (HTML's own rules)
COMMENT_RE = re.compile(r"<!--(?:-?>|[\s\S]*?-->)")
#: kramdown attribute lists (`{: .class}`, `{::options}`) and Liquid tags (`{% x %}`, `{{ x }}`),
#: syntax of other tools, and raw HTML tags and images, which pages do not render: all kept as
#: text and reported by `check` (:mod:`pipeline.check_source`)
EXTENSION_SYNTAX_RE = re.compile(r"\{:[^{}\n]*\}|\{%.*?%\}|\{\{.*?\}\}|"  # kramdown, Liquid
                                 r"\A:[ \t]+\S[^\n]{0,30}|"  # a kramdown/PHP Markdown Extra definition
                                 r"<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>|"  # a raw HTML tag
                                 r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])")  # an image


# --------------------------------------------------------------------------- parsing

def comment_plugin(md: "MarkdownIt") -> None:
    """markdown-it plugin: HTML comments vanish (a line of its own, or inside a paragraph).

    Raw HTML stays off (it is shown as text); comments alone are dropped, as a browser
    would not show them. Code spans and code blocks keep them: they are parsed first.
    """

    def block_comment(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith("<!--", pos):
            return False
        m = COMMENT_RE.match(state.src, pos)
        if m is None:
            return False
        after = m.end()
        while True:  # further comments on the same line
            gap = len(state.src[after:]) - len(state.src[after:].lstrip(" \t"))
            more = COMMENT_RE.match(state.src, after + gap)
            if more is None:
                break
            after = more.end()
        line = start
        while line < end and state.eMarks[line] < after:
            line += 1
        if line >= end or state.src[after : state.eMarks[line]].strip():
            return False  # text after the comment on its last line: a paragraph (inline rule)
        if not silent:
            state.line = line + 1
        return True

    def inline_comment(state: "StateInline", silent: bool) -> bool:
        if not state.src.startswith("<!--", state.pos):
            return False
        m = COMMENT_RE.match(state.src, state.pos)
        if m is None or m.end() > state.posMax:
            return False
        rest = state.src[m.end() : state.posMax]
        if not state.pending.strip() and not state.tokens:  # at the start: no space left behind
            state.pos = state.posMax - len(rest.lstrip())
        elif not rest.strip():  # at the end: nor before it
            state.pending = state.pending.rstrip()
            state.pos = state.posMax
        else:
            state.pos = m.end()
        return True

    md.block.ruler.before("paragraph", "html_comment", block_comment,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("autolink", "html_comment", inline_comment)


def gfm_plugin(md: "MarkdownIt") -> None:
    """Tables, strikethrough, footnotes defined in place, HTML comments removed."""
    from mdit_py_plugins.footnote import footnote_plugin

    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    # a definition stays in the section that writes it (not gathered at the end), and
    # `^[inline]` notes are not Markdown GitHub knows
    md.disable(["footnote_tail", "footnote_inline"])
    md.use(comment_plugin)


def footnote_env(labels: Iterable[str]) -> dict[str, Any]:
    """A parse environment in which ``[^label]`` is a footnote reference even where the
    definition is in another message (another section of the same page); a page numbers
    footnotes 1, 2, ... in the order the English defines them."""
    labels = tuple(labels)
    return {"footnotes": {"refs": {":" + label: -1 for label in labels}, "list": {}},
            "footnote_numbers": {label: n for n, label in enumerate(labels, 1)}}


# --------------------------------------------------------------------------- HTML

#: a bare http(s) URL in text (escaped HTML: no quote or angle bracket inside)
_URL_RE = re.compile(r"https?://[^\s<>&\"']+")


def _url_span(m: re.Match[str]) -> str:
    """A bare URL in a left-to-right span, less the punctuation of the sentence around it
    ("see https://example.com/logos."; a `)` closing one of the URL's own stays, as GFM reads it)."""
    url = m.group(0)
    while url[-1] in ".,;:!?" or (url[-1] == ")" and url.count(")") > url.count("(")):
        url = url[:-1]
    return f'<span class="url" dir="ltr">{url}</span>{m.group(0)[len(url):]}'


def _footnote_id(label: str, env: Mapping[str, Any]) -> str:
    # `:` is in no section id ([a-z0-9-]), so a footnote never takes a section's anchor
    return f"fn:{env.get('footnote_numbers', {}).get(label, label)}"


def html_rules(md: "MarkdownIt") -> None:
    """Page HTML for GFM: `<del>`, column alignment as a class, footnotes that link.

    A reference is ``<a class="footnote-ref" href="#fn:N">N</a>``; a definition renders
    where the English writes it, as ``<div class="footnote" id="fn:N" role="note">``.
    """
    from markdown_it.common.utils import escapeHtml

    def strike(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        return '<del class="strike">' if tokens[idx].nesting == 1 else "</del>"

    def cell(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        tok = tokens[idx]
        style = str(tok.attrGet("style") or "")
        align = style.removeprefix("text-align:") if style.startswith("text-align:") else None
        scope = ' scope="col"' if tok.tag == "th" else ""
        css_class = f' class="align-{align}"' if align else ""
        return f"<{tok.tag}{scope}{css_class}>"

    def footnote_ref(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        label = str(tokens[idx].meta["label"])
        anchor = _footnote_id(label, env)
        number = escapeHtml(anchor.removeprefix("fn:"))
        return f'<a class="footnote-ref" href="#{escapeHtml(anchor)}">{number}</a>'

    def footnote_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        label = str(tokens[idx].meta["label"])
        anchor = _footnote_id(label, env)
        number = escapeHtml(anchor.removeprefix("fn:"))
        return (f'<div class="footnote" id="{escapeHtml(anchor)}" role="note">'
                f'<span class="footnote-number">{number}</span>\n')

    def footnote_close(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        return "</div>\n"

    def text(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        # a bare URL keeps its left-to-right order inside right-to-left text
        return _URL_RE.sub(_url_span, escapeHtml(tokens[idx].content))

    for name, rule in (("text", text), ("s_open", strike), ("s_close", strike), ("th_open", cell), ("td_open", cell),
                       ("footnote_ref", footnote_ref), ("footnote_reference_open", footnote_open),
                       ("footnote_reference_close", footnote_close)):
        md.add_render_rule(name, rule)


# --------------------------------------------------------------------------- structure

#: a footnote reference or definition label, `[^label]`
FOOTNOTE_RE = re.compile(r"\[\^([^\]\s]+)\]")


def table_shapes(tokens: Iterable["Token"]) -> tuple[tuple[int, int], ...]:
    """(rows, columns) of each GFM table in ``tokens``, header row included."""
    shapes: list[tuple[int, int]] = []
    rows = columns = 0
    for tok in tokens:
        if tok.type == "table_open":
            rows = columns = 0
        elif tok.type == "tr_open":
            rows += 1
        elif tok.type == "th_open":
            columns += 1
        elif tok.type == "table_close":
            shapes.append((rows, columns))
    return tuple(shapes)


def dropped_table_cells(tokens: Sequence["Token"], lines: Sequence[str],
                        offset: int) -> tuple[tuple[int, int, int], ...]:
    """(file line, cells, the header's cells) of each table row with more cells than its header:
    GFM shows a row's first cells only, as many as the header has, and drops the rest unseen.
    Cells are counted as the table rule splits them (unescaped `|`, the outer pipes left out)."""
    from markdown_it.rules_block.table import escapedSplit

    found: list[tuple[int, int, int]] = []
    header = 0
    for tok in tokens:
        if tok.type == "thead_open":
            header = 0
        elif tok.type == "th_open":
            header += 1
        elif tok.type == "tr_open" and tok.map and header:
            text = lines[tok.map[0]].strip()
            while text.startswith(">"):  # a table in a block quote
                text = text[1:].strip()
            cells = escapedSplit(text)
            if cells and cells[0].strip() == "":
                cells = cells[1:]
            if cells and cells[-1].strip() == "":
                cells = cells[:-1]
            if len(cells) > header:
                found.append((offset + tok.map[0] + 1, len(cells), header))
    return tuple(found)


#: a code span (its text is code, not syntax of another tool)
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")


def extension_syntax(tokens: Sequence["Token"], lines: Sequence[str], offset: int) -> tuple[tuple[int, str], ...]:
    """(file line, text) of every kramdown/Liquid construct, raw HTML tag (`<br>`, `<a name=...>`)
    and image outside code in ``lines``: pages show each as text (raw HTML and images are off)."""
    if not any("{" in line or "<" in line or "![" in line for line in lines):
        return ()
    code_lines = {n for t in tokens if t.type in ("fence", "code_block") and t.map
                  for n in range(t.map[0], t.map[1])}
    return tuple((offset + n + 1, m.group(0)) for n, line in enumerate(lines) if n not in code_lines
                 for m in EXTENSION_SYNTAX_RE.finditer(_CODE_SPAN_RE.sub("", line)))


#: a code span, and a code fence's opening or closing line
_CODE_SPAN_TEXT_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)\Z")


BLOCK_KINDS = ("heading", "item", "code", "blockquote", "hr", "block")


def block_counts(tokens: Iterable["Token"]) -> dict[str, int]:
    """Counts of the Markdown blocks that a translation must keep."""
    counts = dict.fromkeys(BLOCK_KINDS, 0)
    for tok in tokens:
        if tok.type == "heading_open":
            counts["heading"] += 1
        elif tok.type == "list_item_open":
            counts["item"] += 1
        elif tok.type in ("fence", "code_block"):
            counts["code"] += 1
        elif tok.type in ("blockquote_open", "hr"):
            counts[tok.type.removesuffix("_open")] += 1
        if tok.level == 0 and tok.nesting != -1 and tok.type != "inline":
            counts["block"] += 1
    return counts


def without_code(text: str) -> str:
    """``text`` without the content of code spans and fenced code blocks (shown as text)."""
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE_RE.match(line)
        if fence is None:
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = m.group(1)
                out.append(m.group(2))  # the info string is not code
            else:
                out.append(line)
        elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip():
            fence = None
    return _CODE_SPAN_TEXT_RE.sub(" ", "\n".join(out))


# --------------------------------------------------------------------------- text

def blocks_text(tokens: Sequence["Token"]) -> list[str]:
    """The words a reader sees in ``tokens`` (markup removed), in order."""
    words: list[str] = []
    for tok in tokens:
        if tok.type in ("fence", "code_block"):
            words.extend(tok.content.split())
        for child in tok.children or ():
            if child.type in ("text", "code_inline"):
                words.extend(child.content.split())
            elif child.type == "footnote_ref":
                words.append(str(child.meta["label"]))
            elif child.type == "image":
                words.extend(child.content.split())
    return words
