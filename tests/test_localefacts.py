"""Babel's answers kept between runs in the user's cache folder (pipeline/localefacts.py): pages
come out the same with and without them, a kept answer is used, and a damaged or unusable
file never breaks a build. Each build is a fresh process (the file is what one leaves to the next)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Project
from test_render_bytecode import DOC, build, build_without_cache


@pytest.fixture
def project(real_project: Project) -> Project:
    """This repository's content: 9 locales, one right to left, and a release's dates."""
    return real_project


@pytest.fixture
def reference(project: Project, tmp_path: Path) -> dict[str, bytes]:
    pages = build_without_cache(project, tmp_path)
    assert f"output/mena/ar/{DOC}.html" in pages and "output/index.html" in pages
    return pages


def facts_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "policy-l10n").glob("locale-facts-babel-*.json"))


def test_the_answers_are_kept_and_give_the_same_pages(project: Project, tmp_path: Path,
                                                      reference: dict[str, bytes]) -> None:
    import babel

    cache = tmp_path / "cache"
    assert build(project, cache) == reference  # asks Babel, keeps its answers
    [kept] = facts_files(cache)
    assert kept.name == f"locale-facts-babel-{babel.__version__}.json"  # another Babel: another file
    facts = json.loads(kept.read_text(encoding="utf-8"))
    assert facts["direction|ar"] == "rtl" and facts["name|de"] == "Deutsch"
    assert facts["name|fr"] == "français"  # Babel's answer as it gave it: what pages make of it is not kept
    assert "Français" in reference[f"output/eu/de/{DOC}.html"].decode("utf-8")  # the language menu
    assert facts["long-date|2026-02-01|de"] == "1. Februar 2026"
    written = kept.stat().st_mtime_ns
    assert build(project, cache) == reference  # reads them back
    assert kept.stat().st_mtime_ns == written  # nothing was asked of Babel again


def test_a_kept_answer_is_the_one_used(project: Project, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(project, cache)
    [kept] = facts_files(cache)
    facts = json.loads(kept.read_text(encoding="utf-8"))
    facts["name|de"] = "Deutsch (aus dem Cache)"
    facts["long-date|2026-02-01|de"] = "am 1. Februar (aus dem Cache)"
    kept.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    pages = build(project, cache)
    assert "Deutsch (aus dem Cache)" in pages[f"output/eu/fr/{DOC}.html"].decode("utf-8")  # the language menu
    assert "am 1. Februar (aus dem Cache)" in pages[f"output/eu/de/{DOC}.html"].decode("utf-8")  # effective date


@pytest.mark.parametrize("damage", ["garbage", "truncated", "a list", "wrong types"])
def test_a_damaged_file_never_breaks_a_build(project: Project, tmp_path: Path, reference: dict[str, bytes],
                                            damage: str) -> None:
    cache = tmp_path / "cache"
    build(project, cache)
    [kept] = facts_files(cache)
    text = kept.read_text(encoding="utf-8")
    kept.write_text({"garbage": "\x00not JSON at all", "truncated": text[: len(text) // 2], "a list": "[1, 2]",
                     "wrong types": json.dumps({key: [1] for key in json.loads(text)})}[damage], encoding="utf-8")
    assert build(project, cache) == reference
    assert json.loads(kept.read_text(encoding="utf-8")) == json.loads(text)  # asked again, kept again


def test_an_unusable_cache_folder_never_breaks_a_build(project: Project, tmp_path: Path,
                                                       reference: dict[str, bytes]) -> None:
    cache = tmp_path / "cache"
    build(project, cache)
    [kept] = facts_files(cache)
    kept.unlink()
    kept.mkdir()  # neither readable nor replaceable
    assert build(project, cache) == reference
    assert kept.is_dir() and not list(kept.parent.glob("*.tmp"))  # no temporary file left behind
