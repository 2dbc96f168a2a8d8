"""The lossless normaliser of message bodies: parsed Markdown written back as *canonical* text.

:func:`normalize_blocks` renders a run of parsed blocks back to canonical Markdown with
mdformat (MIT, built on markdown-it-py): one line per paragraph, ``-`` bullets, ordered
lists numbered from their start, fenced code, compact tables, ``*``/``**`` emphasis,
reference links made inline, only the escapes that are needed. Two spellings that render
the same give one text; any change in the rendered text gives another. The result is
checked by parsing it again: a text that would not render exactly as the source did is
refused (:class:`Unplaceable`), never shortened. Plain text takes a shorter way
(:mod:`.markdown_plain`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Mapping, MutableMapping, Sequence

from .markdown import footnote_env, gfm_plugin, html_rules

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["Unplaceable", "normalize_blocks", "normalize_heading"]


class Unplaceable(Exception):
    """Blocks whose Markdown cannot be written into a message without changing what it renders."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        #: 0-based line of the parsed text where the block starts
        self.line = line


def _em(node: Any, context: Any) -> str:
    return "*" + "".join(c.render(context) for c in node.children) + "*"


def _strong(node: Any, context: Any) -> str:
    return "**" + "".join(c.render(context) for c in node.children) + "**"


def _hr(node: Any, context: Any) -> str:
    return "***"  # never a setext underline, whatever precedes it


def _ordered_list(node: Any, context: Any) -> str:
    """Items numbered from the list's start, each continuation indented under its own text."""
    from mdformat.renderer._util import get_list_marker_type, is_tight_list

    marker = get_list_marker_type(node)
    start = node.attrs.get("start", 1)
    items: list[str] = []
    for index, item in enumerate(node.children):
        prefix = f"{start + index}{marker}"
        with context.indented(len(prefix) + 1):
            first, *rest = item.render(context).split("\n")
        lines = [f"{prefix} {first}" if first else prefix]
        lines.extend(" " * (len(prefix) + 1) + line if line else "" for line in rest)
        items.append("\n".join(lines))
    return ("\n" if is_tight_list(node) else "\n\n").join(items)


def _footnote_definition(node: Any, context: Any) -> str:
    from mdformat_footnote.plugin import RENDERERS

    return RENDERERS["footnote"](node, context)


class _Canonical:
    """Our overrides (an mdformat parser extension: renderers only)."""

    RENDERERS = {"em": _em, "strong": _strong, "ordered_list": _ordered_list, "hr": _hr,
                 "footnote_reference": _footnote_definition}
    POSTPROCESSORS: Mapping[str, Any] = {}


class _KeepMarkers(_Canonical):
    """The same, emphasis markers as written: for the rare text where `_` cannot become `*`."""

    RENDERERS = {k: v for k, v in _Canonical.RENDERERS.items() if k not in ("em", "strong")}


@lru_cache(maxsize=None)
def _options(keep_markers: bool) -> dict[str, Any]:
    from mdformat.plugins import PARSER_EXTENSIONS

    ours = _KeepMarkers if keep_markers else _Canonical
    return {"parser_extension": [ours, PARSER_EXTENSIONS["gfm"], PARSER_EXTENSIONS["tables"],
                                 PARSER_EXTENSIONS["footnote"]],
            "mdformat": {"wrap": "no", "number": True, "plugin": {"tables": {"compact_tables": True}}}}


def _render(tokens: Sequence["Token"], keep_markers: bool) -> str:
    import logging

    from mdformat.renderer import MDRenderer

    logging.getLogger("mdformat").setLevel(logging.ERROR)  # our overrides are not a conflict
    return MDRenderer().render(list(tokens), _options(keep_markers), {}, finalize=False).strip("\n")


_PRE_RE = re.compile(r"(<pre>.*?</pre>)", re.S)


@lru_cache(maxsize=None)
def _page_renderer() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).use(gfm_plugin).use(html_rules)


def _html(md: "MarkdownIt", tokens: Sequence["Token"], env: MutableMapping[str, Any]) -> str:
    """HTML of ``tokens`` as a page shows it (footnotes by label, whatever the order of
    references), runs of white space outside code blocks as one space."""
    page = _page_renderer()
    parts = _PRE_RE.split(page.renderer.render(list(tokens), page.options, env))
    return "".join(part if i % 2 else " ".join(part.split()) for i, part in enumerate(parts))


def normalize_blocks(md: "MarkdownIt", tokens: Sequence["Token"], labels: Iterable[str] = (),
                     lines: Sequence[str] | None = None) -> str:
    """Canonical Markdown of ``tokens`` (whole top-level blocks parsed by ``md`` from ``lines``).

    ``labels``: the footnote labels defined anywhere in the document. Raises
    :class:`Unplaceable` when no canonical text renders as ``tokens`` do.
    """
    tokens = _without_empty_paragraphs(tokens)
    if not tokens:
        return ""
    if lines is not None:
        from .markdown_plain import plain_blocks

        plain = plain_blocks(tokens, lines)
        if plain is not None:
            return plain
    expected = _html(md, tokens, footnote_env(labels))
    for keep_markers in (False, True):
        try:
            text = _render(tokens, keep_markers)
        except (KeyError, AssertionError, ValueError) as exc:  # a token type mdformat cannot write
            raise Unplaceable(f"cannot write this Markdown into a message ({exc})", _first_line(tokens)) from None
        # a no-break space written as itself is trimmed away at the edge of a table cell (a cell of
        # only `&nbsp;`, as Word and HTML converters write an empty one): then it stays an entity
        for candidate in dict.fromkeys((text, text.replace("\xa0", "&nbsp;"))):
            env = footnote_env(labels)
            if _html(md, md.parse(candidate, env), env) == expected:
                return candidate
    raise Unplaceable("this Markdown cannot be written into a message without changing what it shows",
                      _first_line(tokens))


def _without_empty_paragraphs(tokens: Sequence["Token"]) -> list["Token"]:
    """``tokens`` less the paragraphs left empty by the comments they held (nothing to show)."""
    empty = {i + d for i, tok in enumerate(tokens[:-2]) if tok.type == "paragraph_open"
             and tokens[i + 1].type == "inline" and not tokens[i + 1].children for d in (0, 1, 2)}
    return [tok for i, tok in enumerate(tokens) if i not in empty] if empty else list(tokens)


def normalize_heading(md: "MarkdownIt", tokens: Sequence["Token"], labels: Iterable[str] = ()) -> str:
    """Canonical inline Markdown of a heading (``tokens``: its open, inline and close tokens),
    without the `#` marks: "1. Compliance" stays as written (a heading is no list)."""
    inline = tokens[1]
    if all(c.type == "text" for c in inline.children or ()) and not _NEEDS_ESCAPE_RE.search(inline.content):
        return " ".join(inline.content.split())  # plain words: nothing to write out
    expected = _html(md, [inline], footnote_env(labels))  # the text, not the heading's id
    for keep_markers in (False, True):
        text = _render(tokens, keep_markers).lstrip("#").strip()
        env = footnote_env(labels)
        again = md.parse("## " + text, env)
        if len(again) == 3 and _html(md, [again[1]], env) == expected:
            return text
    raise Unplaceable("this heading cannot be written into a message without changing what it shows",
                      _first_line(tokens))


#: characters a plain heading's text may not contain to be taken as it is
_NEEDS_ESCAPE_RE = re.compile(r"[\\`*_\[\]<>&!~|{}#]|\s\s")


def _first_line(tokens: Sequence["Token"]) -> int:
    for tok in tokens:
        if tok.map:
            return tok.map[0]
    return 0
