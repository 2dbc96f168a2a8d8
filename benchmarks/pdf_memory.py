"""Memory of the PDF workers over a large build: flat, at most 200 MB each (issue 16).

    .venv/bin/python benchmarks/pdf_memory.py [--documents 10] [--locales 50] [--workers 2]

Generates a synthetic project (benchmarks/generate.py: 10 documents × (50 locales +
English) = 510 pages in 30-odd scripts), builds its HTML with `policy-l10n build --no-pdf`,
then renders every live page to PDF with the build's own worker pool
(`pipeline.render.pdf_pool.render_many`) twice: workers never replaced (before the fix) and
replaced every `TASKS_PER_WORKER` PDFs (the build's default). Meanwhile each worker's
private memory (`/proc/<pid>/smaps_rollup`, Private_Clean + Private_Dirty) is sampled
every 0.2 s. Prints, per run, PDFs/s, the largest private memory of any worker in each
tenth of the run, and each worker's first and peak sample; exits 1 when a worker of the
build's default run exceeds 200 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LIMIT_BYTES = 200 * 1000 * 1000  # 200 MB


def private_bytes(pid: int) -> int | None:
    """Private_Clean + Private_Dirty of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return 1024 * sum(int(line.split()[1]) for line in rollup if line.startswith("Private_"))
    except (OSError, ValueError, IndexError):
        return None


def children(pid: int) -> list[int]:
    found: list[int] = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as listed:
                found += [int(child) for child in listed.read().split()]
        except OSError:
            pass
    return found


class Sampler:
    """Samples the private memory of this process's children in a thread."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        #: pid -> [(seconds since start, PDFs done, private bytes)]
        self.samples: dict[int, list[tuple[float, int, int]]] = {}
        self.done = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started = time.monotonic()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            now = time.monotonic() - self.started
            for pid in children(me):
                size = private_bytes(pid)
                if size is not None:
                    self.samples.setdefault(pid, []).append((now, self.done, size))
            self._stop.wait(self.interval)

    def __enter__(self) -> "Sampler":
        self.started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def live_pages(out: Path) -> list[Path]:
    """output/<lang>/<doc>.html: the live pages (not the dashboard or status pages)."""
    return sorted(p for p in out.glob("*/*.html") if p.parent.name != "status")


def run_pdfs(pages: list[Path], workers: int, tasks_per_worker: int | None, dest: Path) -> dict:
    from pipeline.render import STATIC_DIR
    from pipeline.render.pdf_pool import RenderJob, render_many

    shutil.rmtree(dest, ignore_errors=True)
    jobs = [RenderJob(html=p.read_text(encoding="utf-8"), out_path=dest / p.parent.name / f"{p.stem}.pdf",
                      static_dir=STATIC_DIR, lang=p.parent.name) for p in pages]
    with Sampler() as sampler:
        def on_result(index: int, result: object) -> None:
            sampler.done += 1

        started = time.monotonic()
        results = render_many(jobs, workers, on_result=on_result, tasks_per_worker=tasks_per_worker)
        seconds = time.monotonic() - started
    failed = [r for r in results if not r.ok]
    return {"pdfs": len(results), "failed": failed, "seconds": seconds, "samples": sampler.samples}


def report(label: str, run: dict) -> int:
    """Print one run; return the largest private memory of any worker."""
    samples = run["samples"]
    # a worker has rendered something once it has been seen for more than one sample
    workers = {pid: rows for pid, rows in samples.items() if len(rows) > 1}
    peak = max((size for rows in workers.values() for _, _, size in rows), default=0)
    rate = run["pdfs"] / run["seconds"]
    print(f"\n== {label}: {run['pdfs']} PDFs ({len(run['failed'])} failed) in {run['seconds']:.1f} s, "
          f"{rate:.2f} PDFs/s, {len(workers)} worker processes, largest {peak / 1e6:.0f} MB")
    tenths = [0] * 10
    for rows in workers.values():
        for _, done, size in rows:
            bucket = min(9, done * 10 // max(run["pdfs"], 1))
            tenths[bucket] = max(tenths[bucket], size)
    print("largest worker in each tenth of the PDFs (MB): " + " ".join(f"{s / 1e6:.0f}" for s in tenths))
    shown = sorted(workers.items(), key=lambda item: -max(s for _, _, s in item[1]))[:6]
    for pid, rows in shown:
        top = max(s for _, _, s in rows)
        print(f"  worker {pid}: first {rows[0][2] / 1e6:.0f} MB, peak {top / 1e6:.0f} MB "
              f"(PDFs {rows[0][1]}..{rows[-1][1]} of the run)")
    for result in run["failed"][:5]:
        print(f"  failed: {result.out_path}: {result.error}")
    return peak


def main() -> int:
    from pipeline.render.pdf_pool import TASKS_PER_WORKER

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--locales", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tasks-per-worker", type=int, default=TASKS_PER_WORKER)
    parser.add_argument("--no-before", action="store_true", help="skip the run with workers never replaced")
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "work" / "pdf-memory")
    args = parser.parse_args()

    project = args.work / "project"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(project),
                    "--documents", str(args.documents), "--locales", str(args.locales)], check=True)
    subprocess.run([sys.executable, "-m", "pipeline", "--root", str(project), "build", "--no-pdf"],
                   check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    pages = live_pages(project / "output")
    print(f"{len(pages)} pages, {args.workers} workers")
    before_peak = None
    if not args.no_before:
        before = run_pdfs(pages, args.workers, None, args.work / "pdf-before")
        before_peak = report("workers never replaced (before)", before)
    after = run_pdfs(pages, args.workers, args.tasks_per_worker, args.work / "pdf-after")
    default = " (the build's default)" if args.tasks_per_worker == TASKS_PER_WORKER else ""
    after_peak = report(f"workers replaced every {args.tasks_per_worker} PDFs{default}", after)
    if before_peak is not None:
        print(f"\nthroughput before {before['pdfs'] / before['seconds']:.2f} PDFs/s, "
              f"after {after['pdfs'] / after['seconds']:.2f} PDFs/s; "
              f"largest worker before {before_peak / 1e6:.0f} MB, after {after_peak / 1e6:.0f} MB")
    if after_peak > LIMIT_BYTES:
        print(f"FAIL: a worker reached {after_peak / 1e6:.0f} MB (limit {LIMIT_BYTES / 1e6:.0f} MB)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
