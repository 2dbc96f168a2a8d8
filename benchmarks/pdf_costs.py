"""What each PDF of a built project costs to render, against the shard planner's estimate.

    .venv/bin/python benchmarks/pdf_costs.py PROJECT [--every N]

PROJECT must have been built (`policy-l10n build --no-pdf` is enough: the HTML is what is
rendered). Every live page of every N-th document is rendered to a PDF in this one process,
as a build's worker does (`pipeline.render.pdf.render_pdf`, after one untimed warm-up),
and its time is printed per language beside `pipeline.output.shards.pdf_cost`'s estimate
from the document's English size: the numbers `SCRIPT_COST` and `PDF_MS*` were set from.
Run it on a quiet machine: other processes make single renders noisy.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from pipeline.output.shards import pdf_cost
from pipeline.render.pdf import render_pdf
from pipeline.templates import STATIC_DIR


def live_pages(project: Path, every: int) -> list[Path]:
    """The live pages (`output/<locale>/<doc>.html`, `output/<region>/<locale>/<doc>.html`)
    of every ``every``-th document; release and comparison pages are left out."""
    sources = {p.stem for p in (project / "source").glob("*.md")}
    pages = [p for p in sorted((project / "output").rglob("*.html")) if p.stem in sources
             and "releases" not in p.parts and "compare" not in p.parts]
    chosen = sorted({p.stem for p in pages})[::every]
    return [p for p in pages if p.stem in chosen]


def measure(project: Path, every: int) -> list[tuple[str, float, float]]:
    """(locale, English source KB, milliseconds) of each page's PDF."""
    pages = live_pages(project, every)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "page.pdf"
        for i, page in enumerate([pages[0], *pages]):
            html = page.read_text(encoding="utf-8")
            start = time.perf_counter()
            render_pdf(html, out, static_dir=STATIC_DIR, base_url=page.parent.as_uri() + "/")
            if i:  # the first render is a warm-up (fonts, caches)
                locale = page.parent.name.replace("-", "_")
                kb = (project / "source" / f"{page.stem}.md").stat().st_size / 1024
                rows.append((locale, kb, (time.perf_counter() - start) * 1000))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--every", type=int, default=1, help="every N-th document only")
    args = parser.parse_args()
    by_locale: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for locale, kb, ms in measure(args.project.resolve(), args.every):
        by_locale[locale].append((kb, ms))
    print(f"{'locale':8} {'PDFs':>4} {'source KB':>9} {'measured ms':>11} {'estimate ms':>11} {'measured/estimate':>17}")
    for locale, rows in sorted(by_locale.items()):
        ratios = [ms / pdf_cost(locale, kb) for kb, ms in rows]
        print(f"{locale:8} {len(rows):4} {statistics.mean(kb for kb, _ in rows):9.1f} "
              f"{statistics.mean(ms for _, ms in rows):11.0f} "
              f"{statistics.mean(pdf_cost(locale, kb) for kb, _ in rows):11.0f} {statistics.mean(ratios):17.2f}")


if __name__ == "__main__":
    main()
