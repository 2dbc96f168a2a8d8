"""Release pages, comparisons between releases, and what a live page says about its versions."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any, Collection, Mapping, Sequence

from ..config import Config, bcp47
from ..errors import L10nError
from ..pofile import Catalog
from ..source import Document
from .approval import approval_state
from .history import ReleaseSnapshot, load_snapshot, release_index




def page_release_extras(config: Config, doc: Document, job: Any,
                        catalogs: Mapping[str, Catalog | None]) -> dict[str, Any]:
    """Effective date, previous versions, latest comparison and review date of a live page.

    ``catalogs``: the page locale's and its fallbacks' catalogs of ``doc``.
    """
    from ..localefacts import format_long_date

    from ..errors import L10nError

    extras: dict[str, Any] = {}
    try:
        index = release_index(config, doc.id)
    except L10nError:  # reported once, by build_release_outputs
        index = []
    if index:
        latest = index[-1]
        extras["effective"] = format_long_date(dt.date.fromisoformat(latest["effective"]), job.locale)
        # the live page is the latest release: "Previous versions" are the ones before it
        extras["versions"] = [
            {"version": r["version"], "href": f"{doc.id}/{r['version']}.html",
             "effective": format_long_date(dt.date.fromisoformat(r["effective"]), job.locale)}
            for r in reversed(index[:-1])]
        if len(index) > 1:
            old, new = index[-2]["version"], latest["version"]
            extras["latest_comparison"] = {"version": old, "href": f"{doc.id}/{old}..{new}.html"}
    if job.locale != config.source_locale:
        ap = approval_state(doc, config, job.locale, catalogs)
        if ap["state"] == "approved" and ap["at"]:
            extras["reviewed"] = format_long_date(dt.date.fromisoformat(ap["at"][:10]), job.locale)
    return extras


def _displayed_sections(snap: ReleaseSnapshot, locale: str, region: str | None) -> dict[str, tuple[str, str, str | None, str]]:
    """section id -> (title, body, notice, state) as the release's page showed it."""
    from ..freshness import resolve_sections
    from ..render.html import displayed_text

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


#: languages whose comparisons mark changed characters, not words: written without spaces
#: between words (Thai and Lao by character, a character with its vowel and tone marks:
#: a word split needs a dictionary such as ICU's, which is not available here)
_BY_CHARACTER = ("zh", "ja", "th", "lo")


def diff_html(old: str, new: str, locale: str, *, old_lang: str | None = None,
              new_lang: str | None = None, whole: bool = False) -> str:
    """Escaped text with `<del>`/`<ins>` (words; characters for Chinese, Japanese, Thai and Lao).

    ``old_lang``/``new_lang`` (BCP 47) mark removed/added text whose language
    differs from the text around it (e.g. an English fallback replaced by a translation);
    ``whole`` replaces the old text by the new one as a block (two languages: no word diff).
    """
    from html import escape

    from ..freshness import word_diff

    by_char = locale.split("_")[0] in _BY_CHARACTER
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
    from ..localefacts import locale_facts

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
        marked_old = bcp47(old_lang) if old_lang != section_lang else None
        marked_new = bcp47(new_lang) if new_lang != section_lang else None
        old_title, new_title = (before[0] if before else ""), (after[0] if after else "")
        if kind == "changed" and old_title != new_title:
            title = Markup(diff_html(old_title, new_title, text_locale, old_lang=marked_old, new_lang=marked_new, whole=old_lang != new_lang))
        else:
            title = Markup(escape(shown[0]))
        body = diff_html(before[1] if before else "", after[1] if after else "", text_locale, old_lang=marked_old, new_lang=marked_new, whole=old_lang != new_lang)
        fallback = section_lang != locale
        changes.append({"id": sid, "kind": kind, "title": title, "diff": Markup(body),
                        "lang": bcp47(source) if fallback else None,
                        "dir": _direction(source) if fallback else None})
    return changes


def release_outputs(job: Any, index: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, int]]:
    """The release and comparison pages of a live page's document: (path, kind, release number)."""
    folder = f"{job.folder}/{job.doc_id}"
    outputs = [(f"{folder}/{r['version']}.html", "release", i) for i, r in enumerate(index)]
    outputs += [(f"{folder}/{index[i - 1]['version']}..{index[i]['version']}.html", "comparison", i)
                for i in range(1, len(index))]
    return outputs


def build_release_outputs(config: Config, docs: Sequence[Document], templates: Any, out_dir: Any,
                          state: Any, result: Any, shard: Any, *, withheld: Mapping[str, str],
                          locales: Sequence[str] | None, regions: Sequence[str] | None) -> list[dict[str, Any]]:
    """Every release page and comparison page (HTML only), incremental like live pages."""
    import hashlib

    from ..output import manifest_item, in_shard, plan_pages
    from ..render.html import UiTranslator, compare_html

    from ..links import link_table_key

    links_key = link_table_key(docs)
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
            for path, kind, i in release_outputs(job, index):
                if not in_shard(path, shard):
                    continue
                if job.locale in withheld:  # its previous output stays, and stays in the manifest
                    rec = state.data.get(path)
                    if rec and rec.get("sha256") and (out_dir / path).exists():
                        items.append(manifest_item(path, kind, job, state, rec.get("states"), public=True))
                    continue
                unbuilt = _unbuilt_siblings(config, job, doc.id, index[i]["version"], withheld, out_dir)
                # today's package, templates and configuration, the release index, the documents
                # its links name (the snapshot's own inputs are under releases/), the siblings not built
                key = hashlib.sha256(f"{path}\n{templates_key(templates)}\n{links_key}\n{' '.join(unbuilt)}".encode()
                                     + index_bytes).hexdigest()
                if state.fresh(out_dir, path, key):
                    result.kept.append(path)
                    items.append(manifest_item(path, kind, job, state, state.data[path].get("states"), public=True))
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
                    html, states = _release_page(config, templates, snap, job, index, i, docs, unbuilt)
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
                state.stage(path, key, html.encode("utf-8"), states)
                items.append(manifest_item(path, kind, job, state, states, public=True))
    return items


#: this module renders release and comparison pages: a change to it renders them again


def templates_key(templates: Any) -> str:
    from ..output import environment_key

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


def _release_page(config: Config, templates: Any, snap: ReleaseSnapshot, job: Any, index: list[dict[str, Any]],
                  i: int, docs: Sequence[Document], unbuilt: Sequence[str] = ()) -> tuple[str, dict[str, str]]:
    """A release page and its sections' states; ``unbuilt``: locales whose page of this release
    is not there (:func:`_unbuilt_siblings`), left out of its language menu."""
    from ..freshness import resolve_sections
    from ..links import page_link_targets
    from ..output import source_states
    from ..localefacts import format_long_date
    from ..render.html import UiTranslator, page_html

    doc, rconfig = snap.document, snap.config
    sections = doc.sections_for_region(job.region)
    if job.locale == rconfig.source_locale or job.locale not in rconfig.locales:
        if job.locale == rconfig.source_locale:
            document_state, states = source_states(doc, sections)
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
                     paper=job.paper, alternates=_release_siblings(config, job, doc.id, snap.version, unbuilt),
                     canonical=f"{config.base_url}/{path}" if config.base_url else None, extras=extras,
                     links=page_link_targets(config, docs, job, here=path))
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


def _release_path(job: Any, locale: str, version: str) -> str:
    """The page of release ``version`` of the live page ``job``'s document in ``locale``."""
    return f"{replace(job, locale=locale).folder}/{job.doc_id}/{version}.html"


def _unbuilt_siblings(config: Config, job: Any, doc_id: str, version: str, withheld: Collection[str],
                      out_dir: Path) -> list[str]:
    """The withheld locales of the page's region whose page of this release is not there
    (withheld on their first build): no sibling links to them until they build, as on live pages."""
    return [loc for loc in config.region_locales(job.region)
            if loc in withheld and not (out_dir / _release_path(job, loc, version)).is_file()]


def _release_siblings(config: Config, job: Any, doc_id: str, version: str,
                      unbuilt: Collection[str] = ()) -> list[Any]:
    """hreflang links to the same version of the document in the region's other locales (but
    ``unbuilt``)."""
    import posixpath

    from ..localefacts import locale_facts
    from ..output.plan import x_default_locale
    from ..render.html import PageLink

    locales = [loc for loc in config.region_locales(job.region) if loc not in unbuilt]
    here = f"{job.folder}/{doc_id}"

    def href(loc: str) -> str:
        target = _release_path(job, loc, version)
        return f"{config.base_url}/{target}" if config.base_url else posixpath.relpath(target, here)

    links = []
    for loc in locales:
        direction, name = locale_facts(loc)
        links.append(PageLink(bcp47(loc), href(loc), name, direction if direction == "rtl" else None))
    if locales:
        links.append(PageLink("x-default", href(x_default_locale(config, locales))))
    return links
