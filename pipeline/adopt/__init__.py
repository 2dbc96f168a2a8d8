"""`adopt`: import an existing translation of a document into its `.po`, as `review`.

The translated file (Markdown, or HTML converted to it) is aligned with the English by
structure (:mod:`.align`): headings first, then the blocks of each section. A section's
body is adopted only when every English block of it found its counterpart; what cannot
be paired is reported (``path:line`` in both files) and left untranslated. An adopted
entry is fuzzy without a previous msgid (state ``review``): a human confirms it. An
entry that would fail one of ``check``'s error-level checks is not adopted either.

Nothing is ever overwritten: a translated entry makes the whole adoption refused,
unless ``merge`` (then only empty entries are filled). The catalog is written through
the project's own writer, in step with the English as ``update`` would leave it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path, PurePath
from typing import Mapping, NamedTuple, Sequence

from ..catalog import PlannedWrite, document_messages, load_locale_catalog, locale_catalog_path, merge
from ..catalog.store import new_po_catalog, rel
from ..config import Config
from ..errors import ReleaseError, SourceError, UsageError
from ..pofile import Catalog, render_po
from ..provenance import set_provenance
from ..source import Document, load_document
from .align import PartMatch, align_parts, text_ratio
from .read import Part, english_parts, read_translation
from .script import check_script

__all__ = ["AdoptResult", "FileReport", "adopt_files", "adopt_text"]


class FileReport(NamedTuple):
    """What one translated file gave."""

    path: str
    document: str
    catalog: str
    #: msgctxt -> adopted translation
    adopted: dict[str, str]
    #: msgctxts already translated and left as they were (--merge)
    kept: list[str]
    #: one line per thing that could not be paired (path:line in both files)
    unpaired: list[str]
    sections: int
    sections_paired: int
    #: confidence of each paired section, 0..1
    confidences: list[float]

    def summary(self) -> str:
        conf = (f"confidence mean {sum(self.confidences) / len(self.confidences):.2f}, "
                f"lowest {min(self.confidences):.2f}") if self.confidences else "confidence -"
        kept = f", {len(self.kept)} already translated kept" if self.kept else ""
        return (f"adopted {self.path} into {self.catalog}: {self.sections_paired} of {self.sections} sections "
                f"paired, {len(self.adopted)} entries adopted (review), {len(self.unpaired)} left{kept}; {conf}")


class AdoptResult(NamedTuple):
    writes: list[PlannedWrite]
    files: list[FileReport]

    def report_lines(self) -> list[str]:
        lines: list[str] = []
        for f in self.files:
            lines.extend(f.unpaired)
            lines.append(f.summary())
        return lines


def adopt_files(config: Config, locale: str, files: Sequence[Path], *, document: str | None = None,
                merge: bool = False, now: dt.datetime | None = None) -> AdoptResult:
    """Plan the catalogs that adopting ``files`` (translations into ``locale``) would write.

    Every file is read and aligned before anything is planned; any bad input raises.
    """
    if locale not in config.locales:
        raise UsageError(f"locale {locale!r} is not configured in [tool.policy-l10n] locales "
                         f"({', '.join(config.locales) or 'none'})")
    if document is not None and len(files) > 1:
        raise UsageError("--document names the document of one FILE; give one FILE with it")
    now = now or dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    catalogs: dict[str, Catalog] = {}
    reports = []
    for path in files:
        shown = _shown(config, path)
        doc = _document_of(config, document or _document_id(path), shown)
        parts, _ = read_translation(path, shown)
        if len(parts) == 1 and doc.sections:
            raise SourceError(f"no heading: {doc.path} has {len(doc.sections)} sections and adopt pairs them "
                              "by their headings (is this the document's Markdown?)", shown, 1)
        check_script(parts, locale, shown)
        cat = catalogs.get(doc.id) or _catalog_in_step(config, doc, locale, now)
        on_disk = load_locale_catalog(config, locale, doc.id)
        lines = {e.msgctxt: e.line for e in on_disk.entries if not e.obsolete} if on_disk else {}
        report = adopt_into(cat, doc, parts, shown, rel(config, locale_catalog_path(config, locale, doc.id)),
                            config, merge=merge, entry_lines=lines)
        catalogs[doc.id] = cat
        reports.append(report)
    writes = []
    for doc_id, cat in catalogs.items():
        path = locale_catalog_path(config, locale, doc_id)
        new = render_po(cat)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if new != old:
            writes.append(PlannedWrite(path, rel(config, path), old, new))
    return AdoptResult(writes, reports)


def _shown(config: Config, path: Path) -> str:
    try:
        return path.resolve().relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _document_id(path: Path) -> str:
    """`privacy-policy.md`, `privacy-policy.de.md` → `privacy-policy`."""
    return path.name.split(".", 1)[0]


def _document_of(config: Config, doc_id: str, shown: str) -> Document:
    source = config.source_dir / f"{doc_id}.md"
    if not source.is_file():
        raise SourceError(f"no source/{doc_id}.md to adopt this file into: name the document with --document",
                          shown, 1)
    return load_document(config.root, source, regions=config.regions)


def _catalog_in_step(config: Config, doc: Document, locale: str, now: dt.datetime) -> Catalog:
    """The locale's catalog of ``doc`` as `update` would leave it (a new one if none exists)."""
    from ..catalog.store import locale_headers

    messages = document_messages(doc, config)
    old = load_locale_catalog(config, locale, doc.id)
    if old is None:
        return new_po_catalog(doc.id, locale, messages, now, created_by="adopt")
    merged = merge(copy.deepcopy(old), messages).catalog
    locale_headers(merged, locale)
    return merged


def adopt_text(config: Config, doc: Document, parts: list[Part], shown: str) -> tuple[dict[str, str], list[str], list[float], int]:
    """(msgctxt -> translation, unpaired lines, confidences, sections paired) of one alignment."""
    english = english_parts(doc)
    matches = align_parts(english, parts, text_ratio(english, parts))
    found: dict[str, str] = {}
    unpaired: list[str] = []
    by_english = {m.english: m for m in matches}
    paired_t = {m.translation for m in matches}
    for i, part in enumerate(english):
        match = by_english.get(i)
        if match is None:
            unpaired.append(f"{doc.path}:{part.line}: section '{part.id}' (“{part.title}”) has no counterpart "
                            f"in {shown}; left untranslated")
            continue
        _adopt_part(doc, part, parts[match.translation], match, shown, found, unpaired)
    for j, part in enumerate(parts):
        if j and j not in paired_t:
            unpaired.append(f"{shown}:{part.line}: heading “{part.title}” matches no section of {doc.path}; "
                            "not adopted")
    confidences = [m.confidence for m in matches if m.english]
    return found, unpaired, confidences, len(confidences)


_NUMBER_PREFIX_RE = re.compile(r"\d+(?:\.\d+)*\.?\s+")


def _adopt_part(doc: Document, e: Part, t: Part, match: PartMatch, shown: str, found: dict[str, str],
                unpaired: list[str]) -> None:
    title_ctx, body_ctx = ("document.title", "document.preamble") if e.id == "document" else \
        (f"{e.id}.title", str(e.id))
    title = t.title if _NUMBER_PREFIX_RE.match(e.title) else _NUMBER_PREFIX_RE.sub("", t.title, count=1)
    if title:
        found[title_ctx] = title
    if not e.blocks:
        return
    if len(match.blocks) == len(e.blocks):
        found[body_ctx] = "\n\n".join(_english_targets(t.blocks[p.translation].text, e.blocks[p.english].text)
                                      for p in sorted(match.blocks))
        extra = [b for k, b in enumerate(t.blocks) if k not in {p.translation for p in match.blocks}]
        for block in extra:
            unpaired.append(f"{shown}:{block.line}: section '{e.id}' ({doc.path}:{e.line}): this {block.kind} "
                            "has no counterpart in the English; left out")
        return
    missing = [k + 1 for k in range(len(e.blocks)) if k not in {p.english for p in match.blocks}]
    unpaired.append(f"{doc.path}:{e.line}: {shown}:{t.line}: section '{e.id}': {len(match.blocks)} of "
                    f"{len(e.blocks)} blocks paired (English block {', '.join(map(str, missing))} not found); "
                    "body left untranslated")


def _english_targets(translated: str, english: str) -> str:
    """``translated`` with each link target that names what a target of ``english`` names written
    as the English writes it (a built page says `../de/terms.html#x` for `terms.md#x`)."""
    from ..check_messages import link_targets
    from .read import link_key

    english_by_key = {link_key(t): t for t in link_targets(english)}
    for target in dict.fromkeys(link_targets(translated)):
        wanted = english_by_key.get(link_key(target))
        if wanted is not None and wanted != target:
            translated = translated.replace(f"]({target})", f"]({wanted})")
    return translated


def adopt_into(cat: Catalog, doc: Document, parts: list[Part], shown: str, catalog_rel: str, config: Config,
               *, merge: bool, entry_lines: Mapping[str | None, int] | None = None) -> FileReport:
    """Fill ``cat`` (in place) with what the alignment of ``parts`` gives; refuse to overwrite."""
    found, unpaired, confidences, paired = adopt_text(config, doc, parts, shown)
    entries = cat.by_context()
    adopted: dict[str, str] = {}
    kept: list[str] = []
    from ..links import documents_table
    from ..source import load_documents

    documents = documents_table(load_documents(config.root))
    for ctx, text in found.items():
        entry = entries.get(ctx)
        if entry is None:
            continue
        if entry.translated:
            if not merge:
                raise ReleaseError(f"{ctx!r} is already translated: adopt never overwrites a translation "
                                   "(--merge fills only the empty entries); nothing written",
                                   catalog_rel, (entry_lines or {}).get(ctx) or entry.line or 1)
            kept.append(ctx)
            continue
        problem = _check_error(entry.msgid, text, ctx, doc, config, documents)
        if problem:
            unpaired.append(f"{shown}: {ctx}: {problem}; left untranslated")
            continue
        adopted[ctx] = text
    # the file adopted, as the project names it: a path of the project, else its name only (a
    # path of the translator's machine says nothing in a committed catalog)
    origin = shown if not PurePath(shown).is_absolute() else PurePath(shown).name
    for ctx, text in adopted.items():
        entry = entries[ctx]
        entry.msgstr = text
        entry.previous_msgid = None
        entry.set_fuzzy(True)
        set_provenance(entry, "adopt", origin)
    return FileReport(shown, doc.id, catalog_rel, adopted, kept, unpaired, len(doc.sections), paired, confidences)


def _check_error(english: str, translation: str, ctx: str, doc: Document, config: Config,
                 documents: dict[str, frozenset[str]]) -> str | None:
    """The first error of `check`'s error-level checks on this translation, if any."""
    from ..check_messages import CHECKS, ERROR, ERROR_CHECKS, Context

    context = Context(ctx, doc.id, config.keep, frozenset(s.id for s in doc.sections), documents,
                      config.link_prefixes)
    for check_id in ERROR_CHECKS:
        fn = CHECKS.get(check_id)
        for severity, message in fn(english, translation, context) if fn else ():
            if severity == ERROR:
                return f"would fail check [{check_id}]: {message}"
    return None
