"""`policy-l10n build`, PDF side: real builds read back with poppler-utils.

`pdftotext`, `pdffonts`, `pdfinfo`, `pdfdetach` and `pdftohtml -xml` (bookmarks)
read what WeasyPrint wrote through the real CLI; nothing is mocked. Also the
incremental build (what is rendered and written again), the manifest with PDFs,
reproducibility, and the per-script fonts of the repository's real project.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import REPO, Project, make_project


DOC = "privacy-policy"

SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy.

## Data Retention {#data-retention}

We retain data for 90 days.

## Your Rights {#your-rights}

You may have the right to:

- Access your data
- Delete your data
"""

DE = {
    "document.title": "Datenschutzerklärung",
    "introduction.title": "Einleitung",
    "introduction": "AImonitor verpflichtet sich, Ihre Privatsphäre zu schützen.",
    "data-retention.title": "Datenaufbewahrung",
    "data-retention": "Wir speichern Daten 90 Tage lang.",
}
JA = {
    "document.title": "プライバシーポリシー",
    "introduction.title": "はじめに",
    "introduction": "AImonitorはお客様のプライバシーの保護に努めています。",
}


# ----------------------------------------------------------------------------- poppler helpers

def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, timeout=60).stdout


def pdftotext(path: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", path, "-")


def pdffonts(path: Path) -> list[dict[str, str]]:
    """Rows of `pdffonts` (columns cut by the dashes line)."""
    lines = run("pdffonts", path).splitlines()
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    names = [lines[0][a:b].strip() for a, b in spans]
    return [{n: line[a:b + 1].strip() for n, (a, b) in zip(names, spans)} for line in lines[2:] if line.strip()]


def pdfinfo(path: Path) -> dict[str, str]:
    out = {}
    for line in run("pdfinfo", path).splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


def page_size(info: dict[str, str]) -> tuple[int, int]:
    w, h = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"]).groups()
    return round(float(w)), round(float(h))


A4, LETTER = (595, 842), (612, 792)


def bookmarks(path: Path) -> list[str]:
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-q", path)
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<item[^>]*>(.*?)</item>", xml)]


def pdf_lang(path: Path) -> str | None:
    """/Lang of the catalog (it sits in a compressed object stream)."""
    data = path.read_bytes()
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    for chunk in chunks:
        m = re.search(rb"/Lang\s*\(([^)]*)\)", chunk)
        if m:
            return m.group(1).decode()
    return None


def font_family(name: str) -> str:
    """`ABCDEF+Noto-Sans-CJK-JP-Bold` → `notosanscjkjpbold` (subset tag and separators off)."""
    return re.sub(r"[^a-z0-9]", "", name.split("+", 1)[-1].lower())


def assert_fonts_embedded(path: Path) -> list[str]:
    fonts = pdffonts(path)
    assert fonts, f"{path}: no fonts"
    for font in fonts:
        assert font["emb"] == "yes", (path, font)
    return [font_family(f["name"]) for f in fonts]


def output_files(project: Project) -> dict[str, Path]:
    out = project.path("output")
    return {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*")) if p.is_file()}


def stats(project: Project) -> dict[str, tuple[int, bytes]]:
    return {rel: (p.stat().st_mtime_ns, p.read_bytes()) for rel, p in output_files(project).items()}


def changed(before: dict, after: dict) -> set[str]:
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def summary(out: str) -> tuple[int, int, int, int]:
    """(written, HTML, PDF, unchanged) from the build's last stdout line."""
    if "built: nothing changed" in out:  # the CLI's no-op fast path
        return (0, 0, 0, 0)
    m = re.search(r"built: (\d+) written \((\d+) HTML, (\d+) PDF\), (\d+) unchanged", out)
    assert m, out
    return tuple(int(x) for x in m.groups())  # type: ignore[return-value]


def copy_real_ui(project: Project, *locales: str) -> None:
    for loc in locales:
        dest = project.po(loc, "ui")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "locales" / loc / "LC_MESSAGES" / "ui.po", dest)


def ui_msgstr(project: Project, locale: str, ctx: str) -> str:
    from pipeline.pofile import read_po

    path = project.po(locale, "ui")
    return read_po(path, str(path)).by_context()[ctx].msgstr


def translated_project(root: Path, *, locales=("de", "ja"), extra_config: str = "") -> Project:
    p = make_project(root, locales=locales, source=SOURCE, extra_config=extra_config)
    r = p.run("init", *locales)
    assert r.code == 0, r.err
    copy_real_ui(p, *[loc for loc in locales if loc in ("de", "ja")])
    if "de" in locales:
        p.translate("de", DE)
    if "ja" in locales:
        p.translate("ja", JA)
    return p


# ----------------------------------------------------------------------------- PDFs read back

REGIONS_CONFIG = """\
[tool.policy-l10n.regions.eu]
locales = ["en", "de", "ja"]

[tool.policy-l10n.regions.us]
locales = ["en"]
paper = "letter"
"""


@pytest.fixture(scope="module")
def pdfsite(tmp_path_factory) -> Project:
    """de and ja in region eu (A4, the default), en in eu and in us (letter): 4 PDFs."""
    p = translated_project(tmp_path_factory.mktemp("pdfsite") / "proj", extra_config=REGIONS_CONFIG)
    r = p.run("build")
    assert r.code == 0, r.err
    assert summary(r.out)[2] == 4
    return p


PDFS = {"eu/en": "Privacy Policy", "eu/de": "Datenschutzerklärung", "eu/ja": "プライバシーポリシー",
        "us/en": "Privacy Policy"}


def test_pdf_text_has_translated_title_and_localized_date(pdfsite: Project) -> None:
    expected = {"eu/en": ("Privacy Policy", "Last updated: February 2026"),
                "eu/de": ("Datenschutzerklärung",
                          ui_msgstr(pdfsite, "de", "page.last-updated").format(date="Februar 2026")),
                "eu/ja": ("プライバシーポリシー",
                          ui_msgstr(pdfsite, "ja", "page.last-updated").format(date="2026年2月"))}
    for folder, (title, updated) in expected.items():
        text = pdftotext(pdfsite.path(f"output/{folder}/{DOC}.pdf"))
        assert title in text, folder
        assert updated in text, (folder, text[:400])
    de = pdftotext(pdfsite.path(f"output/eu/de/{DOC}.pdf"))
    assert "Wir speichern Daten 90 Tage lang." in " ".join(de.split())
    # the untranslated section is the English, the footer is localized
    assert "Delete your data" in de
    footer = ui_msgstr(pdfsite, "de", "pdf.page-of").format(page=1, pages=1)
    assert footer in " ".join(de.split())
    # the page's link to its PDF is not printed into that PDF
    assert ui_msgstr(pdfsite, "de", "page.download-pdf") not in de and "Download PDF" not in de


def test_pdf_fonts_are_all_embedded(pdfsite: Project) -> None:
    for folder in PDFS:
        families = assert_fonts_embedded(pdfsite.path(f"output/{folder}/{DOC}.pdf"))
        if folder.endswith("/ja"):
            assert any(f.startswith("notosanscjkjp") for f in families), families


def test_pdf_metadata_tagging_and_paper(pdfsite: Project) -> None:
    for folder, title in PDFS.items():
        path = pdfsite.path(f"output/{folder}/{DOC}.pdf")
        info = pdfinfo(path)
        assert info["Title"] == title, folder
        assert info["Tagged"] == "yes", folder
        assert page_size(info) == (LETTER if folder.startswith("us/") else A4), (folder, info["Page size"])
        assert pdf_lang(path) == folder.split("/")[1], folder


def test_pdf_bookmarks_follow_the_headings(pdfsite: Project) -> None:
    marks = bookmarks(pdfsite.path(f"output/eu/de/{DOC}.pdf"))
    assert "Datenschutzerklärung" in marks
    assert [m for m in marks if re.match(r"\d+\. ", m)] == ["1. Einleitung", "2. Datenaufbewahrung", "3. Your Rights"]


def test_manifest_lists_pdfs(pdfsite: Project) -> None:
    data = json.loads(pdfsite.read("output/manifest.json"))
    items = {i["path"]: i for i in data["outputs"]}
    assert [i["path"] for i in data["outputs"]] == sorted(items)
    for folder in PDFS:
        region, loc = folder.split("/")
        pdf, html = items[f"{folder}/{DOC}.pdf"], items[f"{folder}/{DOC}.html"]
        assert (pdf["kind"], pdf["public"], pdf["region"], pdf["bcp47"], pdf["document"]) == ("pdf", True, region, loc, DOC)
        assert pdf["sha256"] == hashlib.sha256(pdfsite.path(f"output/{folder}/{DOC}.pdf").read_bytes()).hexdigest()
        assert pdf["states"] == html["states"]
    assert items[f"eu/de/{DOC}.pdf"]["states"] == {"document": "current", "introduction": "current",
                                                 "data-retention": "current", "your-rights": "missing"}


# ----------------------------------------------------------------------------- failures and hostile input

def test_uncovered_character_fails_only_that_pdf(tmp_path: Path) -> None:
    p = translated_project(tmp_path / "glyph")
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. \U0010FFFD"})
    r = p.run("build")
    assert r.code == 1, r.err
    problems = [l for l in r.err.splitlines() if not re.match(r"pdf \d+/\d+ ", l)]  # progress lines apart
    assert len(problems) == 1, r.err
    assert "U+10FFFD" in problems[0] and re.search(r"\blocale de\b", problems[0]), problems[0]
    # path:line of the msgstr holding the character
    lines = p.po("de").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text == 'msgctxt "data-retention"')
    assert problems[0].startswith(f"locales/de/LC_MESSAGES/{DOC}.po:{line}: output/de/{DOC}.pdf "), problems[0]
    assert "Traceback" not in r.err
    assert not p.path(f"output/de/{DOC}.pdf").exists()
    assert not list(p.path("output/de").glob(".*.tmp"))
    for rel in (f"en/{DOC}.pdf", f"ja/{DOC}.pdf", f"en/{DOC}.html", f"de/{DOC}.html", f"ja/{DOC}.html"):
        assert p.path(f"output/{rel}").is_file(), rel
    manifest = {i["path"] for i in json.loads(p.read("output/manifest.json"))["outputs"]}
    assert f"de/{DOC}.pdf" not in manifest and f"de/{DOC}.html" in manifest
    # fixed: the PDF comes back
    p.translate("de", {"data-retention": DE["data-retention"]})
    r = p.run("build")
    assert r.code == 0, r.err
    assert p.path(f"output/de/{DOC}.pdf").is_file()


def test_failed_pdf_leaves_no_stale_file_behind(tmp_path: Path) -> None:
    """A PDF that rendered before and fails now is removed, not left with the old text
    beside a page that shows the new one; the manifest does not list it."""
    p = translated_project(tmp_path / "stale", locales=("de",))
    r = p.run("build")
    assert r.code == 0, r.err
    assert p.path(f"output/de/{DOC}.pdf").is_file()
    p.translate("de", {"data-retention": "Wir speichern Daten 30 Tage lang. \U0010FFFD"})
    r = p.run("build")
    assert r.code == 1, r.err
    assert f"output/de/{DOC}.pdf" in r.err and "U+10FFFD" in r.err
    assert not p.path(f"output/de/{DOC}.pdf").exists()
    assert not list(p.path("output/de").glob(".*.tmp"))
    assert "30 Tage" in p.read(f"output/de/{DOC}.html")  # the page has the new text
    manifest = {i["path"] for i in json.loads(p.read("output/manifest.json"))["outputs"]}
    assert f"de/{DOC}.pdf" not in manifest and f"en/{DOC}.pdf" in manifest
    assert p.path(f"output/en/{DOC}.pdf").is_file()
    # a build that makes no PDF (--no-pdf) does not bring the old one back into the manifest
    r = p.run("build", "--no-pdf")
    manifest = {i["path"] for i in json.loads(p.read("output/manifest.json"))["outputs"]}
    assert f"de/{DOC}.pdf" not in manifest
    # fixed: it comes back with the new text
    p.translate("de", {"data-retention": "Wir speichern Daten 30 Tage lang."})
    r = p.run("build")
    assert r.code == 0, r.err
    text = subprocess.run(["pdftotext", str(p.path(f"output/de/{DOC}.pdf")), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "30 Tage" in text


def test_ui_string_cannot_break_out_of_its_css_string(tmp_path: Path) -> None:
    """The footer string goes into CSS `content`: quotes, semicolons and backslashes stay text."""
    p = translated_project(tmp_path / "css", locales=("de",))
    hostile = 'Seite {page} von {pages}"; size: letter; content: "X\\'
    p.translate("de", {"pdf.page-of": hostile}, domain="ui")
    r = p.run("build", "--locale", "de")
    assert r.code == 0, r.err
    html = p.read(f"output/de/{DOC}.html")
    assert html.count("</style>") == 1
    pdf = p.path(f"output/de/{DOC}.pdf")
    text = " ".join(pdftotext(pdf).split())
    assert "Wir speichern Daten 90 Tage lang." in text  # the body is still shown
    assert 'Seite 1 von 1"; size: letter; content: "X\\' in text
    assert page_size(pdfinfo(pdf)) == A4


def _passwd_lines() -> list[str]:
    try:
        return [l for l in Path("/etc/passwd").read_text().splitlines() if l.strip()][:3]
    except OSError:
        return ["root:x:0:0"]


def assert_nothing_fetched(path: Path) -> None:
    assert re.search(r"\b0 embedded files\b", run("pdfdetach", "-list", path)), run("pdfdetach", "-list", path)
    text = pdftotext(path)
    for line in _passwd_lines():
        assert line not in text
    assert "root:x:0" not in text


FILE_MSGSTRS = [
    '<a rel="attachment" href="file:///etc/passwd">Anhang</a> Wir speichern Daten 90 Tage lang.',
    "Wir speichern Daten 90 Tage lang. ![passwd](file:///etc/passwd) [Anhang](file:///etc/passwd)",
    "[p]: file:///etc/passwd\nWir speichern Daten 90 Tage lang. ![passwd][p] [Anhang][p]",
    '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd"> Wir speichern Daten 90 Tage lang.',
]


@pytest.mark.parametrize("msgstr", FILE_MSGSTRS)
def test_file_url_in_a_msgstr_is_never_fetched(tmp_path: Path, msgstr: str) -> None:
    """Through build (where `check` may withhold the locale, exit 1) and, behind `check`,
    through the page and PDF renderers the build uses."""
    from pipeline.catalog import load_locale_catalog
    from pipeline.config import load_config
    from pipeline.output import PageJob, render_live_page
    from pipeline.render import STATIC_DIR
    from pipeline.render.html import Templates
    from pipeline.render.pdf_pool import RenderJob, render_many
    from pipeline.source import load_documents

    p = translated_project(tmp_path / "fetch", locales=("de",))
    p.translate("de", {"data-retention": msgstr})
    r = p.run("build", "--locale", "de")
    assert r.code in (0, 1), r.err
    if r.code == 1:
        assert "withheld: de" in r.out and not p.path(f"output/de/{DOC}.pdf").exists()
    for pdf in sorted(p.path("output").rglob("*.pdf")):
        assert_nothing_fetched(pdf)

    config = load_config(p.root)
    (doc,) = load_documents(p.root)
    catalogs = {("de", d): load_locale_catalog(config, "de", d) for d in (DOC, "ui")}
    html, states = render_live_page(config, Templates(config), doc, PageJob(DOC, "de", None, "A4"), catalogs)
    assert states["data-retention"] == "current"
    out = tmp_path / "direct.pdf"
    (res,) = render_many([RenderJob(html=html, out_path=out, static_dir=STATIC_DIR, lang="de")], 1)
    assert res.ok, res.error
    assert_nothing_fetched(out)
    assert "Wir speichern Daten 90 Tage lang." in " ".join(pdftotext(out).split())


def test_file_url_in_the_english_is_never_fetched(tmp_path: Path) -> None:
    """The English is not checked like a translation: its raw HTML and file: targets reach
    the renderer (on the en page and as the fallback on de) and are never fetched."""
    hostile = SOURCE.replace(
        "We retain data for 90 days.",
        'We retain data for 90 days. <a rel="attachment" href="file:///etc/passwd">passwd</a> '
        '![passwd](file:///etc/passwd) <img src="file:///etc/passwd">\n\n[p]: file:///etc/passwd\n\n'
        "See [the file][p].")
    p = make_project(tmp_path / "english", locales=("de",), source=hostile)
    assert p.run("init", "de").code == 0
    r = p.run("build")
    assert r.code == 0, r.err
    for loc in ("en", "de"):
        pdf = p.path(f"output/{loc}/{DOC}.pdf")
        assert_nothing_fetched(pdf)
        html = p.read(f"output/{loc}/{DOC}.html")
        assert "file:///etc/passwd" not in re.findall(r'(?:href|src)="([^"]*)"', html)
        assert '<a rel="attachment"' not in html and "<img" not in html


# ----------------------------------------------------------------------------- incremental, reproducible

def test_incremental_build(tmp_path: Path) -> None:
    p = translated_project(tmp_path / "inc", locales=("de", "de_CH", "ja"),
                           extra_config='templates-dir = "templates"\n\n'
                                        '[tool.policy-l10n.fallbacks]\nde_CH = ["de"]\n')
    r = p.run("build")
    assert r.code == 0, r.err
    assert summary(r.out)[2] == 4  # en, de, de-CH, ja
    first = stats(p)

    # nothing changed: no PDF rendered, no file rewritten
    r = p.run("build")
    assert r.code == 0, r.err
    assert summary(r.out)[:3] == (0, 0, 0)
    assert changed(first, stats(p)) == set()

    # a translator comment changes the catalog but not the page: nothing rewritten either
    po = p.po("ja")
    po.write_text("# Übersetzer: bitte prüfen\n" + po.read_text(encoding="utf-8"), encoding="utf-8")
    r = p.run("build")
    assert r.code == 0, r.err
    assert summary(r.out)[2] == 0
    assert changed(first, stats(p)) == set()

    # one locale's .po: only that locale's outputs (and the dashboard, its status page, the manifest)
    p.translate("ja", {"data-retention.title": "データの保持", "data-retention": "データは90日間保持します。"})
    r = p.run("build")
    assert r.code == 0, r.err
    assert summary(r.out)[2] == 1
    after_ja = stats(p)
    assert changed(first, after_ja) == {f"ja/{DOC}.html", f"ja/{DOC}.pdf", f"status/{DOC}/ja.html",
                                        "index.html", "manifest.json"}

    # de: de and its variant de_CH (which falls back to it), nothing else
    p.translate("de", {"your-rights.title": "Ihre Rechte",
                       "your-rights": "Sie haben möglicherweise das Recht:\n\n- Zugriff auf Ihre Daten\n"
                                      "- Löschung Ihrer Daten"})
    r = p.run("build")
    assert r.code == 0, r.err
    assert summary(r.out)[2] == 2
    after_de = stats(p)
    assert changed(after_ja, after_de) == {f"de/{DOC}.html", f"de/{DOC}.pdf", f"de-CH/{DOC}.html",
                                           f"de-CH/{DOC}.pdf", f"status/{DOC}/de.html",
                                           f"status/{DOC}/de-CH.html", "index.html", "manifest.json"}
    assert "Ihre Rechte" in pdftotext(p.path(f"output/de-CH/{DOC}.pdf"))

    # the print CSS (here a project override): every page and PDF again
    from pipeline.render import STATIC_DIR

    css = (STATIC_DIR / "print.css").read_text(encoding="utf-8") + "\nh1 { letter-spacing: 0.01em; }\n"
    p.write("templates/print.css", css)
    r = p.run("build")
    assert r.code == 0, r.err
    assert summary(r.out)[2] == 4
    after_css = stats(p)
    pages = {rel for rel in after_css if re.fullmatch(rf"[a-zA-Z-]+/{DOC}\.(html|pdf)", rel)}
    assert len(pages) == 8 and pages <= changed(after_de, after_css)
    after_de = after_css

    # a malformed .po: that locale is withheld, its outputs (PDF included) stay byte for byte
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgctxt "broken\n', encoding="utf-8")
    r = p.run("build")
    assert r.code == 2, r.err
    assert [l for l in r.err.splitlines()] and all(
        re.match(rf"locales/ja/LC_MESSAGES/{DOC}\.po:\d+: ", l) for l in r.err.splitlines()), r.err
    after_broken = stats(p)
    assert {rel for rel in changed(after_de, after_broken)} <= {"index.html", "manifest.json"}
    manifest = {i["path"]: i for i in json.loads(p.read("output/manifest.json"))["outputs"]}
    assert manifest[f"ja/{DOC}.pdf"]["sha256"] == hashlib.sha256(after_de[f"ja/{DOC}.pdf"][1]).hexdigest()


def test_partial_builds_keep_the_manifest_whole(tmp_path: Path) -> None:
    p = translated_project(tmp_path / "partial", locales=("de", "ja"))
    assert p.run("build").code == 0

    def listed() -> dict[str, str]:
        return {i["path"]: i["sha256"] for i in json.loads(p.read("output/manifest.json"))["outputs"]}

    full = listed()
    assert {f"{l}/{DOC}.pdf" for l in ("en", "de", "ja")} <= set(full)
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert listed() == full  # the PDFs are still those of their pages
    r = p.run("build", "--locale", "ja", "--no-pdf")
    assert r.code == 0, r.err
    assert listed() == full
    # de's page changes in an HTML-only build: its old PDF no longer matches, so it is not listed
    p.translate("de", {"your-rights.title": "Ihre Rechte",
                       "your-rights": "Sie haben möglicherweise das Recht:\n\n- Zugriff auf Ihre Daten\n"
                                      "- Löschung Ihrer Daten"})
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    now = listed()
    assert f"de/{DOC}.pdf" not in now and now[f"en/{DOC}.pdf"] == full[f"en/{DOC}.pdf"]
    assert now[f"de/{DOC}.html"] != full[f"de/{DOC}.html"]
    r = p.run("build", "--locale", "de")
    assert r.code == 0, r.err
    assert summary(r.out)[2] == 1
    now = listed()
    assert now[f"de/{DOC}.pdf"] == hashlib.sha256(p.path(f"output/de/{DOC}.pdf").read_bytes()).hexdigest()
    assert "Ihre Rechte" in pdftotext(p.path(f"output/de/{DOC}.pdf"))
    assert set(now) == set(full)


def test_two_clean_builds_are_identical(tmp_path: Path) -> None:
    a = translated_project(tmp_path / "a" / "proj")
    b_root = tmp_path / "b" / "elsewhere"
    shutil.copytree(a.root, b_root)
    b = Project(b_root)
    for p in (a, b):
        r = p.run("build")
        assert r.code == 0, r.err
    fa, fb = output_files(a), output_files(b)
    assert sorted(fa) == sorted(fb)
    assert sum(rel.endswith(".pdf") for rel in fa) == 3
    for rel in fa:
        assert fa[rel].read_bytes() == fb[rel].read_bytes(), rel


# ----------------------------------------------------------------------------- the real project

def test_real_project_pdf_fonts_per_script(real_project: Project) -> None:
    r = real_project.run("build", "--no-pdf")
    assert r.code == 0, r.err
    pages = {i["path"] for i in json.loads(real_project.read("output/manifest.json"))["outputs"]
             if i["kind"] == "page"}
    r = real_project.run("build", "--locale", "ja", "--region", "jp", "--locale", "zh_Hans", "--region", "cn",
                         "--locale", "ar", "--region", "mena")
    assert r.code == 0, r.err
    expected = {"jp/ja": "notosanscjkjp", "cn/zh-Hans": "notosanscjksc", "mena/ar": "notosansarabic"}
    for folder, family in expected.items():
        path = real_project.path(f"output/{folder}/{DOC}.pdf")
        families = assert_fonts_embedded(path)
        assert any(f.startswith(family) for f in families), (folder, families)
        info = pdfinfo(path)
        assert info["Tagged"] == "yes" and page_size(info) == A4
    ja = assert_fonts_embedded(real_project.path(f"output/jp/ja/{DOC}.pdf"))
    zh = assert_fonts_embedded(real_project.path(f"output/cn/zh-Hans/{DOC}.pdf"))
    assert not any(f.startswith("notosanscjksc") for f in ja)
    assert not any(f.startswith("notosanscjkjp") for f in zh)  # Simplified Chinese forms, not Japanese
    assert "プライバシーポリシー" in pdftotext(real_project.path(f"output/jp/ja/{DOC}.pdf"))
    ar_words = pdfinfo(real_project.path(f"output/mena/ar/{DOC}.pdf"))["Title"].split()
    ar_text = pdftotext(real_project.path(f"output/mena/ar/{DOC}.pdf"))
    assert all(w in ar_text for w in ar_words)  # Arabic: word by word (FACTS.md)
    # a partial build keeps every other output in the manifest
    after = json.loads(real_project.read("output/manifest.json"))["outputs"]
    assert {i["path"] for i in after if i["kind"] == "page"} == pages
    assert {i["path"] for i in after if i["kind"] == "pdf"} == {f"{f}/{DOC}.pdf" for f in expected}
    # the letter region's PDF: the real project's us region
    r = real_project.run("build", "--locale", "en", "--region", "us")
    assert r.code == 0, r.err
    assert page_size(pdfinfo(real_project.path(f"output/us/en/{DOC}.pdf"))) == LETTER
