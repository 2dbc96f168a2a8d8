"""The vendor workflow: `export` what needs work as XLIFF, `import` what comes back into the `.po`.

Export writes one file per locale and document with the messages whose state is
one of the wanted ones (missing, stale, review by default). Import reads every
file first (any fault stops it with nothing written), checks every returned
target with the project's QA (:mod:`pipeline.check`), then changes only the
entries of units the vendor translated or confirmed:

- English unchanged since export: the target becomes the translation (current);
- English changed since export: the target is kept, but stale (fuzzy, ``#|`` =
  the English the vendor translated), never applied silently;
- a target with a check error is not applied (reported, exit 1).

Each applied entry records its provenance (``# provenance: import <file> <date>``).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .config import Config, bcp47
from .freshness import MISSING, REVIEW, STALE, message_state, needed_sections, resolve_sections, word_diff
from .pofile import Catalog
from .source import Document
from .xliff import ExportFile, ExportUnit, ReturnedFile, ReturnedUnit, XliffError, sha256, write_xliff

__all__ = ["EXPORT_STATES", "export_units", "plan_export", "plan_import", "ImportResult", "Refused"]

EXPORT_STATES = (MISSING, STALE, REVIEW)


def _diff(old: str, new: str) -> str:
    out = []
    for op, text in word_diff(old, new):
        out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)


def export_units(config: Config, doc: Document, locale: str, catalogs: dict[str, Catalog | None],
                 states: Sequence[str] = EXPORT_STATES) -> list[ExportUnit]:
    """The messages of ``doc`` that need work in ``locale``, in source order.

    ``catalogs`` maps every locale of the fallback chain to its catalog. A section's
    translation comes from the locale that translates it (itself or a fallback), as on its page.
    """
    from .catalog import document_messages

    messages = {m.msgctxt: m for m in document_messages(doc, config)}
    sections = needed_sections(doc, config, locale)
    document, section_states = resolve_sections(doc, config, locale, sections, catalogs)
    units = []
    for sec, st in [(None, document), *zip(sections, section_states)]:
        keys = ["document.title", "document.preamble"] if sec is None else [f"{sec.id}.title", sec.id]
        chosen = catalogs.get(st.locale) if st.locale else None
        entries = chosen.by_context() if chosen is not None else {}
        for key in keys:
            message = messages.get(key)
            if message is None:
                continue
            ms = message_state(message.msgid, entries.get(key))
            if ms.state not in states:
                continue
            previous = ms.previous if ms.state == STALE else None
            units.append(ExportUnit(key, message.msgid, ms.state, ms.translation or None, previous,
                                    " ".join(message.comments), _diff(previous, message.msgid) if previous else ""))
    return units


def plan_export(config: Config, docs: Sequence[Document], locales: Sequence[str], out_dir: Path,
                states: Sequence[str] = EXPORT_STATES, version: str = "2.1") -> list[tuple[Path, bytes, ExportFile]]:
    """(path, XLIFF bytes, what it holds) of every file to write; a document and locale
    with nothing to do gets no file. Files are named ``<doc>.<bcp47>.xlf``."""
    from .freshness import load_catalogs

    out = []
    for doc in docs:
        catalogs = load_catalogs(config, locales, doc.id)
        for locale in locales:
            units = export_units(config, doc, locale, catalogs, states)
            if not units:
                continue
            export = ExportFile(doc.id, locale, bcp47(config.source_locale), bcp47(locale), doc.path, tuple(units))
            out.append((out_dir / f"{doc.id}.{bcp47(locale)}.xlf", write_xliff(export, version), export))
    return out


# --------------------------------------------------------------------------- import

@dataclass(frozen=True, slots=True)
class Refused:
    """A returned target not applied: a check error (``path:line: error: [check] message``)."""

    path: str
    line: int
    check: str
    msgctxt: str
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}: error: [{self.check}] {self.msgctxt}: {self.message}"


@dataclass(slots=True)
class ImportResult:
    writes: list = field(default_factory=list)
    #: (file, msgctxt) applied as current, and applied as stale (English changed since export)
    applied: list[tuple[str, str]] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)
    #: units left alone: no target, not confirmed by the vendor, or unchanged
    skipped: list[tuple[str, str]] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.refused else 0


def read_returned(config: Config, paths: Iterable[Path]) -> list[ReturnedFile]:
    from .xliff_read import read_xliff

    english = _english_lookup(config)
    files = []
    for path in paths:
        shown = _shown(config, path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise XliffError(f"cannot read: {exc.strerror}", shown, 1) from None
        files.append(read_xliff(data, shown, english))
    return files


def _english_lookup(config: Config):  # -> Callable[[str, str], str | None]
    """``english(document, msgctxt)``: today's English of a message (None: no such message)."""
    from .catalog import document_messages
    from .source import load_documents

    known: dict[str, dict[str, str]] = {}

    def english(document: str, msgctxt: str) -> str | None:
        if not known:
            for doc in load_documents(config.root, regions=config.regions):
                known[doc.id] = {m.msgctxt: m.msgid for m in document_messages(doc, config)}
        return known.get(document, {}).get(msgctxt)

    return english


def _shown(config: Config, path: Path) -> str:
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def plan_import(config: Config, paths: Sequence[Path], now: dt.datetime) -> ImportResult:
    """Read, check and merge every file; the result's ``writes`` are the changed catalogs."""
    from .catalog import document_messages, load_locale_catalog, locale_catalog_path
    from .catalog.store import PlannedWrite, rel
    from .pofile import render_po
    from .source import load_documents

    files = read_returned(config, paths)
    result = ImportResult()
    docs: dict[str, Document] = {}
    catalogs: dict[tuple[str, str], Catalog] = {}
    touched: set[tuple[str, str]] = set()
    all_docs: list[Document] = []
    for f in files:
        if f.locale not in config.locales:
            raise XliffError(f"locale {f.locale!r} is not configured in [tool.policy-l10n] locales", f.path, 1)
        if f.document not in docs:
            all_docs = all_docs or load_documents(config.root, regions=config.regions)
            found = [d for d in all_docs if d.id == f.document]
            if not found:
                raise XliffError(f"document {f.document!r} is not in source/", f.path, 1)
            docs[f.document] = found[0]
        key = (f.locale, f.document)
        if key not in catalogs:
            cat = load_locale_catalog(config, f.locale, f.document)
            if cat is None:
                relpath = rel(config, locale_catalog_path(config, f.locale, f.document))
                raise XliffError(f"no catalog {relpath}: run `policy-l10n update` first", f.path, 1)
            catalogs[key] = copy.deepcopy(cat)
        english = {m.msgctxt: m.msgid for m in document_messages(docs[f.document], config)}
        if _merge_file(config, f, english, all_docs, catalogs[key], result, now):
            touched.add(key)
    stamp = now.strftime("%Y-%m-%d %H:%M+0000")
    for (locale, document), cat in catalogs.items():
        if (locale, document) not in touched:
            continue
        cat.set_header("PO-Revision-Date", stamp)
        path = locale_catalog_path(config, locale, document)
        result.writes.append(PlannedWrite(path, rel(config, path), path.read_text(encoding="utf-8"), render_po(cat)))
    return result


def _merge_file(config: Config, f: ReturnedFile, english: dict[str, str], docs: Sequence[Document], cat: Catalog,
                result: ImportResult, now: dt.datetime) -> bool:
    """Check every unit first (an unknown unit stops the import), then apply the good ones;
    returns whether the catalog changed."""
    entries = cat.by_context()
    for unit in f.units:
        if unit.msgctxt not in english:
            raise XliffError(f"unknown unit {unit.msgctxt!r}: document {f.document!r} has no such message",
                             f.path, unit.line)
        if unit.msgctxt not in entries:
            raise XliffError(f"unit {unit.msgctxt!r} is not in the {f.locale} catalog of {f.document!r}: "
                             "run `policy-l10n update` first", f.path, unit.line)
    from .provenance import set_provenance

    changed_any = False
    candidates = [u for u in f.units if u.done and u.edited]
    result.skipped.extend((f.path, u.msgctxt) for u in f.units if u not in candidates)
    refused = _check(config, f, candidates, docs)
    result.refused.extend(refused)
    for unit in candidates:
        if any(r.msgctxt == unit.msgctxt for r in refused):
            continue
        exported = unit.source
        entry, now_english = entries[unit.msgctxt], english[unit.msgctxt]
        before = (entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid)
        changed = (unit.source_sha256 or sha256(exported)) != sha256(now_english)
        entry.msgid, entry.msgstr = now_english, unit.target or ""
        entry.previous_msgid = exported if changed else None
        entry.set_fuzzy(changed)
        if (entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid) == before:
            result.skipped.append((f.path, unit.msgctxt))
            continue
        set_provenance(entry, "import", f"{Path(f.path).name} {now.date().isoformat()}")
        (result.stale if changed else result.applied).append((f.path, unit.msgctxt))
        changed_any = True
    return changed_any


def _check(config: Config, f: ReturnedFile, units: Sequence[ReturnedUnit], docs: Sequence[Document]) -> list[Refused]:
    """The project's error-level checks (as `check` runs them) of each target against the
    English the vendor translated: the units as entries of a catalog made for the purpose."""
    from .check import ERROR_CHECKS, run_checks
    from .pofile import Entry

    if not units:
        return []
    probe = Catalog(entries=[Entry(msgid=u.source, msgstr=u.target or "", msgctxt=u.msgctxt, line=u.line)
                             for u in units])
    enabled = [c for c in ERROR_CHECKS if c != "header"]
    findings = run_checks(config, docs, [f.locale], catalogs={(f.locale, f.document): probe}, enabled=enabled)
    return [Refused(f.path, x.line, x.check, x.msgctxt or "", x.message) for x in findings if x.severity == "error"]
