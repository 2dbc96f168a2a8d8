"""The build: every region × locale × document page (HTML, PDF) and the manifest.

- :mod:`.plan`: which pages exist, their paths and sibling links;
- :mod:`.state`: input keys of every output (incremental builds), staged writes;
- :mod:`.manifest`: `manifest.json` and `sitemap.xml`;
- :mod:`.build`: the build itself, with :mod:`.pdfs` (its PDFs) and :mod:`.shards` (slices
  for a CI matrix); release management adds its pages through :class:`.build.SiteParts`.
"""

# (manifest_item, sibling_links, source_states: for release pages and the dashboard, which
# write outputs as the build does)
from .build import BuildContext, SiteParts, build, render_live_page, source_states
from .manifest import MANIFEST, SITEMAP, manifest_bytes, manifest_item, merge_manifests, sitemap_bytes
from .plan import PageJob, page_href, parse_shard, plan_pages, sibling_links
from .shards import in_shard
from .state import BuildResult, BuildState, environment_key, page_key, pdf_environment_key, sha256_bytes, write_if_changed

__all__ = [
    "BuildContext", "SiteParts", "build", "render_live_page",
    "MANIFEST", "SITEMAP", "manifest_bytes", "merge_manifests", "sitemap_bytes",
    "PageJob", "in_shard", "page_href", "parse_shard", "plan_pages",
    "BuildResult", "BuildState", "environment_key", "page_key", "pdf_environment_key", "sha256_bytes",
    "write_if_changed", "manifest_item", "sibling_links", "source_states",
]
