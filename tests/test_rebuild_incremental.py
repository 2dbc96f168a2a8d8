"""A rebuild renders what its changed inputs touch and no more, and what it remembers between
builds (`.cache/build-memo.json`: each source's parse, each catalog's check findings) never
changes what it publishes or reports (issue 14: "after one .po edit ...")."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, Project, make_project

TERMS = """\
---
title: Terms of Service
updated: 2026-02-01
---

## Scope {#scope}

These terms cover the AImonitor service.

## Refunds {#refunds}

Refunds are paid within 30 days.
"""

PRIVACY = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy.

## Data Retention {#data-retention}

We retain data for 90 days. Contact <privacy@aimonitor.dev>.

## Payments {#payments}

See [refunds](terms.md#refunds).
"""

RETENTION = "Wir bewahren Daten 90 Tage auf. Kontakt <privacy@aimonitor.dev>."
FALLBACKS = '[tool.policy-l10n.fallbacks]\nde_CH = ["de"]\n'


def two_documents(tmp_path) -> Project:
    """privacy-policy and terms in de, de_CH (falls back to de) and fr, translated, built."""
    p = make_project(tmp_path / "proj", locales=("de", "de_CH", "fr"), source=PRIVACY, extra_config=FALLBACKS)
    p.write("source/terms.md", TERMS)
    assert p.run("init", "de", "de_CH", "fr").code == 0
    for loc in ("de", "fr"):
        p.translate(loc, {"document.title": f"Datenschutz ({loc})",
                          "introduction.title": "Einleitung", "introduction": f"AImonitor ({loc}) schützt Sie.",
                          "data-retention.title": "Aufbewahrung", "data-retention": RETENTION,
                          "payments.title": "Zahlungen", "payments": f"Siehe [Erstattungen ({loc})](terms.md#refunds)."})
        p.translate(loc, {"document.title": f"Bedingungen ({loc})",
                          "scope.title": "Geltung", "scope": f"Diese Bedingungen ({loc}) gelten für AImonitor.",
                          "refunds.title": "Erstattungen", "refunds": "Erstattungen binnen 30 Tagen."},
                    domain="terms")
    first = p.run("build", "--no-pdf")
    assert first.code == 0, first.err
    return p


def page_keys(p: Project) -> dict[str, str]:
    """Each live page's input key, from the build state (the dashboard's is "", the status
    pages' are counted apart, as benchmarks/ does)."""
    state = json.loads(p.read(".cache/build-state.json"))
    return {path: rec["key"] for path, rec in state.items() if rec.get("key") and not path.startswith("status/")}


def rendered_again(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path, key in after.items() if before.get(path) != key}


def test_one_po_edit_renders_that_locale_and_its_fallback_children_only(tmp_path) -> None:
    p = two_documents(tmp_path)
    before = page_keys(p)
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert rendered_again(before, page_keys(p)) == {"de/privacy-policy.html", "de-CH/privacy-policy.html"}
    for page in ("output/de/privacy-policy.html", "output/de-CH/privacy-policy.html"):
        assert "Wir speichern Daten 90 Tage lang." in p.read(page)
    unchanged = p.run("build", "--no-pdf")
    assert unchanged.code == 0 and "nothing changed" in unchanged.out, unchanged.out


def test_a_child_locale_edit_leaves_its_fallback_alone(tmp_path) -> None:
    p = two_documents(tmp_path)
    before = page_keys(p)
    p.translate("de_CH", {"scope.title": "Geltung", "scope": "Diese Bedingungen gelten für AImonitor (Schweiz)."},
                domain="terms")
    assert p.run("build", "--no-pdf").code == 0
    assert rendered_again(before, page_keys(p)) == {"de-CH/terms.html"}


def test_check_errors_are_reported_by_every_build_not_only_the_first(tmp_path) -> None:
    """The findings kept in the memo are replayed: the locale stays withheld, the lines and
    the exit code are the same on a second build with no change, until the catalog is fixed."""
    p = two_documents(tmp_path)
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang."})  # the e-mail address dropped
    first = p.run("build", "--no-pdf")
    second = p.run("build", "--no-pdf")
    assert first.code == second.code == 1
    assert "[email]" in first.err and first.err == second.err
    assert "withheld: de, de_CH" in first.out and "withheld: de, de_CH" in second.out
    assert "Wir speichern Daten 90 Tage lang." not in p.read("output/de/privacy-policy.html")
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    fixed = p.run("build", "--no-pdf")
    assert fixed.code == 0 and fixed.err == ""
    assert "Wir speichern Daten 90 Tage lang." in p.read("output/de/privacy-policy.html")


def test_another_documents_edit_checks_an_unchanged_catalog_again(tmp_path) -> None:
    """A catalog's findings depend on every document's section ids (links between documents):
    renaming the section a translation links to is an error, though that catalog did not change."""
    p = two_documents(tmp_path)
    p.write("source/terms.md", TERMS.replace("{#refunds}", "{#returns}"))
    r = p.run("build", "--no-pdf")
    assert r.code == 1
    assert "locales/de/LC_MESSAGES/privacy-policy.po:" in r.err and "has no section 'refunds'" in r.err
    again = p.run("build", "--no-pdf")
    assert again.code == 1 and again.err == r.err


def test_a_configuration_change_checks_again(tmp_path) -> None:
    """`keep` is an input of the checks: a term to keep that a translation drops is an error
    as soon as it is configured, though no catalog changed."""
    p = two_documents(tmp_path)
    config = p.read("pyproject.toml")
    p.write("pyproject.toml", config.replace('keep = ["AImonitor"]', 'keep = ["AImonitor", "Refunds"]'))
    r = p.run("build", "--no-pdf")
    assert r.code == 1 and "[keep]" in r.err, r.err


def test_a_source_edit_is_parsed_again(tmp_path) -> None:
    """The parse kept in the memo is the source's bytes': an edited source shows on its pages."""
    p = two_documents(tmp_path)
    before = page_keys(p)
    p.write("source/terms.md", TERMS.replace("within 30 days", "within 14 days"))
    assert p.run("build", "--no-pdf").code == 0
    assert "within 14 days" in p.read("output/en/terms.html")
    assert {path for path in rendered_again(before, page_keys(p))} >= {"en/terms.html", "fr/terms.html"}


def test_a_source_error_is_reported_every_build(tmp_path) -> None:
    p = two_documents(tmp_path)
    p.write("source/terms.md", TERMS.replace("title: Terms of Service\n", ""))
    first, second = p.run("build", "--no-pdf"), p.run("build", "--no-pdf")
    assert first.code == second.code == 2
    assert "source/terms.md:" in first.err and first.err == second.err


def test_a_damaged_memo_is_computed_again(tmp_path) -> None:
    p = two_documents(tmp_path)
    keys = page_keys(p)
    p.write(".cache/build-memo.json", "{not json")
    r = p.run("build", "--no-pdf")
    assert r.code == 0 and "nothing changed" in r.out, r.out
    assert page_keys(p) == keys
    assert json.loads(p.read(".cache/build-memo.json"))  # written anew


REGIONAL = PRIVACY + """
## EU Representative {#eu-representative regions="eu"}

Our representative is AImonitor GmbH.[^rep] {: .note}

[^rep]: Berlin.
"""


@pytest.mark.parametrize("where", ["corpus", "this-project", "regions"])
def test_a_document_read_back_from_the_memo_equals_its_parse(tmp_path, where) -> None:
    """Every field of a parsed source survives the memo (tables, lists, footnotes, sections
    limited to regions, another tool's syntax); the real files are read, never written to."""
    from pipeline.config import load_config
    from pipeline.output.memo import Memo, load_documents
    from pipeline.source import load_documents as parse_all

    if where == "regions":
        corpus = make_project(tmp_path / "proj", source=REGIONAL,
                              extra_config='[tool.policy-l10n.regions.eu]\nlocales = ["en", "de"]\n').root
    else:
        corpus = REPO / "tests" / "fixtures" / "corpus" if where == "corpus" else REPO
    config = load_config(corpus)
    parsed = parse_all(corpus, regions=config.regions)
    memo = Memo(tmp_path / "memo.json")
    assert load_documents(config, memo) == parsed
    memo.save()
    again = Memo(tmp_path / "memo.json")
    assert load_documents(config, again) == parsed
    assert again.used.keys() == memo.used.keys() and len(again.used) == len(parsed)
    if where == "regions":
        assert parsed[0].sections[-1].regions == ("eu",) and parsed[0].footnotes == ("rep",)
        assert parsed[0].extension_syntax


def test_outputs_rendered_again_to_the_same_bytes_are_unchanged(tmp_path) -> None:
    """With its build state lost, a build renders every page again; none of their bytes
    changed, so none is written and the build says so (not "0 outputs up to date")."""
    p = two_documents(tmp_path)
    before = {f: f.stat().st_mtime_ns for f in sorted(p.path("output").rglob("*.html"))}
    p.path(".cache/build-state.json").unlink()
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert r.out == f"built: nothing changed since the last build ({len(before)} outputs up to date)\n"
    assert {f: f.stat().st_mtime_ns for f in sorted(p.path("output").rglob("*.html"))} == before
