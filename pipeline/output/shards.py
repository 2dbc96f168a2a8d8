"""Shards of a build for a CI matrix: `build --shard K/N` renders one slice of the outputs,
balanced by what they cost (`manifest merge`, which joins the shards' manifests, is
:func:`pipeline.release.site.merge_shards`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from .plan import PageJob

__all__ = ["Shard", "in_shard", "plan_shard", "page_costs", "pdf_cost", "html_cost"]

# What an output costs to render, in milliseconds of this 2-core machine, from its
# document's English source size. Measured on 101 PDFs of this project and of the
# corpus (benchmarks/pdf_costs.py, benchmarks/README.md "Shards"): a PDF is most of the work, and
# ~two thirds of a short one is fixed (layout set-up, fonts, writing); CJK fonts add
# ~250 ms to every PDF, while the text in CJK takes less room than the English;
# Arabic-script and Hebrew pages take longer to shape.
HTML_MS, HTML_MS_PER_KB = 5.0, 0.8
PDF_MS, PDF_MS_PER_KB = 230.0, 38.0
#: language -> (fixed ms of one of its PDFs, its per-KB cost as a share of PDF_MS_PER_KB)
SCRIPT_COST = {"ja": (480.0, 0.75), "zh": (480.0, 0.75), "ko": (480.0, 0.75),
               "ar": (330.0, 1.3), "fa": (330.0, 1.3), "ur": (330.0, 1.3), "he": (300.0, 1.2)}


@dataclass(frozen=True)
class Shard:
    """The K-th of N slices of a build's outputs (paths relative to the output folder)."""

    k: int
    n: int
    owned: frozenset[str]

    def owns(self, path: str) -> bool:
        return path in self.owned


@dataclass(frozen=True)
class _Unit:
    """Outputs rendered together: a live page with its PDF (the PDF is made from that
    HTML, so one shard renders both), or one release or comparison page."""

    paths: tuple[str, ...]
    cost: float


def in_shard(path: str, shard: Shard | None) -> bool:
    """Whether this build renders ``path``: every output, or those of its shard's slice."""
    return shard is None or shard.owns(path)


def plan_shard(k: int, n: int, units: Iterable[tuple[Sequence[str], float]]) -> Shard:
    """The K-th slice when ``units`` (their paths, their cost) are dealt out by cost: the
    most costly first, each to the slice with the least work so far (the lowest K on a tie).

    Every runner of a CI matrix computes the same slices from the same checkout.

    >>> sorted(plan_shard(1, 2, [(["a.html", "a.pdf"], 10.0), (["b.html"], 6.0), (["c.html"], 5.0)]).owned)
    ['a.html', 'a.pdf']
    """
    ordered = sorted((_Unit(tuple(paths), cost) for paths, cost in units), key=lambda u: (-u.cost, u.paths))
    loads = [0.0] * n
    owned: list[set[str]] = [set() for _ in range(n)]
    for unit in ordered:
        lightest = min(range(n), key=lambda i: (loads[i], i))
        loads[lightest] += unit.cost
        owned[lightest].update(unit.paths)
    return Shard(k, n, frozenset(owned[k - 1]))


def page_costs(job: PageJob, source_kb: float, pdf: bool) -> tuple[list[str], float]:
    """A live page's outputs and their estimated cost."""
    cost = HTML_MS + HTML_MS_PER_KB * source_kb
    paths = [job.html_path]
    if pdf:
        cost += pdf_cost(job.locale, source_kb)
        paths.append(job.pdf_path)
    return paths, cost


def pdf_cost(locale: str, source_kb: float) -> float:
    """A PDF's estimated cost: its language's fixed part plus its share of the source's size."""
    fixed, per_kb_share = SCRIPT_COST.get(locale.split("_")[0], (PDF_MS, 1.0))
    return fixed + PDF_MS_PER_KB * per_kb_share * source_kb


def html_cost(source_kb: float) -> float:
    """A release or comparison page's estimated cost."""
    return HTML_MS + HTML_MS_PER_KB * source_kb
