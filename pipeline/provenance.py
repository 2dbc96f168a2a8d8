"""Where a translation came from: a person, the translation memory, a vendor's import, `adopt`.

Recorded as one translator comment, ``# provenance: <kind> <detail>``: Poedit, GNU
``msgmerge`` and ``msgcat`` keep translator comments, and ``update`` never touches
them. A translated entry without one was written by a person (in Poedit or an
editor)::

    >>> from pipeline.pofile import Entry
    >>> e = Entry(msgid="Hello", msgstr="Hallo")
    >>> provenance_of(e)
    {'kind': 'person', 'detail': ''}
    >>> set_provenance(e, "import", "privacy-policy.de.xlf 2026-12-06")
    >>> e.tcomments
    ['provenance: import privacy-policy.de.xlf 2026-12-06']
    >>> provenance_of(e)["kind"]
    'import'
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .pofile import Entry

__all__ = ["KINDS", "PREFIX", "set_provenance", "provenance_of", "section_provenance", "document_provenance",
           "status_provenance"]

KINDS = ("person", "memory", "import", "adopt")
PREFIX = "provenance:"


def set_provenance(entry: Entry, kind: str, detail: str = "") -> None:
    """Record ``kind`` (one of :data:`KINDS`), replacing an earlier record; other comments stay."""
    if kind not in KINDS:
        raise ValueError(f"unknown provenance {kind!r}")
    kept = [c for c in entry.tcomments if not c.startswith(PREFIX)]
    entry.tcomments = kept + [f"{PREFIX} {kind} {detail}".rstrip()]


def provenance_of(entry: Any) -> dict[str, Any] | None:
    """``{"kind", "detail"}`` of a translated entry (None: not translated). Whether it is
    confirmed is its state's business (`review` while a suggestion awaits a reviewer)."""
    if entry is None or not entry.translated:
        return None
    kind, detail = "person", ""
    for comment in getattr(entry, "tcomments", ()):
        if comment.startswith(PREFIX):
            word, _, detail = comment[len(PREFIX):].strip().partition(" ")
            kind = word if word in KINDS else "person"
    return {"kind": kind, "detail": detail}


def section_provenance(entries: Mapping[str | None, Entry], keys: Sequence[str]) -> dict[str, Any] | None:
    """A section's provenance: its body's (its title's when it has no body or an untranslated one)."""
    for key in reversed(keys):
        found = provenance_of(entries.get(key))
        if found is not None:
            return found
    return None


def _keys(section_id: str) -> list[str]:
    return ["document.title", "document.preamble"] if section_id == "document" else [f"{section_id}.title", section_id]


def document_provenance(doc: Any, statuses: Sequence[Any], catalogs: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """locale -> section id -> provenance (None: untranslated), for a document's locale statuses.

    A section's translation comes from the locale that translates it (itself or a fallback).
    """
    out: dict[str, dict[str, Any]] = {}
    entries: dict[str, Mapping[str | None, Entry]] = {}  # by locale: each catalog indexed once
    for ls in statuses:
        per: dict[str, Any] = {}
        for st in (ls.document, *ls.sections):
            cat = catalogs.get(st.locale) if st.locale else None
            if cat is None:
                per[st.id] = None
                continue
            if st.locale not in entries:
                entries[st.locale] = cat.by_context()
            per[st.id] = section_provenance(entries[st.locale], _keys(st.id))
        out[ls.locale] = per
    return out


def status_provenance(report: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (document, locale) of a status report: each section id's provenance (None: untranslated),
    as the status workers recorded it where they read the catalogs."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for d in report.documents:
        for locale, sections in (getattr(d, "provenance", None) or {}).items():
            out[(d.document.id, locale)] = sections
    return out
