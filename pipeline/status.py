"""`status`: every selected document's per-locale state and approval, computed over the
project's documents (in parallel when the project is large).

Above the stages (:mod:`.freshness` gives the states) and release management
(:mod:`.release.approval` the approvals).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .catalog import UI_DOMAIN, Message
from .config import Config
from .freshness import LocaleStatus, UiStatus, load_catalogs, locale_status, ui_status
from .source import Document

__all__ = ["DocumentReport", "StatusReport", "project_status"]


@dataclass(frozen=True, slots=True)
class DocumentReport:
    document: Document
    locales: tuple[LocaleStatus, ...]
    #: locale -> section id -> where its translation came from (:mod:`pipeline.provenance`),
    #: taken where the catalogs are read
    provenance: dict[str, dict[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class StatusReport:
    """`status` for the selected documents and locales."""

    source_locale: str
    documents: tuple[DocumentReport, ...]
    ui: tuple[UiStatus, ...]


#: below this many (document, locale) pairs a process pool costs more than it saves
PARALLEL_THRESHOLD = 400


def _document_report(config: Config, rel: str, locales: Sequence[str]) -> tuple[DocumentReport, dict]:
    """Parse a document and compute its status and approvals in ``locales``."""
    from .provenance import document_provenance
    from .release.approval import approval_states
    from .source import load_document

    doc = load_document(config.root, config.root / rel, regions=config.regions)
    catalogs = load_catalogs(config, locales, doc.id, cache=False)  # each is read once here
    statuses = tuple(locale_status(doc, config, loc, catalogs, texts=False) for loc in locales)
    approvals = approval_states(doc, config, locales, catalogs)
    return DocumentReport(doc, statuses, document_provenance(doc, statuses, catalogs)), approvals


def project_status(config: Config, doc_paths: Sequence[str], locales: Sequence[str],
                   ui_messages: Sequence[Message] | None,
                   workers: int | None = None) -> tuple[StatusReport, dict[tuple[str, str], dict]]:
    """Parse the documents, read the catalogs and compute every state and approval.

    ``doc_paths`` are project-relative `source/*.md` paths. A large project's documents
    are shared between ``workers`` processes (the work is CPU-bound parsing); results
    keep source order.
    """
    from functools import partial

    from .parallel import forked_map

    parallel = len(doc_paths) * max(len(locales), 1) >= PARALLEL_THRESHOLD
    results = forked_map(partial(_document_report, config, locales=locales), doc_paths, workers if parallel else 1)
    approvals = {(rep.document.id, loc): ap for rep, aps in results for loc, ap in aps.items()}
    ui: list[UiStatus] = []
    if ui_messages is not None:
        catalogs = load_catalogs(config, locales, UI_DOMAIN)
        ui = [ui_status(ui_messages, config, loc, catalogs) for loc in locales]
    report = StatusReport(config.source_locale, tuple(rep for rep, _ in results), tuple(ui))
    return report, approvals
