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


# ----------------------------------------------------------------------------- the dashboard

MEMO = ".cache/build-memo.json"


def dashboard_outputs(p: Project) -> dict[str, bytes]:
    out = p.path("output")
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in [out / "index.html", *sorted((out / "status").rglob("*.html"))]}


def tamper_dashboard_rows(p: Project) -> int:
    """Mark every kept row (each document × locale record) "TAMPERED" as its revision date."""
    memo = json.loads(p.read(MEMO))
    records = [value for value in memo.values() if isinstance(value, dict) and "revised" in value]
    for record in records:
        record["revised"] = "TAMPERED"
    p.write(MEMO, json.dumps(memo))
    return len(records)


def status_keys(p: Project) -> dict[str, str]:
    state = json.loads(p.read(".cache/build-state.json"))
    return {path: rec["key"] for path, rec in state.items() if path.startswith("status/")}


def test_the_dashboard_read_back_equals_the_dashboard_computed(tmp_path) -> None:
    """After an edit, some rows are read back and some computed; a build that computes them
    all (no memo) finds every dashboard and status page as it is."""
    from test_rebuild_incremental import two_documents

    p = two_documents(tmp_path)
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    assert p.run("build", "--no-pdf").code == 0
    mixed = dashboard_outputs(p)
    p.path(MEMO).unlink()
    r = p.run("build", "--no-pdf")
    assert r.code == 0 and "nothing changed" in r.out, r.out
    assert dashboard_outputs(p) == mixed


def test_an_unchanged_row_is_read_back_and_a_fallback_edit_computes_the_childs_again(tmp_path) -> None:
    from test_rebuild_incremental import rendered_again, two_documents

    p = two_documents(tmp_path)
    assert tamper_dashboard_rows(p) == 2 * 3  # two documents × de, de_CH, fr
    assert p.run("build", "--no-pdf").code == 0
    assert p.read("output/index.html").count("<td>TAMPERED</td>") == 6
    before = status_keys(p)
    # de_CH falls back to de: its row and status page show what de translates
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    assert p.run("build", "--no-pdf").code == 0
    assert p.read("output/index.html").count("<td>TAMPERED</td>") == 4
    assert rendered_again(before, status_keys(p)) == {"status/privacy-policy/de.html",
                                                      "status/privacy-policy/de-CH.html"}


def test_a_status_page_changed_by_hand_is_rendered_again(tmp_path) -> None:
    from test_rebuild_incremental import two_documents

    p = two_documents(tmp_path)
    page = "output/status/terms/de-CH.html"
    made = p.read(page)
    p.write(page, "edited")
    p.path(MEMO).unlink()  # and its row computed again
    assert p.run("build", "--no-pdf").code == 0
    assert p.read(page) == made


def test_a_fallback_edit_shows_in_the_childs_row(tmp_path) -> None:
    """de_CH translates nothing of its own: its counts are de's; de dropping a translation
    makes a section missing for both, read from a rebuild whose other rows come from the memo."""
    from test_rebuild_incremental import two_documents

    p = two_documents(tmp_path)
    status = "output/status/privacy-policy/de-CH.html"
    assert "payments" not in p.read(status)
    p.translate("de", {"payments": ""})
    assert p.run("build", "--no-pdf").code == 0
    assert "payments" in p.read(status) and "payments" in p.read("output/status/privacy-policy/de.html")
    assert "payments" not in p.read("output/status/privacy-policy/fr.html")


def test_an_unreadable_catalog_withholds_its_locale_on_every_build(tmp_path) -> None:
    """A catalog is parsed on a rebuild only when asked for, except one whose bytes never
    parsed: it is reported (exit 2) and withholds its locale every time, and its fallback
    children with it."""
    from test_rebuild_incremental import two_documents

    p = two_documents(tmp_path)
    po = p.po("de", "terms")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgctxt "scope"\nmsgid "x"\nmsgstr "y"\n', encoding="utf-8")
    runs = [p.run("build", "--no-pdf") for _ in range(2)]
    for r in runs:
        assert r.code == 2 and "locales/de/LC_MESSAGES/terms.po:" in r.err, r.err
        assert "withheld: de, de_CH" in r.out, r.out
    assert runs[0].err == runs[1].err


def test_a_rebuild_after_one_po_edit_parses_the_catalogs_of_the_pages_it_renders_only(tmp_path) -> None:
    """Every other catalog's bytes parsed before (the memo knows), its check findings and its
    dashboard rows are read back: it is not parsed (catalogs parsed in this process are
    the catalog store's cache)."""
    from pipeline.catalog import store
    from test_rebuild_incremental import two_documents

    p = two_documents(tmp_path)
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    store._CATALOG_CACHE.clear()
    assert p.run("build", "--no-pdf").code == 0
    parsed = {path.relative_to(p.root / "locales").as_posix() for path in store._CATALOG_CACHE}
    assert parsed == {"de/LC_MESSAGES/privacy-policy.po", "de/LC_MESSAGES/ui.po",
                      "de_CH/LC_MESSAGES/privacy-policy.po", "de_CH/LC_MESSAGES/ui.po"}


def test_a_build_of_part_of_the_site_keeps_what_it_did_not_use(tmp_path) -> None:
    """A shard builds no dashboard and `--locale fr` checks fr only: neither drops the rows
    and results a whole build kept (the next whole build reads them back). A whole build
    keeps only what it used: a result of bytes no longer there goes."""
    from test_rebuild_incremental import two_documents

    p = two_documents(tmp_path)
    whole = json.loads(p.read(MEMO))
    assert p.run("build", "--no-pdf", "--shard", "1/2").code == 0
    assert p.run("build", "--no-pdf", "--locale", "fr").code == 0
    assert json.loads(p.read(MEMO)).keys() >= whole.keys()
    assert tamper_dashboard_rows(p) == 2 * 3
    assert p.run("build", "--no-pdf").code == 0
    assert p.read("output/index.html").count("<td>TAMPERED</td>") == 6  # read back, not computed

    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    before_edit = json.loads(p.read(MEMO))
    assert p.run("build", "--no-pdf").code == 0
    after = json.loads(p.read(MEMO))
    assert len(after) == len(before_edit) and after.keys() != before_edit.keys()
