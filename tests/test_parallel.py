"""A large project's cold build parses its sources and checks its catalogs in forked processes
(pipeline/parallel.py): the same errors, in the same order, as `check` and a one-document
project report them, and nothing written when a source is wrong."""

from __future__ import annotations

import json

import pytest

from conftest import SMALL_SOURCE, Project, make_project
from pipeline.output.memo import PARALLEL_CHECKS, PARALLEL_SOURCES

DOCUMENTS = 10
LOCALES = ("de", "fr", "ja", "ar")


@pytest.fixture
def large(tmp_path) -> Project:
    """10 documents × 4 locales: 44 catalogs, past both thresholds, every title translated."""
    p = make_project(tmp_path / "large", locales=LOCALES, doc_id="doc-00")
    for n in range(1, DOCUMENTS):
        p.write(f"source/doc-{n:02d}.md", SMALL_SOURCE.replace("Privacy Policy", f"Policy {n}"))
    assert DOCUMENTS >= PARALLEL_SOURCES and DOCUMENTS * len(LOCALES) >= PARALLEL_CHECKS
    assert p.run("init", *LOCALES).code == 0
    for loc in LOCALES:
        for n in range(DOCUMENTS):
            cat = p.read(f"locales/{loc}/LC_MESSAGES/doc-{n:02d}.po")
            keys = [line.split('"')[1] for line in cat.splitlines() if line.startswith("msgctxt ")]
            p.translate(loc, {k: f"[{loc}] {k}" for k in keys if k.endswith(".title")}, f"doc-{n:02d}")
    return p


def test_a_large_project_builds_every_page(large: Project) -> None:
    r = large.run("build", "--no-pdf")
    assert r.code == 0, r.err
    for loc in ("en", *LOCALES):
        for n in range(DOCUMENTS):
            assert large.path(f"output/{loc}/doc-{n:02d}.html").is_file()
    assert "[de] document.title" in large.read("output/de/doc-07.html")


def test_the_first_source_error_in_path_order_is_reported_and_nothing_written(large: Project) -> None:
    large.write("source/doc-03.md", SMALL_SOURCE.replace("updated: 2026-02-01", "updated: soon"))
    large.write("source/doc-08.md", SMALL_SOURCE.replace("{#data-retention}", '{#data-retention regions="mars"}'))
    before = large.snapshot()
    r = large.run("build", "--no-pdf")
    assert r.code == 2
    assert r.err.splitlines() == ["source/doc-03.md:3: front matter needs 'updated' as a date YYYY-MM-DD"]
    assert large.snapshot() == before
    large.write("source/doc-03.md", SMALL_SOURCE)
    r = large.run("build", "--no-pdf")
    assert r.code == 2 and len(r.err.splitlines()) == 1
    assert r.err.startswith("source/doc-08.md:10: ") and "mars" in r.err


def test_check_errors_are_reported_as_check_reports_them(large: Project) -> None:
    po = large.path("locales/fr/LC_MESSAGES/doc-06.po")
    po.write_text(po.read_text(encoding="utf-8").replace('"[fr] introduction.title"', '"<b>[fr]</b> introduction.title"'),
                  encoding="utf-8")
    checked = json.loads(large.run("check", "--format", "json").out)
    expected = [f"{f['path']}:{f['line']}: error: [{f['check']}] {f['message']}" for f in checked
                if f["severity"] == "error"]
    assert expected and all(line.startswith("locales/fr/LC_MESSAGES/doc-06.po:") for line in expected)
    r = large.run("build", "--no-pdf")
    assert r.code == 1
    assert r.err.splitlines() == expected
    assert "withheld: fr" in r.out
    assert not large.path("output/fr/doc-00.html").exists()
    assert large.path("output/de/doc-06.html").is_file()
    again = large.run("build", "--no-pdf")  # read back from the build's memo: the same lines
    assert again.code == 1 and again.err.splitlines() == expected
