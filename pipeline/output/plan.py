"""Which pages a build makes: one per region × locale × document, their paths, links and shards."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Sequence

from ..config import Config, bcp47
from ..errors import UsageError


@dataclass(frozen=True, slots=True)
class PageJob:
    """One live page of a document in a locale (and region)."""

    doc_id: str
    locale: str
    region: str | None
    paper: str

    @property
    def folder(self) -> str:
        return f"{self.region}/{bcp47(self.locale)}" if self.region else bcp47(self.locale)

    @property
    def html_path(self) -> str:
        return f"{self.folder}/{self.doc_id}.html"

    @property
    def pdf_path(self) -> str:
        return f"{self.folder}/{self.doc_id}.pdf"


def plan_pages(config: Config, doc_ids: Sequence[str], locales: Sequence[str] | None = None,
               regions: Sequence[str] | None = None) -> list[PageJob]:
    """Every live page, in a stable order (region, document, locale)."""
    jobs = []
    wanted_locales = set(locales) if locales else None
    if config.regions:
        for region in config.regions.values():
            if regions and region.name not in regions:
                continue
            for doc_id in doc_ids:
                for loc in region.locales:
                    if wanted_locales is None or loc in wanted_locales:
                        jobs.append(PageJob(doc_id, loc, region.name, region.paper))
    else:
        if regions:
            raise UsageError("--region given but no regions are configured")
        for doc_id in doc_ids:
            for loc in config.all_page_locales():
                if wanted_locales is None or loc in wanted_locales:
                    jobs.append(PageJob(doc_id, loc, None, "A4"))
    return jobs


def parse_shard(value: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in value.split("/"))
    except ValueError:
        raise UsageError(f"--shard must be K/N, e.g. 1/3 (got {value!r})") from None
    if not (1 <= k <= n):
        raise UsageError(f"--shard {value}: K must be between 1 and N")
    return k, n


def x_default_locale(config: Config, locales: Sequence[str]) -> str:
    """The sibling `x-default` points to: the source locale's, else (a region without
    it, e.g. Switzerland with de_CH and fr) the region's first locale."""
    return config.source_locale if config.source_locale in locales else locales[0]


def unbuilt_pages(config: Config, doc_ids: Sequence[str], withheld: Collection[str], out_dir: Path) -> frozenset[str]:
    """The pages (HTML paths) of the withheld locales that do not exist: withheld on their
    first build, they are left out of their siblings' language menus, `hreflang` links and
    the sitemap until they build. A withheld page built before keeps its place: its previous
    output stays byte for byte, so the links to it still lead somewhere."""
    if not withheld:
        return frozenset()
    return frozenset(job.html_path for job in plan_pages(config, doc_ids, sorted(withheld))
                     if not (out_dir / job.html_path).is_file())


def unbuilt_key(unbuilt: Collection[str]) -> str:
    """What a page key adds for the pages left out of the menus ("" when none is), so that
    the siblings of a page that builds at last are rendered again with a link to it."""
    if not unbuilt:
        return ""
    return "unbuilt:" + hashlib.sha256("\n".join(sorted(unbuilt)).encode("utf-8")).hexdigest()


def sibling_links(config: Config, job: PageJob, unbuilt: Collection[str] = frozenset()) -> list:
    """The page's language menu and `hreflang` alternates: its document's page in every
    locale of its region (of the site), but those in ``unbuilt`` (:func:`unbuilt_pages`)."""
    from ..localefacts import locale_facts
    from ..render.html import PageLink

    locales = config.region_locales(job.region)
    if unbuilt:
        locales = tuple(loc for loc in locales
                        if PageJob(job.doc_id, loc, job.region, job.paper).html_path not in unbuilt)
    links = []
    for loc in locales:
        sib = PageJob(job.doc_id, loc, job.region, job.paper)
        direction, name = locale_facts(loc)
        links.append(PageLink(bcp47(loc), page_href(config, job, sib.html_path), name,
                              direction if direction == "rtl" else None))
    if locales:
        default = PageJob(job.doc_id, x_default_locale(config, locales), job.region, job.paper)
        links.append(PageLink("x-default", page_href(config, job, default.html_path)))
    return links


def page_href(config: Config, here: PageJob | str, target: str) -> str:
    """Link from one output to another: absolute with base-url, else relative."""
    if config.base_url:
        return f"{config.base_url}/{target}"
    here_path = here.html_path if isinstance(here, PageJob) else here
    return os.path.relpath(target, os.path.dirname(here_path) or ".").replace(os.sep, "/")
