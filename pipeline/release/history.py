"""Recorded releases: `release VERSION` snapshots, the index, and the minor-edit log since a release."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..config import Config
from ..errors import L10nError
from ..pofile import Catalog
from ..source import Document
from .approval import utc_now_iso


def last_release(config: Config, doc_id: str) -> dict[str, Any] | None:
    """The newest entry of `releases/<doc>/index.json`, or None."""
    index = release_index(config, doc_id)
    return index[-1] if index else None


def read_minor_log(config: Config) -> list[dict[str, Any]]:
    import json

    from ..errors import ReleaseError

    path = config.locales_dir / "minor-changes.jsonl"
    if not path.exists():
        return []
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError as exc:
            raise ReleaseError(f"malformed JSON line: {exc}", "locales/minor-changes.jsonl", number) from None
    return records


def minor_changes_since_release(config: Config, docs: Sequence[Document]) -> dict[str, list[dict[str, Any]]]:
    """Per document, the accepted minor edits recorded after its last release."""
    log = read_minor_log(config)
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        last = last_release(config, doc.id)
        since = str(last.get("released_at", "")) if last else ""
        mine = [r for r in log if isinstance(r, dict) and r.get("document") == doc.id]
        out[doc.id] = [r for r in mine if str(r.get("time", "")) > since
                       or (str(r.get("time", "")) == since and not _in_release(config, doc.id, last, r))]
    return out


def _in_release(config: Config, doc_id: str, entry: Mapping[str, Any] | None, record: Mapping[str, Any]) -> bool:
    """Whether a minor edit recorded in the same second as a release is part of it:
    the release's English of that section is already the edit's `after`."""
    from ..source import parse_document

    if not entry:
        return False
    src = config.releases_dir / doc_id / str(entry.get("version", "")) / f"{doc_id}.md"
    try:
        doc = parse_document(src.read_text(encoding="utf-8"), src.relative_to(config.root).as_posix(), doc_id)
    except (OSError, ValueError, L10nError):
        return False
    sid = record.get("section")
    if sid == "document":
        texts = {doc.title, doc.preamble}
    else:
        texts = {t for s in doc.sections if s.id == sid for t in (s.title, s.body)}
    return record.get("after") in texts


VERSION_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*\Z")


def release_index(config: Config, doc_id: str) -> list[dict[str, Any]]:
    """The entries of `releases/<doc>/index.json`, oldest first ([] when there is none).

    A malformed index (not a list of entries with a valid, unique `version` and an
    ISO `effective` date) is a ReleaseError naming the file.
    """
    import json

    from ..errors import ReleaseError

    path = config.releases_dir / doc_id / "index.json"
    try:
        st = path.stat()
    except FileNotFoundError:
        return []
    except OSError:
        st = None  # read below, and reported there
    known = _INDEXES.get(path)
    if st is not None and known is not None and known[0] == (st.st_size, st.st_mtime_ns):
        return list(known[1])  # a build asks once per page: read and checked once per file version
    rel = path.relative_to(config.root).as_posix()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"cannot read the release index: {exc}", rel, 1) from None
    if not isinstance(data, list):
        raise ReleaseError("the release index must be a JSON list", rel, 1)
    seen: set[str] = set()
    for n, entry in enumerate(data, 1):
        what = f"entry {n} of the release index"
        if not isinstance(entry, dict):
            raise ReleaseError(f"{what} is not an object", rel, 1)
        version = entry.get("version")
        if not isinstance(version, str) or not VERSION_RE.match(version) or ".." in version:
            raise ReleaseError(f"{what} has no valid version: {version!r}", rel, 1)
        if version in seen:
            raise ReleaseError(f"version {version} is listed twice", rel, 1)
        seen.add(version)
        try:
            dt.date.fromisoformat(str(entry.get("effective")))
        except ValueError:
            raise ReleaseError(f"version {version}: effective must be a date YYYY-MM-DD "
                               f"(got {entry.get('effective')!r})", rel, 1) from None
        cfg = entry.get("config", {})
        if not isinstance(cfg, dict) or not isinstance(cfg.get("locales", []), list) \
                or not isinstance(cfg.get("fallbacks", {}), dict):
            raise ReleaseError(f"version {version}: malformed config", rel, 1)
    if st is not None:
        _INDEXES[path] = ((st.st_size, st.st_mtime_ns), data)
    return list(data)


#: valid release indexes read in this process, by path: ((size, mtime), entries)
_INDEXES: dict[Path, tuple[tuple[int, int], list[dict[str, Any]]]] = {}


def _config_snapshot(config: Config) -> dict[str, Any]:
    return {"locales": list(config.locales),
            "fallbacks": {k: list(v) for k, v in config.fallbacks.items()},
            "on-stale": config.on_stale,
            "regions": {r.name: {"locales": list(r.locales), "paper": r.paper} for r in config.regions.values()}}


def plan_release(config: Config, docs: Sequence[Document], version: str, effective: dt.date,
                 note: str | None, now: dt.datetime) -> list[tuple[Any, bytes]]:
    """Files `release` writes: snapshots of inputs and the updated index (nothing written yet)."""
    import json

    from ..catalog import UI_DOMAIN, locale_catalog_path
    from ..errors import ReleaseError
    from ..freshness import load_catalogs, locale_status

    if not VERSION_RE.match(version) or ".." in version:
        raise ReleaseError(f"invalid version {version!r}: use [0-9A-Za-z][0-9A-Za-z._-]* without '..'")
    writes: list[tuple[Any, bytes]] = []
    for doc in docs:
        index = release_index(config, doc.id)
        if any(r.get("version") == version for r in index):
            raise ReleaseError(f"version {version} of {doc.id} already exists",
                               f"releases/{doc.id}/index.json", 1)
        latest = index[-1] if index else None
        if latest is not None and effective < dt.date.fromisoformat(str(latest["effective"])):
            # the index's order is the releases' order: the last one is the live page's "Effective"
            raise ReleaseError(f"version {version} would take effect ({effective.isoformat()}) before "
                               f"{latest['version']}, the latest release ({latest['effective']}): releases "
                               f"take effect in the order they are made; use --effective {latest['effective']} "
                               "or later", f"releases/{doc.id}/index.json", 1)
        folder = config.releases_dir / doc.id / version
        if folder.exists():
            raise ReleaseError(f"releases/{doc.id}/{version} already exists")
        writes.append((folder / f"{doc.id}.md", (config.source_dir / f"{doc.id}.md").read_bytes()))
        catalogs = load_catalogs(config, config.locales, doc.id)
        load_catalogs(config, config.locales, UI_DOMAIN)  # a release build could not render is refused
        summaries = {}
        for loc in config.locales:
            for domain in (doc.id, UI_DOMAIN):
                path = locale_catalog_path(config, loc, domain)
                if path.exists():
                    writes.append((folder / loc / f"{domain}.po", path.read_bytes()))
            ls = locale_status(doc, config, loc, catalogs)
            summaries[loc] = {"sections": len(ls.sections), **ls.counts, "words_to_translate": ls.words_to_translate}
        entry = {"version": version, "effective": effective.isoformat(), "released_at": utc_now_iso(now),
                 "note": note, "config": _config_snapshot(config), "locales": summaries}
        data = json.dumps(index + [entry], ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        writes.append((config.releases_dir / doc.id / "index.json", data.encode("utf-8")))
    return writes


def release_config(config: Config, entry: Mapping[str, Any]) -> Config:
    """Today's config with the release's locales, fallbacks and on-stale (for its pages)."""
    import dataclasses

    snap = entry.get("config", {})
    return dataclasses.replace(
        config,
        locales=tuple(snap.get("locales", config.locales)),
        fallbacks={k: tuple(v) for k, v in snap.get("fallbacks", {}).items()},
        on_stale=snap.get("on-stale", config.on_stale),
    )


@dataclass(frozen=True, slots=True)
class ReleaseSnapshot:
    """One recorded version of a document: its English and catalogs."""

    version: str
    effective: dt.date
    entry: dict[str, Any]
    document: Document
    config: Config
    catalogs: dict[tuple[str, str], Catalog | None]


def load_snapshot(config: Config, doc_id: str, entry: dict[str, Any]) -> ReleaseSnapshot:
    from ..catalog import UI_DOMAIN
    from ..catalog.store import read_shared_catalog
    from ..source import parse_document

    from ..errors import ReleaseError

    version = entry["version"]
    folder = config.releases_dir / doc_id / version
    src = folder / f"{doc_id}.md"
    rel = src.relative_to(config.root).as_posix()
    try:
        text = src.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReleaseError(f"cannot read the recorded source of version {version}: "
                           f"{getattr(exc, 'strerror', None) or exc}", rel, 1) from None
    doc = parse_document(text, rel, doc_id)
    rconfig = release_config(config, entry)
    catalogs: dict[tuple[str, str], Catalog | None] = {}
    for loc in rconfig.locales:
        for domain in (doc_id, UI_DOMAIN):
            path = folder / loc / f"{domain}.po"
            catalogs[(loc, domain)] = (read_shared_catalog(path, path.relative_to(config.root).as_posix())
                                       if path.exists() else None)
    return ReleaseSnapshot(version, dt.date.fromisoformat(entry["effective"]), entry, doc, rconfig, catalogs)
