"""The translator's workflow tried as a new user would: the installed `policy-l10n` command,
run in the content project's directory, on the real policy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import polib

from conftest import REPO, make_project, msgfmt_check

CLI = Path(sys.executable).with_name("policy-l10n")
OLD = "You may request deletion of your data at any time."
NEW = "You may request deletion of your data at any time by contacting us."


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"})


def test_new_user_workflow(tmp_path):
    policy = (REPO / "source" / "privacy-policy.md").read_text(encoding="utf-8")
    assert OLD in policy
    p = make_project(tmp_path / "content", locales=("de",), source=policy)

    # 1. init de
    r = cli(p.root, "init", "de", "--translator", "Anna Beispiel <anna@example.com>")
    assert (r.returncode, r.stderr) == (0, "")
    assert "created locales/de/LC_MESSAGES/privacy-policy.po" in r.stdout
    po_path = p.po("de")

    # 2. the translator translates one section in a PO editor (polib saves it in its own layout)
    po = polib.pofile(str(po_path))
    old_english = po.find("data-retention", by="msgctxt").msgid
    assert old_english.endswith(OLD)
    translation = ("Wir speichern Ihre personenbezogenen Daten, solange Ihr Konto aktiv ist. "
                   "Sie können jederzeit die Löschung Ihrer Daten verlangen.")
    po.find("data-retention", by="msgctxt").msgstr = translation
    po.find("data-retention.title", by="msgctxt").msgstr = "Aufbewahrung von Daten"
    po.save()
    r = cli(p.root, "status", "--format", "json")
    sections = {s["id"]: s for s in json.loads(r.stdout)["documents"][0]["locales"][0]["sections"]}
    assert sections["data-retention"]["state"] == "current"
    assert cli(p.root, "status", "--fail-on", "stale").returncode == 0

    # 3. the English changes (one sentence of that section); nobody runs update
    p.write("source/privacy-policy.md", policy.replace(OLD, NEW))

    # 4. status --diff shows the section stale, with the changed words
    r = cli(p.root, "status", "--diff")
    assert (r.returncode, r.stderr) == (0, "")
    assert re.search(r"de: stale\s+data-retention", r.stdout), r.stdout
    assert re.search(r"\{\+[^}]*by contacting us\.\+\}", r.stdout), r.stdout
    assert "[-time.-]" in r.stdout
    assert "\x1b[" not in r.stdout and "Traceback" not in r.stderr

    # 5. CI fails on it
    r = cli(p.root, "status", "--fail-on", "stale")
    assert r.returncode == 1
    assert "data-retention" in r.stdout                    # the full report is still printed
    assert r.stderr.strip() == "policy-l10n: fail-on: privacy-policy [de]: 1 stale"

    # 6. update: fuzzy, with the English last translated as `#| msgid`
    r = cli(p.root, "update")
    assert (r.returncode, r.stderr) == (0, "")
    text = po_path.read_text(encoding="utf-8")
    block = next(b for b in text.split("\n\n") if '\nmsgctxt "data-retention"\n' in f"\n{b}\n")
    assert "\n#, fuzzy\n" in f"\n{block}\n"
    assert '#| msgid ""\n#| "We retain your personal information' in block
    msgfmt_check(po_path)
    entry = polib.pofile(str(po_path)).find("data-retention", by="msgctxt")
    assert entry.fuzzy and entry.msgstr == translation
    assert entry.previous_msgid == old_english
    assert entry.msgid == old_english.replace(OLD, NEW)
    title = polib.pofile(str(po_path)).find("data-retention.title", by="msgctxt")
    assert not title.fuzzy and title.msgstr == "Aufbewahrung von Daten"

    # 7. and status says the same after update
    r = cli(p.root, "status", "--format", "json", "--fail-on", "stale")
    assert r.returncode == 1
    dr = next(s for s in json.loads(r.stdout)["documents"][0]["locales"][0]["sections"]
              if s["id"] == "data-retention")
    assert (dr["state"], dr["previous_source"]) == ("stale", old_english)
