"""`status`: states computed from today's source and the .po files (DESIGN.md "Freshness")."""

from __future__ import annotations

import json
import re

import polib
import pytest

from conftest import SMALL_SOURCE, Project, make_project

DOC = "source/privacy-policy.md"
DR_EN = "We retain data for 90 days. Contact <privacy@aimonitor.dev>."

SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

This policy applies to everyone.

## Introduction {#introduction}

AImonitor is committed to protecting your privacy.

## Data Retention {#data-retention}

We retain data for 90 days. Contact <privacy@aimonitor.dev>.

## EU Representative {#eu-representative regions="eu"}

Our representative in the European Union is Example GmbH.

## Swiss and EU Rights {#european-rights regions="eu ch"}

You may lodge a complaint with a supervisory authority.

## Contact Us {#contact-us}

Write to us.
"""

CONFIG = """
[tool.policy-l10n.fallbacks]
de_CH = ["de"]

[tool.policy-l10n.regions.eu]
locales = ["en", "de", "fr"]

[tool.policy-l10n.regions.ch]
locales = ["en", "de_CH", "fr"]

[tool.policy-l10n.regions.jp]
locales = ["en", "ja"]
"""

ALL_IDS = ["introduction", "data-retention", "eu-representative", "european-rights", "contact-us"]


# --------------------------------------------------------------------------- helpers

@pytest.fixture
def multi(tmp_path) -> Project:
    p = make_project(tmp_path / "multi", locales=("de", "de_CH", "fr", "ja"), source=SOURCE,
                     extra_config=CONFIG)
    r = p.run("init", "de", "de_CH", "fr", "ja")
    assert r.code == 0, r.err
    return p


def english(p: Project, locale: str = "de") -> dict[str, str]:
    return {e.msgctxt: e.msgid for e in polib.pofile(str(p.po(locale))) if not e.obsolete}


def translate_all(p: Project, locale: str = "de", prefix: str = "DE", only=None) -> None:
    en = english(p, locale)
    p.translate(locale, {k: f"{prefix} {v}" for k, v in en.items()
                         if only is None or k.split(".")[0] in only})


def edit_source(p: Project, old: str, new: str) -> None:
    text = p.read(DOC)
    assert old in text, old
    p.write(DOC, text.replace(old, new))


def status(p: Project, *args: str) -> dict:
    r = p.run("status", "--format", "json", *args)
    assert r.code == 0, r.err
    return json.loads(r.out)


def locale_status(p: Project, locale: str = "de") -> dict:
    doc = status(p, "--locale", locale)["documents"][0]
    (loc,) = doc["locales"]
    assert loc["locale"] == locale
    return loc


def states(p: Project, locale: str = "de") -> dict[str, str]:
    return {s["id"]: s["state"] for s in locale_status(p, locale)["sections"]}


def words(*texts: str) -> int:
    return sum(len(t.split()) for t in texts)


# --------------------------------------------------------------------------- the four states

def test_fresh_catalog_is_all_missing(project):
    loc = locale_status(project)
    assert loc["summary"] == {"sections": 3, "current": 0, "stale": 0, "review": 0, "missing": 3,
                              "words_to_translate": loc["summary"]["words_to_translate"]}
    assert loc["document"]["state"] == "missing"
    assert all("previous_source" not in s for s in loc["sections"])


def test_stale_is_computed_from_source_before_update(project):
    translate_all(project)
    assert set(states(project).values()) == {"current"}
    edit_source(project, "90 days", "30 days")   # no `update`
    loc = locale_status(project)
    dr = next(s for s in loc["sections"] if s["id"] == "data-retention")
    assert dr["state"] == "stale"
    assert dr["source"] == DR_EN.replace("90", "30")
    assert dr["previous_source"] == DR_EN
    assert loc["summary"]["stale"] == 1 and loc["summary"]["current"] == 2
    before = status(project)
    assert project.run("update").code == 0
    assert status(project) == before        # same answer after update


def test_review_state_is_fuzzy_without_previous_english(project):
    translate_all(project)
    project.translate("de", {"data-retention": "Vorschlag der Maschine"}, fuzzy=True)
    loc = locale_status(project)
    dr = next(s for s in loc["sections"] if s["id"] == "data-retention")
    assert dr["state"] == "review" and "previous_source" not in dr
    assert loc["summary"]["review"] == 1
    assert loc["summary"]["words_to_translate"] == words("Data Retention", DR_EN)
    assert project.run("update").code == 0
    assert locale_status(project) == loc


def test_a_b_a_is_current_before_and_after_update(project):
    translate_all(project)
    edit_source(project, "90 days", "30 days")
    assert project.run("update").code == 0
    assert states(project)["data-retention"] == "stale"
    edit_source(project, "30 days", "90 days")   # back to what was translated
    before = status(project)
    assert states(project)["data-retention"] == "current"
    assert project.run("update").code == 0
    assert status(project) == before


def test_section_is_the_worst_of_title_and_body(project):
    project.translate("de", {"data-retention": "Wir speichern Daten 90 Tage."})  # title missing
    assert states(project)["data-retention"] == "missing"
    project.translate("de", {"data-retention.title": "Aufbewahrung"})
    assert states(project)["data-retention"] == "current"
    project.translate("de", {"data-retention.title": "Aufbewahrung"}, fuzzy=True)
    assert states(project)["data-retention"] == "review"


def test_title_only_stale_reports_the_titles(project):
    translate_all(project)
    edit_source(project, "## Data Retention {#data-retention}", "## How Long We Keep Data {#data-retention}")
    dr = next(s for s in locale_status(project)["sections"] if s["id"] == "data-retention")
    assert (dr["state"], dr["title"], dr["source"], dr["previous_source"]) == (
        "stale", "How Long We Keep Data", "How Long We Keep Data", "Data Retention")


def test_document_pseudo_section(project):
    translate_all(project)
    loc = locale_status(project)
    assert loc["document"]["state"] == "current"
    edit_source(project, "title: Privacy Policy", "title: Privacy Notice")
    loc = locale_status(project)
    assert loc["document"]["state"] == "stale"
    assert loc["summary"]["sections"] == 3 and loc["summary"]["current"] == 3  # not counted as a section
    assert loc["summary"]["words_to_translate"] == words("Privacy Notice")      # but counted in words
    r = project.run("status", "--fail-on", "stale")
    assert r.code == 1


# --------------------------------------------------------------------------- fallbacks and regions

def test_variant_takes_sections_from_its_fallback(multi):
    translate_all(multi, "de")
    ch = locale_status(multi, "de_CH")
    assert {s["id"]: (s["state"], s["translation_locale"]) for s in ch["sections"]} == {
        "introduction": ("current", "de"), "data-retention": ("current", "de"),
        "european-rights": ("current", "de"), "contact-us": ("current", "de")}
    assert ch["document"]["state"] == "current"
    # de is stale → the de_CH section that comes from de is stale too, with de's English
    edit_source(multi, "90 days", "30 days")
    dr = next(s for s in locale_status(multi, "de_CH")["sections"] if s["id"] == "data-retention")
    assert (dr["state"], dr["translation_locale"], dr["previous_source"]) == ("stale", "de", DR_EN)


def test_variant_own_translation_wins(multi):
    translate_all(multi, "de")
    edit_source(multi, "90 days", "30 days")
    assert multi.run("update").code == 0
    # de_CH translates data-retention against today's English: current, from de_CH
    translate_all(multi, "de_CH", prefix="CH", only={"data-retention"})
    ch = {s["id"]: s for s in locale_status(multi, "de_CH")["sections"]}
    assert (ch["data-retention"]["state"], ch["data-retention"]["translation_locale"]) == ("current", "de_CH")
    assert (ch["introduction"]["state"], ch["introduction"]["translation_locale"]) == ("current", "de")
    # de itself is still stale
    assert states(multi, "de")["data-retention"] == "stale"


def test_title_and_body_come_from_the_same_locale(multi):
    translate_all(multi, "de")
    multi.translate("de_CH", {"introduction": "Grüezi."})   # body only, no title
    intro = next(s for s in locale_status(multi, "de_CH")["sections"] if s["id"] == "introduction")
    assert (intro["state"], intro["translation_locale"]) == ("missing", "de_CH")


def test_regions_limit_the_needed_sections(multi):
    assert [s["id"] for s in locale_status(multi, "de")["sections"]] == [
        "introduction", "data-retention", "eu-representative", "european-rights", "contact-us"]
    assert [s["id"] for s in locale_status(multi, "de_CH")["sections"]] == [
        "introduction", "data-retention", "european-rights", "contact-us"]
    assert [s["id"] for s in locale_status(multi, "fr")["sections"]] == ALL_IDS  # eu and ch
    ja = locale_status(multi, "ja")
    assert [s["id"] for s in ja["sections"]] == ["introduction", "data-retention", "contact-us"]
    assert ja["summary"]["sections"] == 3
    # translating only what ja needs makes ja complete
    translate_all(multi, "ja", prefix="JA", only={"introduction", "data-retention", "contact-us",
                                                  "document"})
    ja = locale_status(multi, "ja")
    assert ja["summary"]["current"] == 3 and ja["summary"]["words_to_translate"] == 0
    assert multi.run("status", "--locale", "ja", "--fail-on", "any").code == 0
    assert multi.run("status", "--locale", "fr", "--fail-on", "any").code == 1


def test_words_to_translate(multi):
    loc = locale_status(multi, "ja")
    expected = words("Privacy Policy", "This policy applies to everyone.",
                     "Introduction", "AImonitor is committed to protecting your privacy.",
                     "Data Retention", DR_EN, "Contact Us", "Write to us.")
    assert loc["summary"]["words_to_translate"] == expected
    assert sum(s["words"] for s in loc["sections"]) + loc["document"]["words"] == expected
    translate_all(multi, "ja", prefix="JA")
    assert locale_status(multi, "ja")["summary"]["words_to_translate"] == 0
    edit_source(multi, "Write to us.", "Write to us at any time.")
    assert locale_status(multi, "ja")["summary"]["words_to_translate"] == words("Contact Us",
                                                                               "Write to us at any time.")
    # a section needed only elsewhere never counts
    edit_source(multi, "Example GmbH", "Example AG")
    assert locale_status(multi, "ja")["summary"]["words_to_translate"] == words("Contact Us",
                                                                               "Write to us at any time.")


# --------------------------------------------------------------------------- JSON

def test_json_schema(multi):
    translate_all(multi, "de")
    edit_source(multi, "90 days", "30 days")
    data = status(multi)
    assert data["source_locale"] == "en"
    (doc,) = data["documents"]
    assert doc["id"] == "privacy-policy"
    assert [loc["locale"] for loc in doc["locales"]] == ["de", "de_CH", "fr", "ja"]
    for loc in doc["locales"]:
        assert {"locale", "summary", "document", "approval", "sections"} <= set(loc)
        assert set(loc["summary"]) >= {"sections", "current", "stale", "review", "missing",
                                       "words_to_translate"}
        assert loc["summary"]["sections"] == len(loc["sections"]) == sum(
            loc["summary"][s] for s in ("current", "stale", "review", "missing"))
        assert loc["document"]["state"] in ("current", "stale", "review", "missing")
        assert loc["approval"] == {"state": "none", "by": None, "at": None}
        ids = [s["id"] for s in loc["sections"]]
        assert ids == [i for i in ALL_IDS if i in ids]          # source order
        for s in loc["sections"]:
            assert {"id", "title", "state"} <= set(s)
            assert ("previous_source" in s) == (s["state"] == "stale")
            if s["state"] == "stale":
                assert isinstance(s["source"], str) and isinstance(s["previous_source"], str)
    de = doc["locales"][0]
    assert de["summary"] == {"sections": 5, "current": 4, "stale": 1, "review": 0, "missing": 0,
                             "words_to_translate": words("Data Retention", DR_EN)}
    assert [u["locale"] for u in data["ui"]] == ["de", "de_CH", "fr", "ja"]
    ui_messages = len(polib.pofile(str(multi.path("locales/de/LC_MESSAGES/ui.po"))))
    for u in data["ui"]:
        assert u["summary"]["messages"] == ui_messages
        assert set(u["summary"]) >= {"messages", "current", "stale", "review", "missing"}


def test_ui_status_counts_template_strings(project):
    ui = status(project)["ui"][0]["summary"]
    assert ui["missing"] == ui["messages"] > 0
    en = {e.msgctxt: e.msgid for e in polib.pofile(str(project.po("de", "ui")))}
    project.translate("de", {k: f"DE {v}" for k, v in en.items()}, domain="ui")
    ui = status(project)["ui"][0]["summary"]
    assert ui["current"] == ui["messages"] and ui["missing"] == 0


# --------------------------------------------------------------------------- --fail-on

def test_fail_on(project):
    r = project.run("status", "--fail-on", "stale")
    assert r.code == 0                                     # all missing, nothing stale
    r = project.run("status", "--fail-on", "missing")
    assert r.code == 1 and "privacy-policy" in r.out       # the full report either way
    assert re.search(r"^policy-l10n: fail-on: privacy-policy \[de\]: 4 missing$", r.err, re.M)

    translate_all(project)
    for cond in ("missing", "stale", "review", "any"):
        assert project.run("status", "--fail-on", cond).code == 0, cond

    edit_source(project, "90 days", "30 days")
    cases = {("stale",): 1, ("missing",): 0, ("review",): 0, ("any",): 1,
             ("review", "missing"): 0, ("review", "stale"): 1, ("missing", "stale"): 1}
    for conds, code in cases.items():
        args = [x for c in conds for x in ("--fail-on", c)]
        r = project.run("status", *args)
        assert r.code == code, conds
        assert "privacy-policy" in r.out and ("stale" in r.err) == bool(code)


def test_fail_on_counts_the_document_pseudo_section(project):
    en = english(project)
    project.translate("de", {k: f"DE {v}" for k, v in en.items() if k != "document.title"})
    assert set(states(project).values()) == {"current"}
    assert project.run("status", "--fail-on", "missing").code == 1
    assert project.run("status", "--fail-on", "any").code == 1


def test_fail_on_bad_value_is_exit_2(project):
    r = project.run("status", "--fail-on", "sometimes")
    assert r.code == 2 and r.err.count("\n") == 1 and r.err.startswith("policy-l10n: ")


# --------------------------------------------------------------------------- formats and --diff

def test_markdown_has_a_table(project):
    translate_all(project)
    edit_source(project, "90 days", "30 days")
    r = project.run("status", "--format", "markdown", "--diff")
    assert r.code == 0
    lines = r.out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Locale |"))
    assert re.fullmatch(r"\|(\s*-+:?\s*\|)+", lines[header + 1].replace("---:", "---"))
    row = lines[header + 2]
    assert row.startswith("| `de` |")
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == len(lines[header].strip("|").split("|"))
    assert "3" in cells and "1" in cells
    assert "[-90-]{+30+}" in r.out


def test_diff_shows_the_changed_words(project):
    translate_all(project)
    edit_source(project, "We retain data for 90 days.", "We keep data for 30 days.")
    r = project.run("status", "--diff")
    assert r.code == 0
    assert "stale" in r.out and "data-retention" in r.out
    assert "[-retain-]{+keep+}" in r.out and "[-90-]{+30+}" in r.out
    assert "\x1b[" not in r.out                          # no colour when not a terminal
    plain = project.run("status")
    assert "[-90-]" not in plain.out


def test_status_selects_locales_and_documents(multi):
    data = status(multi, "--locale", "fr", "--locale", "ja")
    assert [loc["locale"] for loc in data["documents"][0]["locales"]] == ["fr", "ja"]
    assert [u["locale"] for u in data["ui"]] == ["fr", "ja"]
    assert status(multi, "--document", "privacy-policy")["documents"][0]["id"] == "privacy-policy"
    r = multi.run("status", "--document", "terms")
    assert r.code == 2 and r.err.count("\n") == 1 and "terms" in r.err
    r = multi.run("status", "--locale", "es")
    assert r.code == 2 and r.err.count("\n") == 1 and "'es'" in r.err


def test_status_writes_nothing(project):
    translate_all(project)
    edit_source(project, "90 days", "30 days")
    before = project.snapshot()
    for args in ((), ("--format", "json"), ("--format", "markdown", "--diff"), ("--fail-on", "any")):
        project.run("status", *args)
    assert project.snapshot() == before
