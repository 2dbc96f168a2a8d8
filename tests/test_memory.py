"""Translation memory: a document that repeats sections of another gets their translations as
`review` suggestions during `update`, with their provenance; never over an existing translation."""

from __future__ import annotations

import json
import subprocess

import polib

from conftest import msgfmt_check
from pipeline.memory import similarity

NOTICE = """\
---
title: EU Privacy Notice
updated: 2026-03-01
---

## Data Security {#data-security}

We implement industry-standard security measures including encryption in transit (TLS 1.3) and at rest (AES-256), regular security audits, and access controls. While no method of transmission over the Internet is 100% secure, we strive to protect your personal information.

## Cookies {#cookies}

We use essential cookies to enable core functionality and optional analytics cookies to understand how you use our services. You can control cookie preferences through your browser settings.

## Representative {#eu-representative}

Our representative in the European Union can be reached by post at the address on our website.
"""


def entries(path) -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in polib.pofile(str(path))}


def test_similarity_is_a_word_level_levenshtein_ratio():
    assert similarity("a b c d", "a b c d") == 100
    assert similarity("a b c d", "a b x d") == 75       # 1 substitution in 4 words
    assert similarity("a b c d", "a b c") == 75         # 1 deletion
    assert similarity("a b c d", "a b c d e") == 80     # 1 insertion in 5 words
    assert similarity("a b c d", "a b c d ") == 99      # different texts are never 100 %
    assert similarity("a b", "c d") == 0


def test_a_document_repeating_sections_gets_memory_suggestions(real_project):
    p = real_project
    p.write("source/eu-privacy-notice.md", NOTICE)
    r = p.run("update", "--locale", "de", "--locale", "ja", "--locale", "de_CH")
    assert r.code == 0, r.err
    # a variant translates only what differs from its fallback: no suggestion fills it
    assert all(not e.msgstr for e in polib.pofile(str(p.po("de_CH", "eu-privacy-notice"))))
    policy = entries(p.po("de"))
    notice_path = p.po("de", "eu-privacy-notice")
    msgfmt_check(notice_path)
    notice = entries(notice_path)
    # an exact repeat: the policy's translation, unconfirmed, naming where it came from
    sec = notice["data-security"]
    assert sec.msgstr == policy["data-security"].msgstr
    assert sec.fuzzy and sec.previous_msgid is None
    assert sec.tcomment == "provenance: memory privacy-policy/data-security, 100% match"
    assert notice["data-security.title"].msgstr == policy["data-security.title"].msgstr
    # a near repeat ("our services" for "our platform"): the match percentage is stated
    percent = similarity(policy["cookies"].msgid, notice["cookies"].msgid)
    assert 75 <= percent < 100
    assert notice["cookies"].msgstr == policy["cookies"].msgstr and notice["cookies"].fuzzy
    assert notice["cookies"].tcomment == f"provenance: memory privacy-policy/cookies, {percent}% match"
    # nothing similar enough: no suggestion
    assert notice["eu-representative"].msgstr == "" and notice["eu-representative.title"].msgstr == ""
    assert entries(p.po("ja", "eu-privacy-notice"))["data-security"].msgstr == \
        entries(p.po("ja"))["data-security"].msgstr
    # status: review, from the memory; a second update changes no byte
    status = json.loads(p.run("status", "--locale", "de", "--format", "json").out)
    doc = [d for d in status["documents"] if d["id"] == "eu-privacy-notice"][0]
    sections = {s["id"]: s for s in doc["locales"][0]["sections"]}
    assert sections["data-security"]["state"] == "review"
    assert sections["data-security"]["provenance"] == {
        "kind": "memory", "detail": "privacy-policy/data-security, 100% match"}
    assert sections["eu-representative"]["provenance"] is None
    snapshot = p.snapshot()
    assert p.run("update", "--locale", "de", "--locale", "ja", "--locale", "de_CH").code == 0
    assert p.snapshot() == snapshot


def test_provenance_survives_msgmerge_and_msgcat(real_project, tmp_path):
    p = real_project
    p.write("source/eu-privacy-notice.md", NOTICE)
    assert p.run("update", "--locale", "de").code == 0
    po = p.po("de", "eu-privacy-notice")
    pot = p.root / "locales" / "eu-privacy-notice.pot"
    merged, catted = tmp_path / "merged.po", tmp_path / "catted.po"
    for cmd in (["msgmerge", "--quiet", "--previous", "-o", str(merged), str(po), str(pot)],
                ["msgcat", "-o", str(catted), str(po)]):
        subprocess.run(cmd, check=True, capture_output=True)
    for path in (merged, catted):
        e = entries(path)["data-security"]
        assert e.tcomment == "provenance: memory privacy-policy/data-security, 100% match"
        assert e.fuzzy


def test_memory_never_replaces_a_translation(real_project):
    p = real_project
    before = entries(p.po("de"))
    src = p.read("source/privacy-policy.md")
    cookies_en = before["cookies"].msgid
    # the cookies section now reads exactly like the (translated) third-party section
    p.write("source/privacy-policy.md", src.replace(cookies_en, before["third-party-services"].msgid))
    assert p.run("update", "--locale", "de").code == 0
    after = entries(p.po("de"))["cookies"]
    assert after.msgstr == before["cookies"].msgstr          # its own (now stale) translation stays
    assert after.fuzzy and after.previous_msgid == cookies_en
    assert "provenance" not in after.tcomment


def test_releases_are_part_of_the_memory(real_project):
    p = real_project
    p.translate("de", {"data-security": ""})  # the live catalog lost it; release 2026.02 has it
    released = entries(p.root / "releases/privacy-policy/2026.02/de/privacy-policy.po")["data-security"].msgstr
    p.write("source/eu-privacy-notice.md", NOTICE)
    assert p.run("update", "--locale", "de").code == 0
    sec = entries(p.po("de", "eu-privacy-notice"))["data-security"]
    assert sec.msgstr == released
    assert sec.tcomment == "provenance: memory privacy-policy/data-security (release 2026.02), 100% match"


def test_dashboard_status_page_names_the_provenance(new_project):
    from html.parser import HTMLParser

    from conftest import SMALL_SOURCE

    p = new_project()
    assert p.run("init", "de").code == 0
    p.translate("de", {"document.title": "Datenschutzerklärung", "introduction.title": "Einleitung",
                       "introduction": "AImonitor setzt sich für den Schutz Ihrer Privatsphäre ein.",
                       "data-retention.title": "Datenspeicherung",
                       "data-retention": "Wir speichern Daten 90 Tage lang. Kontakt: <privacy@aimonitor.dev>.",
                       "your-rights.title": "Ihre Rechte",
                       "your-rights": "Sie haben möglicherweise das Recht:\n\n- Zugriff auf Ihre Daten\n- Löschung Ihrer Daten"})
    notice = SMALL_SOURCE.replace("title: Privacy Policy", "title: Notice")
    p.write("source/notice.md", notice.split("## Your Rights")[0])
    assert p.run("update").code == 0
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.chunks: list[str] = []

        def handle_data(self, data: str) -> None:
            self.chunks.append(data)

    page = Text()
    page.feed(p.read("output/status/notice/de.html"))
    text = " ".join("".join(page.chunks).split())
    assert ("Translation from the translation memory (privacy-policy/data-retention, 100% match), "
            "not confirmed.") in text


from hypothesis import given, strategies as st  # noqa: E402

from pipeline.memory import MemoryUnit, TranslationMemory  # noqa: E402

WORDS = st.lists(st.sampled_from(["we", "keep", "your", "data", "for", "days", "30", "90", "**Note:**"]),
                 min_size=1, max_size=14).map(" ".join)


@given(st.lists(WORDS, min_size=1, max_size=12, unique=True), WORDS, st.sampled_from([50, 75, 95]))
def test_fuzzy_search_finds_what_a_brute_force_search_finds(texts, query, minimum):
    """The bigram pre-filter never drops a text a full comparison would accept."""
    memory = TranslationMemory({"de": [MemoryUnit(t, f"de:{t}", "d", f"s{i}") for i, t in enumerate(texts)]})
    found = memory.best("de", query, minimum)
    scores = [(similarity(query, t), t) for t in texts]
    best = max((pct for pct, _ in scores), default=0)
    if best < minimum:
        assert found is None
    else:
        assert found is not None and found.percent == best
        assert similarity(query, found.unit.english) == best


def test_dashboard_counts_where_translations_came_from(new_project):
    from lxml import html

    from conftest import SMALL_SOURCE

    p = new_project()
    assert p.run("init", "de").code == 0
    p.translate("de", {"document.title": "Datenschutzerklärung", "introduction.title": "Einleitung",
                       "introduction": "AImonitor setzt sich für den Schutz Ihrer Privatsphäre ein.",
                       "data-retention.title": "Datenspeicherung",
                       "data-retention": "Wir speichern Daten 90 Tage lang. Kontakt: <privacy@aimonitor.dev>."})
    p.write("source/notice.md", SMALL_SOURCE.replace("title: Privacy Policy", "title: Privacy Policy").split("## Your Rights")[0])
    assert p.run("update").code == 0
    assert p.run("build", "--no-pdf").code == 0
    page = html.fromstring(p.read("output/index.html"))
    tables = page.xpath("//table[.//th[normalize-space()='Translated by']]")
    assert tables
    by_doc = {}
    for table in tables:
        header = [" ".join(th.text_content().split()) for th in table.xpath(".//thead//th")]
        for tr in table.xpath("./tbody/tr"):
            cells = dict(zip(header, [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]))
            by_doc.setdefault(table.getparent().get("id") or len(by_doc), []).append(cells)
    rows = [r for rows in by_doc.values() for r in rows if r["Locale"].endswith("(de)")]
    # privacy-policy: 3 translated by a person (document, introduction, data-retention); the notice: all 3 from memory
    assert sorted(r["Translated by"] for r in rows) == ["memory 3", "person 3"]


def cell_by_cell_distance(a: list[str], b: list[str]) -> int:
    """The textbook edit-distance table, one cell at a time: the oracle of the bit-parallel one."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row = row, [i]
        for j, y in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y)))
    return row[-1]


LONG_WORDS = st.lists(st.sampled_from(["a", "b", "c", "we", "keep", "data"]), max_size=90)


@given(LONG_WORDS, LONG_WORDS, st.integers(min_value=0, max_value=100))
def test_edit_distance_is_the_textbook_table(a, b, limit):
    """Lengths across 64 words too (the bit vectors are Python integers of any width)."""
    from pipeline.memory import _levenshtein

    assert _levenshtein(a, b, limit) == min(cell_by_cell_distance(a, b), limit + 1)
