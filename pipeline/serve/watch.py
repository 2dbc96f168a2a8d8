"""Watching the project's inputs: every change runs the preview's incremental build."""

from __future__ import annotations

import os
import queue
import threading
import time
from pathlib import Path
from typing import Any

from .preview import Preview

__all__ = ["Watcher"]


class Watcher:
    """Two watchfiles loops feeding one builder thread.

    The tree loop watches the input folders recursively; the root loop watches the
    project folder itself (not recursively) for `pyproject.toml` and for input folders
    that appear or vanish, and then restarts the tree loop with the new set. Both loops
    are watching before the first build starts, so no edit is ever missed; after a
    restart of the tree loop one more (incremental) build catches up.
    """

    #: watchfiles hands back control this often when idle (ms): how a loop says it is watching
    TICK_MS = 100

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.root = preview.root
        self.stopping = threading.Event()
        self.requests: "queue.Queue[str]" = queue.Queue()
        self._rewatch = threading.Event()
        self._watched: list[Path] = []
        self._tree_ready = threading.Event()
        self._root_ready = threading.Event()

    def start(self) -> None:
        for target, name in ((self._builder, "preview-build"), (self._tree_loop, "preview-watch"),
                             (self._root_loop, "preview-watch-root")):
            threading.Thread(target=target, name=name, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        self._rewatch.set()
        self.requests.put("stop")

    def _dirs(self) -> list[Path]:
        dirs = [self.root / "source", self.root / "locales", self.root / "releases",
                *self.preview.templates_dirs]
        return [d for d in dict.fromkeys(dirs) if d.is_dir()]

    def _builder(self) -> None:
        self._tree_ready.wait(5)
        self._root_ready.wait(5)
        self.requests.put("start")
        while not self.stopping.is_set():
            self.requests.get()
            while True:  # coalesce a burst of changes into one build
                try:
                    self.requests.get_nowait()
                except queue.Empty:
                    break
            if self.stopping.is_set():
                return
            self.preview.rebuild()
            if self._dirs() != self._watched:
                self._rewatch.set()

    @staticmethod
    def _relevant(change: Any, path: str) -> bool:
        name = os.path.basename(path)
        return not name.startswith(".") and not name.endswith((".tmp", "~")) and "__pycache__" not in path

    def _tree_loop(self) -> None:
        import watchfiles

        self.preview.templates_dirs = self.preview.initial_template_dirs()
        sessions = 0
        while not self.stopping.is_set():
            self._rewatch.clear()
            self._watched = dirs = self._dirs()
            sessions += 1
            if not dirs:
                self._tree_ready.set()
                self._rewatch.wait(1.0)
                continue
            started = False
            try:
                for changes in watchfiles.watch(*dirs, watch_filter=self._relevant, stop_event=self._rewatch,
                                                debounce=400, step=30, rust_timeout=self.TICK_MS,
                                                yield_on_timeout=True, raise_interrupt=False):
                    if not started:
                        started = True
                        self._tree_ready.set()
                        if sessions > 1:
                            self.requests.put("rewatch")  # catch up on edits made while re-watching
                    if changes:
                        self.requests.put("tree")
            except Exception as exc:  # a folder vanished under the watcher: watch again
                if self.stopping.is_set():
                    return
                self.preview.log(f"preview: watching again ({type(exc).__name__})")
                time.sleep(0.2)

    def _root_loop(self) -> None:
        import watchfiles

        names = {"pyproject.toml", "source", "locales", "releases"}

        def relevant(change: Any, path: str) -> bool:
            p = Path(path)
            return p.name in names or any(p == d for d in self.preview.templates_dirs)

        while not self.stopping.is_set():
            try:
                for changes in watchfiles.watch(self.root, watch_filter=relevant, stop_event=self.stopping,
                                                recursive=False, debounce=400, step=30,
                                                rust_timeout=self.TICK_MS, yield_on_timeout=True,
                                                raise_interrupt=False):
                    self._root_ready.set()
                    if changes:
                        self.requests.put("root")
                        if any(os.path.basename(p) != "pyproject.toml" for _, p in changes):
                            self._rewatch.set()
            except Exception:
                if self.stopping.is_set():
                    return
                self._root_ready.set()
                time.sleep(0.5)
