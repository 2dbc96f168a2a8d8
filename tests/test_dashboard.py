"""The release dashboard `output/index.html` and the status pages `output/status/<doc>/<bcp47>.html`.

Real builds (`build --no-pdf`) of temporary projects, read back with lxml.
"""

from __future__ import annotations

import json
import re
import textwrap

import lxml.html
import polib
import pytest

from conftest import SMALL_SOURCE, Project
from test_release import DE, FR, edit_source, locale_json, ok

DOC = "privacy-policy"

SOURCE = SMALL_SOURCE + textwrap.dedent("""
    ## EU Representative {#eu-representative regions="eu"}

    Our representative in the EU is AImonitor Europe.
    """)
REGIONS = textwrap.dedent("""\
    [tool.policy-l10n.regions.eu]
    locales = ["en", "de", "fr"]
    [tool.policy-l10n.regions.us]
    locales = ["en", "fr"]
    paper = "letter"
    """)
DE_EU = {**DE, "eu-representative.title": "EU-Vertreter",
         "eu-representative": "Unser Vertreter in der EU ist AImonitor Europe."}


@pytest.fixture
def built(new_project) -> Project:
    """de current and approved; fr stale in data-retention and missing the EU-only section."""
    p = new_project(locales=("de", "fr"), source=SOURCE, extra_config=REGIONS)
    ok(p.run("init", "de", "fr", "--translator", "Anna Beispiel <anna@example.com>"))
    ok(p.run("update"))
    p.translate("de", DE_EU)
    p.translate("fr", FR)
    edit_source(p, "We retain data for 90 days.", "We store data for 90 days.")
    ok(p.run("update"))
    p.translate("de", {"data-retention": "Wir bewahren Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    ok(p.run("release", "1.0", "--effective", "2026-02-01"))
    ok(p.run("build", "--no-pdf"))
    return p


def tables(p: Project) -> dict[str, list[dict[str, lxml.html.HtmlElement]]]:
    """caption → rows, each {column header: cell}."""
    tree = lxml.html.fromstring(p.read("output/index.html"))
    out = {}
    for table in tree.xpath("//table"):
        caption = table.xpath("./caption")[0].text_content().strip()
        heads = [th.text_content().strip() for th in table.xpath("./thead/tr/th")]
        rows = []
        for tr in table.xpath("./tbody/tr"):
            cells = tr.xpath("./th|./td")
            assert len(cells) == len(heads)
            rows.append(dict(zip(heads, cells)))
        out[caption] = rows
    return out


def row_of(rows, locale: str):
    return next(r for r in rows if f"({locale})" in r["Locale"].text_content())


def text(cell) -> str:
    return " ".join(cell.text_content().split())


def link(cell) -> str:
    hrefs = cell.xpath(".//a/@href")
    assert len(hrefs) == 1, lxml.html.tostring(cell)
    return hrefs[0]


def test_dashboard_table_per_document_and_region(built):
    p = built
    t = tables(p)
    eu = next(rows for cap, rows in t.items() if "Privacy Policy" in cap and "eu" in cap)
    us = next(rows for cap, rows in t.items() if "Privacy Policy" in cap and "us" in cap)
    assert [r["Locale"].xpath(".//small")[0].text_content() for r in eu] == ["(en)", "(de)", "(fr)"]
    assert [r["Locale"].xpath(".//small")[0].text_content() for r in us] == ["(en)", "(fr)"]
    # accessible headers: column headers and one row header per locale
    tree = lxml.html.fromstring(p.read("output/index.html"))
    # internal pages: not for search engines, should they be deployed with the site
    for rel in ("output/index.html", *(f.relative_to(p.root).as_posix() for f in p.path("output/status").rglob("*.html"))):
        robots = lxml.html.fromstring(p.read(rel)).xpath('//meta[@name="robots"]/@content')
        assert robots == ["noindex"], rel
    for table in tree.xpath("//table"):
        assert all(th.get("scope") == "col" for th in table.xpath("./thead//th"))
        assert all(th.get("scope") == "row" for th in table.xpath("./tbody//th"))
        assert len(table.xpath("./tbody/tr/th")) == len(table.xpath("./tbody/tr"))
    # state counts per region: the EU-only section counts in eu, not in us
    de, fr_eu, fr_us = row_of(eu, "de"), row_of(eu, "fr"), row_of(us, "fr")
    assert [text(de[c]) for c in ("Sections", "Current", "Review", "Stale", "Missing")] == ["4", "4", "0", "0", "0"]
    assert [text(fr_eu[c]) for c in ("Sections", "Current", "Review", "Stale", "Missing")] == ["4", "2", "0", "1", "1"]
    assert [text(fr_us[c]) for c in ("Sections", "Current", "Review", "Stale", "Missing")] == ["3", "2", "0", "1", "0"]
    # words to translate: the English title and body of each section not current
    stale_words = len("Data Retention".split()) + len("We store data for 90 days. Contact <privacy@aimonitor.dev>.".split())
    eu_words = len("EU Representative".split()) + len("Our representative in the EU is AImonitor Europe.".split())
    assert text(fr_us["Words to translate"]) == str(stale_words)
    assert text(fr_eu["Words to translate"]) == str(stale_words + eu_words)
    assert text(de["Words to translate"]) == "0"
    assert locale_json(p, "fr")["summary"]["words_to_translate"] == stale_words + eu_words
    # the source locale row
    en = row_of(eu, "en")
    assert text(en["Missing"]) == "0" and text(en["Status"]) == "—"


def test_dashboard_approval_shows_name_never_email(built):
    p = built
    eu = next(rows for cap, rows in tables(p).items() if "eu" in cap)
    approval = text(row_of(eu, "de")["Approval"])
    assert approval.startswith("approved") and "Rita Reviewer" in approval
    assert text(row_of(eu, "fr")["Approval"]) == "none"
    for rel in ["output/index.html", *(f"output/status/{DOC}/{b}.html" for b in ("de", "fr"))]:
        html = p.read(rel)
        assert "rita@example.com" not in html and "@example.com" not in html, rel
    assert "Rita Reviewer" in p.read(f"output/status/{DOC}/de.html")
    # void: still the name only
    p.translate("de", {"introduction": "AImonitor schützt Ihre Privatsphäre."})
    ok(p.run("build", "--no-pdf"))
    eu = next(rows for cap, rows in tables(p).items() if "eu" in cap)
    assert text(row_of(eu, "de")["Approval"]).startswith("void")
    assert "rita@example.com" not in p.read("output/index.html")


def test_dashboard_hides_a_bare_email_in_a_hand_edited_header(built):
    p = built
    po = polib.pofile(str(p.po("fr")))
    po.metadata["X-Policy-Approved"] = "jean@example.com; 2026-01-01T00:00:00Z; sha256=" + "0" * 64
    po.save()
    ok(p.run("build", "--no-pdf"))
    assert "jean@example.com" not in p.read("output/index.html")
    assert "jean@example.com" not in p.read(f"output/status/{DOC}/fr.html")


def test_dashboard_last_translated_and_links(built):
    p = built
    eu = next(rows for cap, rows in tables(p).items() if "eu" in cap)
    for loc in ("de", "fr"):
        row = row_of(eu, loc)
        revised = polib.pofile(str(p.po(loc))).metadata["PO-Revision-Date"]
        assert text(row["Last translated"]) == revised
        assert link(row["Page"]) == f"eu/{loc}/{DOC}.html"
        assert link(row["PDF"]) == f"eu/{loc}/{DOC}.pdf"
        assert link(row["Status"]) == f"status/{DOC}/{loc}.html"
        assert p.path(f"output/{link(row['Page'])}").exists()
        assert p.path(f"output/{link(row['Status'])}").exists()
    us = next(rows for cap, rows in tables(p).items() if "us" in cap)
    assert link(row_of(us, "fr")["Page"]) == f"us/fr/{DOC}.html"
    # every link of the dashboard resolves from file:// (relative), the PDFs aside (--no-pdf)
    tree = lxml.html.fromstring(p.read("output/index.html"))
    for href in tree.xpath("//a/@href"):
        assert not href.startswith(("/", "http")), href
        if not href.endswith(".pdf"):
            assert p.path(f"output/{href}").exists(), href


def test_status_page_lists_non_current_sections_with_english_diff(built):
    p = built
    tree = lxml.html.fromstring(p.read(f"output/status/{DOC}/fr.html"))
    ids = [s.get("id") for s in tree.xpath("//main//section")]
    assert ids == ["data-retention", "eu-representative"]
    stale = tree.xpath('//section[@id="data-retention"]')[0]
    assert "stale" in stale.xpath(".//h2")[0].text_content()
    assert [d.text_content() for d in stale.xpath(".//del")] == ["retain"]
    assert [i.text_content() for i in stale.xpath(".//ins")] == ["store"]
    assert stale.xpath('.//*[@lang="en"]')
    missing = tree.xpath('//section[@id="eu-representative"]')[0]
    assert "missing" in missing.xpath(".//h2")[0].text_content()
    assert "Our representative in the EU" in missing.text_content()
    # every section current: said so
    de = lxml.html.fromstring(p.read(f"output/status/{DOC}/de.html"))
    assert not de.xpath("//main//section")
    assert "Every section is current" in de.text_content()
    # back to the dashboard
    assert (p.path(f"output/status/{DOC}") / tree.xpath("//a/@href")[0]).resolve() == p.path("output/index.html")


def test_status_page_shows_review_and_title_only_changes(new_project):
    p = new_project(locales=("de",))
    ok(p.run("init", "de"))
    ok(p.run("update"))
    p.translate("de", DE)
    p.translate("de", {"introduction": DE["introduction"]}, fuzzy=True)  # review
    edit_source(p, "## Your Rights {#your-rights}", "## Your Privacy Rights {#your-rights}")
    ok(p.run("build", "--no-pdf"))
    tree = lxml.html.fromstring(p.read(f"output/status/{DOC}/de.html"))
    assert [s.get("id") for s in tree.xpath("//main//section")] == ["introduction", "your-rights"]
    rights = tree.xpath('//section[@id="your-rights"]')[0]
    assert [i.text_content() for i in rights.xpath(".//ins")] == ["Privacy "] or \
        "".join(i.text_content() for i in rights.xpath(".//ins")).strip() == "Privacy"
    assert "review" in tree.xpath('//section[@id="introduction"]//h2')[0].text_content()


def test_dashboard_without_regions_and_minor_changes(new_project):
    p = new_project(locales=("de",))
    ok(p.run("init", "de"))
    ok(p.run("update"))
    p.translate("de", DE)
    edit_source(p, "committed to protecting", "committed to protect")
    ok(p.run("update", "--minor", "introduction", "--reason", "shorter wording"))
    ok(p.run("build", "--no-pdf"))
    t = tables(p)
    main = [rows for cap, rows in t.items() if "all locales" in cap]
    assert len(main) == 1
    assert [r["Locale"].xpath(".//small")[0].text_content() for r in main[0]] == ["(en)", "(de)"]
    assert link(row_of(main[0], "de")["Page"]) == f"de/{DOC}.html"
    minor = next(rows for cap, rows in t.items() if "re-translation" in cap)
    assert len(minor) == 1
    assert text(minor[0]["Section"]) == "introduction"
    assert text(minor[0]["Reason"]) == "shorter wording"
    assert text(minor[0]["Locales kept current"]) == "de"
    assert [d.text_content() for d in minor[0]["Change"].xpath(".//del")] == ["protecting"]


def test_dashboard_and_status_pages_not_public_no_script(built):
    p = built
    manifest = json.loads(p.read("output/manifest.json"))["outputs"]
    by_path = {o["path"]: o for o in manifest}
    assert by_path["index.html"]["kind"] == "index" and by_path["index.html"]["public"] is False
    for loc in ("de", "fr"):
        item = by_path[f"status/{DOC}/{loc}.html"]
        assert item["kind"] == "status" and item["public"] is False
        assert item["document"] == DOC and item["locale"] == loc
        assert item["sha256"] == __import__("hashlib").sha256(p.path(f"output/status/{DOC}/{loc}.html").read_bytes()).hexdigest()
    assert by_path[f"eu/de/{DOC}.html"]["public"] is True
    assert by_path[f"eu/de/{DOC}/1.0.html"]["kind"] == "release" and by_path[f"eu/de/{DOC}/1.0.html"]["public"] is True
    assert not [o for o in manifest if o["kind"] in ("index", "status") and o["public"]]
    for path in p.path("output").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<script|\son[a-z]+=|javascript:", html, re.I), path
    # readable without the network: no external resources
    index = p.read("output/index.html")
    assert not re.search(r'<link[^>]+stylesheet|src="http', index)


def test_dashboard_lists_releases_and_version_links(built):
    p = built
    ok(p.run("release", "1.1", "--effective", "2026-03-01"))
    ok(p.run("build", "--no-pdf"))
    tree = lxml.html.fromstring(p.read("output/index.html"))
    assert "1.0" in tree.text_content() and "1.1" in tree.text_content()
    eu = next(rows for cap, rows in tables(p).items() if "eu" in cap)
    versions = row_of(eu, "de")["Versions"].xpath(".//a/@href")
    assert versions == [f"eu/de/{DOC}/1.1.html", f"eu/de/{DOC}/1.0.html"]
    for href in versions:
        assert p.path(f"output/{href}").exists()


def test_dashboard_says_when_a_locale_is_withheld(built):
    p = built
    status_before = p.path(f"output/status/{DOC}/fr.html").read_bytes()
    p.write(f"locales/fr/LC_MESSAGES/{DOC}.po", p.read(f"locales/fr/LC_MESSAGES/{DOC}.po") + '\nmsgid "x\n')
    r = p.run("build", "--no-pdf")
    assert r.code == 2
    eu = next(rows for cap, rows in tables(p).items() if "eu" in cap)
    assert "withheld" in text(row_of(eu, "fr")["Status"])
    assert "withheld" not in text(row_of(eu, "de")["Status"])
    # its status page is the previous one, still listed (not public) in the manifest
    assert p.path(f"output/status/{DOC}/fr.html").read_bytes() == status_before
    by_path = {o["path"]: o for o in json.loads(p.read("output/manifest.json"))["outputs"]}
    assert by_path[f"status/{DOC}/fr.html"]["public"] is False
    assert by_path[f"eu/fr/{DOC}/1.0.html"]["kind"] == "release"
