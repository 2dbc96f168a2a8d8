"""`adopt LOCALE FILE...`: an existing translation into the `.po`, aligned by structure.

Each test writes a German translation of a small policy (entries known one by one),
edits its structure or the English's, adopts it, and reads the `.po` back entry by entry.
"""

from __future__ import annotations

import polib
import pytest

from conftest import msgfmt_check

SOURCE = """\
---
title: Terms of Service
updated: 2026-02-01
---

## Acceptance {#acceptance}

By using AImonitor you accept these terms.

You must be at least 16 years old to use the service.

## Fees {#fees}

The Pro plan costs 49 EUR a month, billed on the 1st.

- Invoices are sent by e-mail.
- Refunds are possible within 14 days.
- Taxes are added where required.

## Termination {#termination}

Either party may end the agreement at any time.

We keep your data for 30 days after termination, then delete it.

## Liability {#liability}

Our liability is limited to the fees paid in the last 12 months.

## Contact {#contact}

Write to <legal@aimonitor.dev> or see https://aimonitor.dev/legal.
"""

GERMAN = {
    "document.title": "Nutzungsbedingungen",
    "acceptance.title": "Annahme",
    "acceptance": "Durch die Nutzung von AImonitor akzeptieren Sie diese Bedingungen.\n\n"
                  "Sie müssen mindestens 16 Jahre alt sein, um den Dienst zu nutzen.",
    "fees.title": "Gebühren",
    "fees": "Der Pro-Tarif kostet 49 EUR im Monat, abgerechnet am 1. des Monats.\n\n"
            "- Rechnungen werden per E-Mail versandt.\n- Erstattungen sind innerhalb von 14 Tagen möglich.\n"
            "- Steuern werden hinzugefügt, wo erforderlich.",
    "termination.title": "Kündigung",
    "termination": "Jede Partei kann die Vereinbarung jederzeit beenden.\n\n"
                   "Wir bewahren Ihre Daten nach der Kündigung 30 Tage lang auf und löschen sie dann.",
    "liability.title": "Haftung",
    "liability": "Unsere Haftung ist auf die in den letzten 12 Monaten gezahlten Gebühren beschränkt.",
    "contact.title": "Kontakt",
    "contact": "Schreiben Sie an <legal@aimonitor.dev> oder besuchen Sie https://aimonitor.dev/legal.",
}
SECTIONS = ["acceptance", "fees", "termination", "liability", "contact"]


def german_markdown(order=SECTIONS, *, drop_paragraph: str | None = None, extra_section: bool = False) -> str:
    out = ["---", f"title: {GERMAN['document.title']}", "---", ""]
    for sec in order:
        out += [f"## {GERMAN[sec + '.title']}", ""]
        body = GERMAN[sec]
        if sec == drop_paragraph:
            body = body.split("\n\n", 1)[1]
        out += [body, ""]
        if extra_section and sec == "fees":
            out += ["## Zahlungsarten", "", "Wir akzeptieren Kreditkarten und Überweisung.", ""]
    return "\n".join(out)


@pytest.fixture
def terms(new_project):
    p = new_project(source=SOURCE, doc_id="terms", locales=("de", "ar", "ja"))
    assert p.run("init", "de", "ar", "ja").code == 0
    return p


def _entries(p, locale="de"):
    po = polib.pofile(str(p.po(locale, "terms")))
    return {e.msgctxt: e for e in po if not e.obsolete}


def _adopted(p, locale="de"):
    return {ctx: e.msgstr for ctx, e in _entries(p, locale).items() if e.msgstr}


def test_adopt_pairs_every_entry_as_review(terms):
    terms.write("de/terms.md", german_markdown())
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 0, r.err
    assert _adopted(terms) == GERMAN
    for ctx, entry in _entries(terms).items():
        assert "fuzzy" in entry.flags and entry.previous_msgid is None, ctx
    assert "5 of 5 sections paired, 11 entries adopted (review), 0 left" in r.out
    msgfmt_check(terms.po("de", "terms"))
    status = terms.run("status", "--locale", "de", "--format", "json")
    import json

    doc = json.loads(status.out)["documents"][0]["locales"][0]
    assert doc["summary"]["review"] == 5 and doc["document"]["state"] == "review"
    # where each translation came from: adopt, from this file (a comment Poedit and msgmerge keep)
    assert {s["provenance"]["kind"] for s in doc["sections"]} == {"adopt"}
    assert {s["provenance"]["detail"] for s in doc["sections"]} == {"de/terms.md"}  # as the project names it
    assert terms.run("check", "--locale", "de").code == 0


def test_a_file_from_outside_the_project_is_recorded_by_its_name(terms, tmp_path):
    """A path of the translator's machine says nothing in a committed catalog."""
    outside = tmp_path / "vendor" / "terms.de.md"
    outside.parent.mkdir()
    outside.write_text(german_markdown(), encoding="utf-8")
    r = terms.run("adopt", "de", str(outside))
    assert r.code == 0, r.err
    po = terms.po("de", "terms").read_text(encoding="utf-8")
    assert str(tmp_path) not in po and "adopt terms.de.md" in po


def test_a_missing_paragraph_leaves_only_its_section(terms):
    terms.write("de/terms.md", german_markdown(drop_paragraph="termination"))
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 0, r.err
    expected = {k: v for k, v in GERMAN.items() if k != "termination"}
    assert _adopted(terms) == expected
    line = SOURCE.split("\n").index("## Termination {#termination}") + 1
    de_line = german_markdown(drop_paragraph="termination").split("\n").index("## Kündigung") + 1
    assert f"source/terms.md:{line}: de/terms.md:{de_line}: section 'termination': 1 of 2 blocks paired" in r.out


def test_an_added_section_misaligns_nothing(terms):
    text = german_markdown(extra_section=True)
    terms.write("de/terms.md", text)
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 0, r.err
    assert _adopted(terms) == GERMAN
    line = text.split("\n").index("## Zahlungsarten") + 1
    assert f"de/terms.md:{line}: heading “Zahlungsarten” matches no section of source/terms.md" in r.out


def test_swapped_sections_are_paired_by_content(terms):
    order = ["acceptance", "fees", "liability", "termination", "contact"]
    terms.write("de/terms.md", german_markdown(order))
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 0, r.err
    adopted = _adopted(terms)
    # whatever is adopted is right; the sections anchored by figures are found out of order
    assert all(GERMAN[ctx] == text for ctx, text in adopted.items())
    assert {"liability", "termination", "fees", "contact"} <= set(adopted)


def test_a_section_the_english_added_is_left_untranslated(terms):
    terms.write("source/terms.md", SOURCE.replace("## Liability {#liability}",
                                                  "## Warranty {#warranty}\n\nThe service is provided as is.\n\n"
                                                  "## Liability {#liability}"))
    assert terms.run("update").code == 0
    terms.write("de/terms.md", german_markdown())
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 0, r.err
    assert _adopted(terms) == GERMAN
    line = terms.read("source/terms.md").split("\n").index("## Warranty {#warranty}") + 1
    assert f"source/terms.md:{line}: section 'warranty' (“Warranty”) has no counterpart in de/terms.md" in r.out


def _line_of(p, msgctxt: str) -> int:
    lines = p.po("de", "terms").read_text(encoding="utf-8").split("\n")
    return lines.index(f'msgctxt "{msgctxt}"') + 1


def test_adopt_never_overwrites(terms):
    terms.translate("de", {"fees.title": "Entgelte"}, domain="terms")
    terms.write("de/terms.md", german_markdown())
    before = terms.snapshot()
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 2
    assert r.err.startswith(f"locales/de/LC_MESSAGES/terms.po:{_line_of(terms, 'fees.title')}:") and "'fees.title' is already translated" in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert terms.snapshot() == before


def test_merge_fills_only_empty_entries(terms):
    terms.translate("de", {"fees.title": "Entgelte"}, domain="terms")
    terms.write("de/terms.md", german_markdown())
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")), "--merge")
    assert r.code == 0, r.err
    entries = _entries(terms)
    assert entries["fees.title"].msgstr == "Entgelte" and "fuzzy" not in entries["fees.title"].flags
    assert _adopted(terms) == {**GERMAN, "fees.title": "Entgelte"}
    assert "1 already translated kept" in r.out
    msgfmt_check(terms.po("de", "terms"))


def test_document_option_and_html_input(terms):
    import markdown_it

    body = markdown_it.MarkdownIt("commonmark").render(german_markdown().split("---\n", 2)[2])
    html = (f"<!doctype html><html lang=de><head><title>x</title><style>p{{}}</style></head><body>"
            f"<nav><a href='/'>Start</a></nav><main><h1>{GERMAN['document.title']}</h1>\n{body}</main>"
            "<footer>© 2026</footer></body></html>")
    terms.write("exports/agb.html", html)
    r = terms.run("adopt", "de", str(terms.path("exports/agb.html")), "--document", "terms")
    assert r.code == 0, r.err
    assert _adopted(terms) == GERMAN


BAD_INPUTS = {
    "empty": ("de", "de/terms.md", "", "de/terms.md:1:", "empty"),
    "blank": ("de", "de/terms.md", "\n  \n", "de/terms.md:1:", "empty"),
    "binary": ("de", "de/terms.md", "PK\x03\x04\x00\x00", "de/terms.md:1:", "binary"),
    "not markdown": ("de", "de/terms.docx", "Hallo", "de/terms.docx:1:", "not a Markdown or HTML file"),
    "html as md": ("de", "de/terms.md", "<!doctype html><html><p>x</p></html>", "de/terms.md:1:", "HTML"),
    "json as md": ("de", "de/terms.md", '{"title": "Nutzungsbedingungen", "sections": []}\n', "de/terms.md:1:",
                   "no heading"),
    "latin as arabic": ("ar", "ar/terms.md", None, "ar/terms.md:2:", "right-to-left"),
    "german as japanese": ("ja", "ja/terms.md", None, "ja/terms.md:2:", "Jpan"),
    "unknown document": ("de", "de/nothing.md", None, "de/nothing.md:1:", "no source/nothing.md"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS), ids=str)
def test_bad_input_is_one_error_and_nothing_written(terms, case):
    locale, rel, text, where, words = BAD_INPUTS[case]
    terms.write(rel, german_markdown() if text is None else text)
    before = terms.snapshot()
    r = terms.run("adopt", locale, str(terms.path(rel)))
    assert r.code == 2, r.out
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(where) and words in lines[0], r.err
    assert terms.snapshot() == before


def test_unconfigured_locale_is_a_usage_error(terms):
    terms.write("fr/terms.md", german_markdown())
    r = terms.run("adopt", "fr", str(terms.path("fr/terms.md")))
    assert r.code == 2 and r.err.startswith("policy-l10n: locale 'fr' is not configured")


def test_ids_written_in_the_translation_decide(terms):
    """`{#id}` on a translated heading pairs it whatever its place and content."""
    order = ["acceptance", "termination", "fees", "liability", "contact"]
    text = german_markdown(order)
    for sec in SECTIONS:
        text = text.replace(f"## {GERMAN[sec + '.title']}\n", f"## {GERMAN[sec + '.title']} {{#{sec}}}\n")
    terms.write("de/terms.md", text)
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 0, r.err
    assert _adopted(terms) == GERMAN
    assert "confidence mean 1.00" in r.out


def test_several_documents_at_once(terms):
    terms.write("source/privacy.md", "---\ntitle: Privacy\nupdated: 2026-02-01\n---\n\n## Data {#data}\n\n"
                                     "We keep logs for 30 days.\n")
    assert terms.run("update").code == 0
    terms.write("de/terms.md", german_markdown())
    terms.write("de/privacy.md", "---\ntitle: Datenschutz\n---\n\n## Daten\n\nWir speichern Protokolle 30 Tage lang.\n")
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")), str(terms.path("de/privacy.md")))
    assert r.code == 0, r.err
    assert _adopted(terms) == GERMAN
    privacy = {e.msgctxt: e.msgstr for e in polib.pofile(str(terms.po("de", "privacy"))) if e.msgstr}
    assert privacy == {"document.title": "Datenschutz", "data.title": "Daten",
                       "data": "Wir speichern Protokolle 30 Tage lang."}
    assert r.out.count("\nadopted ") + r.out.startswith("adopted ") == 2
    msgfmt_check(terms.po("de", "privacy"))


def test_heading_levels_are_compared_relative_to_the_top(terms):
    """A translation that writes its sections with `###` (a wiki export) pairs all the same."""
    terms.write("de/terms.md", german_markdown().replace("\n## ", "\n### "))
    r = terms.run("adopt", "de", str(terms.path("de/terms.md")))
    assert r.code == 0, r.err
    assert _adopted(terms) == GERMAN
