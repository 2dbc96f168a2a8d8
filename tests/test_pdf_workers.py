"""The PDF workers are replaced after a share of the PDFs, so that their memory stays flat
over a large build (issue 16: ~140 -> ~600 MB over 340 PDFs before). The memory itself is
measured in benchmarks/pdf_memory.py; here: which process rendered which PDF."""

from __future__ import annotations

import inspect
import os
from collections import Counter
from pathlib import Path

from pipeline.render import STATIC_DIR, pdf_pool as pdf
from test_pdf import make_page


def children() -> list[int]:
    found = []
    for tid in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{tid}/children", encoding="ascii") as listed:
            found += listed.read().split()
    return found


def test_workers_are_replaced_after_their_share(tmp_path: Path) -> None:
    jobs = [pdf.RenderJob(make_page("en", repeat=2), tmp_path / f"{n:02d}.pdf", STATIC_DIR) for n in range(12)]
    jobs.insert(5, pdf.RenderJob(make_page("en", body="<p>\U0010fffd</p>"), tmp_path / "bad.pdf", STATIC_DIR))
    results = pdf.render_many(jobs, workers=2, tasks_per_worker=3)
    assert [r.out_path for r in results] == [j.out_path for j in jobs]  # in job order
    assert [r.ok for r in results] == [n != 5 for n in range(13)]
    assert results[5].error_type == "MissingGlyphsError"
    # 13 jobs, 6 a pool (2 workers x 3): three pools in turn, whose workers share their 6 jobs
    shares = Counter(r.worker for r in results)
    assert max(shares.values()) <= 6 and len(shares) >= 3, shares
    assert os.getpid() not in shares
    for job in jobs[:5]:
        assert job.out_path.read_bytes().startswith(b"%PDF-")
    assert children() == []  # every retired worker has exited and been collected


def test_the_build_replaces_its_workers_by_default() -> None:
    default = inspect.signature(pdf.render_many).parameters["tasks_per_worker"].default
    assert default == pdf.TASKS_PER_WORKER and 1 <= default <= 50
