"""The build: every region × locale × document page (HTML, PDF), what the layer above adds
(release pages, the dashboard: :class:`SiteParts`), the manifest.

Outputs are reproducible (no build time inside) and incremental: each output's
inputs are hashed and recorded in `.cache/build-state.json`; an output whose
inputs did not change is not rendered again. What the build reads of every input
(each source's parse, which catalogs parse, each one's check findings, the dashboard's
rows) is kept in `.cache/build-memo.json` by its bytes (:mod:`.memo`), and a catalog is
parsed when something asks for it: a rebuild after one `.po` edit parses no source, and
parses that catalog and those of the pages it renders again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Collection, Mapping, Protocol, Sequence

from ..config import Config
from ..links import link_table_key, page_link_targets
from ..errors import UsageError
from .manifest import MANIFEST, SITEMAP, manifest_item, previous_items, unselected_items, manifest_bytes, write_sitemap
from .memo import MEMO_FILE, Catalogs, Memo, check_errors, load_documents
from .plan import PageJob, sibling_links, plan_pages, unbuilt_key, unbuilt_pages
from .shards import Shard, in_shard, page_costs, plan_shard
from .state import (STATE_FILE, BuildResult, BuildState, Inputs, content_key, read_inputs, page_key,
                    pdf_environment_key, sha256_bytes, write_if_changed)


@dataclass(frozen=True)
class BuildContext:
    """What a build has read and decided, handed to the outputs the layer above adds."""

    config: Config
    docs: Sequence[Any]
    catalogs: Mapping[tuple[str, str], Any]
    #: the build's loaded :class:`~pipeline.render.html.Templates`
    templates: Any
    out_dir: Path
    #: outputs are staged in it (:meth:`BuildState.stage`), written once all have rendered
    state: BuildState
    result: BuildResult
    shard: Shard | None
    #: locale -> why it is not published this time (its previous outputs stay)
    withheld: Mapping[str, str]
    locales: Sequence[str] | None
    regions: Sequence[str] | None
    #: what the build remembers (:mod:`.memo`); the layer above may keep its results in it too
    memo: Memo | None = None


class SiteParts(Protocol):
    """What release management adds to a build (:class:`pipeline.release.site.ReleaseParts`):
    it sits above the build, which calls it only through this interface."""

    def page_extras(self, config: Config, doc: Any, job: PageJob,
                    catalogs: Mapping[tuple[str, str], Any]) -> dict[str, Any]:
        """What a live page shows of its releases (effective date, previous versions)."""

    def shard_units(self, config: Config, docs: Sequence[Any], planned: Sequence[PageJob],
                    size_kb: Mapping[str, float]) -> list[tuple[list[str], float]]:
        """Its outputs of the planned pages with their estimated cost, for ``--shard``
        (``size_kb``: each document's English source size, what costs are estimated from)."""

    def outputs(self, build: BuildContext) -> list[dict[str, Any]]:
        """Render and stage its outputs; their manifest items."""


def build(config: Config, *, locales: Sequence[str] | None = None, regions: Sequence[str] | None = None,
          pdf: bool = True, jobs: int | None = None, shard: tuple[int, int] | None = None,
          progress: Callable[[str], None] | None = None, out_dir: Path | None = None,
          show_states: bool = False, extra_body: str = "", parts: SiteParts | None = None) -> BuildResult:
    """Build pages (and PDFs) for the selection; see DESIGN.md "Output".

    Every HTML output is rendered in memory first and written only once all have
    rendered, so a template error leaves ``out_dir`` as it was. PDFs come last, from
    the pages' HTML, in a pool of ``jobs`` worker processes. ``parts``: what the layer
    above adds (release pages, the dashboard: :func:`pipeline.release.build_site`). A whole
    build (no selection, no shard) then deletes the outputs of what left the site.
    """
    from ..render.html import Templates

    result = BuildResult()
    out_dir = out_dir or config.output_dir
    _check_selection(config, locales, regions)
    memo = Memo(config.root / MEMO_FILE)
    docs, catalogs, unreadable = _load_inputs(config, result, memo)
    inputs = read_inputs(config, [d.id for d in docs], list(config.all_page_locales()), catalogs.data)
    templates = Templates(config)
    templates.preload()  # a template that does not parse stops the build here
    doc_by_id = {d.id: d for d in docs}
    planned = plan_pages(config, [d.id for d in docs], locales, regions)
    state = _open_state(config, out_dir)
    findings = check_errors(config, docs, catalogs, [loc for loc in config.locales if loc not in unreadable], memo)
    withheld = _withheld(config, unreadable, findings)
    _report_source_link_errors(config, docs, result)  # the English first, as `check` orders them
    _report_check_errors(config, docs, unreadable, findings, result)
    unbuilt = unbuilt_pages(config, [d.id for d in docs], withheld, out_dir)  # in no page's menu yet
    keys = _PageKeys(config, inputs, pdf, show_states, extra_body, link_table_key(docs) + unbuilt_key(unbuilt))

    shard_slice = _shard_slice(config, docs, planned, pdf, shard, parts, inputs.sources) if shard else None
    pages = _LivePages(keys, out_dir, state, result, shard_slice)
    for job in planned:
        page = None
        if pages.needs_rendering(job, withheld):
            doc = doc_by_id[job.doc_id]
            extras = parts.page_extras(config, doc, job, catalogs) if parts is not None else {}
            page = render_live_page(config, templates, doc, job, catalogs, show_states=show_states,
                                    extra_body=extra_body, links=page_link_targets(config, docs, job),
                                    extras=extras, unbuilt=unbuilt)
        pages.publish(job, withheld, page)
    items = pages.manifest_items
    if parts is not None:
        items += parts.outputs(BuildContext(config, docs, catalogs, templates, out_dir, state, result,
                                            shard_slice, withheld, locales, regions, memo))
    state.commit(out_dir, result)  # every page rendered: now they are written
    if pages.pdf_jobs:
        from .pdfs import glyph_locations, render_pdfs

        render_pdfs(config, out_dir, pages.pdf_jobs, jobs, state, result, items, progress,
                    locate=lambda job, error: glyph_locations(config, doc_by_id[job.doc_id], catalogs, job, error))
    shard_manifest = (*shard, content_key(config, inputs)) if shard else None
    listed = _write_manifest(config, docs, out_dir, state, result, items, shard_manifest,
                             partial=bool(locales or regions or not pdf), locales=locales, regions=regions, pdf=pdf)
    if not (shard or locales or regions) and result.exit_code < 2:  # (2: an input could not be read)
        _remove_leftovers(out_dir, state, listed, result, pdf=pdf)
    state.save()
    memo.save(prune=not (shard or locales or regions))
    return result


def _shard_slice(config: Config, docs: Sequence[Any], planned: Sequence[PageJob], pdf: bool,
                 shard: tuple[int, int], parts: SiteParts | None, sources: Mapping[str, bytes]) -> Shard:
    """This runner's slice of the outputs: live pages (with their PDFs) and what ``parts``
    adds, dealt out by their estimated cost (:func:`.shards.plan_shard`) from each source's
    size (``sources``: their bytes, as the build read them)."""
    size_kb = {d.id: len(sources[d.id]) / 1024 for d in docs}
    units = [page_costs(job, size_kb[job.doc_id], pdf) for job in planned]
    if parts is not None:
        units += parts.shard_units(config, docs, planned, size_kb)
    return plan_shard(*shard, units)


def _check_selection(config: Config, locales: Sequence[str] | None, regions: Sequence[str] | None) -> None:
    page_locales = config.all_page_locales()
    for loc in locales or ():
        if loc not in page_locales:
            raise UsageError(f"locale {loc!r} is not configured")
    for r in regions or ():
        if r not in config.regions:
            raise UsageError(f"region {r!r} is not configured")


def _withheld(config: Config, unreadable: Mapping[str, str], findings: Sequence[Any]) -> dict[str, str]:
    """Locale -> why it is not published: an unreadable catalog, check errors, or its fallback's."""
    withheld = dict(unreadable)
    for f in findings:
        withheld.setdefault(f.locale, "check errors")
    for loc in config.locales:  # a locale whose fallback is withheld cannot build either
        bad = next((x for x in config.fallback_chain(loc) if x in withheld), None)
        if bad and loc not in withheld:
            withheld[loc] = f"falls back to withheld locale {bad}"
    return withheld


def _report_check_errors(config: Config, docs: Sequence[Any], unreadable: Mapping[str, str],
                         findings: Sequence[Any], result: BuildResult) -> None:
    """Every check error as one line (exit 1), as `check` orders them: by locale, file, line;
    the withheld locales of the whole build, named in its summary."""
    order = {loc: n for n, loc in enumerate(config.locales)}
    domains = {d.id: i for i, d in enumerate(docs)}
    for f in sorted(findings, key=lambda f: (order[f.locale], domains.get(Path(f.path).stem, len(domains)), f.line)):
        result.fail(f.text(), 1)
    result.withheld.extend(sorted(_withheld(config, unreadable, findings)))


def _report_source_link_errors(config: Config, docs: Sequence[Any], result: BuildResult) -> None:
    """Every English link that a page cannot show as a link (a document or section that does not
    exist, a relative path or scheme pages do not link to), as `check` reports it (exit 1): the
    pages are built, each such link shown as :class:`..links.LinkTargets` renders it."""
    from ..check import source_link_findings

    for finding in source_link_findings(config, docs):
        result.fail(finding.text(), 1)


def _open_state(config: Config, out_dir: Path) -> BuildState:
    """The build records of ``out_dir`` (the project's own, or one kept beside another output)."""
    if out_dir == config.output_dir:
        return BuildState(config.root / STATE_FILE)
    return BuildState(out_dir / ".build-state.json")


class _PageKeys:
    """The key of a live page's inputs (its source, catalogs, releases, templates, config)."""

    def __init__(self, config: Config, inputs: Inputs, pdf: bool, show_states: bool,
                 extra_body: str, links_key: str = "") -> None:
        self.config = config
        #: the documents and sections that links between documents may name
        self.links_key = links_key
        self.inputs = inputs
        self.pdf = pdf
        self.pdf_env = pdf_environment_key() if pdf else ""
        self.salt = "states" + extra_body if show_states else None

    def __call__(self, job: PageJob) -> str:
        key = page_key(self.inputs, self.config, job)
        if self.links_key:
            key = hashlib.sha256((key + self.links_key).encode()).hexdigest()
        return key if self.salt is None else hashlib.sha256((key + self.salt).encode()).hexdigest()


class _LivePages:
    """Writes live pages (only changed bytes), records them, lists them in the manifest
    and queues their PDFs."""

    def __init__(self, keys: _PageKeys, out_dir: Path, state: BuildState, result: BuildResult,
                 shard: Shard | None) -> None:
        self.page_key, self.out_dir, self.state, self.result, self.shard = keys, out_dir, state, result, shard
        self.pdf, self.pdf_env = keys.pdf, keys.pdf_env
        #: html path -> the key of its inputs
        self.keys: dict[str, str] = {}
        self.manifest_items: list[dict[str, Any]] = []
        self.pdf_jobs: list[tuple[PageJob, str, str, dict[str, str]]] = []

    def needs_rendering(self, job: PageJob, withheld: Mapping[str, str]) -> bool:
        """Whether the page is published by this build and its inputs changed since it was written."""
        if job.locale in withheld or (not in_shard(job.html_path, self.shard)
                                      and not in_shard(job.pdf_path, self.shard)):
            return False
        key = self.keys[job.html_path] = self.page_key(job)
        return not self.state.fresh(self.out_dir, job.html_path, key)

    def publish(self, job: PageJob, withheld: Mapping[str, str], page: tuple[str, dict[str, str]] | None) -> None:
        """``page``: the new (HTML, section states), or None for a page that is fresh or not built."""
        state, out_dir, result = self.state, self.out_dir, self.result
        if job.locale in withheld:
            self.manifest_items.extend(previous_items(state, job))
            return
        if job.html_path not in self.keys:
            return
        if page is None:
            states = state.data.get(job.html_path, {}).get("states", {})
            html_bytes = None
        else:
            html, states = page
            html_bytes = html.encode("utf-8")
        if in_shard(job.html_path, self.shard):
            if html_bytes is not None:
                state.stage(job.html_path, self.keys[job.html_path], html_bytes, states)
            else:
                result.kept.append(job.html_path)
            self.manifest_items.append(manifest_item(job.html_path, "page", job, state, states, public=True))
        if self.pdf and in_shard(job.pdf_path, self.shard):
            html_sha = state.sha(job.html_path) if html_bytes is None else sha256_bytes(html_bytes)
            pkey = hashlib.sha256(f"{self.pdf_env}\n{html_sha}".encode()).hexdigest()
            if state.fresh(out_dir, job.pdf_path, pkey):
                result.kept.append(job.pdf_path)
                self.manifest_items.append(manifest_item(job.pdf_path, "pdf", job, state, states, public=True))
            else:
                if html_bytes is None:
                    html_bytes = (out_dir / job.html_path).read_bytes()
                self.pdf_jobs.append((job, pkey, html_bytes.decode("utf-8"), states))


def _write_manifest(config: Config, docs: Sequence[Any], out_dir: Path, state: BuildState, result: BuildResult,
                    items: list[dict[str, Any]], shard: tuple[int, int, str] | None, *, partial: bool,
                    locales: Sequence[str] | None, regions: Sequence[str] | None, pdf: bool) -> set[str]:
    """`manifest.json` and the sitemap (a shard writes its own partial manifest only, with its
    K, N and content key: ``shard``); the paths the manifest lists."""
    if shard:
        k, n, content = shard
        write_if_changed(out_dir, f"manifest.{k}-of-{n}.json", manifest_bytes(items, shard=(k, n, content)))
        return {i["path"] for i in items}
    if partial:  # the other outputs stay listed
        items = items + unselected_items(config, docs, out_dir, state, items, locales=locales, regions=regions,
                                          pdf=pdf)
    sitemap_changed, sitemap_item = write_sitemap(config, [d.id for d in docs], out_dir)
    if sitemap_changed and sitemap_item:
        result.written.append(SITEMAP)
    if sitemap_item:
        items.append(sitemap_item)
    if write_if_changed(out_dir, MANIFEST, manifest_bytes(items)):
        result.written.append(MANIFEST)
    return {i["path"] for i in items}


def _remove_leftovers(out_dir: Path, state: BuildState, listed: Collection[str], result: BuildResult, *,
                      pdf: bool) -> None:
    """Delete the outputs an earlier build wrote that the manifest no longer lists: those of a
    document, locale, region or release taken out of the site, so that a deployed `output/`
    publishes nothing withdrawn. A build without PDFs deletes a PDF whose page is listed only
    when the PDF was made from another version of that page (as a failed PDF is deleted: it
    would show older text than its page). Only files the build state records are touched
    (anything else in `output/` is the user's); a build that could not read an input (exit 2)
    deletes nothing."""
    for rel in sorted(set(state.data) - set(listed)):
        page = rel.removesuffix(".pdf") + ".html" if rel.endswith(".pdf") else ""
        outdated = page in listed
        if outdated and not pdf and state.data[rel].get("page") in (None, state.sha(page)):
            continue  # still its page's PDF (or not known otherwise): a build with PDFs decides
        path = out_dir / rel
        existed = path.is_file()
        path.unlink(missing_ok=True)
        del state.data[rel]
        if existed:
            result.removed.append((rel, "older than its page: a build with PDFs makes it again" if outdated
                                   else "no longer part of the site"))
        _remove_empty_folders(path.parent, out_dir)


def _remove_empty_folders(folder: Path, out_dir: Path) -> None:
    """``folder`` and the folders above it, up to ``out_dir``, while they are empty."""
    while folder != out_dir and folder.is_relative_to(out_dir):
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            if folder.exists():
                return
        folder = folder.parent


def render_live_page(config: Config, templates: Any, doc: Any, job: PageJob,
                     catalogs: Mapping[tuple[str, str], Any], *, show_states: bool = False,
                     extra_body: str = "", links: Any = None,
                     extras: Mapping[str, Any] | None = None,
                     unbuilt: Collection[str] = frozenset()) -> tuple[str, dict[str, str]]:
    """The HTML of one live page and its sections' states; ``links``: where its links to
    other documents go (:func:`..links.page_link_targets`); ``extras``: what the page shows
    of its releases (:meth:`SiteParts.page_extras`); ``unbuilt``: sibling pages left out of
    its language menu (:func:`.plan.unbuilt_pages`)."""
    from ..freshness import resolve_sections
    from ..render.html import UiTranslator, page_html

    chain = config.fallback_chain(job.locale) if job.locale != config.source_locale else ()
    doc_catalogs = {loc: catalogs.get((loc, doc.id)) for loc in chain}
    sections = doc.sections_for_region(job.region)
    document_state, section_states = resolve_sections(doc, config, job.locale, sections, doc_catalogs) \
        if chain else source_states(doc, sections)
    translate = UiTranslator([_entries(catalogs.get((loc, "ui"))) for loc in chain])
    siblings = sibling_links(config, job, unbuilt)
    extras = {**(extras or {}), "pdf": f"{doc.id}.pdf"}
    html = page_html(templates, doc=doc, locale=job.locale, region=job.region,
                     document_state=document_state, section_states=section_states,
                     translate=translate, paper=job.paper, alternates=siblings,
                     canonical=f"{config.base_url}/{job.html_path}" if config.base_url else None,
                     extras=extras, show_states=show_states, extra_body=extra_body, links=links)
    states = {"document": document_state.state, **{s.id: s.state for s in section_states}}
    return html, states


def _entries(cat: Any) -> dict:
    return cat.by_context() if cat is not None else {}


def source_states(doc: Any, sections: Sequence[Any]) -> tuple[Any, list[Any]]:
    from ..freshness import SectionState

    return (SectionState("document", doc.title, "current", None),
            [SectionState(s.id, s.title, "current", None) for s in sections])


def _load_inputs(config: Config, result: BuildResult, memo: Memo) -> tuple[list[Any], Catalogs, dict[str, str]]:
    """The documents and every locale's catalogs (parsed when asked for); a locale with an
    unreadable one is withheld (exit 2)."""
    from ..catalog import UI_DOMAIN

    docs = load_documents(config, memo)
    catalogs = Catalogs(config, [(loc, domain) for loc in config.locales
                                 for domain in [d.id for d in docs] + [UI_DOMAIN]], memo)
    withheld: dict[str, str] = {}
    for loc, domain in catalogs:
        error = catalogs.error((loc, domain))
        if error is not None:
            withheld.setdefault(loc, str(error))
            result.fail(str(error), 2)
    return docs, catalogs, withheld

