"""Links between documents: `other.md`, `other.md#id`, `/legal/other#id` in the English and in
translations; rendered as the same locale and region's page of that document; checked."""

from __future__ import annotations

import json
import re
import zlib

from html.parser import HTMLParser

import pytest

from pipeline.links import DocumentLink, link_problem, parse_document_link

TERMS = """\
---
title: Terms of Service
updated: 2026-02-01
---

## Using the service {#using}

Read our [privacy policy](privacy-policy.md) and [how long we keep data](privacy-policy.md#data-retention).
See also [the rights section](/legal/privacy-policy#your-rights) and [this page's end](#refunds).

## Refunds {#refunds}

Refunds within 14 days, see [our site](https://example.com/refunds).
"""

REGIONS = """
link-prefixes = ["/legal"]
[tool.policy-l10n.fallbacks]
de_CH = ["de"]
[tool.policy-l10n.regions.eu]
locales = ["en", "de"]
[tool.policy-l10n.regions.ch]
locales = ["de_CH", "en"]
"""


def _links_project(new_project, extra: str = 'link-prefixes = ["/legal/"]\n', locales=("de",)):
    p = new_project(locales=locales, extra_config=extra)
    p.write("source/terms.md", TERMS)
    return p


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") and "nav" not in (a.get("class") or ""):
            self.hrefs.append(a["href"])


def _anchors(path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _translate_terms(p, locale: str) -> None:
    from pipeline.pofile import read_po

    cat = read_po(p.po(locale, "terms"), "terms.po")
    p.translate(locale, {e.msgctxt: f"[{locale}] {e.msgid}" for e in cat.entries if e.msgctxt}, domain="terms")


def test_parse_document_link_forms():
    assert parse_document_link("terms.md") == DocumentLink("terms", None)
    assert parse_document_link("./terms.md#x") == DocumentLink("terms", "x")
    assert parse_document_link("/legal/terms#x", ("/legal/",)) == DocumentLink("terms", "x")
    assert parse_document_link("/legal/terms/", ("/legal/",)) == DocumentLink("terms", None)
    assert parse_document_link("/legal/terms", ()) is None
    assert parse_document_link("/other/terms", ("/legal/",)) is None
    assert parse_document_link("https://example.com/terms.md") is None
    assert parse_document_link("mailto:a@b.c") is None
    docs = {"terms": frozenset({"x"})}
    assert link_problem("terms.md#x", docs) is None
    assert "no document 'nope'" in link_problem("nope.md", docs)
    assert "has no section 'y'" in link_problem("terms.md#y", docs)


def test_links_render_to_the_same_locale_page(new_project):
    p = _links_project(new_project)
    assert p.run("init", "de").code == 0
    _translate_terms(p, "de")
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    for loc in ("en", "de"):
        page = _anchors(p.path(f"output/{loc}/terms.html"))
        assert "privacy-policy.html" in page.hrefs
        assert "privacy-policy.html#data-retention" in page.hrefs
        assert "privacy-policy.html#your-rights" in page.hrefs
        assert "#refunds" in page.hrefs
        assert "https://example.com/refunds" in page.hrefs
        target = _anchors(p.path(f"output/{loc}/privacy-policy.html"))
        assert {"data-retention", "your-rights"} <= target.ids
    # no `.md` link is left on a page
    assert ".md" not in p.read("output/de/terms.html").split("<main", 1)[-1]


def test_links_with_regions_and_fallback(new_project):
    p = _links_project(new_project, REGIONS, locales=("de", "de_CH"))
    assert p.run("init", "de", "de_CH").code == 0
    _translate_terms(p, "de")
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    # the region's own page of each locale (de_CH has its own page in region ch)
    for folder in ("eu/de", "eu/en", "ch/de-CH", "ch/en"):
        page = _anchors(p.path(f"output/{folder}/terms.html"))
        assert "privacy-policy.html#your-rights" in page.hrefs, folder
        assert (p.path(f"output/{folder}") / "privacy-policy.html").is_file()


def test_links_absolute_with_base_url(new_project):
    p = _links_project(new_project, 'link-prefixes = ["/legal/"]\nbase-url = "https://example.com/legal"\n')
    assert p.run("init", "de").code == 0
    assert p.run("build", "--no-pdf").code == 0
    page = _anchors(p.path("output/de/terms.html"))
    assert "https://example.com/legal/de/privacy-policy.html#data-retention" in page.hrefs


def _pdf_uris(data: bytes) -> list[str]:
    """URI link annotations of a PDF (also inside compressed object streams)."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return [u.decode("latin-1") for c in chunks for u in re.findall(rb"/URI\s*\((.*?)\)", c)]


def test_links_in_pdf_are_link_annotations(new_project):
    p = _links_project(new_project, 'link-prefixes = ["/legal/"]\nbase-url = "https://example.com/legal"\n')
    assert p.run("init", "de").code == 0
    r = p.run("build")
    assert r.code == 0, r.err
    uris = _pdf_uris(p.path("output/de/terms.pdf").read_bytes())
    assert "https://example.com/legal/de/privacy-policy.html#data-retention" in uris
    assert "https://example.com/refunds" in uris


def test_relative_links_in_pdf_stay_relative(new_project):
    p = _links_project(new_project)
    assert p.run("init", "de").code == 0
    assert p.run("build").code == 0
    uris = _pdf_uris(p.path("output/de/terms.pdf").read_bytes())
    assert "privacy-policy.html#data-retention" in uris, uris


def test_broken_links_are_errors_in_source_and_po(new_project):
    p = _links_project(new_project)
    p.write("source/terms.md", TERMS + "\nSee [gone](gone.md) and [bad section](/legal/privacy-policy#nope).\n")
    assert p.run("init", "de").code == 0
    _translate_terms(p, "de")
    r = p.run("check", "--format", "json")
    assert r.code == 1
    findings = [f for f in json.loads(r.out) if f["check"] == "link-scheme"]
    source_lines = p.read("source/terms.md").split("\n")
    bad_line = next(i for i, line in enumerate(source_lines, 1) if "gone.md" in line)
    src = [f for f in findings if f["locale"] is None]
    assert {(f["path"], f["line"]) for f in src} == {("source/terms.md", bad_line)}
    assert len(src) == 2 and all(f["severity"] == "error" for f in src)
    assert any("no document 'gone'" in f["message"] for f in src)
    assert any("has no section 'nope'" in f["message"] for f in src)
    po = [f for f in findings if f["locale"] == "de"]
    assert {f["path"] for f in po} == {"locales/de/LC_MESSAGES/terms.po"}
    assert len(po) == 2
    text = p.read("locales/de/LC_MESSAGES/terms.po").split("\n")
    assert text[po[0]["line"] - 1].startswith("msgctxt")
    # the build still publishes the English, and says where its broken links are, as `check`
    # does; the German page is withheld for its errors
    r = p.run("build", "--no-pdf")
    assert r.code == 1 and "terms.po" in r.err
    assert f"source/terms.md:{bad_line}: error: [link-scheme] link to 'gone.md': there is no document 'gone'" in r.err
    assert "See [gone](gone.md)" in p.read("output/en/terms.html")  # shown as its Markdown text, no link
    assert p.run("build", "--no-pdf").code == 1  # and again while it is there: nothing was built this time


def test_good_document_links_pass_check(new_project):
    p = _links_project(new_project)
    assert p.run("init", "de").code == 0
    _translate_terms(p, "de")
    r = p.run("check", "--format", "json")
    assert not [f for f in json.loads(r.out) if f["severity"] == "error"], r.out
    assert r.code == 0


@pytest.mark.parametrize("target", ["../secret.html", "/other/privacy-policy", "file:///etc/passwd"])
def test_unresolvable_relative_links_stay_refused(new_project, target):
    p = _links_project(new_project)
    assert p.run("init", "de").code == 0
    from pipeline.pofile import read_po

    cat = read_po(p.po("de", "terms"), "x")
    english = next(e.msgid for e in cat.entries if e.msgctxt == "refunds")
    p.translate("de", {"refunds": english.replace("https://example.com/refunds", target)}, domain="terms")
    r = p.run("check", "--format", "json")
    assert any(f["check"] == "link-scheme" and f["severity"] == "error" for f in json.loads(r.out))
    p.write("source/terms.md", TERMS.replace("https://example.com/refunds", target))
    p.run("build", "--no-pdf", "--locale", "en")  # exit 1: de is withheld for its check error
    assert target not in "".join(_anchors(p.path("output/en/terms.html")).hrefs)


def test_bad_link_prefixes_config(new_project):
    p = new_project(extra_config='link-prefixes = ["legal"]\n')
    r = p.run("check")
    assert r.code == 2 and r.err.startswith("pyproject.toml:") and "link-prefixes" in r.err


def test_a_page_is_rendered_again_when_a_linked_section_goes(new_project):
    """A page's links depend on the other documents' sections: its build key includes them."""
    p = _links_project(new_project)
    assert p.run("init", "de").code == 0
    assert p.run("build", "--no-pdf", "--locale", "en").code == 0
    assert "privacy-policy.html#data-retention" in _anchors(p.path("output/en/terms.html")).hrefs
    from conftest import SMALL_SOURCE

    p.write("source/privacy-policy.md", SMALL_SOURCE.replace("{#data-retention}", "{#retention}"))
    r = p.run("build", "--no-pdf", "--locale", "en")
    hrefs = _anchors(p.path("output/en/terms.html")).hrefs
    assert "privacy-policy.html#data-retention" not in hrefs and "privacy-policy.html" in hrefs
    r = p.run("check")
    assert r.code == 1 and "source/terms.md:" in r.out and "has no section 'data-retention'" in r.out


def test_a_release_page_links_to_the_live_pages_of_other_documents(new_project) -> None:
    """A release page (one folder deeper) shows links to other documents as working links too."""
    p = _links_project(new_project)
    assert p.run("init", "de").code == 0
    assert p.run("release", "2026.02", "--effective", "2026-02-01").code == 0
    assert p.run("build", "--no-pdf").code == 0
    page = _Anchors()
    page.feed(p.read("output/en/terms/2026.02.html"))
    assert "../privacy-policy.html" in page.hrefs
    assert "../privacy-policy.html#data-retention" in page.hrefs
    for href in page.hrefs:
        if not href.startswith(("http", "#", "mailto:")):
            assert (p.root / "output" / "en" / "terms" / href.split("#")[0]).resolve().is_file(), href


def test_a_link_to_a_section_this_document_does_not_have_is_an_error(new_project):
    """`[see](#nope)`: the page can only show it as text; check and build say where it is."""
    p = _links_project(new_project)
    p.write("source/terms.md", TERMS + "\nSee [below](#nope), and [fine](#refunds).\n")
    r = p.run("check", "--format", "json")
    src = [(f["path"], f["message"]) for f in json.loads(r.out) if f["check"] == "link-scheme"]
    assert src == [("source/terms.md", "link to '#nope': no section of this document has that id")]
    built = p.run("build", "--no-pdf")
    assert built.code == 1 and "link to '#nope': no section of this document has that id" in built.err
    page = p.read("output/en/terms.html")
    assert "See below, and" in page and 'href="#nope"' not in page and 'href="#refunds"' in page


def test_an_english_link_pages_cannot_show_is_an_error_at_its_line(new_project):
    """Relative paths and site paths other tools' sites use (`../security/index.md`,
    `/site-policy/foo`, `b.html`, a file name with spaces) show as their Markdown text: check and
    build say so at the line; images are warned about apart, links that work are not reported."""
    p = _links_project(new_project)
    p.write("source/terms.md", TERMS + "\nSee [up](../security/index.md), [site](/site-policy/foo).\n\n"
            "Read [b](b.html), [pdf](<Security Overview.pdf>) and [mail](mailto:a@example.com).\n\n"
            "![logo](logo.png) [ok](privacy-policy.md) [web](https://example.com)\n")
    lines = p.read("source/terms.md").split("\n")
    r = p.run("check", "--format", "json")
    assert r.code == 1
    src = [(f["line"], f["message"]) for f in json.loads(r.out) if f["check"] == "link-scheme"]
    refused = "only http, https, mailto and #section links are allowed (and other-document.md ones)"
    assert src == [(lines.index("See [up](../security/index.md), [site](/site-policy/foo).") + 1, f"link {t!r}: {refused}")
                   for t in ("../security/index.md", "/site-policy/foo")] + [
                  (lines.index("Read [b](b.html), [pdf](<Security Overview.pdf>) and [mail](mailto:a@example.com).") + 1,
                   f"link {t!r}: {refused}") for t in ("b.html", "Security%20Overview.pdf")]
    assert not any("logo.png" in m or "privacy-policy.md" in m or "example.com" in m for _, m in src)
    built = p.run("build", "--no-pdf")
    assert built.code == 1 and "link '../security/index.md'" in built.err
    assert "See [up](../security/index.md)" in p.read("output/en/terms.html")


REGIONAL = """\
---
title: Terms of Service
updated: 2026-02-01
---

## Using the service {#using}

Cookies are explained [below](#cookies).[^eu] Refunds: see [refunds](#refunds).

## Cookies {#cookies regions="eu"}

We set cookies.

[^eu]: Only in the European Union.

## Refunds {#refunds}

Refunds within 14 days.
"""
TWO_REGIONS = '[tool.policy-l10n.regions.eu]\nlocales = ["en", "de"]\n[tool.policy-l10n.regions.us]\nlocales = ["en"]\n'


def test_a_link_to_a_section_of_another_region_shows_as_its_text(new_project):
    """A page without the section (`regions="eu"`) shows the link's text, not a link to nothing
    and not its Markdown; the page of the region that has it links to it."""
    p = new_project(locales=("de",), extra_config=TWO_REGIONS)
    p.write("source/terms.md", REGIONAL.replace("[^eu]", "") + "\nOther forms: [a]( #cookies), [b](<#cookies>).\n")
    assert p.run("init", "de").code == 0
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    us = p.read("output/us/en/terms.html")
    assert "Cookies are explained below." in us and "[below]" not in us and 'href="#cookies"' not in us
    assert "Other forms: a, b." in us
    assert 'href="#refunds"' in us
    eu = _anchors(p.path("output/eu/en/terms.html"))
    assert "#cookies" in eu.hrefs and "cookies" in eu.ids


def test_a_footnote_defined_in_another_regions_section_is_an_error_at_its_reference(new_project):
    p = new_project(locales=("de",), extra_config=TWO_REGIONS)
    p.write("source/terms.md", REGIONAL)
    assert p.run("init", "de").code == 0
    line = p.read("source/terms.md").split("\n").index("Cookies are explained [below](#cookies).[^eu] "
                                                      "Refunds: see [refunds](#refunds).") + 1
    expected = (f"source/terms.md:{line}: error: [footnote] footnote [^eu] is defined in section 'cookies', "
                "which pages of region us do not show: there this reference links to nothing (define it in a "
                "section those pages show)")
    r = p.run("check")
    assert r.code == 1 and expected in r.out.splitlines(), r.out
    built = p.run("build", "--no-pdf")
    assert built.code == 1 and expected in built.err.splitlines(), built.err
    p.write("source/terms.md", REGIONAL.replace("## Cookies {#cookies regions=\"eu\"}", "## Cookies {#cookies}"))
    assert "[footnote]" not in p.run("check").out
