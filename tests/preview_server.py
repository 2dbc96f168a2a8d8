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
VENV_PYTHON = REPO / ".venv" / "bin" / "python"


class PreviewServer:
    """`.venv/bin/python -m pipeline --root ROOT serve --port 0 ARGS` with its URL."""

    def __init__(self, root: Path, *args: str, log: Path | None = None) -> None:
        python = str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable
        self.root = root
        self.log_path = log or root.parent / f"serve-{root.name}.log"
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen([python, "-m", "pipeline", "--root", str(root), "serve", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=self._log, text=True, cwd=str(REPO))
        lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            self.first_line = lines.get(timeout=30).rstrip("\n")
        except queue.Empty:
            self.kill()
            raise AssertionError(f"serve printed nothing in 30 s; stderr:\n{self.stderr()}") from None
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

    def wait_for(self, path: str, predicate: Callable[[int, str], bool], timeout: float = 2.0) -> tuple[int, str, float]:
        """Fetch ``path`` until ``predicate(status, body)``; (status, body, seconds taken)."""
        start = time.monotonic()
        while True:
            status, body = self.get(path)
            took = time.monotonic() - start
            if predicate(status, body):
                return status, body, took
            if took > timeout:
                raise AssertionError(f"{path}: no expected change in {timeout} s (last status {status});\n"
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
