"""Use both cores for CPU-bound work without a process pool's start-up and pickling.

:func:`in_background` forks once and the child pickles its result back through a
pipe while this process goes on; :func:`split_map` maps the second half of a list
that way. Nothing is imported again (fork), and only the child's result crosses the pipe.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Callable, Sequence, TypeVar

__all__ = ["can_fork", "in_background", "split_map"]

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """A second core, and no other thread (forking one that holds locks in other threads is unsafe)."""
    return (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


def in_background(fn: Callable[[], R]) -> Callable[[], R]:
    """Start ``fn()`` in a forked child; the function returned waits for its result.

    The child shares everything already imported and loaded (fork); only the result
    crosses the pipe, pickled. An exception in the child is raised by the wait.
    Where :func:`can_fork` says no, ``fn`` runs when the result is asked for.
    """
    if not can_fork():
        return fn
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without the parent's cleanup
        os.close(read_fd)
        try:
            payload = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_fd)
    done: list[R] = []

    def wait() -> R:
        if not done:
            with os.fdopen(read_fd, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            if not data:
                raise RuntimeError("a worker process died")
            kind, value = pickle.loads(data)
            if kind == "error":
                raise value
            done.append(value)
        return done[0]

    return wait


def split_map(fn: Callable[[T], R], items: Sequence[T], *, min_items: int = 2) -> list[R]:
    """``[fn(x) for x in items]``, the second half computed in a forked child.

    Falls back to a plain loop for few items or where :func:`can_fork` says no.
    Errors keep item order: an error of the first half wins over one of the second.
    """
    if len(items) < min_items or not can_fork():
        return [fn(x) for x in items]
    half = len(items) // 2
    theirs = in_background(lambda: [fn(x) for x in items[half:]])
    try:
        mine = [fn(x) for x in items[:half]]
    finally:
        rest = _result_or_error(theirs)
    if isinstance(rest, BaseException):
        raise rest
    return mine + rest


def _result_or_error(wait: Callable[[], list[R]]) -> list[R] | BaseException:
    """The child's result, or its exception (so that the first half's error wins)."""
    try:
        return wait()
    except Exception as exc:  # noqa: BLE001 - re-raised by the caller after its own half
        return exc
