"""How a cold build shares its work between two processes: the locales in two sides of
equal work (checks, live pages, release pages, comparisons; the dashboard on the forked
side), each locale with the locales it falls back to, and what a side hands back."""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Sequence

from ..config import Config
from .plan import PageJob
from .state import BuildResult

__all__ = ["Share", "locales_for_the_child", "fallback_families"]


class Share(NamedTuple):
    """What one process made of its locales (check errors, pages), for the build to take over."""

    items: list[dict[str, Any]]
    records: dict[str, Any]
    result: BuildResult
    pdf_jobs: list[tuple[PageJob, str, str, dict[str, str]]]
    #: the check errors of its locales
    findings: list[Any]


#: the dashboard and status pages cost about as much as this many pages
DASHBOARD_IN_PAGES = 6
#: checking this many translations costs about as much as rendering a page
CHECKED_IN_PAGE = 12


def locales_for_the_child(config: Config, docs: Sequence[Any], catalogs: Mapping[tuple[str, str], Any],
                          planned: Sequence[PageJob], *, dashboard: bool) -> set[str]:
    """Locales whose checks and pages (live, release, comparison), with the dashboard, make
    half the work: the heaviest first, each to the lighter side. A locale and its fallbacks
    go to the same side (a locale is withheld with its fallback)."""
    from ..errors import L10nError
    from ..release import release_index

    per_page: dict[str, int] = {}
    for doc in docs:
        try:
            per_page[doc.id] = 1 + max(0, 2 * len(release_index(config, doc.id)) - 1)
        except L10nError:
            per_page[doc.id] = 1
    weight: dict[str, float] = {}
    for job in planned:
        weight[job.locale] = weight.get(job.locale, 0) + per_page.get(job.doc_id, 1)
    for (loc, _), cat in catalogs.items():  # the checks: each translation's Markdown parsed
        if cat is not None:
            weight[loc] = weight.get(loc, 0) + sum(1 for e in cat.entries if e.msgstr) / CHECKED_IN_PAGE
    mine, theirs = 0.0, float(DASHBOARD_IN_PAGES if dashboard else 0)
    child: set[str] = set()
    families = fallback_families(config)
    for family in sorted(families, key=lambda f: (-sum(weight.get(loc, 0) for loc in f), min(f))):
        if theirs < mine:
            child.update(family)
            theirs += sum(weight.get(loc, 0) for loc in family)
        else:
            mine += sum(weight.get(loc, 0) for loc in family)
    return child


def fallback_families(config: Config) -> list[set[str]]:
    """The page locales grouped with those they fall back to, and those falling back to them."""
    root: dict[str, str] = {}

    def find(loc: str) -> str:
        while root.setdefault(loc, loc) != loc:
            loc = root[loc]
        return loc

    for loc in config.all_page_locales():
        for fallback in config.fallback_chain(loc):
            root[find(fallback)] = find(loc)
    families: dict[str, set[str]] = {}
    for loc in config.all_page_locales():
        families.setdefault(find(loc), set()).add(loc)
    return list(families.values())
