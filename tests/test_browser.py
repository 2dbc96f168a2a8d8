"""The pages in a real browser: headless Chromium (Debian's) driven by Playwright, audited by axe-core.

The real content project is built (`build --no-pdf`) in a temporary copy with two
releases, so that a comparison page exists. Nothing is downloaded: Chromium is
/usr/bin/chromium (never `playwright install`), axe-core comes inside the
axe-playwright-python wheel. Screenshots of page 1 of each script land in
tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from preview_server import PATIENCE, PreviewServer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DOC = "privacy-policy"

# `make test` installs Debian's chromium and the test extra: a missing one is a failure, never a skip
import axe_playwright_python.sync_playwright as axe_module  # noqa: E402
import playwright.sync_api as sync_api  # noqa: E402

pytestmark = [pytest.mark.browser]


def test_chromium_is_installed() -> None:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium (make test does it as root)"

#: the changed sentence between the two releases, and its translations
OLD_EN = "You may request deletion of your data at any time."
NEW_EN = "You may request deletion of your data at any time by writing to us."
ADDED = {"de": " Schreiben Sie uns dazu.", "ja": "ご連絡ください。", "ar": " يرجى مراسلتنا."}

#: pages audited with axe: (name, path under output/); {cmp} is the comparison, {first} the first release
AUDITED = [
    ("latin-de", f"eu/de/{DOC}.html"),
    ("cjk-ja", f"jp/ja/{DOC}.html"),
    ("cjk-zh-Hans", f"cn/zh-Hans/{DOC}.html"),
    ("arabic-ar", f"mena/ar/{DOC}.html"),
    ("stale-fr", f"eu/fr/{DOC}.html"),
    ("dashboard", "index.html"),
    ("status-fr", f"status/{DOC}/fr.html"),
    ("comparison-de", f"eu/de/{DOC}/{{cmp}}.html"),
    ("comparison-ja", f"jp/ja/{DOC}/{{cmp}}.html"),
    ("comparison-ar", f"mena/ar/{DOC}/{{cmp}}.html"),
    ("release-de", f"eu/de/{DOC}/{{first}}.html"),
]
SCREENSHOTS = {"latin-de", "cjk-ja", "cjk-zh-Hans", "arabic-ar"}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="en-US")
    pg = context.new_page()
    yield pg
    context.close()


def _run(project, *args: str) -> str:
    r = project.run(*args)
    assert r.code == 0, f"{args}: {r.err}"
    return r.out


def _translation(project, locale: str, msgctxt: str) -> str:
    from pipeline.pofile import read_po

    path = project.po(locale)
    return read_po(path, str(path)).by_context()[msgctxt].msgstr


def _versions(project) -> list[str]:
    index = project.root / "releases" / DOC / "index.json"
    return [r["version"] for r in json.loads(index.read_text(encoding="utf-8"))] if index.exists() else []


@pytest.fixture
def built(real_project):
    """The real project with two releases, one sentence changed in between, built without PDFs.

    The releases are 2026.02 (unless the repository already recorded it) and 2026.03 (or a
    free name after it); ``built.comparison`` is the name of the comparison page between them.
    """
    p = real_project
    if "2026.02" not in _versions(p):
        _run(p, "release", "2026.02", "--effective", "2026-02-01")
    source = p.read(f"source/{DOC}.md")
    assert OLD_EN in source
    p.write(f"source/{DOC}.md", source.replace(OLD_EN, NEW_EN))
    _run(p, "update")
    for loc, added in ADDED.items():
        p.translate(loc, {"data-retention": _translation(p, loc, "data-retention") + added})
    taken = _versions(p)
    new = next(v for v in ("2026.03", "2026.03-b", "2026.03-c", "2026.03-d") if v not in taken)
    _run(p, "release", new, "--effective", "2026-03-01")
    _run(p, "build", "--no-pdf")
    p.comparison = f"{taken[-1]}..{new}"
    p.first_release = taken[0]
    return p


def _url(project, rel: str) -> str:
    path = project.root / "output" / rel
    assert path.is_file(), rel
    return path.as_uri()


def _violations(pg) -> list[str]:
    response = axe_module.Axe().run(pg).response
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in response["violations"]]


def test_axe_finds_no_violations(built, page):
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    for name, rel in AUDITED:
        rel = rel.format(cmp=built.comparison, first=built.first_release)
        page.goto(_url(built, rel))
        problems = _violations(page)
        if problems:
            found[rel] = problems
        if name in SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"))  # page 1: the first screenful
    assert not found, "\n".join(f"{rel}: {p}" for rel, ps in found.items() for p in ps)
    # the comparison shows the changed sentence as an insertion, and only the changed section
    page.goto(_url(built, f"eu/de/{DOC}/{built.comparison}.html"))
    assert "Schreiben Sie uns dazu." in " ".join(page.locator("ins").all_inner_texts())
    assert page.locator("section#data-retention").count() == 1
    assert page.locator("section#introduction").count() == 0


def _text_box(pg, selector: str) -> dict:
    """The element's box and the box of its text (a Range), in CSS pixels."""
    return pg.evaluate("""(sel) => {
        const el = document.querySelector(sel);
        const range = document.createRange();
        range.selectNodeContents(el);
        const t = range.getBoundingClientRect(), b = el.getBoundingClientRect();
        return {left: b.left, right: b.right, textLeft: t.left, textRight: t.right,
                direction: getComputedStyle(el).direction,
                htmlDirection: getComputedStyle(document.documentElement).direction};
    }""", selector)


def test_arabic_page_lays_out_right_to_left(built, page):
    page.goto(_url(built, f"mena/ar/{DOC}.html"))
    assert page.get_attribute("html", "dir") == "rtl"
    ar = _text_box(page, "h1")
    assert ar["htmlDirection"] == "rtl" and ar["direction"] == "rtl"
    # the title hugs the right edge of its line and leaves room on the left
    assert abs(ar["right"] - ar["textRight"]) <= 2, ar
    assert ar["textLeft"] - ar["left"] > 50, ar
    # sections, the table of contents and notices follow
    for sel in ("main", "nav.toc", "section#introduction p"):
        assert page.evaluate("(s) => getComputedStyle(document.querySelector(s)).direction", sel) == "rtl", sel

    page.goto(_url(built, f"eu/de/{DOC}.html"))  # the same measurement on a left-to-right page
    de = _text_box(page, "h1")
    assert de["direction"] == "ltr"
    assert abs(de["left"] - de["textLeft"]) <= 2 and de["right"] - de["textRight"] > 50, de


def test_language_switcher_and_hreflang_lead_to_siblings(built, page):
    start = _url(built, f"eu/de/{DOC}.html")
    page.goto(start)
    links = page.eval_on_selector_all("nav.languages a", "els => els.map(a => [a.hreflang, a.href])")
    assert sorted(h for h, _ in links) == ["en", "es", "fr"]
    alternates = page.eval_on_selector_all('link[rel="alternate"][hreflang]',
                                           "els => els.map(l => [l.hreflang, l.href])")
    assert sorted(h for h, _ in alternates) == ["de", "en", "es", "fr", "x-default"]

    for hreflang, href in links:  # follow each switcher link with a click
        page.goto(start)
        page.click(f'nav.languages a[hreflang="{hreflang}"]')
        page.wait_for_load_state()
        assert page.url == href
        assert page.get_attribute("html", "lang") == hreflang
        assert page.locator("h1").count() == 1 and page.locator("section#data-retention").count() == 1
    for hreflang, href in alternates:
        page.goto(href)
        assert page.get_attribute("html", "lang") == ("en" if hreflang == "x-default" else hreflang), href
        assert f"/eu/" in href

    # right-to-left and CJK regions link back the same way
    page.goto(_url(built, f"mena/ar/{DOC}.html"))
    page.click('nav.languages a[hreflang="en"]')
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en" and "/mena/en/" in page.url
    page.click('nav.languages a[hreflang="ar"]')
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "ar" and page.get_attribute("html", "dir") == "rtl"


def test_preview_reloads_itself_after_a_po_edit(real_project, page):
    p = real_project
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    with PreviewServer(p.root, "--states") as server:
        page.goto(urljoin(server.url, f"eu/de/{DOC}.html"))
        intro = page.locator("section#introduction h2").inner_text()
        assert re.search(r"\bcurrent\b", intro), intro  # --states: a visible badge per section
        assert not _violations(page)  # the badges and the served page pass axe too
        marker = page.evaluate("() => { window.__sameDocument = 'yes'; return performance.timeOrigin; }")

        po = p.po("de")
        old = _translation(p, "de", "introduction.title")
        po.write_text(po.read_text(encoding="utf-8").replace(f'msgstr "{old}"', 'msgstr "Einführung (neu)"', 1),
                      encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('section#introduction h2').textContent.includes('Einführung (neu)')",
            timeout=PATIENCE * 1000)  # a deadline against hanging, not a speed target (benchmarks/)
        # it was a reload by the page's own script: a new document, no call of ours
        assert page.evaluate("() => window.__sameDocument") is None
        assert page.evaluate("() => performance.timeOrigin") != marker

        # a broken catalog: the open page turns into the error page, then back when fixed
        good = po.read_text(encoding="utf-8")
        po.write_text(good.replace('msgstr "Einführung (neu)"', 'msgstr "Einführung (neu)', 1), encoding="utf-8")
        page.wait_for_function("() => document.title.includes('build error')", timeout=PATIENCE * 1000)
        assert "locales/de/LC_MESSAGES/privacy-policy.po:" in page.inner_text("main")
        assert not _violations(page)
        po.write_text(good, encoding="utf-8")
        page.wait_for_function("() => document.documentElement.lang === 'de'", timeout=PATIENCE * 1000)
        assert server.interrupt() == 0
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert not (p.root / "output").exists()
