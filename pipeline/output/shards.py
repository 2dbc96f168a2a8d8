"""`manifest merge`: the shard manifests of a CI matrix joined into the site's one, with
the pages every shard shares (the dashboard, the status pages, the sitemap)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..config import Config
from .manifest import MANIFEST, SITEMAP, manifest_bytes, merge_manifests, write_sitemap
from .state import STATE_FILE, BuildResult, BuildState, write_if_changed

__all__ = ["merge_shards"]


def merge_shards(config: Config, files: Sequence[Path]) -> BuildResult:
    """`manifest merge`: join shard manifests, write the shared pages and manifest.json."""
    from ..catalog import UI_DOMAIN, load_locale_catalog
    from ..source import load_documents

    result = BuildResult()
    out_dir = config.output_dir
    merged = merge_manifests(out_dir, files)
    docs = load_documents(config.root)
    catalogs = {}
    for loc in config.locales:
        for domain in [d.id for d in docs] + [UI_DOMAIN]:
            catalogs[(loc, domain)] = load_locale_catalog(config, loc, domain)
    state = BuildState(config.root / STATE_FILE)
    from ..render.dashboard import build_dashboard

    shared = build_dashboard(config, docs, catalogs, out_dir, state, result)
    items = {i["path"]: i for i in merged["outputs"]}
    for item in shared:
        items[item["path"]] = item
    _, sitemap_item = write_sitemap(config, [d.id for d in docs], out_dir)
    if sitemap_item:
        items[SITEMAP] = sitemap_item
    write_if_changed(out_dir, MANIFEST, manifest_bytes(items.values()))
    state.save()
    return result
