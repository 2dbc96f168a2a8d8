"""Translation QA: every translated message of the catalogs checked against the English it
was made for (the checks themselves: :mod:`.check_messages`); ``build`` runs the error-level
ones and withholds a locale that has any. Headers (``header``: Language and Plural-Forms as
Babel has them) and the source (``heading-id``, ``extension-syntax``, ``raw-html``, ``image``,
``table-cells``: :mod:`.check_source`; ``link-scheme`` and ``footnote``: :func:`source_link_findings`)
are checked apart.

Findings are one line each: characters of a translation that would break a line are shown
escaped.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

from .catalog import UI_DOMAIN, document_messages, locale_catalog_path, load_locale_catalog, plural_forms
from .check_messages import CHECKS, ERROR, ERROR_CHECKS, WARNING, Context, links_without_images, short
from .config import Config
from .links import documents_table, footnote_region_problems, source_link_problems
from .freshness import CURRENT, message_state
from .pofile import Catalog, Entry
from .source import Document

__all__ = ["CHECKS", "ERROR", "ERROR_CHECKS", "WARNING", "Finding", "check_catalog", "findings_json",
           "one_line", "run_checks", "source_link_findings"]


class Finding(NamedTuple):
    """One QA finding, at the line of the `.po` entry (or source heading)."""

    path: str
    line: int
    severity: str
    check: str
    locale: str | None
    msgctxt: str | None
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: [{self.check}] {self.message}"


def one_line(message: str) -> str:
    """A finding is one line: control characters and line separators quoted from a
    translation are shown escaped."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in message)


def _header_findings(cat: Catalog, locale: str, path: str) -> Iterator[Finding]:
    """Language and Plural-Forms must be Babel's (compared as text; never evaluated)."""
    entry_line = cat.header_line or 1
    language = (cat.header_value("Language") or "").strip()
    if language.replace("-", "_") != locale:
        yield Finding(path, cat.header_lines.get("language", entry_line), ERROR, "header", locale, None,
                      f"Language header is {short(language)!r}; Babel's locale is {locale!r} (run update)")
    expected = plural_forms(locale)
    found = cat.header_value("Plural-Forms") or ""
    if "".join(found.split()).rstrip(";") != "".join(expected.split()).rstrip(";"):
        yield Finding(path, cat.header_lines.get("plural-forms", entry_line), ERROR, "header", locale, None,
                      f"Plural-Forms is {short(found)!r}; Babel's rule for {locale} is {expected!r} (run update)")


#: what a fault of a fuzzy entry that no page shows says: it is a warning, for it cannot reach a
#: page (a stale or review section shows the English with `on-stale = "source"`, and a `ui`
#: message shows only a current translation), and so it does not withhold the locale
UNSHOWN = "(fuzzy: no page shows it until it is confirmed; fix it then)"


def _fuzzy_shown(entry: Entry, today: Mapping[str | None, str], domain: str, config: Config) -> bool:
    """Whether a page may show a fuzzy entry's translation: a document's, with `on-stale =
    "translation"`, or when its `#|` is today's English again (A → B → A: it is current, and
    `update` confirms it); never a `ui` message's."""
    if domain == UI_DOMAIN:
        return False
    english = today.get(entry.msgctxt, entry.msgid)
    return config.on_stale == "translation" or message_state(english, entry).state == CURRENT


def check_catalog(cat: Catalog, locale: str, domain: str, path: str, config: Config,
                  doc: Document | None, enabled: Iterable[str] | None = None,
                  documents: Mapping[str, frozenset[str]] | None = None) -> list[Finding]:
    """Findings of one catalog: its header, then each translated active entry.

    A fuzzy entry's errors are warnings (:data:`UNSHOWN`) unless a page may show it
    (:func:`_fuzzy_shown`).
    ``enabled`` limits the checks to those ids (``"header"`` for the header's);
    ``documents``: every document's section ids, for links to other documents (None: this one's only).
    """
    wanted = None if enabled is None else set(enabled)
    checks = {k: v for k, v in CHECKS.items() if wanted is None or k in wanted}
    findings = list(_header_findings(cat, locale, path)) if wanted is None or "header" in wanted else []
    ids = frozenset(s.id for s in doc.sections) if doc else frozenset()
    if documents is None:
        documents = {doc.id: ids} if doc else {}
    today: dict[str | None, str] | None = None  # the English of each message, once a fuzzy entry asks
    for entry in cat.entries:
        if entry.obsolete or not entry.translated or entry.msgctxt is None:
            continue
        if entry.fuzzy and today is None:
            today = {m.msgctxt: m.msgid for m in document_messages(doc, config)} if doc is not None else {}
        shown = not entry.fuzzy or _fuzzy_shown(entry, today or {}, domain, config)
        # check against the English the translation was made for
        english = entry.previous_msgid if (entry.fuzzy and entry.previous_msgid is not None) else entry.msgid
        ctx = Context(entry.msgctxt, domain, config.keep, ids, documents, config.link_prefixes)
        for check_id, fn in checks.items():
            for severity, message in fn(english, entry.msgstr, ctx):
                if severity == ERROR and not shown:
                    severity, message = WARNING, f"{message} {UNSHOWN}"
                findings.append(Finding(path, entry.line, severity, check_id, locale, entry.msgctxt,
                                        one_line(message)))
    return findings


def source_link_findings(config: Config, docs: Sequence[Document]) -> list[Finding]:
    """An error at each English link that a page cannot show as a link (a document or section
    that does not exist, or a relative path or scheme pages do not link to; the page shows it
    as its Markdown text), and at each footnote reference that a region's pages show without its
    definition: `check` reports them, and `build` too."""
    findings = [Finding(path, line, ERROR, "link-scheme", None, section, message)
                for path, line, section, message in source_link_problems(config, docs, links_without_images)]
    findings += [Finding(path, line, ERROR, "footnote", None, section, message)
                 for path, line, section, message in footnote_region_problems(config, docs)]
    return sorted(findings, key=lambda f: (f.path, f.line))


def config_findings(config: Config) -> list[Finding]:
    """Warnings on what the configuration leaves unpublished: a locale folder of `.po` files that
    `locales` does not name, and (with regions, where a locale is published only in the regions
    that list it) a translated locale that no region shows and none falls back to."""
    findings = [Finding(f"locales/{folder.name}/LC_MESSAGES/{po.name}", 1, WARNING, "config", folder.name, None,
                        f"locale {folder.name!r} is not configured: its translations are not published "
                        "(add it to locales in pyproject.toml)")
                for folder in sorted(config.locales_dir.glob("*/"))
                if folder.name not in config.locales and folder.name != config.source_locale
                for po in sorted((folder / "LC_MESSAGES").glob("*.po"))[:1]]
    if not config.regions:
        return findings
    shown = {loc for region in config.regions.values() for loc in region.locales}
    bases = {base for loc in shown for base in config.fallback_chain(loc)}
    try:
        lines = (config.root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if text.strip().startswith("locales")), 1)
    return findings + [Finding("pyproject.toml", line, WARNING, "config", loc, None,
                               f"locale {loc!r} is in no region: no page is built for it (add it to a region's "
                               "locales)") for loc in config.locales if loc not in shown and loc not in bases]


def run_checks(config: Config, docs: Sequence[Document], locales: Sequence[str], *,
               catalogs: Mapping[tuple[str, str], Catalog | None] | None = None,
               enabled: Iterable[str] | None = None, include_source: bool = False) -> list[Finding]:
    """Every finding for ``locales``: source warnings first, then catalogs in order."""
    from .check_glyphs import CHECK_ID as GLYPHS, catalog_glyph_findings, source_glyph_findings
    from .check_source import source_findings

    findings: list[Finding] = []
    enabled = None if enabled is None else tuple(enabled)
    glyphs = enabled is None or GLYPHS in enabled  # `check`'s, not the build's (see check_glyphs)
    if include_source:
        for doc in docs:
            findings.extend(Finding(*row) for row in source_findings(doc))
            if glyphs:
                findings.extend(Finding(*row) for row in source_glyph_findings(config, doc))
        findings.extend(source_link_findings(config, docs))
        findings.extend(config_findings(config))
    documents = documents_table(docs)
    domains: list[tuple[str, Document | None]] = [(d.id, d) for d in docs] + [(UI_DOMAIN, None)]
    for loc in locales:
        for domain, domain_doc in domains:
            if catalogs is not None:
                cat = catalogs.get((loc, domain))
            else:
                cat = load_locale_catalog(config, loc, domain)
            if cat is None:
                continue
            rel = locale_catalog_path(config, loc, domain).relative_to(config.root).as_posix()
            findings.extend(check_catalog(cat, loc, domain, rel, config, domain_doc, enabled, documents))
            if glyphs:
                findings.extend(Finding(*row) for row in catalog_glyph_findings(cat, loc, rel))
    return findings


def findings_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f._asdict() for f in findings], ensure_ascii=False, indent=2)
