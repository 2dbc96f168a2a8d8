"""The checks of one translated message against the English it was made for.

A check is a function ``(english, translation, context) -> Iterable[(severity, message)]``
registered in :data:`CHECKS` under its id; :data:`ERROR_CHECKS` are those that can find
errors (what gates a build). :mod:`.check` runs them over catalogs.

Markdown is read as the renderer reads it (CommonMark, raw HTML off), but with
every link target kept as written, so that a ``javascript:`` target spelt with
entities, in capitals or through a reference definition is seen for what the
page would make of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from .catalog import UI_DOMAIN
from .links import link_refusal
from .markdown import FOOTNOTE_RE, block_counts, table_shapes, without_code

__all__ = ["CHECKS", "EMAIL_RE", "ERROR", "ERROR_CHECKS", "WARNING", "Context", "ascii_digits", "link_targets",
           "links_without_images", "short", "urls"]

ERROR, WARNING = "error", "warning"


class Context(NamedTuple):
    """What a check may need beyond the two texts."""

    msgctxt: str
    domain: str
    keep: tuple[str, ...]
    section_ids: frozenset[str]
    #: every document id -> its section ids (what a link to another document may name)
    documents: Mapping[str, frozenset[str]] = {}
    #: the configured `link-prefixes`
    link_prefixes: tuple[str, ...] = ()


Result = Iterable[tuple[str, str]]

#: an http(s)/ftp URL; ASCII only, so that CJK text right after a URL is not taken as part of it
URL_RE = re.compile(r"(?<![A-Za-z0-9+.-])(?:https?|ftp)://[!-~]*[A-Za-z0-9/#=&_~%+-]", re.ASCII)
_URL_STOP_RE = re.compile(r"[\s<>()\[\]\"'`]")
EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b", re.ASCII)
#: the start of anything a browser would parse as markup: a tag, an end tag, a comment, a PI
TAG_RE = re.compile(r"</?[A-Za-z][^\s<>/]*(?:[\s/][^<>]*)?>?|<!|<\?")
AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>")
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: any single-brace group, e.g. `{page}`, `{page!r}`, `{0}`, `{ page }`
BRACES_RE = re.compile(r"(?<!\{)\{(?!\{)([^{}]*)\}(?!\})")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*", re.ASCII)


@lru_cache(maxsize=None)
def _md(inline: bool = True):
    """A CommonMark parser that keeps every link target as written (none rejected or encoded).

    Without the inline pass (``inline=False``) it gives the block structure at two
    thirds of the cost.
    """
    from markdown_it import MarkdownIt

    from .markdown import gfm_plugin

    # as the renderer parses: raw HTML is text, GFM tables, footnotes, comments dropped
    md = MarkdownIt("commonmark", {"html": False}).use(gfm_plugin)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    if not inline:
        md.core.ruler.disable("inline")
    return md


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple:
    return tuple(_md().parse(text))


@lru_cache(maxsize=4096)
def _block_tokens(text: str) -> tuple:
    return tuple(_md(inline=False).parse(text))


def _may_link(text: str) -> bool:
    """Whether ``text`` can hold a link or image at all: every one needs `[` or `<`."""
    return "[" in text or "<" in text


@lru_cache(maxsize=4096)
def link_targets(text: str, images: bool = True) -> tuple[str, ...]:
    """Targets of every link, autolink and (``images``) image, in order (reference links resolved)."""
    if not _may_link(text):
        return ()
    out = []
    for tok in _tokens(text):
        for child in tok.children or ():
            if child.type == "link_open":
                out.append(str(child.attrGet("href") or ""))
            elif child.type == "image" and images:
                out.append(str(child.attrGet("src") or ""))
    return tuple(out)


def links_without_images(text: str) -> tuple[str, ...]:
    """Targets of every link and autolink: what the English links to (its images are
    :mod:`.check_source`'s warnings, shown as text)."""
    return link_targets(text, images=False)


def _images(text: str) -> int:
    if "![" not in text:
        return 0
    return sum(1 for tok in _tokens(text) for c in tok.children or () if c.type == "image")


def _differences(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    """What ``a`` has more of than ``b``, and ``b`` more than ``a`` (each once, in order
    of appearance): two Counters' differences, without the Counters for the usual case
    of two equal lists (most texts carry no URL, tag or placeholder at all)."""
    if a == b:
        return [], []
    ca, cb = Counter(a), Counter(b)
    return list(ca - cb), list(cb - ca)


def urls(text: str) -> list[str]:
    return [_URL_STOP_RE.split(m.group(0), 1)[0].rstrip(".,;:!?") for m in URL_RE.finditer(text)]


@lru_cache(maxsize=4096)
def _structure(text: str) -> dict[str, int]:
    """Counts of the Markdown blocks that a translation must keep (shared: read only)."""
    return block_counts(_block_tokens(text))


def check_url(en: str, tr: str, ctx: Context) -> Result:
    missing, extra = _differences(urls(en), urls(tr))
    for url in missing:
        yield ERROR, f"URL {url} of the English is missing or altered"
    for url in extra:
        yield ERROR, f"URL {url} is not in the English"


def check_email(en: str, tr: str, ctx: Context) -> Result:
    missing, extra = _differences([e.lower() for e in EMAIL_RE.findall(en)],
                                  [e.lower() for e in EMAIL_RE.findall(tr)])
    for email in missing:
        yield ERROR, f"e-mail address {email} of the English is missing or altered"
    for email in extra:
        yield ERROR, f"e-mail address {email} is not in the English"


def check_link_target(en: str, tr: str, ctx: Context) -> Result:
    links_en, links_tr = link_targets(en), link_targets(tr)
    missing, extra = _differences(links_en, links_tr)
    for target in missing:
        yield ERROR, f"link target {target!r} of the English is missing or changed"
    for target in extra:
        yield ERROR, f"link target {target!r} is not in the English"
    if _images(tr) > _images(en):
        yield ERROR, "an image that the English does not have (translations show no images)"
    if not missing and not extra and len(set(links_en)) > 1 and links_en != links_tr:
        yield WARNING, "links in another order than in the English: check that each link text still goes with its target"


def check_link_scheme(en: str, tr: str, ctx: Context) -> Result:
    for target in dict.fromkeys(link_targets(tr)):
        problem = link_refusal(target, ctx.section_ids, ctx.documents, ctx.link_prefixes)
        if problem is not None:
            yield ERROR, problem


def check_html(en: str, tr: str, ctx: Context) -> Result:
    # a comment too: the page would not show it, but hidden text has no place in a translation
    def tags(text: str) -> list[str]:
        if "<" not in text:
            return []
        text = AUTOLINK_RE.sub(" ", without_code(text))
        return [m.group(0) for m in TAG_RE.finditer(text)]

    for tag in _differences(tags(tr), tags(en))[0]:
        yield ERROR, f"raw HTML {tag[:40]!r} in the translation (write Markdown; HTML is not rendered)"
        return


def check_placeholders(en: str, tr: str, ctx: Context) -> Result:
    if ctx.domain != UI_DOMAIN:
        return
    a, b = set(PLACEHOLDER_RE.findall(en)), set(PLACEHOLDER_RE.findall(tr))
    for name in sorted(a - b):
        yield ERROR, f"placeholder {{{name}}} is missing"
    for name in sorted(b - a):
        yield ERROR, f"placeholder {{{name}}} is not in the English"
    for group in dict.fromkeys(BRACES_RE.findall(tr)):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", group):
            yield ERROR, f"malformed placeholder {short('{' + group + '}')!r}: placeholders are {{name}} as in the English"


@lru_cache(maxsize=4096)
def _tables(text: str) -> tuple[tuple[int, int], ...]:
    """(rows, columns) of each GFM table, header row included."""
    return table_shapes(_block_tokens(text)) if "|" in text else ()


def _is_title(ctx: Context) -> bool:
    """A heading or the document title: shown as plain text, so "1. Compliance" is no list."""
    return ctx.msgctxt.endswith(".title")


def check_markdown(en: str, tr: str, ctx: Context) -> Result:
    if ctx.domain == UI_DOMAIN or _is_title(ctx):
        return
    a, b = _structure(en), _structure(tr)
    reported = False
    if b["heading"] > a["heading"]:
        reported = True
        yield ERROR, "a heading inside the text: headings come from the source, not the translation"
    if a["item"] != b["item"]:
        reported = True
        yield ERROR, f"{b['item']} list items where the English has {a['item']} (one '- ' line per item)"
    if a["code"] != b["code"]:
        reported = True
        yield ERROR, f"{b['code']} code blocks where the English has {a['code']}"
    for kind, label in (("blockquote", "block quotes"), ("hr", "horizontal rules")):
        if a[kind] != b[kind]:
            reported = True
            yield ERROR, f"{b[kind]} {label} where the English has {a[kind]}"
    shapes_en, shapes_tr = _tables(en), _tables(tr)
    if shapes_en != shapes_tr:
        reported = True
        shown = [", ".join(f"{r}×{c}" for r, c in shapes) or "none" for shapes in (shapes_tr, shapes_en)]
        yield ERROR, (f"tables of {shown[0]} where the English has {shown[1]} "
                      "(rows × columns, header included: keep every row and '|' cell)")
    if "[^" in en or "[^" in tr:
        missing, extra = _differences(FOOTNOTE_RE.findall(without_code(en)), FOOTNOTE_RE.findall(without_code(tr)))
        if missing or extra:
            reported = True
            yield ERROR, (f"footnote labels differ from the English (missing: {', '.join(missing) or 'none'}; "
                          f"extra: {', '.join(extra) or 'none'}): keep each [^label] as written")
    if not reported and a["block"] != b["block"]:
        yield ERROR, f"{b['block']} blocks where the English has {a['block']} (keep the blank lines)"


#: inline Markdown a translation keeps (a cookie name in `code`, a **label:**): token, what it is
_INLINE_MARKS = (("code_inline", "code spans (`...`)"), ("strong_open", "bold spans (**...**)"),
                 ("em_open", "emphasis spans (*...*)"), ("s_open", "struck spans (~~...~~)"))


@lru_cache(maxsize=4096)
def _inline_marks(text: str) -> Counter[str]:
    if not any(mark in text for mark in "`*_~"):
        return Counter()
    return Counter(child.type for tok in _tokens(text) for child in tok.children or ())


def check_formatting(en: str, tr: str, ctx: Context) -> Result:
    a, b = _inline_marks(en), _inline_marks(tr)
    for kind, label in _INLINE_MARKS:
        if a[kind] != b[kind]:
            yield WARNING, f"{b[kind]} {label} where the English has {a[kind]}"


def check_keep(en: str, tr: str, ctx: Context) -> Result:
    for term in ctx.keep:
        if term in en and term not in tr:
            yield ERROR, f"{term!r} must be kept verbatim"


def ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def check_numbers(en: str, tr: str, ctx: Context) -> Result:
    def numbers(text: str) -> list[str]:
        text = PLACEHOLDER_RE.sub("", ascii_digits(text))
        return [n.replace(",", ".") for n in NUMBER_RE.findall(text)]

    missing, extra = _differences(numbers(en), numbers(tr))
    if missing or extra:
        yield WARNING, (f"figures differ from the English (missing: {', '.join(sorted(missing)) or 'none'}; "
                        f"extra: {', '.join(sorted(extra)) or 'none'})")


def check_whitespace(en: str, tr: str, ctx: Context) -> Result:
    def shape(text: str) -> tuple[bool, bool, bool]:
        return text[:1].isspace(), text[-1:].isspace(), text.endswith("\n")

    if shape(en) != shape(tr):
        yield WARNING, "leading/trailing whitespace or final newline differs from the English"


def check_untranslated(en: str, tr: str, ctx: Context) -> Result:
    if tr == en and len(PLACEHOLDER_RE.sub("", en).split()) > 1:
        yield WARNING, "the translation is a copy of the English"


#: check id -> function, in report order
CHECKS: dict[str, Callable[[str, str, Context], Result]] = {
    "url": check_url,
    "email": check_email,
    "link-target": check_link_target,
    "link-scheme": check_link_scheme,
    "html": check_html,
    "placeholder": check_placeholders,
    "markdown": check_markdown,
    "keep": check_keep,
    "number": check_numbers,
    "formatting": check_formatting,
    "whitespace": check_whitespace,
    "untranslated": check_untranslated,
}


#: the checks that can find errors (the others only warn): what gates a build
ERROR_CHECKS = ("header", "url", "email", "link-target", "link-scheme", "html", "placeholder", "markdown",
                "keep")


def short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
