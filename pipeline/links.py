"""Links between documents: `other.md`, `other.md#id` and site paths under `link-prefixes`.

A link names a document (and maybe a section of it); on a page it becomes a link to
the same locale and region's page of that document (else its fallback's, else the
source locale's, as the page of that locale exists). The renderer asks
:class:`LinkTargets` for an href; ``check`` asks :func:`link_problem` what is wrong
with a target (None: a link the page can show).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Collection, Iterable, Iterator, Mapping, NamedTuple, Protocol, Sequence

from .config import bcp47

if TYPE_CHECKING:
    from .config import Config
    from .source import Document, Section

__all__ = ["DocumentLink", "LinkTargets", "parse_document_link", "link_problem", "link_refusal", "page_link_targets",
           "may_name_document", "source_link_problems", "footnote_region_problems", "link_table_key", "pdf_link_base"]

#: `other.md`, `./other.md`, `other.md#section`
_MD_LINK_RE = re.compile(r"(?:\./)?(?P<doc>[^/#?\s]+)\.md(?:#(?P<section>[^#]*))?\Z")
#: what follows a link prefix: `terms`, `terms/`, `terms.html`, each with an optional `#section`
_PREFIXED_RE = re.compile(r"(?P<doc>[^/#?\s]+?)(?:\.html|/)?(?:#(?P<section>[^#]*))?\Z")


class Page(Protocol):
    """A live page as the build plans it (:class:`..output.plan.PageJob`; links are below the build)."""

    @property
    def doc_id(self) -> str: ...

    @property
    def locale(self) -> str: ...

    @property
    def region(self) -> str | None: ...

    @property
    def folder(self) -> str: ...

    @property
    def html_path(self) -> str: ...


class DocumentLink(NamedTuple):
    """A link target naming a document of the project."""

    #: the document id (a `source/<id>.md` may or may not exist)
    document: str
    #: a section id of it, or None for the document itself
    section: str | None


def parse_document_link(target: str, prefixes: Sequence[str] = ()) -> DocumentLink | None:
    """The document (and section) a link target names, or None for any other target.

    >>> parse_document_link("terms.md#refunds")
    DocumentLink(document='terms', section='refunds')
    >>> parse_document_link("/legal/terms", ("/legal/",))
    DocumentLink(document='terms', section=None)
    >>> parse_document_link("https://example.com/terms.md") is None
    True
    """
    target = target.strip()
    m = _MD_LINK_RE.match(target)
    if m is None:
        for prefix in prefixes:
            if target.startswith(prefix):
                m = _PREFIXED_RE.match(target[len(prefix):])
                break
    if m is None:
        return None
    return DocumentLink(m.group("doc"), m.group("section") or None)


def may_name_document(text: str, prefixes: Sequence[str] = ()) -> bool:
    """Whether ``text`` can hold a link to another document at all (a cheap test before parsing)."""
    return ".md" in text or any(p in text for p in prefixes)


_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
ALLOWED_SCHEMES = ("http", "https", "mailto")


def link_refusal(target: str, section_ids: Collection[str], documents: Mapping[str, frozenset[str]],
                 prefixes: Sequence[str] = ()) -> str | None:
    """Why a page cannot show a link to ``target`` as a link (None: it can): the one rule of the
    English (:func:`source_link_problems`) and of translations (``check``'s `link-scheme`).

    ``section_ids``: this document's; ``documents``: every document id and its section ids.
    """
    bare = "".join(ch for ch in target if ch > " " and ch != "\x7f")  # as a browser reads it
    if bare.startswith("#"):
        return None if bare[1:] in section_ids else f"link to {target!r}: no section of this document has that id"
    if parse_document_link(bare, prefixes) is not None:
        return link_problem(bare, documents, prefixes)
    scheme = _SCHEME_RE.match(bare)
    if not scheme or scheme.group(1).lower() not in ALLOWED_SCHEMES:
        return (f"link {target!r}: only http, https, mailto and #section links are allowed "
                "(and other-document.md ones)")
    return None


def link_problem(target: str, documents: Mapping[str, frozenset[str]], prefixes: Sequence[str] = ()) -> str | None:
    """What is wrong with a document link (None: fine, or not a document link).

    ``documents``: every document id and the ids of its sections.
    """
    link = parse_document_link(target, prefixes)
    if link is None:
        return None
    sections = documents.get(link.document)
    if sections is None:
        return f"link to {target!r}: there is no document {link.document!r} in source/"
    if link.section is not None and link.section not in sections:
        return f"link to {target!r}: document {link.document!r} has no section {link.section!r}"
    return None


@dataclass(frozen=True, eq=False)
class LinkTargets:
    """Where the links of one page may go (hashed by identity: one object a page, so the
    renderer's memo holds within the page)."""

    #: this document's id
    document: str
    #: document id -> (href of its page for this page, section ids shown on that page)
    pages: Mapping[str, tuple[str, frozenset[str]]]
    prefixes: tuple[str, ...] = ()

    def href(self, target: str) -> str | None:
        """The href a document link becomes on this page, or None (not one, or unknown)."""
        link = parse_document_link(target, self.prefixes)
        if link is None or link.document not in self.pages:
            return None
        href, sections = self.pages[link.document]
        if link.document == self.document:
            href = ""
        if link.section is None:
            return href or "#"
        if link.section in sections:
            return f"{href}#{link.section}"
        return href or None  # a section not on that region's page: the page itself


def _target_locale(config: "Config", job: "Page") -> str:
    """The first locale of the page's chain (itself, its fallbacks, the source) with a page in its region."""
    existing = config.region_locales(job.region)
    chain = (job.locale, *config.fallback_chain(job.locale), config.source_locale)
    return next((loc for loc in chain if loc in existing), job.locale)


def page_link_targets(config: "Config", docs: Sequence["Document"], job: "Page",
                      here: str | None = None) -> LinkTargets | None:
    """The link targets of one live page (or of a page at ``here`` showing the same document,
    e.g. one of its releases: links go to the live pages), or None when its English links to
    no other document."""
    doc = next(d for d in docs if d.id == job.doc_id)
    if not any(may_name_document(text, config.link_prefixes)
               for text in (doc.preamble, *(s.body for s in doc.sections), *(s.title for s in doc.sections))):
        return None
    locale = _target_locale(config, job)
    folder = f"{job.region}/{bcp47(locale)}" if job.region else bcp47(locale)
    pages = {}
    for other in docs:
        pages[other.id] = (_href(config, here or job.html_path, f"{folder}/{other.id}.html"),
                           frozenset(s.id for s in other.sections_for_region(job.region)))
    return LinkTargets(job.doc_id, pages, config.link_prefixes)


def _href(config: "Config", here: str, target: str) -> str:
    """An output's link to another (as the build's page links are): absolute with base-url, else relative."""
    import posixpath

    if config.base_url:
        return f"{config.base_url}/{target}"
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def pdf_link_base(config: "Config", job: "Page") -> str:
    """What WeasyPrint resolves a page's links against in its PDF (which sits beside the page).

    With `base-url`, the page's own address: every link becomes absolute. Without, a base
    under which relative links stay relative (``about:`` is no hierarchical scheme), so a
    link to another document's page is a relative URI annotation that a viewer resolves
    against the PDF's own location, not a `file:` path of the build machine. The page loads
    nothing by a relative URL (its CSS is inline).
    """
    if config.base_url:
        return f"{config.base_url}/{job.folder}/"
    return "about:blank"


def link_table_key(docs: Sequence["Document"]) -> str:
    """What every page's links depend on beyond its own document: the documents, their
    sections and those sections' regions (a part of each page's input key)."""
    import hashlib

    h = hashlib.sha256()
    for doc in docs:
        h.update(f"{doc.id}\0".encode())
        for sec in doc.sections:
            h.update(f"{sec.id}:{' '.join(sec.regions)}\0".encode())
    return h.hexdigest()


def documents_table(docs: Sequence["Document"]) -> dict[str, frozenset[str]]:
    """Document id -> the ids of all its sections."""
    return {d.id: frozenset(s.id for s in d.sections) for d in docs}


def source_link_problems(config: "Config", docs: Sequence["Document"],
                         link_targets: Callable[[str], Iterable[str]]) -> Iterator[tuple[str, int, str, str]]:
    """(path, line, section id, message) of each English link that a page cannot show as a link
    (:func:`link_refusal`: a document or section that does not exist, `#id` included, or a
    relative path or scheme pages do not link to); ``link_targets``: every link target of a
    text, as written (the checker's)."""

    table = documents_table(docs)
    for doc in docs:
        lines: list[str] | None = None
        parts = [("document", doc.preamble_line, doc.preamble)]
        parts += [(s.id, s.line, f"{s.title}\n\n{s.body}") for s in doc.sections]
        for section_id, first_line, text in parts:
            for target in dict.fromkeys(link_targets(text)):
                problem = link_refusal(target, table[doc.id], table, config.link_prefixes)
                if problem is None:
                    continue
                if lines is None:
                    lines = _source_lines(config, doc)
                yield doc.path, _line_of(lines, target, first_line), section_id, problem


_FOOTNOTE_DEFINITION_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)


def footnote_region_problems(config: "Config", docs: Sequence["Document"]) -> Iterator[tuple[str, int, str, str]]:
    """(path, line, section id, message) of each footnote reference that a region's page shows
    without the section that defines the footnote (tagged for other regions only): there the
    reference links to nothing."""
    from .markdown import FOOTNOTE_RE, without_code

    if not config.regions:
        return
    everywhere = frozenset(config.regions)
    for doc in docs:
        lines: list[str] | None = None
        defined_in: dict[str, "Section"] = {}  # a label of a section's own (the preamble's show everywhere)
        for sec in doc.sections:
            for label in _FOOTNOTE_DEFINITION_RE.findall(without_code(sec.body)):
                defined_in.setdefault(label, sec)
        parts = [("document", doc.preamble_line, doc.preamble, everywhere)]
        parts += [(s.id, s.line, f"{s.title}\n\n{s.body}", frozenset(s.regions) or everywhere) for s in doc.sections]
        for section_id, first_line, text, shown_in in parts:
            for label in dict.fromkeys(FOOTNOTE_RE.findall(without_code(text))):
                definition = defined_in.get(label)
                if definition is None:
                    continue
                missing = sorted(shown_in - (frozenset(definition.regions) or everywhere))
                if not missing:
                    continue
                lines = lines if lines is not None else _source_lines(config, doc)
                yield (doc.path, _line_of(lines, f"[^{label}]", first_line), section_id,
                       f"footnote [^{label}] is defined in section {definition.id!r}, which pages of region "
                       f"{', '.join(missing)} do not show: there this reference links to nothing (define it in "
                       "a section those pages show)")


def _source_lines(config: "Config", doc: "Document") -> list[str]:
    try:
        return (config.root / doc.path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def _line_of(lines: list[str], target: str, start: int) -> int:
    """The 1-based line at or after ``start`` holding ``target`` as written (the parser may have
    percent-encoded it: `<a b.pdf>` gives `a%20b.pdf`), or ``start`` if none does."""
    from urllib.parse import unquote

    for needle in dict.fromkeys((target, unquote(target))):
        for number in range(max(start, 1), len(lines) + 1):
            if needle in lines[number - 1]:
                return number
    return start
