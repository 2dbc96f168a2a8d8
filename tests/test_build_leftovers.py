"""A whole build leaves in output/ exactly what its manifest lists: the pages, PDFs and release
pages of a document, locale, region or release taken out of the site are deleted, so that a
deployed output/ publishes nothing withdrawn. Only the build's own files are ever deleted."""

from __future__ import annotations

import json
import shutil

from conftest import SMALL_SOURCE, Project

REGIONS = ('[tool.policy-l10n.regions.eu]\nlocales = ["en", "de", "fr"]\n'
           '[tool.policy-l10n.regions.us]\nlocales = ["en"]\n')
TERMS = SMALL_SOURCE.replace("title: Privacy Policy", "title: Terms of Service")


def site(new_project, *, regions: bool = False) -> Project:
    """Two documents in en, de and fr (optionally in regions eu and us), built once."""
    p = new_project(locales=("de", "fr"), extra_config=REGIONS if regions else "")
    p.write("source/terms.md", TERMS)
    assert p.run("init", "de", "fr").code == 0
    assert p.run("build", "--no-pdf").code == 0
    return p


def output_files(p: Project) -> set[str]:
    out = p.path("output")
    return {f.relative_to(out).as_posix() for f in out.rglob("*") if f.is_file()}


def listed(p: Project) -> set[str]:
    return {item["path"] for item in json.loads(p.read("output/manifest.json"))["outputs"]}


def assert_output_is_the_manifest(p: Project, *, also: set[str] = frozenset()) -> None:
    assert output_files(p) == listed(p) | {"manifest.json"} | set(also)


def test_a_removed_document_loses_its_pages_and_the_user_files_stay(new_project) -> None:
    p = site(new_project)
    p.write("output/robots.txt", "User-agent: *\n")
    assert {"de/terms.html", "fr/terms.html", "en/terms.html", "status/terms/de.html"} <= output_files(p)
    p.path("source/terms.md").unlink()
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert "removed: output/de/terms.html (no longer part of the site)" in r.out
    assert not any("terms" in f for f in output_files(p))
    assert_output_is_the_manifest(p, also={"robots.txt"})
    assert r.out.splitlines()[-1].endswith(", 5 removed")  # en, de, fr and two status pages
    state = json.loads(p.read(".cache/build-state.json"))
    assert not any("terms" in path for path in state)
    again = p.run("build", "--no-pdf")
    assert "nothing changed" in again.out and "removed" not in again.out


def test_a_locale_taken_out_of_the_configuration_loses_its_pages_and_folders(new_project) -> None:
    p = site(new_project)
    p.write("pyproject.toml", p.read("pyproject.toml").replace('locales = ["de", "fr"]', 'locales = ["de"]'))
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert not p.path("output/fr").exists() and not p.path("output/status/privacy-policy/fr.html").exists()
    assert p.path("output/de/privacy-policy.html").is_file()
    assert_output_is_the_manifest(p)


def test_a_removed_region_and_a_removed_release_lose_their_pages(new_project) -> None:
    p = site(new_project, regions=True)
    assert p.run("release", "2026.03", "--effective", "2026-03-01").code == 0
    assert p.run("build", "--no-pdf").code == 0
    assert {"us/en/privacy-policy.html", "eu/de/privacy-policy/2026.03.html"} <= output_files(p)
    p.write("pyproject.toml", p.read("pyproject.toml").replace('[tool.policy-l10n.regions.us]\nlocales = ["en"]\n', ""))
    shutil.rmtree(p.path("releases"))
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert not p.path("output/us").exists()
    assert not any("2026.03" in f for f in output_files(p))
    assert p.path("output/eu/de/privacy-policy.html").is_file()
    assert_output_is_the_manifest(p)


def test_a_withheld_locale_keeps_its_pages(new_project) -> None:
    p = site(new_project)
    before = p.read("output/de/privacy-policy.html")
    p.po("de").write_text(p.po("de").read_text(encoding="utf-8") + 'msgid "unterminated\n', encoding="utf-8")
    r = p.run("build", "--no-pdf")
    assert r.code == 2 and "withheld: de" in r.out
    assert "removed" not in r.out
    assert p.read("output/de/privacy-policy.html") == before and p.path("output/de/terms.html").is_file()
    assert_output_is_the_manifest(p)


def test_a_build_of_a_selection_or_a_shard_removes_nothing(new_project) -> None:
    p = site(new_project)
    p.path("source/terms.md").unlink()
    for args in (("--locale", "de"), ("--shard", "1/2")):
        r = p.run("build", "--no-pdf", *args)
        assert r.code == 0 and "removed" not in r.out, (args, r.out, r.err)
        assert p.path("output/fr/terms.html").is_file()
    assert "removed: output/fr/terms.html" in p.run("build", "--no-pdf").out


def test_a_build_without_pdfs_keeps_the_pdfs_of_its_pages_and_no_other(new_project) -> None:
    """A PDF stays while it is its page's PDF; one of a removed document, or one older than its
    page (the English changed), goes: a deployed PDF never shows older text than its page."""
    p = new_project(locales=("de",))
    p.write("source/terms.md", TERMS)
    assert p.run("init", "de").code == 0
    assert p.run("build").code == 0
    assert {"de/terms.pdf", "en/terms.pdf", "de/privacy-policy.pdf", "en/privacy-policy.pdf"} <= output_files(p)
    p.path("source/terms.md").unlink()
    p.write("source/privacy-policy.md", p.read("source/privacy-policy.md").replace("for 90 days", "for 30 days"))
    assert p.run("update").code == 0
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    for gone in ("de/terms.html", "de/terms.pdf"):
        assert f"removed: output/{gone} (no longer part of the site)" in r.out, r.out
    for outdated in ("en/privacy-policy.pdf", "de/privacy-policy.pdf"):
        assert f"removed: output/{outdated} (older than its page: a build with PDFs makes it again)" in r.out
    assert not any(f.endswith(".pdf") for f in output_files(p))
    assert_output_is_the_manifest(p)
    assert p.run("build").code == 0
    kept = p.run("build", "--no-pdf")
    assert kept.code == 0 and "removed" not in kept.out, kept.out
    assert {"de/privacy-policy.pdf", "en/privacy-policy.pdf"} <= output_files(p)
    assert_output_is_the_manifest(p)


def test_a_leftover_whose_folder_is_gone_is_forgotten(new_project) -> None:
    """The user deleted the folder of what left the site before the build did: no error, and
    the next build has nothing left to remove."""
    p = site(new_project)
    p.path("source/terms.md").unlink()
    for loc in ("de", "fr", "en"):
        p.path(f"output/{loc}/terms.html").unlink()
    shutil.rmtree(p.path("output/status/terms"))
    r = p.run("build", "--no-pdf")
    assert r.code == 0 and "removed" not in r.out, (r.out, r.err)
    assert_output_is_the_manifest(p)
    assert "nothing changed" in p.run("build", "--no-pdf").out


def test_a_build_that_cannot_read_an_input_removes_nothing(new_project) -> None:
    """A broken release index (exit 2) leaves its release pages unlisted this time, not deleted."""
    p = site(new_project)
    assert p.run("release", "2026.03", "--effective", "2026-03-01").code == 0
    assert p.run("build", "--no-pdf").code == 0
    p.write("releases/privacy-policy/index.json", '{"broken": ')
    r = p.run("build", "--no-pdf")
    assert r.code == 2 and "removed" not in r.out, (r.out, r.err)
    assert p.path("output/de/privacy-policy/2026.03.html").is_file()


def test_a_build_without_pdfs_keeps_a_pdf_made_from_the_same_page(new_project, tmp_path) -> None:
    """What made the PDF (fonts, packages) changed, or the file was touched: it is still the PDF
    of the page beside it, so it stays, and stays listed."""
    import os

    p = new_project(locales=("de",))
    assert p.run("init", "de").code == 0
    assert p.run("build").code == 0
    pdf = p.path("output/de/privacy-policy.pdf")
    os.utime(pdf)
    fonts = tmp_path / "data" / "fonts"
    fonts.mkdir(parents=True)
    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path / "data")  # another font folder: another PDF environment
    try:
        r = p.run("build", "--no-pdf")
    finally:
        if old is None:
            del os.environ["XDG_DATA_HOME"]
        else:
            os.environ["XDG_DATA_HOME"] = old
    assert r.code == 0 and "removed" not in r.out, r.out
    assert pdf.is_file() and "de/privacy-policy.pdf" in listed(p)
