"""GitHub-flavoured Markdown end to end (issue 13, point 1) and the Markdown defects that real
policies found (issue 16): each test here failed before the fix it names."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from conftest import Project
from pipeline.render.html import render_markdown
from pipeline.source import parse_document

FM = "---\ntitle: Policy\nupdated: 2026-02-01\n---\n\n"

QUOTE_IN_ITEM = """\
- **Export controls:** You may not use the Service where prohibited.
  > **Example:** A user in an embargoed country may not open an account.
- Next item.
"""

PARAGRAPH_AFTER_SUBLIST = """\
- **Sanctions:** follow sanctions law.
  - Lists of the United States;
  - Lists of the European Union.

  These lists change often, so check them every time.
- Everything else.
"""


def body(markdown: str) -> str:
    return parse_document(f"{FM}## A {{#a}}\n\n{markdown}", "source/x.md").sections[0].body


def build(new_project, source: str, locales=("de",)) -> Project:
    p = new_project(source=source, locales=locales)
    assert p.run("update").code == 0
    return p


# --------------------------------------------------------------------------- dropped text (issue 16)

def test_a_block_quote_inside_a_list_item_reaches_message_and_page() -> None:
    text = body(QUOTE_IN_ITEM)
    assert "> **Example:** A user in an embargoed country may not open an account." in text
    html = render_markdown(text)
    assert re.search(r"<li>.*<blockquote>\s*<p><strong>Example:</strong> A user", html, re.S)


def test_a_paragraph_after_a_nested_list_reaches_message_and_page() -> None:
    text = body(PARAGRAPH_AFTER_SUBLIST)
    assert "These lists change often, so check them every time." in text
    assert "these lists change often" in render_markdown(text).lower()


def test_dropped_text_is_in_the_pot_and_the_html(new_project) -> None:
    p = build(new_project, f"{FM}## A {{#a}}\n\n{QUOTE_IN_ITEM}\n## B {{#b}}\n\n{PARAGRAPH_AFTER_SUBLIST}")
    pot = p.read("locales/privacy-policy.pot")
    assert "A user in an embargoed country" in pot and "These lists change often" in pot
    assert p.run("build", "--no-pdf").code == 0
    page = p.read("output/en/privacy-policy.html")
    assert "A user in an embargoed country" in page and "These lists change often" in page


# --------------------------------------------------------------------------- equivalent Markdown

@pytest.mark.parametrize("a, b", [
    ("An *emphasised* and **strong** word.", "An _emphasised_ and __strong__ word."),
    ("Costs \\(in EUR\\) apply\\.", "Costs (in EUR) apply."),
    ("See [the terms][t].\n\n[t]: https://example.com/terms", "See [the terms](https://example.com/terms)."),
    ("1) one\n2) two", "1. one\n2. two"),
    ("    code", "```\ncode\n```"),
    ("* a\n* b", "- a\n- b"),
    ("Text\n<!-- a note to editors -->\nmore text.", "Text\n\nmore text."),
    ("Text.\n\n<!-- a --> <!-- b -->\n\nMore.", "Text.\n\nMore."),
    ("Text.\n\n<!-- a --><!-- b --> more.", "Text.\n\nmore."),
])
def test_equivalent_markdown_gives_one_message(a: str, b: str) -> None:
    assert body(a) == body(b)


@pytest.mark.parametrize("markdown, expected", [
    ("*", "-"),
    ("- a\n-", "- a\n-"),
    ("1.\n\ntext", "1.\n\ntext"),
])
def test_empty_list_items_are_kept(markdown: str, expected: str) -> None:
    assert body(markdown) == expected


@pytest.mark.parametrize("a, b", [
    ("An *emphasised* word.", "An emphasised word."),
    ("Costs (in EUR) apply.", "Costs (in USD) apply."),
    ("[terms](https://example.com/a)", "[terms](https://example.com/b)"),
    ("3. three\n4. four", "1. three\n2. four"),
    ("~~old~~ new", "old new"),
])
def test_a_change_in_what_is_shown_changes_the_message(a: str, b: str) -> None:
    assert body(a) != body(b)


def test_emphasis_markers_changed_leave_translations_current(new_project) -> None:
    source = f"{FM}## A {{#a}}\n\nYou *must* read the __terms__.\n"
    p = build(new_project, source)
    p.translate("de", {"a.title": "A", "a": "Sie *müssen* die **Bedingungen** lesen."})
    p.write("source/privacy-policy.md", source.replace("*must*", "_must_").replace("__terms__", "**terms**"))
    status = json.loads(p.run("status", "--format", "json").out)
    sections = status["documents"][0]["locales"][0]["sections"]
    assert [s["state"] for s in sections] == ["current"]


# --------------------------------------------------------------------------- GFM on the page

def test_table_renders_with_header_cells_and_alignment() -> None:
    text = body("| Name | Days |\n| :--- | ---: |\n| Free | 7 |\n| Pro | 90 |")
    assert text == "| Name | Days |\n| :- | -: |\n| Free | 7 |\n| Pro | 90 |"
    html = render_markdown(text)
    assert '<th scope="col" class="align-left">Name</th>' in html
    assert '<td class="align-right">90</td>' in html
    assert "|" not in html


def test_strikethrough_footnotes_and_ordered_start() -> None:
    doc = parse_document(f"{FM}## A {{#a}}\n\n~~old~~ new[^n]\n\n3. three\n4. four\n\n"
                         "## B {{#b}}\n\n[^n]: The note.\n", "source/x.md")
    a, b = doc.sections
    assert doc.footnotes == ("n",)
    assert a.body == "~~old~~ new[^n]\n\n3. three\n4. four"
    assert b.body == "[^n]: The note."
    html_a = render_markdown(a.body, footnotes=doc.footnotes)
    assert '<del class="strike">old</del>' in html_a
    assert '<a class="footnote-ref" href="#fn:1">1</a>' in html_a
    assert '<ol start="3">' in html_a
    assert '<div class="footnote" id="fn:1" role="note">' in render_markdown(b.body, footnotes=doc.footnotes)


def test_html_comments_are_neither_in_a_message_nor_on_a_page(new_project) -> None:
    p = build(new_project, f"{FM}<!-- markdownlint-disable MD024 -->\n\n## A {{#a}}\n\n"
                           "Visible <!-- zebra inline --> text.\n\n<!--\nzebra block\n-->\n\nMore.\n")
    pot = p.read("locales/privacy-policy.pot")
    assert "zebra" not in pot and "markdownlint" not in pot
    assert p.run("build", "--no-pdf").code == 0
    page = p.read("output/en/privacy-policy.html")
    assert "zebra" not in page and "markdownlint" not in page and "&lt;!--" not in page
    assert "Visible" in page and "More." in page


def test_front_matter_keys_of_other_tools_are_ignored(new_project) -> None:
    p = new_project(source="---\ntitle: T\nupdated: 2026-02-01\nredirect_from:\n  - /x\nversions:\n"
                           "  fpt: '*'\n---\n\n## A {#a}\n\nText.\n")
    result = p.run("extract")
    assert (result.code, result.err) == (0, "")


def test_extension_syntax_is_kept_as_text_and_warned_at_its_line(new_project) -> None:
    source = f"{FM}## A {{#a}}\n\nStyled.\n{{: .note}}\n\n{{% include footer.html %}}\n\n`{{% not this %}}`\n"
    p = build(new_project, source)
    assert "{: .note}" in p.read("locales/privacy-policy.pot")
    result = p.run("check", "--format", "json")
    found = [(f["line"], f["severity"], f["check"]) for f in json.loads(result.out)
             if f["check"] == "extension-syntax"]
    assert found == [(9, "warning", "extension-syntax"), (11, "warning", "extension-syntax")]
    text = p.run("check").out
    assert "source/privacy-policy.md:9: warning: [extension-syntax] '{: .note}'" in text


def test_raw_html_is_shown_as_text_and_warned_at_its_line(new_project) -> None:
    """Policies moved from a CMS carry `<br>` and `<a name>` anchors: raw HTML is off, so they
    show as text on the page, and `check` says so at each line (not in code, not comments, not
    autolinks)."""
    source = (f'{FM}<a name="a"></a>\n\n## A {{#a}}\n\nLine one<br>line two, see <https://example.com>.\n\n'
              "`<br>` is a tag. <!-- a comment -->\n\n```html\n<p>code</p>\n```\n")
    p = build(new_project, source)
    result = p.run("check", "--format", "json")
    found = [(f["line"], f["severity"], f["msgctxt"]) for f in json.loads(result.out) if f["check"] == "raw-html"]
    assert found == [(6, "warning", "document"), (10, "warning", "a")]
    text = p.run("check").out
    assert "source/privacy-policy.md:10: warning: [raw-html] '<br>' is raw HTML: policy-l10n shows it as text" in text
    built = p.run("build", "--no-pdf")
    assert built.code == 0, built.err
    assert "Line one&lt;br&gt;line two" in p.read("output/en/privacy-policy.html")


def test_an_image_is_shown_as_text_and_warned_at_its_line(new_project) -> None:
    source = f"{FM}## A {{#a}}\n\nOur logo:\n\n![AImonitor](logo.png)\n\n`![not](this.png)`\n"
    p = build(new_project, source)
    result = p.run("check", "--format", "json")
    assert [(f["line"], f["severity"]) for f in json.loads(result.out) if f["check"] == "image"] == [(10, "warning")]
    built = p.run("build", "--no-pdf")
    assert built.code == 0, built.err
    page = p.read("output/en/privacy-policy.html")
    assert "![AImonitor](logo.png)" in page and "<img" not in page


# --------------------------------------------------------------------------- check

NUMBERED = f"{FM}## 1. Compliance with Laws {{#laws}}\n\nObey the law.\n"


def test_a_numbered_heading_is_compared_as_a_heading_not_a_list(new_project) -> None:
    p = build(new_project, NUMBERED)
    p.translate("de", {"document.title": "Richtlinie", "laws.title": "Artikel 1: Einhaltung der Gesetze",
                       "laws": "Halten Sie sich an das Gesetz."})
    result = p.run("check")
    assert "[markdown]" not in result.out, result.out
    assert result.code == 0


def test_a_translated_table_must_keep_its_shape(new_project) -> None:
    table = "| Plan | Days |\n| --- | --- |\n| Free | 7 |\n| Pro | 90 |"
    p = build(new_project, f"{FM}## A {{#a}}\n\n{table}\n")
    p.translate("de", {"a": "| Plan | Tage |\n| --- | --- |\n| Free | 7 |"})
    result = p.run("check")
    assert result.code == 1
    assert "tables of 2×2 where the English has 3×2" in result.out
    p.translate("de", {"a": "| Plan | Tage |\n| --- | --- |\n| Free | 7 |\n| Pro | 90 |"})
    assert "[markdown]" not in p.run("check").out


def test_a_translation_keeps_its_footnote_labels(new_project) -> None:
    p = build(new_project, f"{FM}## A {{#a}}\n\nSee the note[^1].\n\n[^1]: The note.\n")
    p.translate("de", {"a": "Siehe die Anmerkung.\n\n[^1]: Die Anmerkung."})
    assert "footnote labels differ from the English (missing: 1; extra: none)" in p.run("check").out


# --------------------------------------------------------------------------- translated pages

def test_untranslated_ui_strings_on_an_arabic_page_are_marked_english(new_project) -> None:
    p = build(new_project, f"{FM}## A {{#a}}\n\nText.\n", locales=("ar",))
    p.translate("ar", {"document.title": "سياسة", "a.title": "أ", "a": "نص."}, domain="privacy-policy")
    assert p.run("build").code == 0
    page = p.read("output/ar/privacy-policy.html")
    assert re.search(r'<p class="prevails-notice"><span lang="en" dir="ltr">This is a translation', page)
    assert '<h2 id="toc-heading"><span lang="en" dir="ltr">Contents</span></h2>' in page
    # laid out left to right in the PDF too: the sentence ends with its full stop, not starts
    text = subprocess.run(["pdftotext", str(p.path("output/ar/privacy-policy.pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "the English version prevails." in " ".join(text.split())
    assert ".prevails" not in text


def test_no_translation_notice_on_a_page_with_nothing_translated(new_project) -> None:
    p = build(new_project, f"{FM}## A {{#a}}\n\nText.\n")
    assert p.run("build", "--no-pdf").code == 0
    assert '<p class="prevails-notice">' not in p.read("output/de/privacy-policy.html")
    p.translate("de", {"a.title": "A", "a": "Text auf Deutsch."})
    assert p.run("build", "--no-pdf").code == 0
    assert '<p class="prevails-notice">' in p.read("output/de/privacy-policy.html")


def test_table_cells_gfm_drops_are_warned_at_their_row(new_project) -> None:
    """A row with more cells than its header (a real notice's table lost three categories of data
    this way): GFM shows as many cells as the header has, here as on GitHub; `check` says which row."""
    source = (f"{FM}## Data {{#data}}\n\n| Category | Source |\n| --- | --- |\n"
              "| Identifiers | Providers | | Geolocation data | Police |\n| Ok | Fine |\n\n"
              "> | a | b |\n> |---|---|\n> | 1 | 2 | 3 |\n\n| x \\| y | z |\n|---|---|\n| p \\| q | r |\n")
    p = build(new_project, source)
    result = p.run("check", "--format", "json")
    found = [(f["line"], f["msgctxt"], f["message"]) for f in json.loads(result.out) if f["check"] == "table-cells"]
    assert [(line, section) for line, section, _ in found] == [(10, "data"), (15, "data")]
    assert found[0][2].startswith("a table row of 5 cells under a header of 2: the last 3 cells are not shown")
    assert found[1][2].startswith("a table row of 3 cells under a header of 2: the last cell is not shown")
    assert p.run("build", "--no-pdf").code == 0
    page = p.read("output/en/privacy-policy.html")
    assert "Providers" in page and "Geolocation data" not in page  # as GFM shows it: the warning is the news


def test_a_bare_url_keeps_its_direction_and_leaves_the_sentence_its_period(new_project) -> None:
    """In right-to-left text a bare URL is a left-to-right span; the full stop after it is the
    sentence's, so it stays outside (else it shows on the wrong side of the URL)."""
    source = (f"{FM}## Logos {{#logos}}\n\nSee https://github.com/logos. Or https://en.wikipedia.org/wiki/PCI_(DSS), "
              "or (https://example.com/a).\n")
    p = build(new_project, source)
    assert p.run("build", "--no-pdf").code == 0
    page = p.read("output/en/privacy-policy.html")
    assert ('See <span class="url" dir="ltr">https://github.com/logos</span>. Or '
            '<span class="url" dir="ltr">https://en.wikipedia.org/wiki/PCI_(DSS)</span>, or '
            '(<span class="url" dir="ltr">https://example.com/a</span>).') in page


def test_a_definition_list_of_kramdown_is_warned_at_its_line(new_project) -> None:
    source = f"{FM}## Terms {{#terms}}\n\nPersonal data\n: any information relating to a person.\n\nA: b and c: d.\n"
    p = build(new_project, source)
    found = [(f["line"], f["message"]) for f in json.loads(p.run("check", "--format", "json").out)
             if f["check"] == "extension-syntax"]
    assert found == [(9, "': any information relating to a p' is syntax of another tool (kramdown, Liquid): "
                         "policy-l10n keeps it as text, on the page too")]


def test_a_table_cell_of_only_a_no_break_space_is_kept(new_project) -> None:
    """Word and HTML converters write an empty cell as `&nbsp;`: the message keeps it (as an entity,
    since a raw no-break space at a cell's edge is trimmed away), and the page shows the cell."""
    source = f"{FM}## Plans {{#plans}}\n\n| Plan | Notes |\n|---|---|\n| Free | &nbsp; |\n| Pro | &#160; |\n"
    p = build(new_project, source)
    assert p.run("check").code == 0
    pot = p.read("locales/privacy-policy.pot")
    assert '"| Free | &nbsp; |\\n"' in pot and '"| Pro | &nbsp; |"' in pot
    assert p.run("build", "--no-pdf").code == 0
    page = p.read("output/en/privacy-policy.html")
    assert "<td>Free</td>" in page and page.count("<td>\xa0</td>") == 2
