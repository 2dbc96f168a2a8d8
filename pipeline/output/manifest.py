"""`output/manifest.json` (and `sitemap.xml`): every output with its digest and section states."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..config import Config, bcp47
from ..errors import UsageError
from .plan import PageJob, sibling_links, page_href, plan_pages
from .state import BuildState, pdf_environment_key, sha256_bytes, write_if_changed


MANIFEST = "manifest.json"
SITEMAP = "sitemap.xml"


def sitemap_bytes(config: Config, doc_ids: Sequence[str], out_dir: Path) -> bytes:
    """`sitemap.xml`: every live page in output/ with its hreflang alternates (needs base-url)."""
    from xml.sax.saxutils import quoteattr, escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    jobs = sorted(plan_pages(config, doc_ids), key=lambda j: j.html_path)
    # a page never built (a locale withheld on its first build) is no one's alternate
    unbuilt = frozenset(job.html_path for job in jobs if not (out_dir / job.html_path).is_file())
    for job in jobs:
        if job.html_path in unbuilt:
            continue
        lines.append("<url>")
        lines.append(f"<loc>{escape(page_href(config, job, job.html_path))}</loc>")
        for link in sibling_links(config, job, unbuilt):
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(link.hreflang)} '
                         f"href={quoteattr(link.href)}/>")
        lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sitemap(config: Config, doc_ids: Sequence[str], out_dir: Path) -> tuple[bool, dict[str, Any] | None]:
    """Write (or, without base-url, remove) `output/sitemap.xml`: (whether the file changed,
    its manifest item; kind "sitemap", public, for it is deployed with the pages)."""
    if not config.base_url:
        try:
            (out_dir / SITEMAP).unlink()
        except FileNotFoundError:
            return False, None
        return True, None
    data = sitemap_bytes(config, doc_ids, out_dir)
    item: dict[str, Any] = {"path": SITEMAP, "kind": "sitemap", "document": None, "locale": None, "bcp47": None,
            "region": None, "public": True, "sha256": sha256_bytes(data), "states": {}}
    return write_if_changed(out_dir, SITEMAP, data), item


def merge_manifests(out_dir: Path, files: Sequence[Path], content: str) -> dict[str, Any]:
    """Join shard manifests into one (sorted by path), once they are known to be one site: every
    shard 1..N of the same N once, each made from this checkout's ``content``
    (:func:`.state.content_key`), each output they list in ``out_dir`` as they list it. Anything
    else is a :class:`UsageError` naming the file, and nothing is merged."""
    outputs: dict[str, dict[str, Any]] = {}
    shards: dict[int, Path] = {}
    total = None
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
            k, n, made_from = data["shard"]["index"], data["shard"]["of"], data["shard"]["content"]
            items = [item for item in data["outputs"] if isinstance(item["path"], str)]
        except OSError as exc:
            raise UsageError(f"cannot read: {exc.strerror}", str(f)) from None
        except (ValueError, KeyError, TypeError):
            raise UsageError("not a shard manifest of this version of policy-l10n (`build --shard K/N` writes "
                             "output/manifest.K-of-N.json: build the shards again)", str(f), 1) from None
        if total is not None and n != total:
            raise UsageError(f"shard {k} of {n}, but {shards[min(shards)].name} is a shard of {total}", str(f), 1)
        if k in shards:
            raise UsageError(f"shard {k} of {n} is given twice (also {shards[k]})", str(f), 1)
        if made_from != content:
            raise UsageError(f"shard {k} of {n} was built from other content than this checkout's (another commit, "
                             "or the configuration, a source or a catalog changed since): build every shard and "
                             "merge from the same commit", str(f), 1)
        total, shards[k] = n, f
        for item in items:
            _expect_output(out_dir, item, f)
            outputs[item["path"]] = item
    missing = [k for k in range(1, (total or 0) + 1) if k not in shards]
    if missing:
        raise UsageError(f"shard {', '.join(map(str, missing))} of {total} missing: give every shard's "
                         f"manifest.K-of-{total}.json, with its outputs copied into {out_dir.name}/", str(files[0]), 1)
    return {"outputs": [outputs[k] for k in sorted(outputs)]}


def _expect_output(out_dir: Path, item: Mapping[str, Any], manifest: Path) -> None:
    """The output a shard manifest lists is in ``out_dir`` with the bytes it lists."""
    try:
        data = (out_dir / item["path"]).read_bytes()
    except OSError:
        raise UsageError(f"lists {out_dir.name}/{item['path']}, which is not there: copy every shard's "
                         f"{out_dir.name}/ into this one before merging", str(manifest), 1) from None
    if sha256_bytes(data) != item.get("sha256"):
        raise UsageError(f"lists {out_dir.name}/{item['path']} with other bytes than the file there "
                         "(an output of another build)", str(manifest), 1)


def manifest_bytes(outputs: Iterable[Mapping[str, Any]], shard: tuple[int, int, str] | None = None) -> bytes:
    """A manifest's bytes; a shard's (``shard``: K, N and its content key) says which it is."""
    items = sorted(outputs, key=lambda o: o["path"])
    data: dict[str, Any] = {"outputs": items}
    if shard:
        data["shard"] = {"index": shard[0], "of": shard[1], "content": shard[2]}
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def manifest_item(path: str, kind: str, job: PageJob | None, state: BuildState, states: Mapping[str, str] | None,
          *, public: bool, document: str | None = None, locale: str | None = None,
          region: str | None = None) -> dict[str, Any]:
    loc = job.locale if job else locale
    return {"path": path, "kind": kind, "document": job.doc_id if job else document,
            "locale": loc, "bcp47": bcp47(loc) if loc else None,
            "region": job.region if job else region, "public": public,
            "sha256": state.sha(path), "states": dict(states or {})}


def unselected_items(config: Config, docs: Sequence[Any], out_dir: Path, state: BuildState,
                      items: Sequence[Mapping[str, Any]], *, locales: Sequence[str] | None,
                      regions: Sequence[str] | None, pdf: bool) -> list[dict[str, Any]]:
    """Items of the previous manifest outside this build's selection (`--locale`, `--region`,
    `--no-pdf`) whose files are still there as that build left them and still belong to the
    configured site: the manifest always describes all of output/."""
    try:
        previous = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8")).get("outputs", [])
    except (OSError, ValueError, AttributeError):
        return []
    listed = {i["path"] for i in items}
    doc_ids = {d.id for d in docs}
    pdf_env: str | None = None
    kept = []
    for item in previous:
        if not isinstance(item, dict) or item.get("path") in listed:
            continue
        kind, loc, region = item.get("kind"), item.get("locale"), item.get("region")
        if kind not in ("page", "pdf", "release", "comparison"):
            continue  # the dashboard and status pages are always rewritten
        selected = ((not locales or loc in locales) and (not regions or region in regions)
                    and (pdf or kind != "pdf"))
        configured = (item.get("document") in doc_ids and loc in config.all_page_locales()
                      and (region in config.regions if config.regions else region is None))
        if selected or not configured:
            continue
        rec = state.data.get(item["path"])
        if not rec or rec.get("sha256") != item.get("sha256"):
            continue
        html_sha = state.sha(item["path"][: -len(".pdf")] + ".html") if kind == "pdf" else None
        if kind == "pdf" and "page" in rec:  # listed while it is the PDF of the page next to it
            if rec["page"] != html_sha or not (out_dir / item["path"]).is_file():
                continue
        elif not state.fresh(out_dir, item["path"], rec.get("key", "")):
            continue  # gone or touched since
        elif kind == "pdf":  # recorded before PDFs named their page: by its key
            pdf_env = pdf_env or pdf_environment_key()
            if rec.get("key") != hashlib.sha256(f"{pdf_env}\n{html_sha}".encode()).hexdigest():
                continue
        kept.append(item)
    return kept


def previous_items(state: BuildState, job: PageJob) -> list[dict[str, Any]]:
    items = []
    for path, kind in ((job.html_path, "page"), (job.pdf_path, "pdf")):
        rec = state.data.get(path)
        if rec and rec.get("sha256"):
            items.append(manifest_item(path, kind, job, state, state.data.get(job.html_path, {}).get("states"), public=True))
    return items
