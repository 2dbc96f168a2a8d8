"""Compiled templates kept in the user's cache folder (pipeline/render/bytecode.py): pages come
out the same with and without it, an edited template is compiled again, and a damaged or
unusable cache never breaks a build. Each build is a fresh process (the cache is what one
process leaves to the next)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Project

DOC = "privacy-policy"


def build(p: Project, cache_home: Path) -> dict[str, bytes]:
    """`policy-l10n build --no-pdf` in a new process with XDG_CACHE_HOME=cache_home, cold;
    every HTML page it wrote."""
    for name in ("output", ".cache"):
        subprocess.run(["rm", "-rf", str(p.root / name)], check=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(p.root), "build", "--no-pdf"],
                          cwd=p.root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return {f.relative_to(p.root).as_posix(): f.read_bytes() for f in sorted((p.root / "output").rglob("*.html"))}


def entries(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "policy-l10n").glob("jinja2-*/*.cache"))


def build_without_cache(p: Project, tmp_path: Path) -> dict[str, bytes]:
    """The pages of a build with no cache at all (its folder cannot be made)."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    return build(p, blocked)


@pytest.fixture
def reference(project: Project, tmp_path: Path) -> dict[str, bytes]:
    pages = build_without_cache(project, tmp_path)
    assert f"output/de/{DOC}.html" in pages and "output/index.html" in pages
    return pages


def test_compiled_templates_are_kept_and_give_the_same_pages(project: Project, tmp_path: Path,
                                                             reference: dict[str, bytes]) -> None:
    cache = tmp_path / "cache"
    assert build(project, cache) == reference  # compiles, fills the cache
    kept = entries(cache)
    assert len(kept) == 4  # page, dashboard, status, compare: the build loads every template
    folder = kept[0].parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    before = {path: path.stat().st_mtime_ns for path in kept}
    assert build(project, cache) == reference  # loads them compiled
    assert {path: path.stat().st_mtime_ns for path in entries(cache)} == before  # nothing compiled again


def test_an_edited_template_is_compiled_again(project: Project, tmp_path: Path) -> None:
    from pipeline.render import PACKAGE_TEMPLATES

    toml = project.read("pyproject.toml").replace('keep = ["AImonitor"]', 'keep = ["AImonitor"]\ntemplates-dir = "tpl"')
    project.write("pyproject.toml", toml)
    page = (PACKAGE_TEMPLATES / "page.html.j2").read_text(encoding="utf-8")
    cache = tmp_path / "cache"
    for mark in ("first-edit", "second-edit"):
        project.write("tpl/page.html.j2", page.replace("<main id=\"content\">", f"<main id=\"content\" data-mark=\"{mark}\">"))
        pages = build(project, cache)
        assert f'data-mark="{mark}"'.encode() in pages[f"output/de/{DOC}.html"]
    assert len(entries(cache)) == 4  # the override's page stands for the package's, entry replaced


DAMAGES = {
    "garbage": lambda data: b"\x00\xffnot a Jinja2 cache entry" * 7,
    "truncated": lambda data: data[: len(data) // 3],
    "empty": lambda data: b"",
    "header kept, code garbled": lambda data: data[: len(data) // 2] + b"\x00" * (len(data) - len(data) // 2),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_cache_never_breaks_a_build(project: Project, tmp_path: Path, reference: dict[str, bytes],
                                             damage: str) -> None:
    cache = tmp_path / "cache"
    build(project, cache)
    for entry in entries(cache):
        entry.write_bytes(DAMAGES[damage](entry.read_bytes()))
    assert build(project, cache) == reference
    assert build(project, cache) == reference  # the damaged entries were replaced by good ones


def test_an_entry_that_is_a_folder_or_an_unusable_cache_home_never_breaks_a_build(
        project: Project, tmp_path: Path, reference: dict[str, bytes]) -> None:
    cache = tmp_path / "cache"
    build(project, cache)
    for entry in entries(cache):
        entry.unlink()
        entry.mkdir()  # neither readable nor replaceable
    assert build(project, cache) == reference
    home_is_a_file = tmp_path / "cache2"
    (home_is_a_file / "policy-l10n").parent.mkdir()
    (home_is_a_file / "policy-l10n").write_text("not a folder", encoding="utf-8")
    assert build(project, home_is_a_file) == reference


def test_a_cache_folder_that_went_away_is_not_an_error(tmp_path: Path) -> None:
    """Writing an entry fails (its folder was removed meanwhile): the template is still given."""
    from jinja2 import DictLoader, Environment

    from pipeline.render.bytecode import bytecode_cache

    options: dict[str, Any] = {"autoescape": True}
    cache = bytecode_cache(str(tmp_path / "cache"), options)
    assert cache is not None
    os.rmdir(cache.directory)
    env = Environment(loader=DictLoader({"t.j2": "<p>{{ x }}</p>"}), bytecode_cache=cache, **options)
    assert env.get_template("t.j2").render(x="<b>") == "<p>&lt;b&gt;</p>"


def test_other_options_use_another_folder(tmp_path: Path) -> None:
    """Compiled code depends on the environment's options (autoescape...): never shared."""
    from pipeline.render.bytecode import bytecode_cache

    a = bytecode_cache(str(tmp_path), {"autoescape": True})
    b = bytecode_cache(str(tmp_path), {"autoescape": False})
    assert a is not None and b is not None and a.directory != b.directory
