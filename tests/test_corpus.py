"""A policy set as legal teams write them, end to end (tests/fixtures/corpus).

Four long documents (terms of service, privacy statement, DMCA policy, subprocessors) with
GFM tables, footnotes, nested and numbered lists, HTML comments, links between documents
(`other.md#id` and `/legal/...` paths), headings without ids and other tools' front
matter, in four locales and four regions: `ids --write`, `extract`, `init`, filled
pseudo-translations (structure, links and figures kept), `check` with no error, `build`
of every page and PDF, then the outputs read back: HTML parsed, PDFs read with poppler,
every catalog through `msgfmt -c`.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Project, msgfmt_check
from pseudo import pseudo_translate

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
LOCALES = ("de", "fr", "ja", "ar")
DOCS = ("dmca-policy", "privacy-statement", "subprocessors", "terms-of-service")


def _fill_translations(p: Project) -> int:
    from pipeline.pofile import read_po, render_po

    filled = 0
    for po in sorted(p.root.glob("locales/*/LC_MESSAGES/*.po")):
        locale = po.parent.parent.name
        cat = read_po(po, str(po))
        for entry in cat.entries:
            if entry.msgctxt and not entry.obsolete:
                entry.msgstr = pseudo_translate(entry.msgid, locale)
                filled += 1
        po.write_text(render_po(cat), encoding="utf-8")
    return filled


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pdf_uris(data: bytes) -> list[str]:
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return [u.decode("latin-1") for c in chunks for u in re.findall(rb"/URI\s*\((.*?)\)", c)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Project:
    """The corpus through ids, extract, init, translations, check and build (once for all tests)."""
    root = tmp_path_factory.mktemp("corpus") / "policies"
    shutil.copytree(CORPUS, root)
    p = Project(root)
    r = p.run("ids", "--write")
    assert r.code == 0, r.err
    assert "source/terms-of-service.md:17: added {#summary}" in r.out
    assert p.run("ids").out == "every heading has an id\n"
    assert p.run("extract").code == 0
    r = p.run("init", *LOCALES)
    assert r.code == 0, r.err
    assert _fill_translations(p) > 100
    r = p.run("check", "--format", "json")
    p.check_findings = json.loads(r.out)  # type: ignore[attr-defined]
    p.check_code = r.code  # type: ignore[attr-defined]
    r = p.run("build")
    p.build_result = r  # type: ignore[attr-defined]
    return p


def _live_pages(p: Project) -> list[Path]:
    return sorted(path for path in p.root.glob("output/*/*/*.html") if path.parts[-3] != "status")


def test_check_finds_no_error(corpus):
    errors = [f for f in corpus.check_findings if f["severity"] == "error"]
    assert errors == []
    assert corpus.check_code == 0
    assert not [f for f in corpus.check_findings if f["check"] == "heading-id"]


def test_build_publishes_every_locale(corpus):
    r = corpus.build_result
    assert r.code == 0, r.err
    assert "withheld" not in r.out
    for region, locales in {"eu": ("en", "de", "fr"), "jp": ("ja", "en"), "mena": ("ar", "en"), "us": ("en",)}.items():
        for loc in locales:
            for doc in DOCS:
                assert (corpus.root / f"output/{region}/{loc}/{doc}.html").is_file()
                assert (corpus.root / f"output/{region}/{loc}/{doc}.pdf").stat().st_size > 1000


def test_tables_have_header_cells(corpus):
    for folder in ("eu/en", "eu/de", "jp/ja", "mena/ar"):
        for doc in ("terms-of-service", "subprocessors", "privacy-statement"):
            tags = _page(corpus.root / f"output/{folder}/{doc}.html").tags
            assert "table" in tags and "th" in tags and "td" in tags, (folder, doc)
    html = corpus.read("output/eu/en/terms-of-service.html")
    assert "| ---" not in html and "&lt;!--" not in html and "markdownlint" not in html


def test_every_link_resolves_to_an_existing_file_and_id(corpus):
    checked = 0
    for page_path in _live_pages(corpus):
        page = _page(page_path)
        rel_dir = page_path.parent
        for href in page.hrefs:
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            target, _, fragment = href.partition("#")
            target_path = (rel_dir / target).resolve() if target else page_path
            assert target_path.is_file(), f"{page_path}: {href}"
            if fragment and target_path.suffix == ".html":
                assert fragment in _page(target_path).ids, f"{page_path}: {href}"
            checked += 1
    assert checked > 300
    # links to other documents go to the same locale and region's page
    hrefs = _page(corpus.root / "output/jp/ja/terms-of-service.html").hrefs
    assert "dmca-policy.html" in hrefs and "dmca-policy.html#counter-notice" in hrefs
    assert "subprocessors.html#current-subprocessors" in hrefs
    assert "terms-of-service.html#e-changes-to-these-terms" in _page(
        corpus.root / "output/mena/ar/privacy-statement.html").hrefs


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("folder,locale", [("eu/en", "en"), ("eu/de", "de"), ("eu/fr", "fr"),
                                           ("jp/ja", "ja"), ("mena/ar", "ar")])
def test_pdf_tables_and_links(corpus, folder, locale):
    text = _pdftotext(corpus.root / f"output/{folder}/subprocessors.pdf")
    words = " ".join(text.split())
    for cell in ("Example Cloud", "Payment processing", "United States"):
        for word in (cell if locale == "en" else pseudo_translate(cell, locale)).split():
            assert word in words, (locale, word)
    uris = _pdf_uris((corpus.root / f"output/{folder}/terms-of-service.pdf").read_bytes())
    assert "dmca-policy.html" in uris and "dmca-policy.html#counter-notice" in uris
    assert "privacy-statement.html" in uris


def test_every_catalog_passes_msgfmt(corpus):
    catalogs = sorted(corpus.root.glob("locales/**/*.po")) + sorted(corpus.root.glob("locales/*.pot"))
    assert len(catalogs) == len(LOCALES) * (len(DOCS) + 1) + len(DOCS) + 1
    for path in catalogs:
        msgfmt_check(path)


def test_comments_and_front_matter_stay_out_of_catalogs(corpus):
    pot = corpus.read("locales/terms-of-service.pot") + corpus.read("locales/dmca-policy.pot")
    assert "markdownlint" not in pot and "TODO" not in pot and "redirect_from" not in pot


def test_adopt_reads_a_built_page_back(corpus, tmp_path):
    """A page we built (HTML) adopted into an empty German catalog gives the translations back."""
    from pipeline.pofile import read_po

    po = corpus.po("de", "dmca-policy")
    original = {e.msgctxt: e.msgstr for e in read_po(po, "x").entries if e.msgctxt}
    copy = tmp_path / "p"
    shutil.copytree(corpus.root, copy, ignore=shutil.ignore_patterns("output"))
    p = Project(copy)
    (copy / "locales/de/LC_MESSAGES/dmca-policy.po").unlink()
    shutil.copy(corpus.root / "output/eu/de/dmca-policy.html", tmp_path / "dmca-policy.html")
    r = p.run("adopt", "de", str(tmp_path / "dmca-policy.html"))
    assert r.code == 0, r.err
    adopted = {e.msgctxt: e.msgstr for e in read_po(p.po("de", "dmca-policy"), "x").entries if e.msgstr}
    assert adopted and all(original[ctx] == text for ctx, text in adopted.items())
    assert len(adopted) >= len(original) - 1, r.out
    msgfmt_check(p.po("de", "dmca-policy"))
