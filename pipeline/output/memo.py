"""What a build remembers of its slow, pure steps: each source's parse, which catalogs parse
and each one's check findings (and the dashboard's rows: :mod:`pipeline.release.dashboard`),
kept in `.cache/build-memo.json` by the key of their inputs.

A rebuild after one `.po` edit then parses no source and parses and checks one catalog
(plus those the pages it renders show): the others' results are read back. A result is
computed again as soon as one of its inputs changes (its file's bytes, the configuration,
the package's code), so the memo never decides what is published: check errors are
replayed every build, and an unreadable catalog is parsed (and reported) every build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from functools import partial
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from ..config import Config
from ..errors import SourceError
from ..parallel import forked_map
from .state import code_key

#: under the project's root, whatever folder the outputs go to
MEMO_FILE = ".cache/build-memo.json"


class Memo:
    """Results by the key of their inputs (:func:`memo_key`, which must name every input,
    :func:`.state.code_key` among them). :meth:`save` keeps the results this build used
    (and, after a build of part of the site, those it had no use for)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.known: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        if not isinstance(self.known, dict):
            self.known = {}
        self.used: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        """The result kept under ``key``, or None."""
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self, *, prune: bool = True) -> None:
        """Write what this build used. ``prune=False`` (a build of one shard, or of some
        locales or regions) keeps the rest too: the parts it did not build (a shard builds
        no dashboard) will want their results back. A whole build prunes what is stale."""
        kept = self.used if prune else {**self.known, **self.used}
        if kept == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(kept, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)


def memo_key(kind: str, *inputs: str | bytes) -> str:
    """The key of a result of ``kind`` from its inputs (each one length-prefixed, so that
    no two lists of inputs give the same key) and the package's code."""
    h = hashlib.sha256()
    for part in (kind, code_key(), *inputs):
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(f"{len(data)}:".encode() + data)
    return h.hexdigest()


# ----------------------------------------------------------------------------- sources

#: a cold build parses its sources in forked processes from this many on (~40 ms each for a
#: real-sized policy; a pool costs ~20–50 ms to start)
PARALLEL_SOURCES = 8


def load_documents(config: Config, memo: Memo) -> list[Any]:
    """Every `source/*.md` as :func:`pipeline.source.load_documents` reads it; a source
    whose bytes were parsed before is read back from ``memo``, the others are parsed (in
    forked processes when there are many). A source with an error is never kept: its error
    is raised again every build (the first one's, in path order)."""
    from ..source import document_paths, load_document

    regions = sorted(config.regions)  # a section naming another region is an error
    found: list[tuple[str, str, str | None, Any]] = []  # (path, memo key, text to parse, parsed)
    unreadable = None
    for path in document_paths(config.root):
        rel = path.relative_to(config.root).as_posix()
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            unreadable = path  # its error comes after those of the sources before it
            break
        key = memo_key("source", rel, " ".join(regions), data)
        record = memo.get(key)
        found.append((rel, key, text if record is None else None, None if record is None else _document_from(record)))
    to_parse = [(rel, pending) for rel, _, pending, _ in found if pending is not None]
    workers = None if len(to_parse) >= PARALLEL_SOURCES else 1
    parsed = iter(forked_map(partial(_parse_source, regions=regions), to_parse, workers))
    if unreadable is not None:
        load_document(config.root, unreadable, regions=config.regions)  # raises its error, as path:line
        raise SourceError("the file changed while the build read it: build again",
                          unreadable.relative_to(config.root).as_posix(), 1)
    docs = []
    for _, key, pending, doc in found:
        if pending is not None:
            doc = next(parsed)
            memo.put(key, _document_record(doc))
        docs.append(doc)
    return docs


def _parse_source(item: tuple[str, str], regions: Sequence[str]) -> Any:
    from ..source import parse_document

    rel, text = item
    return parse_document(text, rel, regions=regions)


def _document_record(doc: Any) -> dict[str, Any]:
    return {**dataclasses.asdict(doc), "updated": doc.updated.isoformat()}


def _document_from(record: Mapping[str, Any]) -> Any:
    """The :class:`~pipeline.source.Document` a record was made of (JSON has lists where it has tuples)."""
    from ..source import Document, Section

    fields = {name: _tuples(value) for name, value in record.items()}
    fields["updated"] = dt.date.fromisoformat(record["updated"])
    fields["sections"] = tuple(Section(**{name: _tuples(value) for name, value in sec.items()})
                               for sec in record["sections"])
    return Document(**fields)


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


# ----------------------------------------------------------------------------- catalogs

CatalogKey = tuple[str, str]  # (locale, domain)


class Catalogs(Mapping[CatalogKey, Any]):
    """The catalogs of ``keys`` as :func:`pipeline.catalog.load_locale_catalog` reads them
    (None: no such file), each parsed when first asked for. A catalog that cannot be read
    is absent, as it is from a dict filled by catching its :class:`~pipeline.errors.PoError`:
    :meth:`error` says why."""

    def __init__(self, config: Config, keys: Sequence[CatalogKey], memo: Memo) -> None:
        from ..catalog import locale_catalog_path

        self.config, self.memo = config, memo
        #: each file's bytes as this build read them first (None: missing or unreadable)
        self.data: dict[CatalogKey, bytes | None] = {}
        for key in keys:
            try:
                self.data[key] = locale_catalog_path(config, *key).read_bytes()
            except OSError:
                self.data[key] = None
        self._parsed: dict[CatalogKey, Any] = {}

    def __getitem__(self, key: CatalogKey) -> Any:
        from ..catalog import load_locale_catalog
        from ..errors import PoError

        if key not in self._parsed:
            if key not in self.data:
                raise KeyError(key)
            try:
                self._parsed[key] = load_locale_catalog(self.config, *key)
            except PoError as exc:
                self._parsed[key] = exc
        found = self._parsed[key]
        if isinstance(found, Exception):
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[CatalogKey]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def error(self, key: CatalogKey) -> Exception | None:
        """Why the catalog cannot be read, or None. Bytes that parsed before (the memo knows)
        parse again: such a catalog is not parsed for this question."""
        data = self.data[key]
        known = memo_key("po-parses", *key, data) if data is not None else None
        if known is not None and self.memo.get(known):
            return None
        self.get(key)
        found = self._parsed[key]
        if isinstance(found, Exception):
            return found
        if known is not None:
            self.memo.put(known, True)
        return None


# ----------------------------------------------------------------------------- checks

#: a cold build checks catalogs in forked processes from this many on (~10 ms each for a
#: real-sized policy's catalog)
PARALLEL_CHECKS = 32


def check_errors(config: Config, docs: Sequence[Any], catalogs: Catalogs, locales: Sequence[str],
                 memo: Memo) -> list[Any]:
    """The findings that withhold a locale: errors of the error-level checks on its catalogs,
    as :func:`pipeline.check.run_checks` finds them. A catalog's findings depend on its bytes,
    its locale and document (its English too, when the catalog has fuzzy entries), every
    document's section ids (links between documents), the configuration and the code: a catalog none of them changed for is not checked again, its
    findings (if any) are read back from ``memo`` and reported as before; the others are
    checked (in forked processes when there are many)."""
    from ..catalog import UI_DOMAIN
    from ..check import Finding
    from ..links import documents_table

    table = documents_table(docs)
    table_key = "\n".join(f"{doc_id}:{' '.join(sorted(ids))}" for doc_id, ids in sorted(table.items()))
    found: list[tuple[str, list[Any] | None]] = []  # (memo key, rows: None until checked)
    to_check = []
    english_of: dict[str, str] = {}
    for loc in locales:
        for domain, doc in [(d.id, d) for d in docs] + [(UI_DOMAIN, None)]:
            data = catalogs.data.get((loc, domain))
            if data is None:  # no catalog (an unreadable one withholds its locale: not in ``locales``)
                continue
            # a fuzzy entry's faults count as errors only where a page shows it, which today's
            # English decides (:func:`pipeline.check._fuzzy_shown`)
            english = _english(config, doc, english_of) if doc is not None and b"fuzzy" in data else ""
            key = memo_key("check", config.raw, loc, domain, table_key, english, data)
            rows = memo.get(key)
            found.append((key, rows))
            if rows is None:
                to_check.append((loc, domain, doc, data))
    workers = None if len(to_check) >= PARALLEL_CHECKS else 1
    checked = iter(forked_map(partial(_catalog_errors, config, table=table), to_check, workers))
    findings: list[Any] = []
    for key, rows in found:
        if rows is None:
            rows = next(checked)
            memo.put(key, rows)
        findings.extend(Finding(*row) for row in rows)
    return findings


def _english(config: Config, doc: Any, known: dict[str, str]) -> str:
    """The English of each of ``doc``'s messages, as one text (made once per document)."""
    if doc.id not in known:
        from ..catalog import document_messages

        known[doc.id] = "\0".join(f"{m.msgctxt}\0{m.msgid}" for m in document_messages(doc, config))
    return known[doc.id]


def _catalog_errors(config: Config, item: tuple[str, str, Any, bytes], table: Mapping[str, frozenset[str]]) -> list[list[Any]]:
    """The error findings of one catalog (its bytes parse: the build has read them), as rows."""
    from ..catalog import locale_catalog_path
    from ..catalog.store import parse_shared
    from ..check import ERROR, ERROR_CHECKS, check_catalog

    loc, domain, doc, data = item
    rel = locale_catalog_path(config, loc, domain).relative_to(config.root).as_posix()
    return [list(f) for f in check_catalog(parse_shared(data, rel), loc, domain, rel, config, doc, ERROR_CHECKS, table)
            if f.severity == ERROR]
