"""The baseline of the PDF benchmarks: bare WeasyPrint, nothing of ours.

    .venv/bin/python benchmarks/bare_weasyprint.py JOBS LIST OUT_DIR

Renders each HTML file named in LIST (one path a line) to OUT_DIR/<n>.pdf, tagged as
our PDFs are (PDF/UA-1), in a fork pool of JOBS processes; WeasyPrint is imported
before the fork, so the workers inherit it, as our build's workers do.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import weasyprint

OUT = Path(".")


def render(item: tuple[int, str]) -> None:
    index, path = item
    weasyprint.HTML(filename=path).write_pdf(OUT / f"{index}.pdf", pdf_variant="pdf/ua-1")


def main() -> None:
    global OUT
    jobs, listing, OUT = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    paths = [line for line in listing.read_text(encoding="utf-8").splitlines() if line]
    if jobs == 1 or len(paths) == 1:
        for item in enumerate(paths):
            render(item)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(render, list(enumerate(paths)), chunksize=1)


if __name__ == "__main__":
    main()
