"""What a rebuild reads back instead of computing again never changes what it publishes:
the installed fonts' coverage (`.cache/font-coverage.json`, listed again when a font is
installed or removed, or when the file is damaged) and the dashboard's rows (issue 14:
"after one .po edit ...")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import Project, make_project

COVERAGE = ".cache/font-coverage.json"


@pytest.fixture
def pdf_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A German translation (its umlauts need a font beyond ASCII), built with its PDFs; the
    user's font folders (~/.fonts, ~/.local/share/fonts) are under ``tmp_path``."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    p = make_project(tmp_path / "proj")
    assert p.run("init", "de").code == 0
    p.translate("de", {"introduction.title": "Einführung", "introduction": "AImonitor schützt Ihre Privatsphäre."})
    first = p.run("build", "--locale", "de")
    assert first.code == 0, first.err
    return p


def kept_coverage(p: Project) -> dict:
    return json.loads(p.read(COVERAGE))


def edit_and_build(p: Project, text: str) -> tuple[int, str]:
    """Change the German introduction (so its PDF renders again) and build."""
    p.translate("de", {"introduction.title": "Einführung", "introduction": f"AImonitor schützt Ihre Privatsphäre ({text})."})
    r = p.run("build", "--locale", "de")
    return r.code, r.err


def test_the_font_coverage_is_kept_for_the_installed_fonts(pdf_project) -> None:
    from pipeline.output.state import pdf_environment_key

    kept = kept_coverage(pdf_project)
    assert kept["fonts"] == pdf_environment_key()
    assert len(kept["starts"]) == len(kept["ends"]) > 0
    assert any(start <= ord("ü") <= end for start, end in zip(kept["starts"], kept["ends"]))


def test_the_kept_coverage_is_what_the_build_uses(pdf_project) -> None:
    """A kept coverage without the umlauts (as if no font drew them) fails the German PDF:
    the build read it back rather than listing the fonts."""
    kept = kept_coverage(pdf_project)
    pdf_project.write(COVERAGE, json.dumps({**kept, "starts": [0x20], "ends": [0x7E]}))
    code, err = edit_and_build(pdf_project, "1")
    assert code == 1 and "U+00FC" in err, err


def test_installing_a_font_lists_the_fonts_again(pdf_project, tmp_path) -> None:
    kept = kept_coverage(pdf_project)
    pdf_project.write(COVERAGE, json.dumps({**kept, "starts": [0x20], "ends": [0x7E]}))
    fonts = tmp_path / "home" / ".local" / "share" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf")), fonts / "DejaVuSans.ttf")
    code, err = edit_and_build(pdf_project, "2")
    assert code == 0, err
    assert kept_coverage(pdf_project)["fonts"] != kept["fonts"]
    assert kept_coverage(pdf_project)["starts"] != [0x20]


@pytest.mark.parametrize("damage", ["", "{not json", '{"fonts": 1}', "[1, 2]",
                                    '{"fonts": "KEY", "starts": [1, "a"], "ends": [2, 3]}',
                                    '{"fonts": "KEY", "starts": [], "ends": []}'])
def test_a_damaged_coverage_file_is_listed_again(pdf_project, damage) -> None:
    from pipeline.output.state import pdf_environment_key

    pdf_project.write(COVERAGE, damage.replace("KEY", pdf_environment_key()))
    code, err = edit_and_build(pdf_project, "3")
    assert code == 0, err
    assert kept_coverage(pdf_project)["fonts"] == pdf_environment_key()
    assert "schützt Ihre Privatsphäre (3)" in pdf_project.read("output/de/privacy-policy.html")
