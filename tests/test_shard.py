"""`build --shard K/N` on separate runners + `manifest merge` equals one full build, byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import Project, make_project

SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy.

## Data Retention {#data-retention regions="eu"}

We retain data for 90 days.
"""

REGIONS = """
[tool.policy-l10n.fallbacks]
de_CH = ["de"]

[tool.policy-l10n.regions.eu]
locales = ["en", "de", "fr"]

[tool.policy-l10n.regions.ch]
locales = ["de_CH", "fr", "en"]

[tool.policy-l10n.regions.us]
locales = ["en"]
paper = "letter"
"""


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _project(root: Path) -> Project:
    p = make_project(root, locales=("de", "de_CH", "fr"), source=SOURCE, extra_config=REGIONS)
    assert p.run("init", "de", "de_CH", "fr").code == 0
    p.translate("de", {"document.title": "Datenschutzerklärung", "introduction.title": "Einleitung",
                       "introduction": "AImonitor verpflichtet sich zum Schutz Ihrer Privatsphäre."})
    return p


def test_three_shards_on_three_runners_equal_a_full_build(tmp_path: Path) -> None:
    full = _project(tmp_path / "full")
    assert full.run("build").code == 0
    expected = _files(full.path("output"))

    # CI: each shard runs on its own runner (a fresh checkout), then the outputs are collected
    collected = tmp_path / "collected"
    shard_manifests = []
    for k in (1, 2, 3):
        runner = tmp_path / f"runner{k}"
        shutil.copytree(full.root, runner, ignore=shutil.ignore_patterns("output", ".cache"))
        r = Project(runner).run("build", "--shard", f"{k}/3")
        assert r.code == 0, r.err
        shutil.copytree(runner / "output", collected, dirs_exist_ok=True)
        shard_manifests.append(collected / f"manifest.{k}-of-3.json")
    merger = tmp_path / "merger"
    shutil.copytree(full.root, merger, ignore=shutil.ignore_patterns("output", ".cache"))
    shutil.copytree(collected, merger / "output")
    r = Project(merger).run("manifest", "merge", *[str(merger / "output" / m.name) for m in shard_manifests])
    assert r.code == 0, r.err
    got = {k: v for k, v in _files(merger / "output").items() if not k.startswith("manifest.") or k == "manifest.json"}
    assert sorted(got) == sorted(expected)
    for path, data in expected.items():
        assert got[path] == data, path


def test_shards_split_the_pages_without_overlap(tmp_path: Path) -> None:
    p = _project(tmp_path / "p")
    seen: dict[str, int] = {}
    for k in (1, 2, 3):
        runner = tmp_path / f"r{k}"
        shutil.copytree(p.root, runner)
        assert Project(runner).run("build", "--no-pdf", "--shard", f"{k}/3").code == 0
        items = json.loads((runner / "output" / f"manifest.{k}-of-3.json").read_text())["outputs"]
        for item in items:
            assert item["path"] not in seen, item["path"]
            seen[item["path"]] = k
    assert len(set(seen.values())) > 1  # the work is really spread


def test_a_bad_shard_value_is_a_usage_error(project) -> None:
    for value in ("0/3", "4/3", "x", "1/0"):
        r = project.run("build", "--shard", value)
        assert r.code == 2 and r.err.startswith("policy-l10n: ") and len(r.err.strip().splitlines()) == 1
