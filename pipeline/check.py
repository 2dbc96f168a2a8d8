"""Translation QA: every translated message checked against the English it was made for.

A check is a function ``(english, translation, msg) -> Iterable[(severity, message)]``
registered in :data:`CHECKS` under its id; ``build`` runs the error-level ones
and withholds a locale that has any.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from .catalog import UI_DOMAIN, locale_catalog_path, load_locale_catalog, plural_forms
from .config import Config
from .pofile import Catalog, Entry
from .source import Document

__all__ = ["Finding", "CHECKS", "run_checks", "check_catalog", "findings_json"]

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Finding:
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


@dataclass(frozen=True, slots=True)
class Context:
    """What a check may need beyond the two texts."""

    msgctxt: str
    domain: str
    keep: tuple[str, ...]
    section_ids: frozenset[str]


Result = Iterable[tuple[str, str]]

URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?。、」）]")
EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK_RE = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)|(?:[^<>\s@]+@[^<>\s@]+))>")
TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[|<\?")
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s", re.M)
HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)|^ {0,3}(?:=+|-+)\s*$", re.M)
ALLOWED_SCHEMES = ("http", "https", "mailto")


def _links(text: str) -> list[str]:
    targets = LINK_RE.findall(text)
    targets += [m for m in AUTOLINK_RE.findall(text)]
    return targets


def check_url(en: str, tr: str, ctx: Context) -> Result:
    missing = Counter(URL_RE.findall(en)) - Counter(URL_RE.findall(tr))
    for url in missing:
        yield ERROR, f"URL {url} of the English is missing or altered"


def check_email(en: str, tr: str, ctx: Context) -> Result:
    missing = Counter(e.lower() for e in EMAIL_RE.findall(en)) - Counter(e.lower() for e in EMAIL_RE.findall(tr))
    for email in missing:
        yield ERROR, f"e-mail address {email} of the English is missing or altered"


def check_link_target(en: str, tr: str, ctx: Context) -> Result:
    a, b = Counter(_links(en)), Counter(_links(tr))
    for target in (a - b):
        yield ERROR, f"link target {target!r} of the English is missing or changed"
    for target in (b - a):
        yield ERROR, f"link target {target!r} is not in the English"


def check_link_scheme(en: str, tr: str, ctx: Context) -> Result:
    for target in _links(tr):
        if target.startswith("#"):
            if target[1:] not in ctx.section_ids:
                yield ERROR, f"link to {target!r}: no section of this document has that id"
            continue
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", target)
        if "@" in target and not scheme:
            continue  # <name@example.com> autolink
        if not scheme or scheme.group(1).lower() not in ALLOWED_SCHEMES:
            yield ERROR, f"link {target!r}: only http, https, mailto and #section links are allowed"


def check_html(en: str, tr: str, ctx: Context) -> Result:
    stripped = AUTOLINK_RE.sub("", tr)
    for tag in TAG_RE.findall(stripped):
        yield ERROR, f"raw HTML {tag[:40]!r} in the translation (write Markdown instead)"
        return


def check_placeholders(en: str, tr: str, ctx: Context) -> Result:
    if ctx.domain != UI_DOMAIN:
        return
    a, b = set(PLACEHOLDER_RE.findall(en)), set(PLACEHOLDER_RE.findall(tr))
    for name in sorted(a - b):
        yield ERROR, f"placeholder {{{name}}} is missing"
    for name in sorted(b - a):
        yield ERROR, f"placeholder {{{name}}} is not in the English"


def check_markdown(en: str, tr: str, ctx: Context) -> Result:
    if ctx.domain == UI_DOMAIN:
        return
    ea, ta = len(LIST_ITEM_RE.findall(en)), len(LIST_ITEM_RE.findall(tr))
    if ea != ta:
        yield ERROR, f"{ta} list items where the English has {ea} (one '- ' line per item)"
    eh, th = len(HEADING_RE.findall(en)), len(HEADING_RE.findall(tr))
    if th > eh:
        yield ERROR, "a heading inside the text: headings come from the source, not the translation"
    ep, tp = en.count("\n\n"), tr.strip().count("\n\n")
    if ea == ta and th <= eh and ep != tp:
        yield ERROR, f"{tp + 1} blocks where the English has {ep + 1} (keep the blank lines)"
    if en.count("```") != tr.count("```"):
        yield ERROR, "code fences differ from the English"


def check_keep(en: str, tr: str, ctx: Context) -> Result:
    for term in ctx.keep:
        if term in en and tr.count(term) < 1:
            yield ERROR, f"{term!r} must be kept verbatim"


def check_numbers(en: str, tr: str, ctx: Context) -> Result:
    def numbers(text: str) -> Counter[str]:
        text = PLACEHOLDER_RE.sub("", text)
        return Counter(n.replace(",", ".") for n in NUMBER_RE.findall(text))

    a, b = numbers(en), numbers(tr)
    if a != b:
        lost = ", ".join(sorted(a - b)) or "none"
        extra = ", ".join(sorted(b - a)) or "none"
        yield WARNING, f"figures differ from the English (missing: {lost}; extra: {extra})"


def check_whitespace(en: str, tr: str, ctx: Context) -> Result:
    if (en[:1].isspace(), en[-1:].isspace(), en.endswith("\n")) != (tr[:1].isspace(), tr[-1:].isspace(), tr.endswith("\n")):
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
    "whitespace": check_whitespace,
    "untranslated": check_untranslated,
}


def _header_findings(cat: Catalog, locale: str, path: str) -> Iterator[Finding]:
    language = (cat.header_value("Language") or "").strip()
    if language.replace("-", "_") != locale:
        yield Finding(path, 1, ERROR, "header", locale, None,
                      f"Language header is {language!r}; Babel's locale is {locale!r} (run update)")
    expected = plural_forms(locale)
    found = cat.header_value("Plural-Forms") or ""
    if found.replace(" ", "").rstrip(";") != expected.replace(" ", "").rstrip(";"):
        yield Finding(path, 1, ERROR, "header", locale, None,
                      f"Plural-Forms is {found!r}; Babel's rule for {locale} is {expected!r} (run update)")



def check_catalog(cat: Catalog, locale: str, domain: str, path: str, config: Config,
                  doc: Document | None, enabled: Iterable[str] | None = None) -> list[Finding]:
    """Findings of one catalog: its header, then each translated active entry."""
    checks = {k: v for k, v in CHECKS.items() if enabled is None or k in enabled}
    findings = list(_header_findings(cat, locale, path))
    ids = frozenset(s.id for s in doc.sections) if doc else frozenset()
    for entry in cat.entries:
        if entry.obsolete or not entry.translated or entry.msgctxt is None:
            continue
        # check against the English the translation was made for
        english = entry.previous_msgid if (entry.fuzzy and entry.previous_msgid is not None) else entry.msgid
        ctx = Context(entry.msgctxt, domain, config.keep, ids)
        for check_id, fn in checks.items():
            for severity, message in fn(english, entry.msgstr, ctx):
                findings.append(Finding(path, entry.line, severity, check_id, locale, entry.msgctxt, message))
    return findings


def source_findings(doc: Document) -> list[Finding]:
    return [Finding(doc.path, s.line, WARNING, "heading-id", None, s.id,
                    f"heading without an explicit id: add {{#{s.id}}} so rewording it keeps translations")
            for s in doc.sections if not s.explicit_id]


def run_checks(config: Config, docs: Sequence[Document], locales: Sequence[str], *,
               catalogs: Mapping[tuple[str, str], Catalog | None] | None = None,
               enabled: Iterable[str] | None = None, include_source: bool = False) -> list[Finding]:
    """Every finding for ``locales``: source warnings first, then catalogs in order."""
    findings: list[Finding] = []
    if include_source:
        for doc in docs:
            findings.extend(source_findings(doc))
    domains: list[tuple[str, Document | None]] = [(d.id, d) for d in docs] + [(UI_DOMAIN, None)]
    for loc in locales:
        for domain, doc in domains:
            if catalogs is not None:
                cat = catalogs.get((loc, domain))
            else:
                cat = load_locale_catalog(config, loc, domain)
            if cat is None:
                continue
            rel = locale_catalog_path(config, loc, domain).relative_to(config.root).as_posix()
            findings.extend(check_catalog(cat, loc, domain, rel, config, doc, enabled))
    return findings


def findings_json(findings: Sequence[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
