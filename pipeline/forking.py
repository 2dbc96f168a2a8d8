"""Use both cores for CPU-bound work without a process pool's start-up and pickling.

:func:`split_map` forks once: the child maps the second half of the items and
pickles its results back through a pipe while this process maps the first half.
Nothing is imported again (fork), and only the child's half crosses the pipe.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Callable, Sequence, TypeVar

__all__ = ["split_map"]

T = TypeVar("T")
R = TypeVar("R")


def split_map(fn: Callable[[T], R], items: Sequence[T], *, min_items: int = 2) -> list[R]:
    """``[fn(x) for x in items]``, the second half computed in a forked child.

    Falls back to a plain loop for few items, on one core, or in a process with
    threads (forking one that holds locks in other threads is unsafe). Errors keep
    item order: an error of the first half wins over one of the second.
    """
    if len(items) < min_items or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return [fn(x) for x in items]
    half = len(items) // 2
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without the parent's cleanup
        os.close(read_fd)
        try:
            payload = pickle.dumps(("ok", [fn(x) for x in items[half:]]), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_fd)
    try:
        mine = [fn(x) for x in items[:half]]
    finally:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    kind, theirs = pickle.loads(data) if data else ("error", RuntimeError("a worker process died"))
    if kind == "error":
        raise theirs
    assert isinstance(theirs, list)
    return mine + theirs
