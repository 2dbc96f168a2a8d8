"""The English source format (DESIGN.md "Source format"): front matter, sections, ids,
body normalisation and the exact `path:line: what` of every malformed source."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polib
import pytest

from conftest import make_project
from pipeline.catalog import document_messages
from pipeline.errors import SourceError
from pipeline.source import parse_document, section_numbers, slugify

FIXTURES = Path(__file__).parent / "fixtures" / "source"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
REGIONS = tuple(EXPECTED["_regions"])
CASES = sorted(k for k in EXPECTED if not k.startswith("_"))
ERROR_CASES = [k for k in CASES if "error" in EXPECTED[k]]

REGIONS_CONFIG = """
[tool.policy-l10n.regions.eu]
locales = ["en", "de"]
[tool.policy-l10n.regions.us]
locales = ["en"]
"""

FM = "---\ntitle: Policy\nupdated: 2026-02-01\n---\n"


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.md").read_text(encoding="utf-8")


def parse_fixture(name: str):
    return parse_document(fixture_text(name), f"source/{name}.md", regions=REGIONS)


def doc_dict(doc, *, with_lines: bool = True) -> dict:
    numbers = section_numbers(doc.sections)
    out = {"title": doc.title, "updated": doc.updated.isoformat(), "preamble": doc.preamble,
           "title_line": doc.title_line, "preamble_line": doc.preamble_line,
           "sections": [{"id": s.id, "level": s.level, "title": s.title, "regions": list(s.regions),
                         "line": s.line, "body_line": s.body_line, "number": numbers[s.id],
                         "explicit_id": s.explicit_id, "body": s.body} for s in doc.sections]}
    if not with_lines:
        out.pop("preamble_line")
        for s in out["sections"]:
            s.pop("line"), s.pop("body_line")
    return out


# --------------------------------------------------------------------------- data-driven fixtures

def test_every_fixture_has_an_expectation():
    on_disk = sorted(p.stem for p in FIXTURES.glob("*.md"))
    assert on_disk == CASES


@pytest.mark.parametrize("name", [k for k in CASES if "error" not in EXPECTED[k]])
def test_fixture_parses_as_expected(name):
    expected = EXPECTED[name]
    doc = parse_fixture(name)
    if "same_as" in expected:
        other = parse_fixture(expected["same_as"])
        assert doc_dict(doc, with_lines=False) == doc_dict(other, with_lines=False)
        assert [(m.msgctxt, m.msgid) for m in document_messages(doc)] == \
               [(m.msgctxt, m.msgid) for m in document_messages(other)]
    else:
        assert doc_dict(doc) == expected


@pytest.mark.parametrize("name", ERROR_CASES)
def test_fixture_error_from_the_parser(name):
    with pytest.raises(SourceError) as info:
        parse_fixture(name)
    assert str(info.value) == EXPECTED[name]["error"]


@pytest.mark.parametrize("name", ERROR_CASES)
@pytest.mark.parametrize("command", [("status",), ("update",), ("extract",)])
def test_fixture_error_from_the_cli(tmp_path, name, command):
    """The same error through the real CLI: one line, exit 2, nothing written."""
    p = make_project(tmp_path / "p", locales=("de",), source=fixture_text(name), doc_id=name,
                     extra_config=REGIONS_CONFIG)
    before = p.snapshot()
    r = p.run(*command)
    assert (r.code, r.err) == (2, EXPECTED[name]["error"] + "\n")
    assert r.out == ""
    assert p.snapshot() == before
    assert not (p.root / "locales").exists()  # not even the lock file


# --------------------------------------------------------------------------- front matter

def test_front_matter_title_and_date():
    doc = parse_document("---\ntitle: \"Terms  of\n  Service\"\nupdated: 2026-02-01\n---\n\n## A {#a}\n",
                         "source/terms.md")
    assert doc.id == "terms"
    assert doc.title == "Terms of Service"
    assert doc.updated == dt.date(2026, 2, 1)
    assert doc.preamble == ""


def test_front_matter_accepts_crlf_and_bom():
    text = "\ufeff---\r\ntitle: T\r\nupdated: 2026-02-01\r\n---\r\n\r\n## A {#a}\r\n\r\nOne\r\ntwo.\r\n"
    doc = parse_document(text, "source/x.md")
    assert [(s.id, s.body, s.line) for s in doc.sections] == [("a", "One two.", 6)]


@pytest.mark.parametrize("updated", ["2026-02-01", "'2026-02-01'", '"2026-02-01"', "2026-02-01T09:30:00Z",
                                     "'2026-02-01 09:30:00'"])
def test_updated_may_be_quoted_or_a_timestamp(updated):
    """Sites' front matter often quotes its dates: a quoted one is read as YAML reads it unquoted."""
    doc = parse_document(f"---\ntitle: T\nupdated: {updated}\n---\n\n## A {{#a}}\n\nx\n", "source/x.md")
    assert doc.updated == dt.date(2026, 2, 1)


@pytest.mark.parametrize("updated, line, what", [
    ("2026-02-30", 3, "invalid date in front matter: day is out of range for month"),
    ("'2026-02-30'", 3, "invalid date in front matter: day is out of range for month"),
    ("'1 February 2026'", 3, "front matter needs 'updated' as a date YYYY-MM-DD"),
    ("'2026-02-01 and later'", 3, "front matter needs 'updated' as a date YYYY-MM-DD"),
    ("", 3, "front matter needs 'updated' as a date YYYY-MM-DD"),
])
def test_bad_updated_date(updated, line, what):
    with pytest.raises(SourceError) as info:
        parse_document(f"---\ntitle: T\nupdated: {updated}\n---\n", "source/x.md")
    assert str(info.value) == f"source/x.md:{line}: {what}"


# --------------------------------------------------------------------------- sections

@pytest.mark.parametrize("heading", ["## Intro {#intro}", "## Intro { #intro }", "## Intro {: #intro}",
                                     "## Intro ## {#intro}", "## Intro {#intro} ##", "Intro {#intro}\n-----"])
def test_an_explicit_id_as_other_tools_let_authors_write_it(heading):
    """Pandoc and Python-Markdown's attr_list allow spaces inside the braces, kramdown writes
    `{: #id}`, and a closing sequence of `#` may stand before the braces (or after them)."""
    doc = parse_document(f"{FM}\n{heading}\n\nText.\n", "source/x.md")
    assert [(s.id, s.title, s.explicit_id) for s in doc.sections] == [("intro", "Intro", True)]


def test_a_hash_inside_a_heading_is_its_text():
    doc = parse_document(f"{FM}\n## C# tips {{#languages}}\n\nText.\n", "source/x.md")
    assert [(s.id, s.title) for s in doc.sections] == [("languages", "C# tips")]


def test_sections_ids_levels_titles_regions_lines():
    doc = parse_fixture("basic")
    assert [(s.id, s.level, s.title, s.regions, s.line) for s in doc.sections] == [
        ("introduction", 2, "Introduction", (), 9),
        ("information-we-collect", 2, "Information We Collect", (), 14),
        ("cookies-tracking", 3, "Cookies & Tracking", (), 22),
        ("uber-uns-kontakt", 4, "Über uns: Kontakt!", (), 26),
        ("eu-representative", 3, "EU Representative", ("eu",), 30),
        ("your-rights", 2, "Your Rights", ("eu", "us"), 34),
        ("code", 2, "Code", (), 36),
    ]
    lines = fixture_text("basic").split("\n")
    for s in doc.sections:  # the recorded line is the heading's
        assert lines[s.line - 1].startswith("#" * s.level + " " + s.title)
    assert lines[doc.section("information-we-collect").body_line - 1] == "We collect:"
    assert lines[doc.section("code").body_line - 1] == "```"


def test_section_numbers_nest_and_follow_region_filtering():
    doc = parse_fixture("basic")
    assert section_numbers(doc.sections) == {
        "introduction": "1", "information-we-collect": "2", "cookies-tracking": "2.1",
        "uber-uns-kontakt": "2.1.1", "eu-representative": "2.2", "your-rights": "3", "code": "4"}
    # numbers are per page, after region filtering
    assert section_numbers(doc.sections_for_region("us")) == {
        "introduction": "1", "information-we-collect": "2", "cookies-tracking": "2.1",
        "uber-uns-kontakt": "2.1.1", "your-rights": "3", "code": "4"}
    assert section_numbers(doc.sections_for_region("jp")) == {
        "introduction": "1", "information-we-collect": "2", "cookies-tracking": "2.1",
        "uber-uns-kontakt": "2.1.1", "code": "3"}


def test_section_number_is_in_the_translator_comment_not_the_message(tmp_path):
    p = make_project(tmp_path / "p", source=fixture_text("basic"), extra_config=REGIONS_CONFIG)
    assert p.run("extract").code == 0
    pot = polib.pofile(str(p.path("locales/privacy-policy.pot")))
    entry = pot.find("Cookies & Tracking", by="msgid", msgctxt="cookies-tracking.title")
    assert "Section 2.1 “Cookies & Tracking”" in entry.comment
    assert "2.1" not in entry.msgid
    eu = pot.find("Our EU representative.", by="msgid", msgctxt="eu-representative")
    assert "Only in regions: eu." in eu.comment


@pytest.mark.parametrize("heading, slug", [
    ("Your Rights", "your-rights"),
    ("Cookies & Tracking", "cookies-tracking"),
    ("Über uns: Kontakt!", "uber-uns-kontakt"),
    ("  Changes -- to   This Policy  ", "changes-to-this-policy"),
    ("Section 3.2 (EU/UK)", "section-3-2-eu-uk"),
    ("Ça coûte 100 €", "ca-coute-100"),
])
def test_slug_of_a_heading_without_id(heading, slug):
    assert slugify(heading) == slug
    doc = parse_document(f"{FM}\n## {heading}\n\nText.\n", "source/x.md")
    assert [(s.id, s.explicit_id) for s in doc.sections] == [(slug, False)]


def test_explicit_id_survives_a_reworded_title():
    a = parse_document(f"{FM}\n## Contact Us {{#contact-us}}\n\nWrite.\n", "source/x.md")
    b = parse_document(f"{FM}\n## How to Reach Us {{#contact-us}}\n\nWrite.\n", "source/x.md")
    assert [s.id for s in a.sections] == [s.id for s in b.sections] == ["contact-us"]
    assert b.sections[0].title == "How to Reach Us"


def test_heading_id_with_regions_attribute():
    doc = parse_document(f'{FM}\n## Rights {{#rights regions="eu us"}}\n\nText.\n', "source/x.md",
                         regions=("eu", "us", "jp"))
    s = doc.sections[0]
    assert (s.id, s.title, s.regions) == ("rights", "Rights", ("eu", "us"))


# --------------------------------------------------------------------------- normalisation

def test_rewrapping_gives_the_same_messages():
    a, b = parse_fixture("rewrap-a"), parse_fixture("rewrap-b")
    assert [(m.msgctxt, m.msgid) for m in document_messages(a)] == \
           [(m.msgctxt, m.msgid) for m in document_messages(b)]


@pytest.mark.parametrize("body, normalised", [
    ("One\ntwo   three.\n", "One two three."),
    ("  Leading spaces\n\n\n\nSecond\tparagraph.  \n\n", "Leading spaces\n\nSecond paragraph."),
    ("- a\n  continued\n-   b\n- c\n", "- a continued\n- b\n- c"),
    ("1. first\n   more\n2.  second\n", "1. first more\n2. second"),
    ("- outer\n  - inner\n    wrapped\n- next\n", "- outer\n  - inner wrapped\n- next"),
    ("```python\nx  =  1\n\n\ny = 2   \n```\n", "```python\nx  =  1\n\n\ny = 2   \n```"),
    ("    indented   code\n    second  line\n", "```\nindented   code\nsecond  line\n```"),
    ("> quote  \n> more\n", "> quote\\\n> more"),
    ("> quote\n> more\n", "> quote more"),
    ("Text.\n\n* * *\n\nMore.\n", "Text.\n\n***\n\nMore."),
    ("**Bold** and [a link](https://example.com)\nwrapped.\n",
     "**Bold** and [a link](https://example.com) wrapped."),
    # two lists in a row (a new bullet starts a new list) stay two lists
    ("- a\n- b\n* c\n+ d\n", "- a\n- b\n\n* c\n\n- d"),
    ("1. one\n2) two\n", "1. one\n\n2) two"),
    ("- a\n\nText.\n\n- b\n", "- a\n\nText.\n\n- b"),
])
def test_body_normalisation(body, normalised):
    doc = parse_document(f"{FM}\n## A {{#a}}\n\n{body}", "source/x.md")
    assert doc.sections[0].body == normalised
    # normalising is idempotent: the normalised text parses to itself
    again = parse_document(f"{FM}\n## A {{#a}}\n\n{normalised}\n", "source/x.md")
    assert again.sections[0].body == normalised


def test_empty_section_has_no_body_message():
    doc = parse_document(f"{FM}\n## Parent {{#parent}}\n### Child {{#child}}\n\nText.\n", "source/x.md")
    assert [(m.msgctxt, m.msgid) for m in document_messages(doc)] == [
        ("document.title", "Policy"), ("parent.title", "Parent"), ("child.title", "Child"),
        ("child", "Text.")]


def test_references_point_at_the_source_lines(tmp_path):
    p = make_project(tmp_path / "p", source=fixture_text("basic"), extra_config=REGIONS_CONFIG)
    assert p.run("extract").code == 0
    pot = polib.pofile(str(p.path("locales/privacy-policy.pot")))
    refs = {e.msgctxt: e.occurrences for e in pot}
    assert refs["document.title"] == [("source/privacy-policy.md", "2")]
    assert refs["document.preamble"] == [("source/privacy-policy.md", "6")]
    assert refs["information-we-collect.title"] == [("source/privacy-policy.md", "14")]
    assert refs["information-we-collect"] == [("source/privacy-policy.md", "16")]
    assert refs["code"] == [("source/privacy-policy.md", "38")]
    assert "your-rights" not in refs  # no body, no message


def test_rewrapped_source_keeps_translations_current(tmp_path):
    """Re-wrapping the English never makes a section stale (status and update)."""
    p = make_project(tmp_path / "p", source=fixture_text("rewrap-a"))
    assert p.run("init", "de").code == 0
    en = {m.msgctxt: m.msgid for m in document_messages(parse_fixture("rewrap-a"))}
    p.translate("de", {k: f"DE {v}" for k, v in en.items()})
    p.write("source/privacy-policy.md", fixture_text("rewrap-b"))
    status = json.loads(p.run("status", "--format", "json").out)
    loc = status["documents"][0]["locales"][0]
    assert loc["summary"]["current"] == 1 and loc["document"]["state"] == "current"
    assert p.run("update").code == 0
    po = polib.pofile(str(p.po("de")))
    assert not [e for e in po if "fuzzy" in e.flags or e.previous_msgid]
    assert {e.msgctxt: e.msgstr for e in po} == {k: f"DE {v}" for k, v in en.items()}


# --------------------------------------------------------------------------- ids and regions

@pytest.mark.parametrize("heading, what", [
    ("## X {#../x}", "invalid section id '../x': use [a-z0-9][a-z0-9-]*"),
    ("## X {#a/b}", "invalid section id 'a/b': use [a-z0-9][a-z0-9-]*"),
    ("## X {#-x}", "invalid section id '-x': use [a-z0-9][a-z0-9-]*"),
    ("## X {#}", "invalid section id '': use [a-z0-9][a-z0-9-]*"),
    ("## {#x}", "heading has no text"),
    ("##", "heading has no text"),
    ("## X {#document}", "section id 'document' is reserved"),
    ("## Document", "section id 'document' is reserved"),
    ('## X {#x regions="eu ../y"}', "invalid region name '../y'"),
])
def test_bad_heading_is_an_error_at_its_line(heading, what):
    text = f"{FM}\n## Intro {{#intro}}\n\nText.\n\n{heading}\n\nBody.\n"
    with pytest.raises(SourceError) as info:
        parse_document(text, "source/x.md", regions=("eu",))
    assert str(info.value) == f"source/x.md:10: {what}"


def test_duplicate_id_reports_the_second_heading():
    text = f"{FM}\n## A {{#same}}\n\none\n\n## B\n\ntwo\n\n### C {{#same}}\n"
    with pytest.raises(SourceError) as info:
        parse_document(text, "source/x.md")
    assert str(info.value) == "source/x.md:14: duplicate section id 'same' (first at line 6)"


def test_unknown_region_is_an_error(tmp_path):
    """DESIGN.md: `{#id regions="..."}` naming a region that is not configured is an error."""
    text = f'{FM}\n## A {{#a}}\n\nText.\n\n## B {{#b regions="eu mars"}}\n\nText.\n'
    p = make_project(tmp_path / "p", source=text, extra_config=REGIONS_CONFIG)
    r = p.run("status")
    assert (r.code, r.err) == (
        2, "source/privacy-policy.md:10: unknown region 'mars' (configured regions: eu, us)\n")
    # with no regions configured, every region name is unknown
    q = make_project(tmp_path / "q", source=text.replace(" mars", ""))
    r = q.run("update")
    assert (r.code, r.err) == (
        2, "source/privacy-policy.md:10: unknown region 'eu' (configured regions: none)\n")
    assert not (q.root / "locales").exists()
    # a configured one is fine
    s = make_project(tmp_path / "s", source=text.replace(" mars", ""), extra_config=REGIONS_CONFIG)
    assert s.run("status").code == 0


def test_a_build_refuses_a_region_that_is_no_longer_configured(tmp_path):
    """The build reads a source back from its memo (.cache/build-memo.json) while its bytes are
    the same: the configured regions are part of that key, so dropping `eu` from the
    configuration makes the next build refuse the section that names it, as `status` does."""
    text = f'{FM}\n## A {{#a}}\n\nText.\n\n## B {{#b regions="eu"}}\n\nText.\n'
    p = make_project(tmp_path / "p", source=text, extra_config=REGIONS_CONFIG)
    first = p.run("build", "--no-pdf")
    assert first.code == 0, first.err
    p.write("pyproject.toml", p.read("pyproject.toml").replace("[tool.policy-l10n.regions.eu]\nlocales = [\"en\", \"de\"]\n", ""))
    assert "regions.eu" not in p.read("pyproject.toml")
    before = p.snapshot()
    r = p.run("build", "--no-pdf")
    assert (r.code, r.err) == (2, "source/privacy-policy.md:10: unknown region 'eu' (configured regions: us)\n")
    assert p.snapshot() == before


def test_document_id_comes_from_the_file_stem(tmp_path):
    p = make_project(tmp_path / "p", doc_id="terms-of-service")
    assert p.run("extract").code == 0
    assert p.path("locales/terms-of-service.pot").is_file()
    bad = make_project(tmp_path / "q", doc_id="ui")
    r = bad.run("status")
    assert r.code == 2
    assert r.err.startswith("source/ui.md:1: invalid document id 'ui'")


def test_sections_are_numbered_by_nesting() -> None:
    """`####` right under `##` is 2.1, not 2.0.1; a deeper heading before a shallower one still counts."""
    from pipeline.source import Section, section_numbers

    def sec(sid: str, level: int, title: str = "Title") -> Section:
        return Section(id=sid, level=level, title=title, body="", regions=(), line=1, body_line=2)

    assert section_numbers([sec("a", 2), sec("b", 4), sec("c", 3), sec("d", 2), sec("e", 3)]) == \
        {"a": "1", "b": "1.1", "c": "1.2", "d": "2", "e": "2.1"}
    assert section_numbers([sec("a", 3), sec("b", 2)]) == {"a": "1", "b": "2"}


def test_a_document_numbering_some_headings_itself_gets_no_numbers() -> None:
    """A contract numbers its clauses, not its recitals or schedules: no "3. 1. Definitions"."""
    from pipeline.source import Section, section_numbers

    def sec(sid: str, title: str, level: int = 2) -> Section:
        return Section(id=sid, level=level, title=title, body="", regions=(), line=1, body_line=2)

    contract = [sec("whereas", "*WHEREAS*", 3), sec("defs", "1. Definitions"), sec("shall", "Processor shall:", 3),
                sec("sched", "Schedule A - Subprocessors"), sec("appl", "*1. Applicability*", 4)]
    assert set(section_numbers(contract).values()) == {""}
    for title in ("2.3 Fees", "§ 4 Term", "1) Scope", "10. Deletion"):
        assert section_numbers([sec("a", "Intro"), sec("b", title)]) == {"a": "", "b": ""}, title
    for title in ("3 ways we use your data", "2026 update", "24/7 support", "1.5x faster"):
        assert section_numbers([sec("a", "Intro"), sec("b", title)]) == {"a": "1", "b": "2"}, title


def test_headings_with_their_own_numbers_get_no_second_one(new_project) -> None:
    source = ("---\ntitle: Terms\nupdated: 2026-02-01\n---\n\n## 1. Compliance with Laws {#compliance}\n\n"
              "Obey the law.\n\n## 2. Fees {#fees}\n\nPay the fees.\n")
    p = new_project(locales=("de",), source=source)
    assert p.run("init", "de").code == 0 and p.run("build", "--no-pdf").code == 0
    page = p.read("output/en/privacy-policy.html")
    assert "1. Compliance with Laws" in page and "1. 1. Compliance" not in page
    assert '<span class="num">' not in page
