"""`serve`: from saving a `.po` to the new text in the page the browser reloads."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from harness import CLI, REPO, Options, Row, fresh_clone, log, med

#: the page watched in the preview, and the catalog a translator saves
PAGE = "eu/de/privacy-policy.html"
LOCALE, DOCUMENT, SECTION = "de", "privacy-policy", "data-retention"
TARGET_MS = 300


class _Server:
    """`policy-l10n serve --port 0` on ``project``: its address and its log lines."""

    def __init__(self, project: Path) -> None:
        self.proc = subprocess.Popen([str(CLI), "serve", "--port", "0"], cwd=project, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        first = self.proc.stdout.readline() if self.proc.stdout else ""
        match = re.match(r"Serving (http://\S+)", first)
        if not match:
            self.stop()
            raise SystemExit(f"serve did not start: {first!r} {self.proc.stderr.read() if self.proc.stderr else ''}")
        self.url = match.group(1)
        self.log: list[str] = []
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_log(self) -> None:
        for line in self.proc.stderr or ():
            self.log.append(line.rstrip("\n"))

    def get(self, path: str, timeout: float = 60) -> str:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _reload_args(page: str) -> str:
    """The reload script's query for this served page (its boot id and generation)."""
    boot = re.search(r'data-boot="([^"]+)"', page)
    gen = re.search(r'data-gen="([^"]+)"', page)
    if not boot or not gen:
        raise SystemExit("serve: the page carries no reload script")
    return f"boot={boot.group(1)}&v={gen.group(1)}&path=/{PAGE}"


def _save(po: Path, marker: str) -> None:
    """A translator's save: the section's translation changed, the file rewritten in place."""
    from pipeline.pofile import read_po, render_po

    cat = read_po(po, str(po))
    entry = cat.by_context()[SECTION]
    first, _, rest = entry.msgstr.partition("\n\n")
    entry.msgstr = first.split(" «", 1)[0] + f" «{marker}»" + ("\n\n" + rest if rest else "")
    text = render_po(cat)
    with open(po, "w", encoding="utf-8") as out:
        out.write(text)


def _one_save(server: _Server, po: Path, marker: str) -> float:
    """Seconds from the save to the page served with the new text, as the browser gets it:
    the reload script's long poll answers, then the page is fetched again."""
    query = _reload_args(server.get(PAGE))
    _save(po, marker)
    saved = time.perf_counter()
    while True:
        answer = json.loads(server.get(f"__reload?{query}"))
        page = server.get(PAGE)
        if marker in page:
            return time.perf_counter() - saved
        if time.perf_counter() - saved > 30:
            raise SystemExit(f"serve: the saved text did not show within 30 s; log: {server.log[-5:]}")
        if answer.get("reload"):
            query = _reload_args(page)


def bench_serve(options: Options) -> list[Row]:
    """On a fresh clone of this project (privacy-policy: 10 sections, 8 locales, 7 regions)."""
    proj = fresh_clone(REPO, "serve-proj")
    po = proj / "locales" / LOCALE / "LC_MESSAGES" / f"{DOCUMENT}.po"
    server = _Server(proj)
    try:
        server.get(PAGE, timeout=300)  # waits for the first build
        times = []
        for n in range(options.reps(3, 11)):
            times.append(_one_save(server, po, f"save {n}"))
            time.sleep(0.5)  # a translator does not save twice in the same second
        rebuilds = [line for line in server.log if "rebuilt in" in line][-len(times):]
    finally:
        server.stop()
    log(f"serve: {[f'{t * 1000:.0f}' for t in times]} ms; server: {rebuilds}")
    t = med(times)
    builds = [float(m.group(1)) for line in rebuilds if (m := re.search(r"in ([\d.]+) s", line))]
    return [Row(f"serve: saved .po → new text in the reloaded page (10-section page, median of {len(times)} "
                "saves)", f"≤ {TARGET_MS} ms", f"{t * 1000:.0f} ms",
                f"of which the incremental build: {med(builds) * 1000:.0f} ms (serve's log)" if builds else "",
                t * 1000 <= TARGET_MS)]
