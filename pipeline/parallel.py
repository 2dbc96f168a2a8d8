"""Pure CPU-bound work over many items in forked processes, for a large project: `status`
(each document's states) and a cold `build` (each source's parse, each catalog's checks).

A pool costs ~20–50 ms to start and its results cost their pickling: callers use it only
past a size where the work is seconds (benchmarks/README.md, "Where the time goes").
"""

from __future__ import annotations

import os
from typing import Callable, Sequence, TypeVar

__all__ = ["forked_map"]

Item = TypeVar("Item")
Result = TypeVar("Result")


def forked_map(fn: Callable[[Item], Result], items: Sequence[Item], workers: int | None = None) -> list[Result]:
    """``[fn(item) for item in items]``, in ``workers`` forked processes (default: one a core),
    a few items a task: the parent unpickles finished results while the workers go on, and a
    worker slowed by another process does not hold the others back. ``fn`` and the items are
    pickled (a module-level function, or a :func:`functools.partial` of one). The first item
    whose ``fn`` raises raises here, as the loop would; with one worker or item, it is that loop.
    """
    workers = min(workers or os.cpu_count() or 1, len(items))
    if workers < 2:
        return [fn(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    per_task = max(1, len(items) // (8 * workers))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(fn, items, chunksize=per_task))
