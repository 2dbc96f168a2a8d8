"""`ids [--write]`: every heading gets the `{#id}` it already has as a slug; idempotent."""

from __future__ import annotations

from pipeline.source import parse_document

SOURCE = """\
---
title: Terms
updated: 2026-02-01
---

Intro text.

## Acceptance of Terms

You agree.

### Who may use the service ###

Adults.

## Data {#data regions="eu"}

EU only.

## Ünïcode & Fees

Fees apply.

Setext heading
--------------

Under a setext heading.
"""

EXPECTED = SOURCE.replace("## Acceptance of Terms\n", "## Acceptance of Terms {#acceptance-of-terms}\n") \
    .replace("### Who may use the service ###\n", "### Who may use the service {#who-may-use-the-service}\n") \
    .replace("## Ünïcode & Fees\n", "## Ünïcode & Fees {#unicode-fees}\n") \
    .replace("Setext heading\n---", "Setext heading {#setext-heading}\n---")


def _project(new_project):
    return new_project(source=SOURCE, doc_id="terms", extra_config='[tool.policy-l10n.regions.eu]\nlocales = ["en"]\n')


def test_ids_prints_a_diff_and_writes_nothing(new_project):
    p = _project(new_project)
    before = p.snapshot()
    r = p.run("ids")
    assert r.code == 0, r.err
    assert r.out.startswith("--- a/source/terms.md\n+++ b/source/terms.md\n")
    assert "+## Acceptance of Terms {#acceptance-of-terms}" in r.out
    assert "-## Acceptance of Terms" in r.out
    assert "{#data" not in r.out.replace('## Data {#data regions="eu"}', "")  # an explicit id is left alone
    assert p.snapshot() == before


def test_ids_write_keeps_every_id_and_is_idempotent(new_project):
    p = _project(new_project)
    ids_before = [s.id for s in parse_document(SOURCE, "source/terms.md").sections]
    r = p.run("ids", "--write")
    assert r.code == 0, r.err
    assert p.read("source/terms.md") == EXPECTED
    assert "source/terms.md:8: added {#acceptance-of-terms}" in r.out
    doc = parse_document(p.read("source/terms.md"), "source/terms.md")
    assert [s.id for s in doc.sections] == ids_before
    assert all(s.explicit_id for s in doc.sections)
    assert doc.section("data").regions == ("eu",)
    after = p.snapshot()
    r = p.run("ids")
    assert r.code == 0 and r.out == "every heading has an id\n"
    assert p.run("ids", "--write").code == 0
    assert p.snapshot() == after


def test_ids_then_extract_keeps_messages(new_project):
    p = _project(new_project)
    assert p.run("extract").code == 0
    pot = p.read("locales/terms.pot")
    assert p.run("ids", "--write").code == 0
    assert p.run("extract").code == 0
    assert p.read("locales/terms.pot").split("msgctxt", 1)[1] == pot.split("msgctxt", 1)[1]
    r = p.run("check")
    assert "heading-id" not in r.out


def test_ids_bad_source_is_one_error_and_nothing_written(new_project):
    p = _project(new_project)
    p.write("source/broken.md", "---\ntitle: X\nupdated: 2026-02-01\n---\n\n## A {#a}\n\n## B {#a}\n")
    before = p.snapshot()
    r = p.run("ids", "--write")
    assert r.code == 2
    assert r.err.strip().startswith("source/broken.md:8:") and len(r.err.strip().splitlines()) == 1
    assert p.snapshot() == before


def test_ids_keeps_crlf_line_endings(new_project):
    p = _project(new_project)
    (p.root / "source" / "terms.md").write_bytes(SOURCE.replace("\n", "\r\n").encode())
    assert p.run("ids", "--write").code == 0
    data = (p.root / "source" / "terms.md").read_bytes()
    assert data == EXPECTED.replace("\n", "\r\n").encode()


DUPLICATES = """\
---
title: DPA
updated: 2026-02-01
---

## Processing

### Processor shall:

A.

## Rights

### Processor shall:

B.

## Transfer {#transfer}

Processor shall:
---------------

C.
"""


def test_headings_with_the_same_words_get_ids_of_their_own(new_project):
    """A contract repeats "Processor shall:": duplicate ids are an error, which says what to write,
    and `ids --write` writes it (the slug, then -2, -3...)."""
    p = new_project(source=DUPLICATES)
    r = p.run("check")
    assert r.code == 2
    assert r.err.strip() == ("source/privacy-policy.md:14: duplicate section id 'processor-shall' (first at line 8): "
                             "give this heading an id of its own, e.g. {#processor-shall-2} (`ids --write` does)")
    r = p.run("ids", "--write")
    assert r.code == 0, r.err
    assert r.out.splitlines()[:5] == [f"source/privacy-policy.md:{line}: added {{#{sid}}}" for line, sid in
                                      [(6, "processing"), (8, "processor-shall"), (12, "rights"),
                                       (14, "processor-shall-2"), (20, "processor-shall-3")]]
    doc = parse_document(p.read("source/privacy-policy.md"), "source/privacy-policy.md")
    assert [s.id for s in doc.sections] == ["processing", "processor-shall", "rights", "processor-shall-2",
                                            "transfer", "processor-shall-3"]
    assert [s.body for s in doc.sections if s.id.startswith("processor")] == ["A.", "B.", "C."]
    assert p.run("ids").out == "every heading has an id\n"
    assert p.run("check").code == 0
