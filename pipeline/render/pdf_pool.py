"""Many PDFs at once: :func:`render_many` renders :class:`RenderJob` s with
:func:`.pdf.render_pdf` in pools of forked worker processes, each replaced after
:data:`TASKS_PER_WORKER` PDFs so that its memory stays flat over a large build.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import os
import pathlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .glyphs import font_coverage
from .pdf import static_fetcher_class, render_pdf

__all__ = ["TASKS_PER_WORKER", "RenderJob", "RenderResult", "render_many"]

@dataclasses.dataclass(frozen=True)
class RenderJob:
    """One page to render: the keyword arguments of :func:`render_pdf`."""

    html: str
    out_path: pathlib.Path
    static_dir: pathlib.Path
    base_url: str | None = None
    text_for_glyph_check: str | None = None
    lang: str = "en"
    stylesheets: tuple[pathlib.Path, ...] = ()


@dataclasses.dataclass(frozen=True)
class RenderResult:
    """Outcome of one :class:`RenderJob`.

    Attributes:
        out_path: the job's output path.
        ok: True when the PDF was written.
        error: ``"ExceptionType: message"`` when it was not, else None.
        error_type: the exception's class name (e.g. ``"MissingGlyphsError"``).
        seconds: wall time of the render inside its worker.
        worker: the process id of the worker that rendered it (0 when none did).
    """

    out_path: pathlib.Path
    ok: bool
    error: str | None = None
    error_type: str | None = None
    seconds: float = 0.0
    worker: int = 0


def _run_job(job: RenderJob) -> RenderResult:
    """Render one job, turning any exception into a failed :class:`RenderResult`."""
    started = time.perf_counter()
    try:
        render_pdf(
            job.html, pathlib.Path(job.out_path), static_dir=pathlib.Path(job.static_dir),
            base_url=job.base_url, text_for_glyph_check=job.text_for_glyph_check,
            lang=job.lang, stylesheets=job.stylesheets)
    except Exception as error:  # noqa: BLE001 - reported per job
        return RenderResult(
            pathlib.Path(job.out_path), False, f"{type(error).__name__}: {error}",
            type(error).__name__, time.perf_counter() - started, os.getpid())
    return RenderResult(pathlib.Path(job.out_path), True, None, None,
                        time.perf_counter() - started, os.getpid())


def _as_job(job: RenderJob | Sequence[Any]) -> RenderJob:
    """Accept a :class:`RenderJob` or a tuple of its fields in order."""
    return job if isinstance(job, RenderJob) else RenderJob(*job)


#: PDFs a worker renders before a fresh fork replaces it. A WeasyPrint process keeps
#: growing with every page (Pango, fontconfig and HarfBuzz state for each font it met):
#: one process rendering 510 PDFs in 50 locales went from ~45 to ~230 MiB of private
#: memory. benchmarks/pdf_memory.py (510 PDFs, 2 workers): never replaced, each worker
#: grew from 92 to 177 MB; replaced every 25 PDFs, none passed 142 MB (most ~100 MB),
#: at 0.91 PDFs/s against 0.86 (a busy machine: the same within its noise).
TASKS_PER_WORKER = 25


def render_many(jobs: Iterable[RenderJob | Sequence[Any]], workers: int,
                on_result: Callable[[int, RenderResult], None] | None = None,
                tasks_per_worker: int | None = TASKS_PER_WORKER) -> list[RenderResult]:
    """Render many pages; return one :class:`RenderResult` per job, in job order.

    With ``workers == 1`` (or a single job) everything runs in this process.
    Otherwise pools of forked processes are used (spawn would re-import WeasyPrint in
    every worker and be slower than sequential); WeasyPrint and the font coverage are
    loaded in the parent first so the workers inherit them. Every ``workers *
    tasks_per_worker`` jobs go to a new pool, whose workers share them (about
    ``tasks_per_worker`` each), so their memory stays flat (None: one pool for all).
    A worker that dies (e.g. a crash in a C library) does not hang the pool: the jobs
    it took down are retried one by one in fresh processes, so only the job that kills
    its process fails.

    Args:
        jobs: :class:`RenderJob` objects, or tuples ``(html, out_path,
            static_dir[, base_url, text_for_glyph_check, lang, stylesheets])``.
        workers: number of processes, at least 1.
        on_result: called with (job index, result) as each job ends.
        tasks_per_worker: PDFs a worker renders before it is replaced.
    """
    job_list = [_as_job(job) for job in jobs]
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if workers == 1 or len(job_list) <= 1:
        results = []
        for index, job in enumerate(job_list):
            results.append(_run_job(job))
            if on_result is not None:
                on_result(index, results[-1])
        return results

    import weasyprint  # noqa: F401 - warm the parent so forked workers inherit it

    font_coverage()
    static_fetcher_class()
    workers = min(workers, len(job_list))
    results = _run_in_pools(job_list, workers, on_result, tasks_per_worker)
    # A dead worker breaks its whole pool and fails every pending job with it:
    # retry those one by one in their own process to isolate the culprit.
    for index, result in enumerate(results):
        if result.error_type == "BrokenProcessPool":
            results[index] = _run_in_pools([job_list[index]], 1)[0]
    return results


class _Pools:
    """Fork-based pools in turn: each takes ``per_pool`` jobs, then the next one is
    started while the last ones finish in the old pool, whose workers then exit."""

    def __init__(self, workers: int, per_pool: int) -> None:
        self.workers, self.per_pool = workers, per_pool
        self.context = multiprocessing.get_context("fork")
        self.current: concurrent.futures.ProcessPoolExecutor | None = None
        #: one thread a retired pool, waiting for its last jobs and its workers' exit
        self.retiring: list[threading.Thread] = []
        self.taken = 0

    def submit(self, job: RenderJob) -> concurrent.futures.Future[RenderResult]:
        if self.current is None or self.taken >= self.per_pool:
            self._renew()
        try:
            future = self.current.submit(_run_job, job)  # type: ignore[union-attr]
        except concurrent.futures.BrokenExecutor:  # a worker died: go on in a new pool
            self._renew()
            future = self.current.submit(_run_job, job)  # type: ignore[union-attr]
        self.taken += 1
        return future

    def _renew(self) -> None:
        if self.current is not None:
            # its queued jobs still run, then its workers exit; waited for in a thread, so the
            # next pool starts now. (A `shutdown(wait=False)` here and `shutdown(wait=True)` in
            # close() waited for nothing: the first call lets go of what the second would join.)
            retiring = threading.Thread(target=self.current.shutdown, kwargs={"wait": True}, daemon=True)
            retiring.start()
            self.retiring.append(retiring)
        self.current = concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context)
        self.taken = 0

    def close(self) -> None:
        """Every pool's workers have exited and been collected when this returns."""
        if self.current is not None:
            self.current.shutdown(wait=True)
        for retiring in self.retiring:
            retiring.join()


def _run_in_pools(job_list: list[RenderJob], workers: int,
                  on_result: Callable[[int, RenderResult], None] | None = None,
                  tasks_per_worker: int | None = None) -> list[RenderResult]:
    """Run jobs in fork-based pools (see :class:`_Pools`); exceptions become results.

    At most two jobs a worker are handed out at a time, so that a new pool starts
    while the old one finishes its last jobs, and none waits in a pool being retired.
    """
    per_pool = workers * tasks_per_worker if tasks_per_worker else len(job_list)
    pools = _Pools(workers, per_pool)
    results: list[RenderResult | None] = [None] * len(job_list)
    waiting = iter(range(len(job_list)))
    running: dict[concurrent.futures.Future[RenderResult], int] = {}

    def hand_out() -> None:
        index = next(waiting, None)
        if index is not None:
            running[pools.submit(job_list[index])] = index

    try:
        for _ in range(2 * workers):
            hand_out()
        while running:
            done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                index = running.pop(future)
                try:
                    results[index] = future.result()
                except Exception as error:  # noqa: BLE001 - e.g. BrokenProcessPool
                    results[index] = RenderResult(
                        pathlib.Path(job_list[index].out_path), False,
                        f"{type(error).__name__}: {error}", type(error).__name__)
                if on_result is not None:
                    on_result(index, results[index])  # type: ignore[arg-type]
                hand_out()
    finally:
        pools.close()
    return [result for result in results if result is not None]
