"""The release dashboard `output/index.html` and per-locale status pages (not public)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Collection, Mapping, Sequence

from ..config import Config, bcp47

__all__ = ["build_dashboard"]


_EMAIL_RE = re.compile(r"<[^<>]*>|\S+@\S+")


def _reviewer_name(by: str | None) -> str:
    """The dashboard shows the reviewer's name, never the e-mail address (even a
    hand-edited header's bare address)."""
    if not by:
        return ""
    name = " ".join(_EMAIL_RE.sub(" ", by.split(";", 1)[0]).split())
    return name or "(unnamed)"


def build_dashboard(config: Config, docs: Sequence[Any], catalogs: Mapping[tuple[str, str], Any],
                    out_dir: Path, state: Any, result: Any, withheld: Collection[str] = (),
                    templates: Any = None, memo: Any = None) -> list[dict[str, Any]]:
    """Write index.html and status/<doc>/<bcp47>.html; return their manifest items.

    The status page of a ``withheld`` locale is its previous output: kept byte for byte.
    ``templates``: the build's loaded :class:`~.html.Templates` (else loaded here).
    ``memo``: the build's :class:`~pipeline.output.memo.Memo`, when ``catalogs`` are its
    :class:`~pipeline.output.memo.Catalogs`: each document × locale's row is kept there by
    the key of its inputs, and read back (no catalog parsed) while none changed; its status
    page is recorded with that key, and not rendered again while the key is the same."""
    from markupsafe import Markup

    from ..errors import L10nError
    from ..localefacts import locale_facts
    from ..output import plan_pages
    from ..render.html import Templates
    from .history import minor_changes_since_release, release_index
    from .pages import diff_html

    templates = templates or Templates(config)
    items: list[dict[str, Any]] = []
    records = _LocaleRecords(config, templates, catalogs, memo)

    try:
        minor = minor_changes_since_release(config, docs)
    except L10nError as exc:  # a malformed minor-changes.jsonl or release index: one stderr line
        if str(exc) in result.problems:  # already reported by the release pages
            result.exit_code = max(result.exit_code, 2)
        else:
            result.fail(str(exc), 2)
        minor = {}
    documents = []
    for doc in docs:
        try:
            index = release_index(config, doc.id)
        except L10nError:  # reported by the release pages
            index = []
        region_names: list[str | None] = [*config.regions] or [None]
        jobs = {region: [job for job in plan_pages(config, [doc.id], regions=[region] if region else None)
                         if job.region == region] for region in region_names}
        record = records.of(doc, {loc: [region for region in region_names if any(j.locale == loc for j in jobs[region])]
                                  for loc in config.locales})
        groups = []
        for region in region_names:
            rows = []
            for job in jobs[region]:
                loc = job.locale
                _, name = locale_facts(loc)
                row: dict[str, Any] = {"locale": loc, "bcp47": bcp47(loc), "name": name,
                                       "html": job.html_path, "pdf": job.pdf_path,
                                       "versions": [{"label": r["version"], "href": f"{job.folder}/{doc.id}/{r['version']}.html"}
                                                    for r in reversed(index)],
                                       "withheld": _withheld_reason(withheld, loc)}
                if loc == config.source_locale:
                    row.update(sections=len(doc.sections_for_region(region)), current=len(doc.sections_for_region(region)),
                               review=0, stale=0, missing=0, words=0, approval="source", revised="—", status=None,
                               provenance=None)
                else:
                    counts = record[loc]["regions"][region or ""]
                    row.update(sections=counts["sections"], current=counts["current"], review=counts["review"],
                               stale=counts["stale"], missing=counts["missing"], words=counts["words"],
                               approval=record[loc]["approval"], revised=record[loc]["revised"],
                               status=f"status/{doc.id}/{bcp47(loc)}.html", provenance=counts["provenance"])
                rows.append(_built_links_only(row, out_dir) if row["withheld"] else row)
            label = f"region {region}" if region else "all locales"
            groups.append({"label": label, "rows": rows})
        minor_rows = [{**m, "diff": Markup(diff_html(m.get("before", ""), m.get("after", ""), "en"))}
                      for m in minor.get(doc.id, [])]
        documents.append({"id": doc.id, "title": doc.title, "groups": groups, "releases": index,
                          "minor_changes": minor_rows})
        for loc in config.locales:
            if loc in withheld:
                items.extend(_previous_status_item(doc, loc, state))
                continue
            items.extend(records.status_page(doc, loc, out_dir, state, result))
    html = templates.render_page("dashboard.html.j2", css=Markup(templates.css), documents=documents)
    items.append(_write(out_dir, "index.html", html, state, result, "index"))
    return items


class _LocaleRecords:
    """What the dashboard shows of each document × translated locale (its row's counts in
    each region, approval, revision date, provenance; its status page), computed from the
    catalogs of the locale's fallback chain, or read back from the build's memo. The key
    names every input (the source's and those catalogs' bytes, the configuration, the
    project's templates, the package's code): the status page is recorded with it too."""

    def __init__(self, config: Config, templates: Any, catalogs: Mapping[tuple[str, str], Any], memo: Any) -> None:
        from ..output.memo import Catalogs
        from ..output.state import environment_key

        self.config, self.templates, self.catalogs = config, templates, catalogs
        self.memo = memo if isinstance(catalogs, Catalogs) else None
        #: each catalog's bytes, as the build read them (what the memo's keys are made of)
        self.data = catalogs.data if isinstance(catalogs, Catalogs) else {}
        self.env = environment_key(config) if self.memo is not None else ""
        #: (document, locale) -> the key of its inputs (none without a memo)
        self.keys: dict[tuple[str, str], str] = {}
        #: (document, locale) -> its status and approval, computed by this build
        self.computed: dict[tuple[str, str], tuple[Any, Mapping[str, Any]]] = {}

    def of(self, doc: Any, regions: Mapping[str, Sequence[str | None]]) -> dict[str, dict[str, Any]]:
        """Locale -> its record for ``doc``; ``regions``: the regions each locale has a page in."""
        from ..freshness import locale_status
        from .approval import approval_states

        config, catalogs = self.config, self.catalogs
        keys = self._keys(doc) if self.memo is not None else {}
        self.keys.update({(doc.id, loc): key for loc, key in keys.items()})
        records = {loc: self.memo.get(key) for loc, key in keys.items()} if self.memo is not None else {}
        missing = [loc for loc in config.locales if records.get(loc) is None]
        if missing:
            doc_cats = {fallback: catalogs.get((fallback, doc.id)) for loc in missing
                        for fallback in config.fallback_chain(loc)}
            approvals = approval_states(doc, config, missing, doc_cats)
            for loc in missing:
                ls = locale_status(doc, config, loc, doc_cats)
                self.computed[(doc.id, loc)] = (ls, approvals[loc])
                records[loc] = self._record(doc, loc, regions[loc], ls, approvals[loc], doc_cats)
                if self.memo is not None:
                    self.memo.put(keys[loc], records[loc])
        return records

    def _keys(self, doc: Any) -> dict[str, str]:
        from ..output.memo import memo_key

        source = (self.config.root / doc.path).read_bytes()
        keys = {}
        for loc in self.config.locales:
            chain = [_present(self.data.get((fallback, doc.id))) for fallback in self.config.fallback_chain(loc)]
            keys[loc] = memo_key("dashboard-locale", self.env, doc.path, source, loc, *chain)
        return keys

    def _record(self, doc: Any, loc: str, regions: Sequence[str | None], ls: Any, ap: Mapping[str, Any],
                doc_cats: Mapping[str, Any]) -> dict[str, Any]:
        from ..freshness import locale_status

        config, catalogs = self.config, self.catalogs
        counts = {}
        for region in regions:
            # the counts of this region's page (a section may be limited to other regions)
            rls = locale_status(doc, _region_config(config, region), loc, doc_cats) if region else ls
            counts[region or ""] = {"sections": len(rls.sections), "current": rls.counts["current"],
                                    "review": rls.counts["review"], "stale": rls.counts["stale"],
                                    "missing": rls.counts["missing"], "words": rls.words_to_translate,
                                    "provenance": _provenance_counts(rls, doc, catalogs)}
        approval = ap["state"]
        if ap["state"] in ("approved", "void") and ap["by"]:
            approval = f"{ap['state']} ({_reviewer_name(ap['by'])}, {(ap['at'] or '')[:10]})"
        cat = catalogs.get((loc, doc.id))
        revised = (cat.header_value("PO-Revision-Date") or "—") if cat is not None else "no catalog"
        return {"regions": counts, "approval": approval, "revised": revised}

    def status_page(self, doc: Any, loc: str, out_dir: Path, state: Any, result: Any) -> list[dict[str, Any]]:
        """Stage status/<doc>/<bcp47>.html unless it was made from the same inputs; its manifest item."""
        from ..freshness import locale_status
        from .approval import approval_states

        path = f"status/{doc.id}/{bcp47(loc)}.html"
        key = self.keys.get((doc.id, loc), "")
        if key and state.fresh(out_dir, path, key):
            result.kept.append(path)
            return _previous_status_item(doc, loc, state)
        if (doc.id, loc) in self.computed:
            ls, ap = self.computed.pop((doc.id, loc))
        else:  # its row was read back, but the page is not as it was made (deleted, edited)
            doc_cats = {fallback: self.catalogs.get((fallback, doc.id)) for fallback in self.config.fallback_chain(loc)}
            ls, ap = locale_status(doc, self.config, loc, doc_cats), approval_states(doc, self.config, [loc], doc_cats)[loc]
        html, states = _status_page(self.config, self.templates, doc, loc, ls, ap, self.catalogs)
        return [_write(out_dir, path, html, state, result, "status", key=key, document=doc.id, locale=loc, states=states)]


def _built_links_only(row: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """A withheld locale's row links only to the pages it has from an earlier build (one
    withheld on its first build has none yet)."""
    def built(rel: str | None) -> str | None:
        return rel if rel and (out_dir / rel).is_file() else None

    return {**row, "html": built(row["html"]), "pdf": built(row["pdf"]), "status": built(row["status"]),
            "versions": [v for v in row["versions"] if built(v["href"])]}


def _present(data: bytes | None) -> bytes:
    """A catalog in a memo key: a missing file ("-") is not an empty one ("+")."""
    return b"-" if data is None else b"+" + data


def _write(out_dir: Path, path: str, html: str, state: Any, result: Any, kind: str, key: str = "",
           **meta: Any) -> dict[str, Any]:
    from ..output import manifest_item

    states = meta.pop("states", {})
    state.stage(path, key, html.encode("utf-8"), states)
    return manifest_item(path, kind, None, state, states, public=False, **meta)


def _previous_status_item(doc: Any, loc: str, state: Any) -> list[dict[str, Any]]:
    from ..output import manifest_item

    path = f"status/{doc.id}/{bcp47(loc)}.html"
    rec = state.data.get(path)
    if not rec or not rec.get("sha256"):
        return []
    return [manifest_item(path, "status", None, state, rec.get("states"), public=False, document=doc.id, locale=loc)]


def _status_page(config: Config, templates: Any, doc: Any, loc: str, ls: Any, ap: Mapping[str, Any],
                 catalogs: Mapping[tuple[str, str], Any]) -> tuple[str, dict[str, str]]:
    """The HTML of status/<doc>/<bcp47>.html and its sections' states."""
    from markupsafe import Markup

    from ..localefacts import locale_facts
    from .pages import diff_html

    sections = []
    for st in (ls.document, *ls.sections):
        if st.state == "current":
            continue
        diff = Markup(diff_html(st.previous_source, st.source, "en")) if st.state == "stale" and st.previous_source is not None else None
        sections.append({"id": st.id, "title": st.title, "state": st.state, "diff": diff, "source": st.source,
                         "via": st.locale if st.locale and st.locale != loc else None,
                         "provenance": _provenance_note(st, catalogs.get((st.locale, doc.id)) if st.locale else None)})
    approval = ap["state"] + (f" by {_reviewer_name(ap['by'])} on {(ap['at'] or '')[:10]}" if ap["by"] else "")
    _, name = locale_facts(loc)
    html = templates.render_page(
        "status.html.j2", css=Markup(templates.css), title=doc.title, locale=loc, locale_name=name, dashboard="../../index.html",
        summary={**ls.counts, "words": ls.words_to_translate}, approval=approval, sections=sections)
    return html, {"document": ls.document.state, **{s.id: s.state for s in ls.sections}}


def _provenance_counts(ls: Any, doc: Any, catalogs: Mapping[tuple[str, str], Any]) -> str:
    """How many translated sections came from where, e.g. "person 8, memory 1, import 2"."""
    from collections import Counter

    from ..provenance import section_provenance

    counts: Counter[str] = Counter()
    for st in (ls.document, *ls.sections):
        cat = catalogs.get((st.locale, doc.id)) if st.locale else None
        keys = ["document.title", "document.preamble"] if st.id == "document" else [f"{st.id}.title", st.id]
        found = section_provenance(cat.by_context(), keys) if cat is not None else None
        if found is not None:
            counts[found["kind"]] += 1
    return ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "—"


def _provenance_note(st: Any, cat: Any) -> str | None:
    """Where a section's translation came from (person, translation memory, vendor import, adopt)."""
    from ..provenance import section_provenance

    keys = ["document.title", "document.preamble"] if st.id == "document" else [f"{st.id}.title", st.id]
    found = section_provenance(cat.by_context(), keys) if cat is not None else None
    if found is None:
        return None
    words = {"person": "a translator", "memory": "the translation memory", "import": "a vendor's XLIFF",
             "adopt": "an adopted translation"}
    detail = f" ({found['detail']})" if found["detail"] else ""
    return f"{words.get(found['kind'], found['kind'])}{detail}" + (", not confirmed" if st.state == "review" else "")


def _region_config(config: Config, region: str) -> Config:
    """``config`` with only ``region``: `locale_status` then counts that region's sections."""
    import dataclasses

    return dataclasses.replace(config, regions={region: config.regions[region]})


def _withheld_reason(withheld: Collection[str], loc: str) -> str | None:
    """Why a locale's pages were not rebuilt (its counts then read as "no catalog"), or None."""
    if loc not in withheld:
        return None
    reason = withheld.get(loc) if isinstance(withheld, Mapping) else None
    return str(reason or "not rebuilt")
