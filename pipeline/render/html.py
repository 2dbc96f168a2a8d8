"""HTML pages from a document, its section states and the `ui` catalogs (Jinja2).

Autoescaping is on and Markdown is rendered with raw HTML off; links keep only
http, https, mailto and ``#<id>`` of a section of the same document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ..links import may_name_document
from ..localefacts import format_month, locale_facts
from . import STATIC_DIR, template_dirs, template_error

if TYPE_CHECKING:
    from jinja2 import Environment
    from markdown_it import MarkdownIt

    from ..config import Config
    from ..freshness import SectionState
    from ..links import LinkTargets
    from ..pofile import Entry
    from ..source import Document, Section

__all__ = ["UiTranslator", "PageLink", "SectionView", "render_markdown", "page_html", "compare_html",
           "Templates", "css_string"]

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def css_string(text: str) -> str:
    """A CSS string literal that cannot end the string or the `<style>` element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class UiText(str):
    """A template string; ``english`` when a translated page shows the English for want of a
    current translation (the template marks it `lang`/`dir`, see :func:`source_language`)."""

    english = False


class UiTranslator:
    """`pgettext` for templates: a locale's current `ui` translation, else the English."""

    def __init__(self, chain: Sequence[Mapping[str | None, "Entry"]]) -> None:
        self.chain = chain

    def _translation(self, context: str, msgid: str) -> str | None:
        for entries in self.chain:
            entry = entries.get(context)
            if entry is not None and entry.translated:
                if entry.msgid == msgid and not entry.fuzzy:
                    return entry.msgstr
                return None  # stale or unconfirmed: the English is safer
        return None

    def lookup(self, context: str, msgid: str) -> str:
        found = self._translation(context, msgid)
        return msgid if found is None else found

    def __call__(self, context: str, msgid: str, **values: Any) -> str:
        found = self._translation(context, msgid)
        text = UiText(_PLACEHOLDER_RE.sub(lambda m: str(values.get(m.group(1), m.group(0))),
                                          msgid if found is None else found))
        text.english = found is None and bool(self.chain)
        return text

    def css(self, context: str, msgid: str) -> str:
        """The string as CSS `content`, placeholders {page}/{pages} as counters."""
        from markupsafe import Markup

        text = self.lookup(context, msgid)
        parts: list[str] = []
        pos = 0
        for m in _PLACEHOLDER_RE.finditer(text):
            if m.start() > pos:
                parts.append(css_string(text[pos : m.start()]))
            name = m.group(1)
            parts.append(f"counter({name})" if name in ("page", "pages") else css_string(m.group(0)))
            pos = m.end()
        if pos < len(text):
            parts.append(css_string(text[pos:]))
        return Markup(" ".join(parts) or '""')


@lru_cache(maxsize=None)
def _markdown() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    from ..markdown import gfm_plugin, html_rules

    md = MarkdownIt("commonmark", {"html": False}).use(gfm_plugin).use(html_rules)
    md.disable("image")  # nothing is ever fetched from a translation
    return md


def render_markdown(text: str, section_ids: frozenset[str] = frozenset(), inline: bool = False,
                    links: "LinkTargets | None" = None, footnotes: Sequence[str] = ()) -> str:
    """Markdown → safe HTML: raw HTML escaped, only allowed link targets become links.

    ``links``: where links to other documents go from this page (:mod:`..links`); without
    it they render as text. Memoised: the same English body appears on every region's page
    and every release (whose sections differ: the ids matter only to a text with a `#`
    link target, the page's links only to a text naming another document).
    """
    if links is not None and not may_name_document(text, links.prefixes):
        links = None
    # ``footnotes``: the document's footnote labels (a reference links to its definition
    # in whichever section of the page holds it)
    return _rendered(text, section_ids if "#" in text else frozenset(), inline, links,
                     tuple(footnotes) if "[^" in text else ())


@lru_cache(maxsize=4096)
def _rendered(text: str, section_ids: frozenset[str], inline: bool, links: "LinkTargets | None" = None,
              footnotes: tuple[str, ...] = ()) -> str:
    from ..markdown import footnote_env

    md = _markdown()

    def validate(url: str) -> bool:
        lowered = url.strip().lower()
        if lowered.startswith("#"):  # a section of the document: see below when this page lacks it
            return True
        if links is not None and links.href(url) is not None:
            return True
        return lowered.startswith(ALLOWED_SCHEMES)

    md.validateLink = validate  # type: ignore[method-assign]
    env: dict[str, Any] = footnote_env(footnotes)
    if links is None and "#" not in text:  # no link to a section: nothing to check below
        return md.renderInline(text, env) if inline else md.render(text, env)
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    for tok in tokens:
        if tok.children:
            tok.children = _linked(tok.children, section_ids, links)
    return md.renderer.render(tokens, md.options, env)


def _linked(children: list[Any], section_ids: frozenset[str], links: "LinkTargets | None") -> list[Any]:
    """An inline's tokens with each link to another document pointed at its page for this one,
    and each link to a section this page does not show (one of another region's: `check` makes
    sure the English names only sections of the document) reduced to its text."""
    out, skipping = [], False
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if href.startswith("#") and href[1:] not in section_ids:
                skipping = True
                continue
            target = links.href(href) if links is not None else None
            if target is not None:  # a document link: that document's page for this one
                child.attrSet("href", target)
        elif child.type == "link_close" and skipping:
            skipping = False
            continue
        out.append(child)
    return out


@dataclass(frozen=True, slots=True)
class PageLink:
    """A sibling page in the language switcher / hreflang links."""

    hreflang: str
    href: str
    name: str = ""
    dir: str | None = None


@dataclass(frozen=True, slots=True)
class SectionView:
    """What the template shows of one section."""

    id: str
    number: str
    level: int
    title: str
    body: Any
    state: str
    lang: str | None = None
    #: which fallback notice the template shows: "missing", "source", "outdated" or None
    notice: str | None = None
    #: the title's inline Markdown rendered (``title`` is its text)
    title_html: Any = ""


@dataclass(frozen=True, slots=True)
class PageView:
    """What the template shows of one page."""

    lang: str
    dir: str
    title: str
    updated: str
    paper: str = "A4"
    title_lang: str | None = None
    preamble: Any = None
    preamble_lang: str | None = None
    sections: Sequence[SectionView] = ()
    alternates: Sequence[PageLink] = ()
    alternates_nav: Sequence[PageLink] = ()
    canonical: str | None = None
    is_translation: bool = False
    effective: str | None = None
    version: str | None = None
    reviewed: str | None = None
    archived: str | None = None
    pdf: str | None = None
    versions: Sequence[dict[str, str]] = ()
    latest_comparison: dict[str, str] | None = None
    show_states: bool = False


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[str, ...], cache_home: str | None) -> "Environment":
    """One Jinja2 environment per template search path in a process: `serve` rebuilds on
    every save, and compiling the templates again was ~3/4 of a rebuild. Jinja2 checks each
    template file's modification time when it is asked for it, so an edit is seen. Between
    processes, compiled templates are kept in the user's cache folder (:mod:`.bytecode`)."""
    # no i18n extension: templates call the `pgettext` they are given (Babel's extractor
    # reads those calls with the extension; rendering needs none of it)
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    from .bytecode import bytecode_cache

    options: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined, "trim_blocks": False,
                               "auto_reload": True}
    return Environment(loader=ChoiceLoader([FileSystemLoader(d) for d in template_dirs]),
                       bytecode_cache=bytecode_cache(cache_home, options), **options)


class Templates:
    """The Jinja2 environment and CSS of a project (package templates + overrides)."""

    def __init__(self, config: "Config") -> None:
        self.config = config
        self._env: "Environment | None" = None
        self._css: str | None = None

    @property
    def env(self) -> "Environment":
        if self._env is None:
            from ..usercache import user_cache_home

            self._env = _environment(tuple(str(d) for d in template_dirs(self.config)), user_cache_home())
        return self._env

    def preload(self) -> None:
        """Load every template now: one that does not parse stops a build before it renders."""
        for name in self.env.list_templates(filter_func=lambda n: n.endswith(".j2")):
            self.template(name)
        _ = self.css

    def template(self, name: str) -> Any:
        from jinja2 import TemplateError

        try:
            return self.env.get_template(name)
        except TemplateError as exc:
            raise template_error(exc, self.config, name) from None

    def static_file(self, name: str) -> Path:
        for directory in template_dirs(self.config):
            if (directory / name).is_file():
                return directory / name
        return STATIC_DIR / name

    @property
    def css(self) -> str:
        if self._css is None:
            screen = self.static_file("style.css").read_text(encoding="utf-8")
            printed = self.static_file("print.css").read_text(encoding="utf-8")
            self._css = screen + "\n@media print {\n" + printed + "\n}\n"
        return self._css

    def render(self, name: str, translate: UiTranslator, **context: Any) -> str:
        """A localized page: the template gets the `pgettext` of its locale and the CSS."""
        from markupsafe import Markup

        return self.render_page(name, pgettext=translate, css_pgettext=translate.css,
                                css=Markup(self.css), **context)

    def render_page(self, name: str, **context: Any) -> str:
        """Every rendering goes through here: a template error is one `path:line` line."""
        from jinja2 import TemplateError

        template = self.template(name)
        try:
            return template.render(**context)
        except TemplateError as exc:  # e.g. an override using a name the page does not have
            raise template_error(exc, self.config, name) from None


def displayed_text(sec: "Section", st: "SectionState", *, locale: str, source_locale: str,
                   on_stale: str) -> tuple[str, str, str | None]:
    """(title, body Markdown, notice kind) a page shows for a section; the notice kind is
    None for a current translation, "outdated" for an old translation shown anyway,
    "missing"/"source" when the English is shown."""
    if locale == source_locale:
        return sec.title, sec.body, None
    if st.state == "current":
        return st.title_translation or sec.title, st.body_translation or sec.body, None
    if st.state in ("stale", "review") and on_stale == "translation":
        return st.title_translation or sec.title, st.body_translation or sec.body, "outdated"
    return sec.title, sec.body, "missing" if st.state == "missing" else "source"


def section_view(sec: "Section", number: str, st: "SectionState", *, locale: str, source_locale: str,
                 on_stale: str, section_ids: frozenset[str], links: "LinkTargets | None" = None,
                 footnotes: Sequence[str] = ()) -> SectionView:
    """Title and body of one section as the page shows them, with the fallback notice."""
    from markupsafe import Markup

    title, body, notice = displayed_text(sec, st, locale=locale, source_locale=source_locale,
                                         on_stale=on_stale)
    lang = source_locale if notice in ("missing", "source") else None
    # a title is inline Markdown: its heading shows it rendered, the table of contents as text
    title_html = Markup(render_markdown(title, section_ids, inline=True, links=links, footnotes=footnotes))
    return SectionView(id=sec.id, number=number, level=min(sec.level, 6), title=title_html.striptags(),
                       title_html=title_html,
                       body=Markup(render_markdown(body, section_ids, links=links, footnotes=footnotes))
                       if body else "",
                       state=st.state, lang=lang, notice=notice)


def source_language(lang: str) -> Any:
    """Template helper: ``source_language(pgettext(...))`` marks a `ui` string that a
    translated page shows in English with the English's `lang` and `dir="ltr"` (an Arabic
    page would otherwise lay out "...prevails." right to left)."""
    from markupsafe import Markup, escape

    def mark(text: str) -> Any:
        if getattr(text, "english", False):
            return Markup('<span lang="%s" dir="ltr">%s</span>') % (lang, escape(text))
        return text

    return mark


def page_html(templates: Templates, *, doc: "Document", locale: str, region: str | None,
              document_state: "SectionState", section_states: Sequence["SectionState"],
              translate: UiTranslator, paper: str = "A4", alternates: Sequence[PageLink] = (),
              canonical: str | None = None, extras: Mapping[str, Any] | None = None,
              extra_body: str = "", show_states: bool = False, links: "LinkTargets | None" = None) -> str:
    """One localized page of ``doc`` (the sections are those of the page's region); ``links``:
    where its links to other documents go (None: they render as text)."""
    from markupsafe import Markup

    from ..source import section_numbers

    config = templates.config
    src = config.source_locale
    sections = doc.sections_for_region(region)
    numbers = section_numbers(sections)
    ids = frozenset(s.id for s in sections)
    direction, _ = locale_facts(locale)
    title, title_lang = doc.title, None
    preamble, preamble_lang = doc.preamble, None
    if locale != src:
        ok = document_state.state == "current" or (document_state.state in ("stale", "review")
                                                   and config.on_stale == "translation")
        if ok:
            title = document_state.title_translation or doc.title
            preamble = document_state.body_translation or doc.preamble
        else:
            title_lang = preamble_lang = src
    views = [section_view(s, numbers[s.id], st, locale=locale, source_locale=src,
                          on_stale=config.on_stale, section_ids=ids, links=links, footnotes=doc.footnotes)
             for s, st in zip(sections, section_states)]
    from ..config import bcp47

    page = PageView(**{"lang": bcp47(locale), "dir": direction, "title": title, "title_lang": title_lang,
                       "updated": format_month(doc.updated, locale), "paper": paper,
                       "preamble": Markup(render_markdown(preamble, ids, links=links, footnotes=doc.footnotes))
                       if preamble else None,
                       "preamble_lang": preamble_lang if preamble else None, "sections": views,
                       "alternates": list(alternates),
                       "alternates_nav": [a for a in alternates if a.hreflang not in ("x-default", bcp47(locale))],
                       "canonical": canonical, "show_states": show_states,
                       # the "this is a translation" notice only where a translation is shown
                       "is_translation": locale != src and (title_lang is None
                                                            or any(v.lang is None for v in views)),
                       **(extras or {})})
    return templates.render("page.html.j2", translate, page=page, extra_body=Markup(extra_body),
                            en=source_language(bcp47(src)))


def compare_html(templates: Templates, *, locale: str, translate: UiTranslator,
                 page: Mapping[str, Any]) -> str:
    """A comparison page between two releases (changes already diffed to safe HTML)."""
    from ..config import bcp47

    direction, _ = locale_facts(locale)
    return templates.render("compare.html.j2", translate,
                            page={"lang": bcp47(locale), "dir": direction, **page},
                            en=source_language(bcp47(templates.config.source_locale)))
