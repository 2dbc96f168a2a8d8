"""Use both cores for CPU-bound work without a process pool's start-up and pickling.

:class:`Background` forks once: the child runs a function and pickles its result
back through a pipe while this process goes on; it may wait inside for one message
from this process (work that can start before all of its input is known).
:func:`split_map` maps the second half of a list that way. Nothing is imported again
(fork), and only the messages and the result cross the pipes.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from typing import Any, Callable, Generic, Sequence, TypeVar

__all__ = ["can_fork", "Background", "run_child", "in_background", "split_map"]

T = TypeVar("T")
R = TypeVar("R")

_NOTHING: Any = object()


def can_fork() -> bool:
    """A second core, and no other thread (forking one that holds locks in other threads is unsafe)."""
    return (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


class Background(Generic[R]):
    """``fn(receive)`` computed in a forked child.

    In the child, ``receive()`` returns what this process :meth:`send` s (once); until
    then the child can do the part of its work that needs nothing more. :meth:`result`
    waits for ``fn``'s return value; an exception in the child is raised there. Where
    :func:`can_fork` says no, ``fn`` runs in this process when the result is asked for.
    """

    def __init__(self, fn: Callable[[Callable[[], Any]], R]) -> None:
        self._fn = fn
        self._message: Any = _NOTHING
        self._done: list[R] = []
        self._pid = 0
        if not can_fork():
            return
        _reap()
        request_r, request_w = os.pipe()
        result_r, result_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare (a process limit): the work runs here instead
            for fd in (request_r, request_w, result_r, result_w):
                os.close(fd)
            return
        if pid == 0:  # the child: compute, send, leave without the parent's cleanup
            os.close(request_w)
            os.close(result_r)
            run_child(fn, request_r, result_w)
        os.close(request_r)
        os.close(result_w)
        self._pid = pid
        #: the pipes' ends, None once closed (a closed descriptor's number is soon reused)
        self._request: int | None = request_w
        self._result: int | None = result_r

    @classmethod
    def adopt(cls, pid: int, request_fd: int, result_fd: int) -> "Background[Any]":
        """A child forked elsewhere that runs :func:`run_child` on these pipes' other ends."""
        job: Background[Any] = cls.__new__(cls)
        job._fn = _adopted_without_fn
        job._message, job._done, job._pid = _NOTHING, [], pid
        job._request, job._result = request_fd, result_fd
        return job

    def send(self, message: Any) -> None:
        """Hand ``message`` to the child's ``receive()`` (keep it small: a pipe's buffer)."""
        self._message = message
        if not self._pid or self._request is None:
            return
        request, self._request = self._request, None
        try:
            with os.fdopen(request, "wb") as pipe:
                pipe.write(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:  # the child failed before reading: result() says why
            pass

    def result(self) -> R:
        if self._done:
            return self._done[0]
        if not self._pid:
            self._done.append(self._fn(self._received))
            return self._done[0]
        if self._request is not None:  # nothing will be sent: receive() ends with EOFError
            os.close(self._request)
            self._request = None
        assert self._result is not None
        result, self._result = self._result, None
        with os.fdopen(result, "rb") as pipe:
            data = pipe.read()
        _reap(self._pid)
        if not data:
            raise RuntimeError("a worker process died")
        kind, value = pickle.loads(data)
        if kind == "error":
            raise value
        self._done.append(value)
        return value

    def cancel(self) -> None:
        """Stop the child (this process gave up on the result)."""
        if self._pid and not self._done:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            for fd in (self._request, self._result):
                if fd is not None:
                    os.close(fd)
            self._request = self._result = None
            self._done.append(None)  # type: ignore[arg-type]

    def _received(self) -> Any:
        if self._message is _NOTHING:
            raise EOFError("nothing was sent")
        return self._message


#: children whose result was read but who had not yet exited: reaped by the next fork
_EXITING: list[int] = []


def _reap(pid: int | None = None) -> None:
    """Collect exited children without waiting for one still exiting (tearing down a
    child's memory takes a millisecond or more: the result is already read)."""
    if pid is not None:
        _EXITING.append(pid)
    for child in list(_EXITING):
        try:
            done, _ = os.waitpid(child, os.WNOHANG)
        except ChildProcessError:  # already collected (e.g. by a SIGCHLD handler)
            done = child
        if done:
            _EXITING.remove(child)


def _adopted_without_fn(receive: Callable[[], Any]) -> Any:  # an adopted child always has a pid
    raise RuntimeError("an adopted child runs its own function")


def run_child(fn: Callable[[Callable[[], Any]], Any], request_fd: int, result_fd: int) -> None:
    """The child's whole life: it never returns into the parent's code, whatever happens."""

    def receive() -> Any:
        with os.fdopen(request_fd, "rb") as pipe:
            return pickle.load(pipe)

    try:
        try:
            payload = pickle.dumps(("ok", fn(receive)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(result_fd, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001 - the parent is gone (a broken pipe): nobody to tell
        pass
    finally:
        os._exit(0)


def in_background(fn: Callable[[], R]) -> Callable[[], R]:
    """Start ``fn()`` in a forked child; the function returned waits for its result."""
    return Background(lambda receive: fn()).result


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
    except BaseException:
        _result_or_error(theirs)  # reap the child; the first half's error wins
        raise
    rest = _result_or_error(theirs)
    if isinstance(rest, BaseException):
        raise rest
    return mine + rest


def _result_or_error(wait: Callable[[], list[R]]) -> list[R] | BaseException:
    try:
        return wait()
    except Exception as exc:  # noqa: BLE001 - re-raised by the caller after its own half
        return exc
