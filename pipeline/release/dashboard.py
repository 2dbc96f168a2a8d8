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
                    templates: Any = None) -> list[dict[str, Any]]:
    """Write index.html and status/<doc>/<bcp47>.html; return their manifest items.

    The status page of a ``withheld`` locale is its previous output: kept byte for byte.
    ``templates``: the build's loaded :class:`~.html.Templates` (else loaded here)."""
    from markupsafe import Markup

    from ..errors import L10nError
    from ..freshness import locale_status
    from ..localefacts import locale_facts
    from ..output import plan_pages
    from ..render.html import Templates
    from .approval import approval_states
    from .history import minor_changes_since_release, release_index
    from .pages import diff_html

    templates = templates or Templates(config)
    items: list[dict[str, Any]] = []

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
        doc_cats = {loc: catalogs.get((loc, doc.id)) for loc in config.locales}
        statuses = {loc: locale_status(doc, config, loc, doc_cats) for loc in config.locales}
        approvals = approval_states(doc, config, config.locales, doc_cats)  # each region's row shows them
        try:
            index = release_index(config, doc.id)
        except L10nError:  # reported by the release pages
            index = []
        groups = []
        region_names: list[str | None] = [*config.regions] or [None]
        for region in region_names:
            rows = []
            for job in plan_pages(config, [doc.id], regions=[region] if region else None):
                if job.region != region:
                    continue
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
                    # the counts of this region's page (a section may be limited to other regions)
                    ls = locale_status(doc, _region_config(config, region), loc, doc_cats) if region else statuses[loc]
                    ap = approvals[loc]
                    approval = ap["state"]
                    if ap["state"] in ("approved", "void") and ap["by"]:
                        approval = f"{ap['state']} ({_reviewer_name(ap['by'])}, {(ap['at'] or '')[:10]})"
                    cat = catalogs.get((loc, doc.id))
                    revised = (cat.header_value("PO-Revision-Date") or "—") if cat is not None else "no catalog"
                    row.update(sections=len(ls.sections), current=ls.counts["current"], review=ls.counts["review"],
                               stale=ls.counts["stale"], missing=ls.counts["missing"], words=ls.words_to_translate,
                               approval=approval, revised=revised, status=f"status/{doc.id}/{bcp47(loc)}.html",
                               provenance=_provenance_counts(ls, doc, catalogs))
                rows.append(row)
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
            items.append(_write_status_page(config, templates, doc, loc, statuses[loc], approvals[loc], catalogs,
                                            out_dir, state, result))
    html = templates.render_page("dashboard.html.j2", css=Markup(templates.css), documents=documents)
    items.append(_write(out_dir, "index.html", html, state, result, "index"))
    return items


def _write(out_dir: Path, path: str, html: str, state: Any, result: Any, kind: str, **meta: Any) -> dict[str, Any]:
    from ..output import _item

    states = meta.pop("states", {})
    state.stage(path, "", html.encode("utf-8"), states)
    return _item(path, kind, None, state, states, public=False, **meta)


def _previous_status_item(doc: Any, loc: str, state: Any) -> list[dict[str, Any]]:
    from ..output import _item

    path = f"status/{doc.id}/{bcp47(loc)}.html"
    rec = state.data.get(path)
    if not rec or not rec.get("sha256"):
        return []
    return [_item(path, "status", None, state, rec.get("states"), public=False, document=doc.id, locale=loc)]


def _write_status_page(config: Config, templates: Any, doc: Any, loc: str, ls: Any, ap: Mapping[str, Any],
                       catalogs: Mapping[tuple[str, str], Any], out_dir: Path, state: Any, result: Any) -> dict[str, Any]:
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
    path = f"status/{doc.id}/{bcp47(loc)}.html"
    states = {"document": ls.document.state, **{s.id: s.state for s in ls.sections}}
    return _write(out_dir, path, html, state, result, "status", document=doc.id, locale=loc, states=states)


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
