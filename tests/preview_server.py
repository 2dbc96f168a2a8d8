"""A real `policy-l10n serve` subprocess for tests (used by test_serve.py and test_browser.py)."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
#: the checkout's package run by the Python running the tests (whatever its venv)
CLI = [sys.executable, "-m", "pipeline"]
#: how long a change may take to show before a test fails instead of hanging: no speed
#: target (the save-to-browser time is measured in benchmarks/), room for a loaded machine
PATIENCE = 60.0


class PreviewServer:
    """`python -m pipeline --root ROOT serve --port 0 ARGS` (from the checkout) with its URL."""

    def __init__(self, root: Path, *args: str, log: Path | None = None) -> None:
        self.root = root
        self.log_path = log or root.parent / f"serve-{root.name}.log"
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen([*CLI, "--root", str(root), "serve", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=self._log, text=True, cwd=str(REPO))
        lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            self.first_line = lines.get(timeout=PATIENCE).rstrip("\n")
        except queue.Empty:
            self.kill()
            raise AssertionError(f"serve printed nothing in {PATIENCE} s; stderr:\n{self.stderr()}") from None
        assert self.first_line.startswith("Serving http://"), (self.first_line, self.stderr())
        self.url = self.first_line.split(" ", 1)[1]

    def stderr(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8")

    def get(self, path: str = "", timeout: float = 10) -> tuple[int, str]:
        """(HTTP status, body) of a URL path under the server, errors included."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=timeout) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8")

    def wait_for(self, path: str, predicate: Callable[[int, str], bool]) -> tuple[int, str]:
        """Fetch ``path`` until ``predicate(status, body)``: (status, body). Fails after
        :data:`PATIENCE` (a server that never shows the change), never on speed."""
        deadline = time.monotonic() + PATIENCE
        while True:
            status, body = self.get(path)
            if predicate(status, body):
                return status, body
            if time.monotonic() > deadline:
                raise AssertionError(f"{path}: no expected change in {PATIENCE} s (last status {status});\n"
                                     f"stderr:\n{self.stderr()}")
            time.sleep(0.05)

    def interrupt(self, timeout: float = 10) -> int:
        """Ctrl-C: send SIGINT and return the exit code."""
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if self.proc.stdout and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> "PreviewServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
