"""No data loss: `update` killed at any moment, two updates at once, `--dry-run`.

The kill test runs the real CLI in a subprocess on a project with many large
catalogs whose English has changed (so every catalog is rewritten), SIGKILLs it
at random moments - some anywhere in the run, some just after it starts writing
(when the first temp file or changed catalog shows up) - and then requires every
file under `locales/` to be byte for byte either what it was or what a complete
`update` writes. Temp files a killed run leaves behind are the only other files
allowed.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, Project, make_project, msgfmt_check

LOCALES = ("de", "fr", "es", "ja", "pt_BR", "ar")
SECTIONS = 100
KILLS = 9


def _source(verb: str) -> str:
    parts = ["---\ntitle: Privacy Policy\nupdated: 2026-02-01\n---\n"]
    for i in range(SECTIONS):
        parts.append(f"## Section {i} {{#s{i}}}\n\nSection {i} {verb} how we handle your data: "
                     + "we keep records of what you do and why we keep them. " * 6
                     + "\n\n- Access your data\n- Delete your data\n")
    return "\n".join(parts)


def _translate_all(p: Project) -> None:
    from pipeline.pofile import read_po, render_po

    for loc in LOCALES:
        for domain in ("privacy-policy", "ui"):
            path = p.po(loc, domain)
            cat = read_po(path, str(path))
            for e in cat.entries:
                e.msgstr = f"[{loc}] {e.msgid}"
            path.write_text(render_po(cat), encoding="utf-8")


@pytest.fixture(scope="module")
def pending(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A translated project whose English changed: (root, files before, files after a full update)."""
    base = make_project(tmp_path_factory.mktemp("base") / "proj", locales=LOCALES, source=_source("describes"))
    assert base.run("update").code == 0
    _translate_all(base)
    base.write("source/privacy-policy.md", _source("explains"))
    done = Project(tmp_path_factory.mktemp("done") / "proj")
    shutil.copytree(base.root, done.root)
    r = done.run("update")
    # the document's template and every locale's catalog change (the ui strings did not)
    assert r.code == 0 and r.out.count("updated ") == 1 + len(LOCALES), r.out
    return base.root, _catalog_files(base.root), _catalog_files(done.root)


def _norm(data: bytes) -> bytes:
    """POT-Creation-Date is the current minute: the one byte range two runs may differ in."""
    return re.sub(rb'"POT-Creation-Date: [^"\\]*\\n"', b'"POT-Creation-Date: -\\\\n"', data)


def _catalog_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): _norm(p.read_bytes())
            for p in sorted((root / "locales").rglob("*")) if p.is_file() and p.suffix in (".po", ".pot")}


def _leftovers(root: Path) -> list[str]:
    """Files under locales/ that are neither catalogs nor the lock: a killed run's temp files."""
    return [p.name for p in (root / "locales").rglob("*")
            if p.is_file() and p.suffix not in (".po", ".pot") and p.name != ".lock"]


def _update_process(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "--root", str(root), "update", *args],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _writing_started(root: Path, before: dict[str, tuple[int, int]]) -> bool:
    for d in [root / "locales", *(root / "locales").glob("*/LC_MESSAGES")]:
        with os.scandir(d) as it:
            for e in it:
                if e.name.endswith(".tmp"):
                    return True
                if e.is_file() and e.name.endswith((".po", ".pot")):
                    st = e.stat()
                    if before.get(e.path) != (st.st_size, st.st_mtime_ns):
                        return True
    return False


def _stats(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in (root / "locales").rglob("*")
            if p.suffix in (".po", ".pot")}


@pytest.mark.slow
def test_update_killed_at_any_moment_leaves_each_catalog_old_or_new(pending, tmp_path: Path) -> None:
    base_root, before, after = pending
    assert set(before) == set(after)
    assert sum(before[k] != after[k] for k in before) == 1 + len(LOCALES)
    rng = random.Random(int(os.environ.get("KILL_SEED", "20260201")))

    # how long a full run takes here
    timing = tmp_path / "timing"
    shutil.copytree(base_root, timing)
    start = time.monotonic()
    proc = _update_process(timing)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    duration = time.monotonic() - start
    assert _catalog_files(timing) == after

    outcomes = {"old": 0, "mixed": 0, "new": 0}
    killed_while_writing = 0
    for i in range(KILLS):
        work = tmp_path / f"run{i}"
        shutil.copytree(base_root, work)
        stats = _stats(work)
        proc = _update_process(work)
        if i % 3 == 0:  # anywhere in the run
            time.sleep(rng.uniform(0.0, duration))
        else:  # while it writes: poll for the first write, then kill at once or a little later
            deadline = time.monotonic() + duration * 3
            while proc.poll() is None and not _writing_started(work, stats) and time.monotonic() < deadline:
                pass
            if i % 3 == 2:
                time.sleep(rng.uniform(0.0, 0.02))
            killed_while_writing += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stdout.close(), proc.stderr.close()

        now = _catalog_files(work)
        assert set(now) == set(before), f"run {i}: catalogs appeared or vanished"
        states = set()
        for rel, data in now.items():
            assert data in (before[rel], after[rel]), f"run {i}: {rel} is neither the old nor the updated file"
            states.add("old" if data == before[rel] else "new")
        outcomes["mixed" if len(states) == 2 else states.pop()] += 1
        assert all(name.endswith(".tmp") for name in _leftovers(work)), _leftovers(work)
        for rel in now:
            if rel.endswith(".po"):
                from pipeline.pofile import read_po

                read_po(work / rel, rel)  # parses
        if i == KILLS - 1:  # the next update finishes the job
            p = Project(work)
            assert p.run("update").code == 0
            assert _catalog_files(work) == after
            for rel in after:
                msgfmt_check(work / rel)
        shutil.rmtree(work)
    assert killed_while_writing, "no kill landed while the update was writing"
    print(f"kill outcomes: {outcomes}; killed while writing: {killed_while_writing}")


def test_update_waits_for_the_project_lock(pending, tmp_path: Path) -> None:
    from pipeline.catalog import project_lock
    from pipeline.config import load_config

    base_root, before, after = pending
    work = tmp_path / "proj"
    shutil.copytree(base_root, work)
    with project_lock(load_config(work)):
        proc = _update_process(work)
        time.sleep(2.0)
        assert proc.poll() is None, "update did not wait for the lock: " + proc.stderr.read()
        assert _catalog_files(work) == before
        assert not _leftovers(work)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert _catalog_files(work) == after


def test_concurrent_updates_are_serialised(pending, tmp_path: Path) -> None:
    """Started together, one update does the work; the others wait, then find nothing to do."""
    base_root, before, after = pending
    work = tmp_path / "proj"
    shutil.copytree(base_root, work)
    procs = [_update_process(work) for _ in range(3)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in results]
    writers = [out for out, _ in results if "updated " in out]
    assert len(writers) == 1, [out for out, _ in results]
    assert sum(out.strip() == "catalogs up to date" for out, _ in results) == 2
    assert _catalog_files(work) == after
    assert not _leftovers(work)


def test_dry_run_prints_exactly_the_diff_it_would_write(new_project, tmp_path: Path) -> None:
    p = new_project(locales=("de", "fr"))
    assert p.run("init", "de").code == 0
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Kontakt: <privacy@aimonitor.dev>.",
                       "introduction": "AImonitor schützt Ihre Privatsphäre."})
    p.write("source/privacy-policy.md", p.read("source/privacy-policy.md")
            .replace("90 days", "30 days").replace("## Your Rights {#your-rights}", "## Your Choices {#your-rights}"))
    before = p.snapshot()
    paths = sorted(x.relative_to(p.root) for x in p.root.rglob("*"))

    r = p.run("update", "--dry-run")
    assert r.code == 0, r.err
    assert p.snapshot() == before  # nothing written
    assert sorted(x.relative_to(p.root) for x in p.root.rglob("*")) == paths  # not even a lock file
    headers = re.findall(r"^--- a/(\S+)\n\+\+\+ b/(\S+)$", r.out, flags=re.M)
    assert headers and all(a == b for a, b in headers)
    assert {a for a, _ in headers} == {
        "locales/privacy-policy.pot", "locales/ui.pot", "locales/de/LC_MESSAGES/privacy-policy.po",
        "locales/fr/LC_MESSAGES/privacy-policy.po", "locales/fr/LC_MESSAGES/ui.po"}
    assert "#| msgid \"We retain data for 90 days. Contact <privacy@aimonitor.dev>.\"" in r.out

    # the diff applied to a copy gives what update writes
    patched = tmp_path / "patched"
    shutil.copytree(p.root, patched)
    proc = subprocess.run(["patch", "-p1", "--batch", "--quiet"], cwd=patched, input=r.out, text=True,
                          capture_output=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert p.run("update").code == 0
    assert _catalog_files(patched) == _catalog_files(p.root)

    # nothing left to do: the dry run says so and prints no diff
    r = p.run("update", "--dry-run")
    assert (r.code, r.out) == (0, "nothing to update\n")
