"""A whole site build: the live pages with what release management adds to them (release and
comparison pages, the dashboard and status pages), and `manifest merge` for shards."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from ..config import Config
from ..errors import L10nError
from ..output import PageJob, build
from ..output.build import BuildContext
from ..output.manifest import MANIFEST, SITEMAP, manifest_bytes, merge_manifests, write_sitemap
from ..output.shards import html_cost
from ..output.state import STATE_FILE, BuildResult, BuildState, write_if_changed
from .dashboard import build_dashboard
from .history import release_index
from .pages import build_release_outputs, page_release_extras, release_outputs

__all__ = ["ReleaseParts", "build_site", "merge_shards"]


class ReleaseParts:
    """Release management's part of a build (:class:`pipeline.output.build.SiteParts`)."""

    def page_extras(self, config: Config, doc: Any, job: PageJob,
                    catalogs: Mapping[tuple[str, str], Any]) -> dict[str, Any]:
        chain = config.fallback_chain(job.locale) if job.locale != config.source_locale else ()
        return page_release_extras(config, doc, job, {loc: catalogs.get((loc, doc.id)) for loc in chain})

    def shard_units(self, config: Config, docs: Sequence[Any], planned: Sequence[PageJob],
                    size_kb: Mapping[str, float]) -> list[tuple[list[str], float]]:
        indexes: dict[str, list[Any]] = {}
        for doc in docs:
            try:
                indexes[doc.id] = release_index(config, doc.id)
            except L10nError:  # reported when the release pages are built
                indexes[doc.id] = []
        return [([path], html_cost(size_kb[job.doc_id]))
                for job in planned for path, _, _ in release_outputs(job, indexes[job.doc_id])]

    def outputs(self, build: BuildContext) -> list[dict[str, Any]]:
        items = build_release_outputs(build.config, build.docs, build.templates, build.out_dir, build.state,
                                      build.result, build.shard, withheld=build.withheld,
                                      locales=build.locales, regions=build.regions)
        if build.shard is None:  # shared by all shards: written by `manifest merge`
            items += build_dashboard(build.config, build.docs, build.catalogs, build.out_dir, build.state,
                                     build.result, withheld=build.withheld, templates=build.templates,
                                     memo=build.memo)
        return items


def build_site(config: Config, **options: Any) -> BuildResult:
    """:func:`pipeline.output.build` with the release pages and the dashboard."""
    return build(config, parts=ReleaseParts(), **options)


def _content_key(config: Config, doc_ids: Sequence[str]) -> str:
    """This checkout's :func:`~pipeline.output.state.content_key`, as a build computes it."""
    from ..catalog import locale_catalog_path
    from ..output.state import content_key, read_inputs

    def read(loc: str, domain: str) -> bytes | None:
        path = locale_catalog_path(config, loc, domain)
        return path.read_bytes() if path.is_file() else None

    locales = [loc for loc in config.all_page_locales() if loc != config.source_locale]
    catalogs = {(loc, domain): read(loc, domain) for loc in locales for domain in (*doc_ids, "ui")}
    return content_key(config, read_inputs(config, doc_ids, list(config.all_page_locales()), catalogs))


def merge_shards(config: Config, files: Sequence[Path]) -> BuildResult:
    """`manifest merge`: join shard manifests, write the shared pages and manifest.json."""
    from ..catalog import UI_DOMAIN, load_locale_catalog
    from ..source import load_documents

    result = BuildResult()
    out_dir = config.output_dir
    docs = load_documents(config.root, regions=config.regions)
    catalogs = {}
    for loc in config.locales:
        for domain in [d.id for d in docs] + [UI_DOMAIN]:
            catalogs[(loc, domain)] = load_locale_catalog(config, loc, domain)
    merged = merge_manifests(out_dir, files, _content_key(config, [d.id for d in docs]))
    state = BuildState(config.root / STATE_FILE)
    shared = build_dashboard(config, docs, catalogs, out_dir, state, result)
    state.commit(out_dir, result)
    items = {i["path"]: i for i in merged["outputs"]}
    for item in shared:
        items[item["path"]] = item
    _, sitemap_item = write_sitemap(config, [d.id for d in docs], out_dir)
    if sitemap_item:
        items[SITEMAP] = sitemap_item
    write_if_changed(out_dir, MANIFEST, manifest_bytes(items.values()))
    state.save()
    return result
