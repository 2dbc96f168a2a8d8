"""Release management: approvals (sign-off in the `.po` header), releases, minor edits."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from .catalog import catalog_digest, document_messages
from .config import Config
from .errors import L10nError
from .pofile import Catalog
from .source import Document

__all__ = ["APPROVAL_HEADER", "parse_approval", "approval_state", "format_approval", "utc_now_iso"]

APPROVAL_HEADER = "X-Policy-Approved"
_APPROVAL_RE = re.compile(r"^(?P<by>.+?);\s*(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ);\s*sha256=(?P<digest>[0-9a-f]{64})$")


def utc_now_iso(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_approval(by: str, at: str, digest: str) -> str:
    return f"{by}; {at}; sha256={digest}"


def parse_approval(cat: Catalog | None) -> dict[str, str] | None:
    """The sign-off recorded in a catalog's header, or None."""
    if cat is None:
        return None
    value = cat.header_value(APPROVAL_HEADER)
    if not value:
        return None
    m = _APPROVAL_RE.match(value.strip())
    if not m:
        return {"by": value.strip(), "at": "", "digest": ""}
    return m.groupdict()


def approval_state(doc: Document, cat: Catalog | None, config: Config | None = None) -> dict[str, Any]:
    """`{"state": "approved"|"void"|"none", "by", "at"}` for one locale catalog of ``doc``.

    Void when the catalog changed since the sign-off or today's English differs
    from the English that was approved (even before `update` ran).
    """
    approval = parse_approval(cat)
    if approval is None or cat is None:
        return {"state": "none", "by": None, "at": None}
    entries = cat.by_context()
    english_unchanged = all(
        (e := entries.get(m.msgctxt)) is not None and e.msgid == m.msgid
        for m in document_messages(doc, config)
    )
    valid = approval["digest"] == catalog_digest(cat) and english_unchanged
    return {"state": "approved" if valid else "void", "by": approval["by"], "at": approval["at"] or None}


def approvals_for(config: Config, docs: Sequence[Document], locales: Sequence[str]) -> dict[tuple[str, str], dict[str, Any]]:
    from .catalog import load_locale_catalog

    return {(d.id, loc): approval_state(d, load_locale_catalog(config, loc, d.id), config)
            for d in docs for loc in locales}


def last_release(config: Config, doc_id: str) -> dict[str, Any] | None:
    """The newest entry of `releases/<doc>/index.json`, or None."""
    index = release_index(config, doc_id)
    return index[-1] if index else None


def read_minor_log(config: Config) -> list[dict[str, Any]]:
    import json

    from .errors import ReleaseError

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
    from .source import parse_document

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


# --------------------------------------------------------------------------- releases

VERSION_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*\Z")


def release_index(config: Config, doc_id: str) -> list[dict[str, Any]]:
    """The entries of `releases/<doc>/index.json`, oldest first ([] when there is none).

    A malformed index (not a list of entries with a valid, unique `version` and an
    ISO `effective` date) is a ReleaseError naming the file.
    """
    import json

    from .errors import ReleaseError

    path = config.releases_dir / doc_id / "index.json"
    if not path.exists():
        return []
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
    return data


def _config_snapshot(config: Config) -> dict[str, Any]:
    return {"locales": list(config.locales),
            "fallbacks": {k: list(v) for k, v in config.fallbacks.items()},
            "on-stale": config.on_stale,
            "regions": {r.name: {"locales": list(r.locales), "paper": r.paper} for r in config.regions.values()}}


def plan_release(config: Config, docs: Sequence[Document], version: str, effective: dt.date,
                 note: str | None, now: dt.datetime) -> list[tuple[Any, bytes]]:
    """Files `release` writes: snapshots of inputs and the updated index (nothing written yet)."""
    import json

    from .catalog import UI_DOMAIN, locale_catalog_path
    from .errors import ReleaseError
    from .freshness import load_catalogs, locale_status

    if not VERSION_RE.match(version) or ".." in version:
        raise ReleaseError(f"invalid version {version!r}: use [0-9A-Za-z][0-9A-Za-z._-]* without '..'")
    writes: list[tuple[Any, bytes]] = []
    for doc in docs:
        index = release_index(config, doc.id)
        if any(r.get("version") == version for r in index):
            raise ReleaseError(f"version {version} of {doc.id} already exists",
                               f"releases/{doc.id}/index.json", 1)
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
    from .catalog import UI_DOMAIN
    from .pofile import read_po
    from .source import parse_document

    from .errors import ReleaseError

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
            catalogs[(loc, domain)] = read_po(path, path.relative_to(config.root).as_posix()) if path.exists() else None
    return ReleaseSnapshot(version, dt.date.fromisoformat(entry["effective"]), entry, doc, rconfig, catalogs)


def page_release_extras(config: Config, doc: Document, job: Any, catalog: Catalog | None) -> dict[str, Any]:
    """Effective date, previous versions, latest comparison and review date of a live page."""
    from .render.html import format_long_date

    from .errors import L10nError

    extras: dict[str, Any] = {}
    try:
        index = release_index(config, doc.id)
    except L10nError:  # reported once, by build_release_outputs
        index = []
    if index:
        latest = index[-1]
        extras["effective"] = format_long_date(dt.date.fromisoformat(latest["effective"]), job.locale)
        extras["versions"] = [
            {"version": r["version"], "href": f"{doc.id}/{r['version']}.html",
             "effective": format_long_date(dt.date.fromisoformat(r["effective"]), job.locale)}
            for r in reversed(index)]
        if len(index) > 1:
            old, new = index[-2]["version"], latest["version"]
            extras["latest_comparison"] = {"version": old, "href": f"{doc.id}/{old}..{new}.html"}
    if job.locale != config.source_locale:
        ap = approval_state(doc, catalog, config)
        if ap["state"] == "approved" and ap["at"]:
            extras["reviewed"] = format_long_date(dt.date.fromisoformat(ap["at"][:10]), job.locale)
    return extras


def _displayed_sections(snap: ReleaseSnapshot, locale: str, region: str | None) -> dict[str, tuple[str, str, str | None, str]]:
    """section id -> (title, body, notice, state) as the release's page showed it."""
    from .freshness import resolve_sections
    from .render.html import displayed_text

    doc, rconfig = snap.document, snap.config
    sections = doc.sections_for_region(region)
    if locale == rconfig.source_locale:
        return {s.id: (s.title, s.body, None, "current") for s in sections}
    chain = rconfig.fallback_chain(locale)
    cats = {loc: snap.catalogs.get((loc, doc.id)) for loc in chain}
    _, states = resolve_sections(doc, rconfig, locale, sections, cats)
    out = {}
    for sec, st in zip(sections, states):
        title, body, notice = displayed_text(sec, st, locale=locale, source_locale=rconfig.source_locale,
                                             on_stale=rconfig.on_stale)
        out[sec.id] = (title, body, notice, st.state)
    return out


def diff_html(old: str, new: str, locale: str, *, old_lang: str | None = None,
              new_lang: str | None = None, whole: bool = False) -> str:
    """Escaped text with `<del>`/`<ins>` (words; characters for Chinese and Japanese).

    ``old_lang``/``new_lang`` (BCP 47) mark removed/added text whose language
    differs from the text around it (e.g. an English fallback replaced by a translation);
    ``whole`` replaces the old text by the new one as a block (two languages: no word diff).
    """
    from html import escape

    from .freshness import word_diff

    by_char = locale.split("_")[0] in ("zh", "ja")
    dels = f' lang="{old_lang}" dir="{_direction(old_lang)}"' if old_lang else ""
    inss = f' lang="{new_lang}" dir="{_direction(new_lang)}"' if new_lang else ""
    ops = word_diff(old, new, by_char=by_char) if not whole else \
        [x for x in (("-", old), ("+", new)) if x[1]] if old != new else [("=", old)]
    out = []
    for op, text in ops:
        t = escape(text).replace("\n", "<br>\n")
        out.append(t if op == "=" else f"<del{dels}>{t}</del>" if op == "-" else f"<ins{inss}>{t}</ins>")
    return "".join(out)


def _direction(lang: str) -> str:
    from .render.html import locale_facts

    try:
        return locale_facts(lang.replace("-", "_"))[0]
    except Exception:  # an unknown tag: the page's own direction is the best guess
        return "ltr"


def comparison_changes(old: ReleaseSnapshot, new: ReleaseSnapshot, locale: str, region: str | None) -> list[dict[str, Any]]:
    """Sections added, removed or changed (in the localized text) between two releases.

    Each change has the section's ``title`` (a diff when the title changed) and a
    diff of its body; a section shown in English (a fallback) carries ``lang``.
    """
    from html import escape

    from markupsafe import Markup

    from .config import bcp47

    source = new.config.source_locale
    a, b = _displayed_sections(old, locale, region), _displayed_sections(new, locale, region)
    order = list(b) + [k for k in a if k not in b]
    changes = []
    for sid in order:
        if sid in a and sid in b and (a[sid][0], a[sid][1]) == (b[sid][0], b[sid][1]):
            continue
        kind = "added" if sid not in a else "removed" if sid not in b else "changed"
        before = a.get(sid)
        after = b.get(sid)
        shown = after if after is not None else before
        assert shown is not None

        def lang_of(side: tuple | None) -> str:
            if side is None or locale == source:
                return locale
            return source if side[2] in ("missing", "source") else locale

        section_lang = lang_of(shown)
        old_lang, new_lang = lang_of(before), lang_of(after)
        # by characters only when both sides are the Chinese/Japanese translation
        text_locale = locale if old_lang == new_lang == locale else source
        marks = {"old_lang": bcp47(old_lang) if old_lang != section_lang else None,
                 "new_lang": bcp47(new_lang) if new_lang != section_lang else None,
                 "whole": old_lang != new_lang}
        old_title, new_title = (before[0] if before else ""), (after[0] if after else "")
        if kind == "changed" and old_title != new_title:
            title = Markup(diff_html(old_title, new_title, text_locale, **marks))
        else:
            title = Markup(escape(shown[0]))
        body = diff_html(before[1] if before else "", after[1] if after else "", text_locale, **marks)
        fallback = section_lang != locale
        changes.append({"id": sid, "kind": kind, "title": title, "diff": Markup(body),
                        "lang": bcp47(source) if fallback else None,
                        "dir": _direction(source) if fallback else None})
    return changes


def build_release_outputs(config: Config, docs: Sequence[Document], templates: Any, out_dir: Any,
                          state: Any, result: Any, shard: Any, *, withheld: Mapping[str, str],
                          locales: Sequence[str] | None, regions: Sequence[str] | None) -> list[dict[str, Any]]:
    """Every release page and comparison page (HTML only), incremental like live pages."""
    import hashlib

    from .config import bcp47
    from .output import PageJob, _item, in_shard, plan_pages, sha256_bytes, write_if_changed
    from .render.html import UiTranslator, compare_html, format_long_date, page_html

    items: list[dict[str, Any]] = []
    for doc in docs:
        try:
            index = release_index(config, doc.id)
        except L10nError as exc:  # the live pages still build; this is one stderr line
            result.fail(str(exc), 2)
            continue
        if not index:
            continue
        index_bytes = (config.releases_dir / doc.id / "index.json").read_bytes()
        snapshots: list[ReleaseSnapshot] | None = None
        for job in plan_pages(config, [doc.id], locales, regions):
            folder = f"{job.folder}/{doc.id}"
            outputs = [(f"{folder}/{r['version']}.html", "release", i) for i, r in enumerate(index)]
            outputs += [(f"{folder}/{index[i - 1]['version']}..{index[i]['version']}.html", "comparison", i)
                        for i in range(1, len(index))]
            for path, kind, i in outputs:
                if not in_shard(path, shard):
                    continue
                if job.locale in withheld:  # its previous output stays, and stays in the manifest
                    rec = state.data.get(path)
                    if rec and rec.get("sha256") and (out_dir / path).exists():
                        items.append(_item(path, kind, job, state, rec.get("states"), public=True))
                    continue
                key = hashlib.sha256(f"{path}\n{templates_key(templates)}\n{_CODE_KEY}".encode() + index_bytes).hexdigest()
                if state.fresh(out_dir, path, key):
                    result.kept.append(path)
                    items.append(_item(path, kind, job, state, state.data[path].get("states"), public=True))
                    continue
                if snapshots is None:
                    try:
                        snapshots = [load_snapshot(config, doc.id, e) for e in index]
                    except L10nError as exc:
                        result.fail(str(exc), 2)
                        snapshots = []
                if not snapshots:
                    continue
                snap = snapshots[i]
                if kind == "release":
                    html, states = _release_page(config, templates, snap, job, index, i)
                else:
                    prev = snapshots[i - 1]
                    chain = snap.config.fallback_chain(job.locale) if job.locale != config.source_locale else ()
                    translate = UiTranslator([_entries(snap.catalogs.get((loc, "ui"))) for loc in chain])
                    changes = comparison_changes(prev, snap, job.locale, job.region)
                    html = compare_html(templates, locale=job.locale, translate=translate, page={
                        "title": _localized_title(snap, job.locale), "old": prev.version, "new": snap.version,
                        "old_href": f"{prev.version}.html", "new_href": f"{snap.version}.html",
                        "current_href": f"../{doc.id}.html", "changes": changes})
                    states = {c["id"]: c["kind"] for c in changes}
                data = html.encode("utf-8")
                if write_if_changed(out_dir, path, data):
                    result.written.append(path)
                state.record(out_dir, path, key, sha256_bytes(data))
                state.data[path]["states"] = states
                items.append(_item(path, kind, job, state, states, public=True))
    return items


#: this module renders release and comparison pages: a change to it renders them again
_CODE_KEY = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def templates_key(templates: Any) -> str:
    from .output import environment_key

    if not hasattr(templates, "_key"):
        templates._key = environment_key(templates.config)
    return templates._key


def _entries(cat: Catalog | None) -> dict:
    return cat.by_context() if cat is not None else {}


def _localized_title(snap: ReleaseSnapshot, locale: str) -> str:
    if locale == snap.config.source_locale:
        return snap.document.title
    for loc in snap.config.fallback_chain(locale):
        cat = snap.catalogs.get((loc, snap.document.id))
        e = cat.by_context().get("document.title") if cat else None
        if e is not None and e.translated and not e.fuzzy and e.msgid == snap.document.title:
            return e.msgstr
    return snap.document.title


def _release_page(config: Config, templates: Any, snap: ReleaseSnapshot, job: Any,
                  index: list[dict[str, Any]], i: int) -> tuple[str, dict[str, str]]:
    from .freshness import resolve_sections
    from .output import _sibling_links, _source_states
    from .render.html import UiTranslator, format_long_date, page_html

    doc, rconfig = snap.document, snap.config
    sections = doc.sections_for_region(job.region)
    if job.locale == rconfig.source_locale or job.locale not in rconfig.locales:
        if job.locale == rconfig.source_locale:
            document_state, states = _source_states(doc, sections)
            chain: tuple[str, ...] = ()
        else:  # the locale did not exist yet: every section in English
            document_state, states = resolve_sections(doc, rconfig, job.locale, sections, {})
            chain = ()
    else:
        chain = rconfig.fallback_chain(job.locale)
        cats = {loc: snap.catalogs.get((loc, doc.id)) for loc in chain}
        document_state, states = resolve_sections(doc, rconfig, job.locale, sections, cats)
    translate = UiTranslator([_entries(snap.catalogs.get((loc, "ui"))) for loc in chain])
    extras: dict[str, Any] = {
        "version": snap.version,
        "effective": format_long_date(snap.effective, job.locale),
        "archived": f"../{doc.id}.html",
    }
    if i > 0:
        extras["latest_comparison"] = {"version": index[i - 1]["version"],
                                       "href": f"{index[i - 1]['version']}..{snap.version}.html"}
    path = f"{job.folder}/{doc.id}/{snap.version}.html"
    html = page_html(_release_templates(templates, rconfig), doc=doc, locale=job.locale, region=job.region,
                     document_state=document_state, section_states=states, translate=translate,
                     paper=job.paper, alternates=_release_siblings(config, job, doc.id, snap.version),
                     canonical=f"{config.base_url}/{path}" if config.base_url else None, extras=extras)
    return html, {"document": document_state.state, **{s.id: s.state for s in states}}


def _release_templates(templates: Any, rconfig: Config) -> Any:
    """Today's templates and CSS, with the release's configuration (its `on-stale`).

    ``page_html`` reads ``on_stale`` and the source locale from ``templates.config``;
    a release page must show stale sections as the live page did at release time.
    """
    if templates.config is rconfig:
        return templates
    cache = templates.__dict__.setdefault("_release_copies", {})
    key = (rconfig.on_stale, rconfig.source_locale)
    if key not in cache:
        clone = copy.copy(templates)
        _ = templates.env, templates.css  # share one Jinja2 environment and CSS
        clone._env, clone._css = templates._env, templates._css
        clone.config = rconfig
        cache[key] = clone
    return cache[key]


def _release_siblings(config: Config, job: Any, doc_id: str, version: str) -> list[Any]:
    """hreflang links to the same version of the document in the region's other locales."""
    import posixpath

    from .config import bcp47
    from .render.html import PageLink, locale_facts

    locales = config.regions[job.region].locales if job.region else config.all_page_locales()
    here = f"{job.folder}/{doc_id}"

    def href(loc: str) -> str:
        folder = f"{job.region}/{bcp47(loc)}" if job.region else bcp47(loc)
        target = f"{folder}/{doc_id}/{version}.html"
        return f"{config.base_url}/{target}" if config.base_url else posixpath.relpath(target, here)

    links = []
    for loc in locales:
        direction, name = locale_facts(loc)
        links.append(PageLink(bcp47(loc), href(loc), name, direction if direction == "rtl" else None))
    if config.source_locale in locales:
        links.append(PageLink("x-default", href(config.source_locale)))
    return links


# --------------------------------------------------------------------------- approvals

def plan_approve(config: Config, docs: Sequence[Document], locales: Sequence[str], by: str,
                 now: dt.datetime) -> list[Any]:
    """Sign-off headers to write; refused (exit 1) while a needed section is not current."""
    from .catalog import PlannedWrite, load_locale_catalog, locale_catalog_path, rel
    from .errors import RefusedError
    from .freshness import load_catalogs, locale_status
    from .pofile import render_po

    if not re.fullmatch(r"[^;<>\n]+<[^<>@\s;]+@[^<>\s;]+>", by.strip()):
        from .errors import UsageError
        raise UsageError(f'--by must be "Name <email>" (got {by!r})')
    writes = []
    problems = []
    for doc in docs:
        catalogs = load_catalogs(config, locales, doc.id)
        for loc in locales:
            ls = locale_status(doc, config, loc, catalogs)
            bad = [s for s in (ls.document, *ls.sections) if s.state != "current"]
            if bad:
                problems.append(f"{doc.id} [{loc}]: " + ", ".join(f"{s.id} is {s.state}" for s in bad))
                continue
            cat = load_locale_catalog(config, loc, doc.id)
            if cat is None:
                problems.append(f"{doc.id} [{loc}]: no catalog")
                continue
            cat = copy.deepcopy(cat)  # the loaded catalog is shared
            path = locale_catalog_path(config, loc, doc.id)
            old = path.read_text(encoding="utf-8")
            cat.set_header(APPROVAL_HEADER, format_approval(by.strip(), utc_now_iso(now), catalog_digest(cat)))
            writes.append(PlannedWrite(path, rel(config, path), old, render_po(cat)))
    if problems:
        raise RefusedError("approval refused: " + "; ".join(problems))
    return writes


# --------------------------------------------------------------------------- minor edits

_FIGURE_RE = re.compile(r"\d+(?:[.,]\d+)*")
_URL_RE = re.compile(r"(?:https?|ftp|mailto):[^\s<>()\[\]]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_LINK_TARGET_RE = re.compile(r"\]\(([^)\s]*)")


def _protected(text: str) -> tuple[list[str], list[str], list[str]]:
    return (_FIGURE_RE.findall(text), _URL_RE.findall(text), _LINK_TARGET_RE.findall(text))


def _minor_befores(config: Config, doc: Document, locales: Sequence[str], msgctxt: str, after: str,
                   pot: Mapping[str | None, Any]) -> list[str]:
    """The English in the catalogs that ``after`` replaces: the `.pot`'s, or (when the
    `.pot` is missing or already has ``after``, e.g. after `extract`) the locale catalogs'."""
    from .catalog import load_locale_catalog

    entry = pot.get(msgctxt)
    if entry is not None and not entry.obsolete and entry.msgid != after:
        return [entry.msgid]
    befores: list[str] = []
    for loc in locales:
        cat = load_locale_catalog(config, loc, doc.id)
        e = cat.by_context().get(msgctxt) if cat is not None else None
        if e is not None and not e.obsolete and e.msgid != after and e.msgid not in befores:
            befores.append(e.msgid)
    return befores


def _digest_rows(cat: Catalog, replace: Mapping[str | None, str] | None = None) -> list[tuple]:
    replace = replace or {}
    return [(e.msgctxt, replace.get(e.msgctxt, e.msgid), e.msgstr, e.fuzzy) for e in cat.entries if not e.obsolete]


def plan_minor(config: Config, docs: Sequence[Document], locales: Sequence[str], ids: Sequence[str],
               reason: str, now: dt.datetime) -> tuple[list[Any], Any]:
    """`update --minor`: the update's writes, with the listed sections kept current where they were.

    Returns the planned writes and a function that appends the audit records to
    `locales/minor-changes.jsonl` (call it after the writes).
    """
    import json

    from .catalog import document_messages, plan_update
    from .errors import ReleaseError
    from .pofile import read_po

    if not reason.strip():
        raise ReleaseError("--reason must say why the change needs no re-translation")
    records = []
    # (doc, msgctxt) -> (English it replaces, new English)
    accepted: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}
    for sid in dict.fromkeys(ids):
        matches = [d for d in docs if sid == "document" or any(s.id == sid for s in d.sections)]
        if not matches:
            raise ReleaseError(f"--minor {sid}: no such section"
                               + (f" in {', '.join(d.id for d in docs)}" if docs else ""))
        found = []
        for doc in matches:
            line = doc.section(sid).line if sid != "document" else doc.title_line
            pot_path = config.locales_dir / f"{doc.id}.pot"
            pot = read_po(pot_path, pot_path.relative_to(config.root).as_posix()).by_context() if pot_path.exists() else {}
            msgs = [m for m in document_messages(doc, config)
                    if (m.msgctxt[:-6] if m.msgctxt.endswith(".title") else m.msgctxt) == sid
                    or (sid == "document" and m.msgctxt.startswith("document."))]
            changed = []
            for m in msgs:
                befores = _minor_befores(config, doc, locales, m.msgctxt, m.msgid, pot)
                for before in befores:
                    if _protected(before) != _protected(m.msgid):
                        raise ReleaseError(f"--minor {sid}: the change alters a figure, a URL, an e-mail address "
                                           "or a link target; it needs re-translation, not --minor", doc.path, line)
                if befores:
                    changed.append((m.msgctxt, tuple(befores), m.msgid))
            if changed:
                found.append((doc, changed))
        if not found:
            doc = matches[0]
            raise ReleaseError(f"--minor {sid}: its English did not change since the last update",
                               doc.path, doc.section(sid).line if sid != "document" else doc.title_line)
        for doc, changed in found:
            for ctx, befores, after in changed:
                accepted[(doc.id, ctx)] = (befores, after)
            records.append((doc, sid, changed))

    applied: dict[tuple[str, str], list[str]] = {}

    def transform(domain: str, locale: str, old: Catalog | None, merged: Catalog) -> None:
        if old is None:
            return
        old_entries = old.by_context()
        was_approved = approval_state_raw(old)
        touched: dict[str | None, str] = {}
        for entry in merged.entries:
            key = (domain, entry.msgctxt or "")
            if entry.obsolete or key not in accepted:
                continue
            befores, after = accepted[key]
            prev = old_entries.get(entry.msgctxt)
            if prev is None or prev.obsolete or not prev.translated or prev.fuzzy or prev.msgid not in befores:
                continue  # only translations current before the change
            entry.msgid = after
            entry.previous_msgid = None
            entry.set_fuzzy(False)
            touched[entry.msgctxt] = after
            sid = key[1][:-6] if key[1].endswith(".title") else key[1]
            sid = "document" if sid.startswith("document.") else sid
            applied.setdefault((domain, sid), [])
            if locale not in applied[(domain, sid)]:
                applied[(domain, sid)].append(locale)
        # a valid sign-off stays valid only if the minor edits are all that changed
        if touched and was_approved and _digest_rows(old, touched) == _digest_rows(merged):
            by, at = was_approved
            merged.set_header(APPROVAL_HEADER, format_approval(by, at, catalog_digest(merged)))

    writes = plan_update(config, docs, locales, now, transform=transform)

    def log() -> None:
        path = config.locales_dir / "minor-changes.jsonl"
        stamp = utc_now_iso()  # to the second: ordered against `released_at`
        lines = []
        for doc, sid, changed in records:
            body = [c for c in changed if not c[0].endswith(".title")] or changed
            lines.append(json.dumps({"time": stamp, "document": doc.id, "section": sid,
                                     "before": body[0][1][0], "after": body[0][2], "reason": reason,
                                     "locales": applied.get((doc.id, sid), [])}, ensure_ascii=False))
        lead = ""
        if path.exists() and path.stat().st_size:
            with path.open("rb") as handle:
                handle.seek(-1, 2)
                lead = "" if handle.read(1) == b"\n" else "\n"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(lead + "\n".join(lines) + "\n")

    return writes, log


def approval_state_raw(cat: Catalog) -> tuple[str, str] | None:
    """(by, at) of a sign-off whose digest still matches the catalog, else None."""
    approval = parse_approval(cat)
    if approval and approval["digest"] == catalog_digest(cat):
        return approval["by"], approval["at"]
    return None
