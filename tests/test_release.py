"""Release management: `release`, release and comparison pages, `approve`, `update --minor`.

Every test drives the real CLI (conftest's Project.run) on a temporary content
project and reads back the real files it wrote: index.json, snapshots, `.po`
headers (with our reader and with polib), HTML pages (with lxml), `msgfmt -c`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap

import lxml.html
import polib
import shutil

import pytest
from babel.dates import format_date

from conftest import SMALL_SOURCE, Project, msgfmt_check

DOC = "privacy-policy"
UTC_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z")
APPROVED_RE = re.compile(r"(?P<by>.+); (?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ); sha256=(?P<digest>[0-9a-f]{64})\Z")

DE = {
    "document.title": "Datenschutzerklärung",
    "introduction.title": "Einleitung",
    "introduction": "AImonitor setzt sich für den Schutz Ihrer Privatsphäre ein.",
    "data-retention.title": "Aufbewahrung von Daten",
    "data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>.",
    "your-rights.title": "Ihre Rechte",
    "your-rights": "Sie haben möglicherweise das Recht:\n\n- Auf Ihre Daten zuzugreifen\n- Ihre Daten zu löschen",
}
FR = {
    "document.title": "Politique de confidentialité",
    "introduction.title": "Introduction",
    "introduction": "AImonitor s'engage à protéger votre vie privée.",
    "data-retention.title": "Conservation des données",
    "data-retention": "Nous conservons les données pendant 90 jours. Contact <privacy@aimonitor.dev>.",
    "your-rights.title": "Vos droits",
    "your-rights": "Vous pouvez avoir le droit de :\n\n- Accéder à vos données\n- Supprimer vos données",
}
JA = {
    "document.title": "プライバシーポリシー",
    "introduction.title": "はじめに",
    "introduction": "AImonitorはお客様のプライバシーの保護に努めています。",
    "data-retention.title": "データの保持",
    "data-retention": "データは90日間保持します。連絡先 <privacy@aimonitor.dev>。",
    "your-rights.title": "お客様の権利",
    "your-rights": "お客様には次の権利があります。\n\n- データへのアクセス\n- データの削除",
}
ZH = {
    "document.title": "隐私政策",
    "introduction.title": "简介",
    "introduction": "AImonitor 致力于保护您的隐私。",
    "data-retention.title": "数据保留",
    "data-retention": "我们将数据保留90天。联系方式 <privacy@aimonitor.dev>。",
    "your-rights.title": "您的权利",
    "your-rights": "您可能有权：\n\n- 访问您的数据\n- 删除您的数据",
}
TRANSLATIONS = {"de": DE, "fr": FR, "ja": JA, "zh_Hans": ZH}


def setup(new_project, locales=("de",), source: str = SMALL_SOURCE, extra_config: str = "",
          translate: tuple[str, ...] | None = None) -> Project:
    """A project with ``locales``, catalogs made by `update` and translated in full."""
    p = new_project(locales=locales, source=source, extra_config=extra_config)
    r = p.run("init", *locales, "--translator", "Anna Beispiel <anna@example.com>")
    assert r.code == 0, r.err
    assert p.run("update").code == 0
    for loc in (locales if translate is None else translate):
        p.translate(loc, TRANSLATIONS[loc])
    return p


def edit_source(p: Project, old: str, new: str) -> None:
    text = p.read("source/privacy-policy.md")
    assert old in text, old
    p.write("source/privacy-policy.md", text.replace(old, new))


def ok(r) -> None:
    assert r.code == 0, (r.code, r.out, r.err)


def status(p: Project, *args: str) -> dict:
    r = p.run("status", "--format", "json", *args)
    return json.loads(r.out)


def locale_json(p: Project, locale: str) -> dict:
    doc = status(p)["documents"][0]
    return next(l for l in doc["locales"] if l["locale"] == locale)


def section_html(html: str, sid: str) -> str:
    m = re.search(rf'<section id="{re.escape(sid)}"[^>]*>.*?</section>', html, re.S)
    assert m, f"no section {sid}"
    return m.group(0)


def parse(p: Project, rel: str):
    return lxml.html.fromstring(p.read(rel))


def one_error_line(r) -> None:
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert "Traceback" not in r.err


# =========================================================================== release files

def test_release_records_sources_catalogs_and_index(new_project):
    p = setup(new_project, locales=("de", "ja"), translate=("de",))
    ok(p.run("release", "2026.1", "--effective", "2026-02-01", "--note", "First published version"))

    folder = p.path(f"releases/{DOC}/2026.1")
    assert (folder / f"{DOC}.md").read_bytes() == p.path(f"source/{DOC}.md").read_bytes()
    for loc in ("de", "ja"):
        for domain in (DOC, "ui"):
            snap = folder / loc / f"{domain}.po"
            assert snap.read_bytes() == p.po(loc, domain).read_bytes()
    index = json.loads(p.read(f"releases/{DOC}/index.json"))
    assert isinstance(index, list) and len(index) == 1
    entry = index[0]
    assert {"version", "effective", "released_at", "note", "config", "locales"} <= set(entry)
    assert entry["version"] == "2026.1"
    assert entry["effective"] == "2026-02-01"
    assert UTC_RE.match(entry["released_at"])
    released = dt.datetime.strptime(entry["released_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert abs((dt.datetime.now(dt.timezone.utc) - released).total_seconds()) < 120
    assert entry["note"] == "First published version"
    assert entry["config"] == {"locales": ["de", "ja"], "fallbacks": {}, "on-stale": "source", "regions": {}}
    # the summaries are those `status` reports
    for loc in ("de", "ja"):
        assert entry["locales"][loc] == locale_json(p, loc)["summary"]
    assert entry["locales"]["de"]["current"] == 3
    assert entry["locales"]["ja"]["missing"] == 3


def test_release_config_snapshot_has_fallbacks_and_regions(new_project):
    extra = textwrap.dedent("""\
        on-stale = "translation"
        [tool.policy-l10n.fallbacks]
        de_CH = ["de"]
        [tool.policy-l10n.regions.eu]
        locales = ["en", "de"]
        [tool.policy-l10n.regions.ch]
        locales = ["de_CH", "en"]
        paper = "A4"
        """)
    p = setup(new_project, locales=("de", "de_CH"), extra_config=extra, translate=("de",))
    ok(p.run("release", "1"))
    cfg = json.loads(p.read(f"releases/{DOC}/index.json"))[0]["config"]
    assert cfg["locales"] == ["de", "de_CH"]
    assert cfg["fallbacks"] == {"de_CH": ["de"]}
    assert cfg["on-stale"] == "translation"
    assert set(cfg["regions"]) == {"eu", "ch"}
    assert cfg["regions"]["eu"]["locales"] == ["en", "de"]
    assert p.path(f"releases/{DOC}/1/de_CH/{DOC}.po").exists()


def test_second_release_appends_in_order(new_project):
    p = setup(new_project)
    ok(p.run("release", "1.0", "--effective", "2026-01-01"))
    ok(p.run("release", "1.1", "--effective", "2026-03-01"))
    index = json.loads(p.read(f"releases/{DOC}/index.json"))
    assert [e["version"] for e in index] == ["1.0", "1.1"]
    assert index[1]["note"] is None


def test_repeated_version_refused_and_nothing_written(new_project):
    p = setup(new_project)
    ok(p.run("release", "1.0"))
    edit_source(p, "90 days", "30 days")  # something a second release would record
    before = p.snapshot()
    r = p.run("release", "1.0", "--note", "again")
    assert r.code == 2
    one_error_line(r)
    assert "1.0" in r.err
    assert p.snapshot() == before


@pytest.mark.parametrize("version", ["1..2", "a/b", "../x", "..", "1.0/", "/abs", ".hidden", "-1",
                                     "1 0", "", "v1\\x", "v1\n"])
def test_invalid_version_refused(new_project, version):
    p = setup(new_project)
    before = p.snapshot()
    r = p.run("release", version)
    assert r.code == 2, r
    one_error_line(r)
    assert p.snapshot() == before
    assert not p.path("releases").exists()


def test_release_bad_effective_date_refused(new_project):
    p = setup(new_project)
    before = p.snapshot()
    r = p.run("release", "1", "--effective", "2026-02-30")
    assert r.code == 2
    one_error_line(r)
    assert p.snapshot() == before


def test_a_release_taking_effect_before_the_latest_is_refused(new_project):
    """The last release is the live page's "Effective" date: a back-dated one would make the page say
    the policy took effect earlier than the one it replaced (and order the versions wrongly)."""
    p = setup(new_project)
    ok(p.run("release", "2026.03", "--effective", "2026-03-01"))
    before = p.snapshot()
    r = p.run("release", "2026.01", "--effective", "2026-01-01")
    assert r.code == 2
    one_error_line(r)
    assert r.err.strip() == ("releases/privacy-policy/index.json:1: version 2026.01 would take effect (2026-01-01) "
                             "before 2026.03, the latest release (2026-03-01): releases take effect in the order "
                             "they are made; use --effective 2026-03-01 or later")
    assert p.snapshot() == before
    ok(p.run("release", "2026.03a", "--effective", "2026-03-01"))  # the same day: fine


# =========================================================================== comparison pages

def two_releases(new_project, locales=("de",), regions: str = "") -> Project:
    """Release 1.0, then the English and German of data-retention change, release 2.0."""
    p = setup(new_project, locales=locales, extra_config=regions)
    ok(p.run("release", "1.0", "--effective", "2026-01-01"))
    edit_source(p, "We retain data for 90 days.", "We keep data for 90 days.")
    ok(p.run("update"))
    if "de" in locales:
        p.translate("de", {"data-retention": "Wir bewahren Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    ok(p.run("release", "2.0", "--effective", "2026-02-01"))
    ok(p.run("build", "--no-pdf"))
    return p


def test_comparison_shows_exactly_the_changed_section(new_project):
    p = two_releases(new_project)
    rel = f"output/de/{DOC}/1.0..2.0.html"
    tree = parse(p, rel)
    assert tree.get("lang") == "de"
    sections = tree.xpath("//main//section")
    assert [s.get("id") for s in sections] == ["data-retention"]
    sec = sections[0]
    assert sec.get("lang") is None  # German text, the page's language
    assert [d.text_content() for d in sec.xpath(".//del")] == ["speichern"]
    assert [i.text_content() for i in sec.xpath(".//ins")] == ["bewahren"]
    text = sec.text_content()
    assert "90 Tage" in text and "Aufbewahrung von Daten" in text
    # nothing of the unchanged sections
    html = p.read(rel)
    for unchanged in ("Einleitung", "Privatsphäre", "Ihre Rechte", "löschen"):
        assert unchanged not in html
    # its links resolve
    for href in tree.xpath("//a/@href"):
        assert (p.path(rel).parent / href).resolve().exists(), href


def test_comparison_in_english_and_with_regions(new_project):
    regions = textwrap.dedent("""\
        [tool.policy-l10n.regions.eu]
        locales = ["en", "de"]
        [tool.policy-l10n.regions.us]
        locales = ["en"]
        """)
    p = two_releases(new_project, regions=regions)
    for region in ("eu", "us"):
        tree = parse(p, f"output/{region}/en/{DOC}/1.0..2.0.html")
        sec = tree.xpath("//main//section")
        assert [s.get("id") for s in sec] == ["data-retention"]
        assert [d.text_content() for d in sec[0].xpath(".//del")] == ["retain"]
        assert [d.text_content() for d in sec[0].xpath(".//ins")] == ["keep"]
    tree = parse(p, f"output/eu/de/{DOC}/1.0..2.0.html")
    assert [s.get("id") for s in tree.xpath("//main//section")] == ["data-retention"]
    assert not p.path(f"output/us/de/{DOC}/1.0..2.0.html").exists()
    assert not p.path(f"output/de/{DOC}/1.0..2.0.html").exists()


def test_comparison_lists_added_and_removed_sections(new_project):
    p = setup(new_project)
    ok(p.run("release", "1"))
    text = p.read(f"source/{DOC}.md")
    text = text.split("## Your Rights")[0] + "## Cookies {#cookies}\n\nWe use only essential cookies.\n"
    p.write(f"source/{DOC}.md", text)
    ok(p.run("update"))
    p.translate("de", {"cookies.title": "Cookies", "cookies": "Wir verwenden nur notwendige Cookies."})
    ok(p.run("release", "2"))
    ok(p.run("build", "--no-pdf"))
    tree = parse(p, f"output/de/{DOC}/1..2.html")
    secs = {s.get("id"): s for s in tree.xpath("//main//section")}
    assert set(secs) == {"cookies", "your-rights"}
    assert "change-added" in secs["cookies"].get("class")
    assert "change-removed" in secs["your-rights"].get("class")
    assert "Added" in secs["cookies"].xpath(".//h2")[0].text_content()
    assert "Removed" in secs["your-rights"].xpath(".//h2")[0].text_content()
    assert "notwendige Cookies" in "".join(i.text_content() for i in secs["cookies"].xpath(".//ins"))
    assert not secs["cookies"].xpath(".//del")
    assert "Ihre Daten zu löschen" in "".join(d.text_content() for d in secs["your-rights"].xpath(".//del"))
    assert not secs["your-rights"].xpath(".//ins")


@pytest.mark.parametrize("locale,old,new", [
    ("ja", "データは90日間保持します。", "データは30日間保存します。"),
    ("zh_Hans", "我们将数据保留90天。", "我们将数据保存30天。"),
])
def test_comparison_of_chinese_and_japanese_by_characters(new_project, locale, old, new):
    p = setup(new_project, locales=(locale, "de"))
    ok(p.run("release", "1"))
    cat = TRANSLATIONS[locale]["data-retention"]
    p.translate(locale, {"data-retention": cat.replace(old, new)})
    p.translate("de", {"data-retention": DE["data-retention"].replace("90", "30")})
    ok(p.run("release", "2"))
    ok(p.run("build", "--no-pdf"))
    tree = parse(p, f"output/{locale.replace('_', '-')}/{DOC}/1..2.html")
    secs = tree.xpath("//main//section")
    assert [s.get("id") for s in secs] == ["data-retention"]
    dels = [d.text_content() for d in secs[0].xpath(".//del")]
    inss = [i.text_content() for i in secs[0].xpath(".//ins")]
    # by characters: "90" → "30" keeps the "0"; only the changed characters are marked
    assert "9" in "".join(dels) and "3" in "".join(inss)
    assert "0" not in "".join(dels + inss)
    assert all(len(t) <= 2 for t in dels + inss), (dels, inss)
    # German by words: the whole number
    tree = parse(p, f"output/de/{DOC}/1..2.html")
    assert [d.text_content() for d in tree.xpath("//main//del")] == ["90"]
    assert [i.text_content() for i in tree.xpath("//main//ins")] == ["30"]


def test_comparison_marks_english_fallback(new_project):
    """A section untranslated in both releases shows its English diff, marked lang=en."""
    p = setup(new_project, locales=("de",), translate=())
    p.translate("de", {k: v for k, v in DE.items() if not k.startswith("data-retention")})
    ok(p.run("release", "1"))
    edit_source(p, "We retain data", "We keep data")
    ok(p.run("update"))
    ok(p.run("release", "2"))
    ok(p.run("build", "--no-pdf"))
    tree = parse(p, f"output/de/{DOC}/1..2.html")
    secs = tree.xpath("//main//section")
    assert [s.get("id") for s in secs] == ["data-retention"]
    assert secs[0].get("lang") == "en"
    assert [d.text_content() for d in secs[0].xpath(".//del")] == ["retain"]


def test_no_comparison_for_a_single_release(new_project):
    p = setup(new_project)
    ok(p.run("release", "1"))
    ok(p.run("build", "--no-pdf"))
    assert p.path(f"output/de/{DOC}/1.html").exists()
    assert not list(p.path(f"output/de/{DOC}").glob("*..*"))


# =========================================================================== release pages

def test_release_page_shows_stale_section_as_the_live_page_did(new_project):
    p = setup(new_project, locales=("de", "fr"))
    edit_source(p, "We retain data for 90 days.", "We retain your data for 90 days.")
    ok(p.run("update"))
    ok(p.run("build", "--no-pdf"))
    live_then = p.read(f"output/de/{DOC}.html")
    stale_then = section_html(live_then, "data-retention")
    assert 'lang="en"' in stale_then and "l10n-notice" in stale_then
    ok(p.run("release", "1.0"))
    # the translators catch up; today's page changes, the release page does not
    p.translate("de", {"data-retention": "Wir speichern Ihre Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev>."})
    ok(p.run("build", "--no-pdf"))
    live_now = p.read(f"output/de/{DOC}.html")
    assert "l10n-notice" not in section_html(live_now, "data-retention")
    release = p.read(f"output/de/{DOC}/1.0.html")
    assert section_html(release, "data-retention") == stale_then
    for sid in ("introduction", "your-rights"):
        assert section_html(release, sid) == section_html(live_then, sid)
    tree = lxml.html.fromstring(release)
    assert tree.get("lang") == "de"
    # its title names the version (a browser tab, a search result): not the live page's title
    live_title = lxml.html.fromstring(live_now).findtext(".//title")
    assert tree.findtext(".//title").startswith(live_title + " — ") and "1.0" in tree.findtext(".//title")
    sec = tree.xpath('//section[@id="data-retention"]')[0]
    assert sec.get("lang") == "en"
    assert sec.xpath('.//*[contains(@class, "l10n-notice")]')
    assert not tree.xpath("//script")
    # every release page of every locale is there, with a link back to the current page
    for loc in ("en", "de", "fr"):
        page = p.path(f"output/{loc}/{DOC}/1.0.html")
        assert page.exists()
        links = lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("//a/@href")
        assert f"../{DOC}.html" in links


def test_release_page_keeps_release_time_on_stale_and_fallbacks(new_project):
    """on-stale and fallbacks are those recorded with the release, not today's."""
    extra = textwrap.dedent("""\
        on-stale = "translation"
        [tool.policy-l10n.fallbacks]
        de_CH = ["de"]
        """)
    p = setup(new_project, locales=("de", "de_CH"), extra_config=extra, translate=("de",))
    edit_source(p, "We retain data for 90 days.", "We retain your data for 90 days.")
    ok(p.run("update"))
    ok(p.run("build", "--no-pdf"))
    then = {loc: section_html(p.read(f"output/{loc}/{DOC}.html"), "data-retention") for loc in ("de", "de-CH")}
    assert "Wir speichern Daten 90 Tage lang" in then["de-CH"]  # old translation, via de
    ok(p.run("release", "1"))
    # today: no fallback, English for stale sections
    p.write("pyproject.toml", p.read("pyproject.toml").replace('on-stale = "translation"', 'on-stale = "source"')
            .replace('[tool.policy-l10n.fallbacks]\nde_CH = ["de"]\n', ""))
    ok(p.run("build", "--no-pdf"))
    assert "Wir speichern" not in p.read(f"output/de-CH/{DOC}.html")
    for loc in ("de", "de-CH"):
        release = p.read(f"output/{loc}/{DOC}/1.html")
        assert section_html(release, "data-retention") == then[loc]


def test_release_page_with_regions_and_section_limited_to_a_region(new_project):
    source = SMALL_SOURCE + "\n## EU Representative {#eu-representative regions=\"eu\"}\n\nOur EU representative.\n"
    regions = textwrap.dedent("""\
        [tool.policy-l10n.regions.eu]
        locales = ["en", "de"]
        [tool.policy-l10n.regions.us]
        locales = ["en"]
        paper = "letter"
        """)
    p = setup(new_project, source=source, extra_config=regions)
    ok(p.run("release", "1"))
    ok(p.run("build", "--no-pdf"))
    eu = parse(p, f"output/eu/de/{DOC}/1.html")
    assert [s.get("id") for s in eu.xpath("//main/section")] == [
        "introduction", "data-retention", "your-rights", "eu-representative"]
    eu_rep = eu.xpath('//section[@id="eu-representative"]')[0]
    assert eu_rep.get("lang") == "en"  # missing in German at release time
    us = parse(p, f"output/us/en/{DOC}/1.html")
    assert "eu-representative" not in [s.get("id") for s in us.xpath("//main/section")]


def test_current_page_effective_date_versions_and_latest_comparison(new_project):
    p = two_releases(new_project)
    page = p.read(f"output/de/{DOC}.html")
    tree = lxml.html.fromstring(page)
    effective = tree.xpath('//*[contains(@class, "effective")]')[0].text_content()
    assert effective == "Effective 1. Februar 2026"
    hrefs = tree.xpath("//a/@href")
    assert f"{DOC}/1.0.html" in hrefs and f"{DOC}/1.0..2.0.html" in hrefs
    for href in hrefs:
        if not href.startswith(("http", "mailto", "#")) and not href.endswith(".pdf"):  # --no-pdf
            assert (p.path(f"output/de/{href}")).exists(), href
    en = lxml.html.fromstring(p.read(f"output/en/{DOC}.html"))
    assert en.xpath('//*[contains(@class, "effective")]')[0].text_content() == "Effective February 1, 2026"


def test_previous_versions_leave_out_the_current_one(new_project):
    """The live page is the latest release: its "Previous versions" are the ones before it."""
    p = two_releases(new_project)
    ok(p.run("release", "3.0", "--effective", "2026-03-01"))
    ok(p.run("build", "--no-pdf"))
    for rel in (f"output/de/{DOC}.html", f"output/en/{DOC}.html"):
        tree = parse(p, rel)
        assert tree.xpath('//ul[@class="versions"]/li/a/@href') == [f"{DOC}/2.0.html", f"{DOC}/1.0.html"], rel
        assert tree.xpath('//*[@class="effective"]')[0].text_content().endswith("2026")
    # a single release: nothing before it, no "Previous versions" heading
    single = setup(new_project)
    ok(single.run("release", "1.0", "--effective", "2026-01-01"))
    ok(single.run("build", "--no-pdf"))
    tree = parse(single, f"output/de/{DOC}.html")
    assert not tree.xpath('//ul[@class="versions"]')
    assert "Previous versions" not in tree.text_content()
    assert tree.xpath('//*[@class="effective"]')


def test_effective_text_localized_by_ui_catalog_and_future_date(new_project):
    p = setup(new_project)
    p.translate("de", {"page.effective": "Gültig ab {date}"}, domain="ui")
    ok(p.run("release", "3", "--effective", "2031-12-24"))
    ok(p.run("build", "--no-pdf"))
    tree = parse(p, f"output/de/{DOC}.html")
    assert tree.xpath('//*[contains(@class, "effective")]')[0].text_content() == "Gültig ab 24. Dezember 2031"
    ja = setup(new_project, locales=("ja",))
    ok(ja.run("release", "1", "--effective", "2026-02-01"))
    ok(ja.run("build", "--no-pdf"))
    assert "2026年2月1日" in ja.read(f"output/ja/{DOC}.html")


def test_release_pages_rebuilt_only_when_needed(new_project):
    p = two_releases(new_project)
    stamps = {f: f.stat().st_mtime_ns for f in p.path("output").rglob("*.html")}
    ok(p.run("build", "--no-pdf"))
    assert {f: f.stat().st_mtime_ns for f in p.path("output").rglob("*.html")} == stamps
    # a new release: the live pages and the new version's pages change, the old ones stay
    ok(p.run("release", "3.0"))
    ok(p.run("build", "--no-pdf"))
    after = {f: f.stat().st_mtime_ns for f in p.path("output").rglob("*.html")}
    assert after[p.path(f"output/de/{DOC}/1.0.html")] == stamps[p.path(f"output/de/{DOC}/1.0.html")]
    assert after[p.path(f"output/de/{DOC}.html")] != stamps[p.path(f"output/de/{DOC}.html")]
    assert p.path(f"output/de/{DOC}/2.0..3.0.html").exists()


# =========================================================================== approvals

def approval_header(p: Project, locale: str = "de") -> str:
    return polib.pofile(str(p.po(locale))).metadata["X-Policy-Approved"]


def test_approve_refused_while_stale_or_missing(new_project):
    p = setup(new_project, locales=("de", "fr"), translate=("de",))
    p.translate("fr", {k: v for k, v in FR.items() if k != "your-rights"})
    before = p.snapshot()
    r = p.run("approve", "fr", "--by", "Rita Reviewer <rita@example.com>")
    assert r.code == 1
    one_error_line(r)
    assert "your-rights" in r.err and "missing" in r.err
    assert p.snapshot() == before
    # stale (English changed, even before update)
    edit_source(p, "Delete your data", "Erase your data")
    before = p.snapshot()
    r = p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>")
    assert r.code == 1 and "stale" in r.err
    assert p.snapshot() == before
    # several locales: nothing written when one is refused
    ok(p.run("update"))
    p.translate("de", {"your-rights": DE["your-rights"].replace("löschen", "entfernen")})
    before = p.snapshot()
    r = p.run("approve", "de", "fr", "--by", "Rita Reviewer <rita@example.com>")
    assert r.code == 1
    assert p.snapshot() == before


def test_approve_refused_while_document_title_missing(new_project):
    p = setup(new_project, translate=())
    p.translate("de", {k: v for k, v in DE.items() if k != "document.title"})
    before = p.snapshot()
    r = p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>")
    assert r.code == 1 and "document" in r.err
    assert p.snapshot() == before


def test_approve_writes_header_and_status_reports_it(new_project):
    p = setup(new_project, locales=("de", "fr"))
    r = p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>")
    ok(r)
    m = APPROVED_RE.match(approval_header(p))
    assert m, approval_header(p)
    assert m["by"] == "Rita Reviewer <rita@example.com>"
    at = dt.datetime.strptime(m["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert abs((dt.datetime.now(dt.timezone.utc) - at).total_seconds()) < 120
    msgfmt_check(p.po("de"))
    # the digest is of the catalog's active entries as our reader sees them
    from pipeline.catalog import catalog_digest
    from pipeline.pofile import read_po
    assert m["digest"] == catalog_digest(read_po(p.po("de"), "de.po"))
    ap = locale_json(p, "de")["approval"]
    assert ap == {"state": "approved", "by": "Rita Reviewer <rita@example.com>", "at": m["at"]}
    assert locale_json(p, "fr")["approval"] == {"state": "none", "by": None, "at": None}
    # only the header changed: entries and other headers as before
    po = polib.pofile(str(p.po("de")))
    assert po.metadata["Last-Translator"] == "Anna Beispiel <anna@example.com>"
    assert {e.msgctxt: e.msgstr for e in po} == {k: v for k, v in DE.items()}


def test_approval_void_after_english_change_even_before_update(new_project):
    p = setup(new_project)
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    edit_source(p, "Delete your data", "Erase your data")
    ap = locale_json(p, "de")["approval"]
    assert ap["state"] == "void" and ap["by"] == "Rita Reviewer <rita@example.com>" and UTC_RE.match(ap["at"])
    ok(p.run("update"))
    assert locale_json(p, "de")["approval"]["state"] == "void"
    # translating the change does not bring the old sign-off back
    p.translate("de", {"your-rights": DE["your-rights"].replace("löschen", "entfernen")})
    assert locale_json(p, "de")["approval"]["state"] == "void"
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    assert locale_json(p, "de")["approval"]["state"] == "approved"


def test_approval_void_after_translation_change(new_project):
    p = setup(new_project)
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    p.translate("de", {"introduction": "AImonitor schützt Ihre Privatsphäre."})
    assert locale_json(p, "de")["approval"]["state"] == "void"


def test_approval_void_after_fuzzy_flag(new_project):
    p = setup(new_project)
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    p.translate("de", {"introduction": DE["introduction"]}, fuzzy=True)
    assert locale_json(p, "de")["approval"]["state"] == "void"


def test_fail_on_unapproved(new_project):
    p = setup(new_project, locales=("de", "fr"))
    r = p.run("status", "--fail-on", "unapproved")
    assert r.code == 1 and "de" in r.err and "fr" in r.err
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    assert p.run("status", "--fail-on", "unapproved").code == 1
    assert p.run("status", "--fail-on", "unapproved", "--locale", "de").code == 0
    assert p.run("status", "--fail-on", "unapproved", "--locale", "fr").code == 1
    ok(p.run("approve", "fr", "--by", "Jean Relecteur <jean@example.com>"))
    r = p.run("status", "--fail-on", "unapproved", "--format", "json")
    assert r.code == 0
    json.loads(r.out)  # the full report is printed either way
    p.translate("fr", {"introduction": "AImonitor protège votre vie privée."})
    assert p.run("status", "--fail-on", "unapproved").code == 1


def test_page_says_translation_reviewed_only_while_approved(new_project):
    p = setup(new_project, locales=("de", "ja"))
    ok(p.run("approve", "de", "ja", "--by", "Rita Reviewer <rita@example.com>"))
    at = APPROVED_RE.match(approval_header(p))["at"]
    day = dt.date.fromisoformat(at[:10])
    ok(p.run("build", "--no-pdf"))
    de = parse(p, f"output/de/{DOC}.html")
    assert de.xpath('//*[@class="reviewed"]')[0].text_content() == \
        f"Translation reviewed on {format_date(day, 'long', locale='de')}"
    ja = p.read(f"output/ja/{DOC}.html")
    assert format_date(day, "long", locale="ja") in ja
    assert 'class="reviewed"' not in p.read(f"output/en/{DOC}.html")
    # void: by an English change (before update) and by a translation change
    edit_source(p, "Delete your data", "Erase your data")
    ok(p.run("build", "--no-pdf"))
    assert 'class="reviewed"' not in p.read(f"output/de/{DOC}.html")
    edit_source(p, "Erase your data", "Delete your data")
    ok(p.run("build", "--no-pdf"))
    assert 'class="reviewed"' in p.read(f"output/de/{DOC}.html")
    p.translate("de", {"introduction": "AImonitor schützt Ihre Privatsphäre."})
    ok(p.run("build", "--no-pdf"))
    assert 'class="reviewed"' not in p.read(f"output/de/{DOC}.html")
    assert 'class="reviewed"' in p.read(f"output/ja/{DOC}.html")


def fallback_project(new_project) -> Project:
    """de translated in full; de_CH (fallback de) translates only `introduction` and inherits the rest."""
    p = setup(new_project, locales=("de", "de_CH"), translate=("de",),
              extra_config="[tool.policy-l10n.fallbacks]\nde_CH = [\"de\"]\n")
    p.translate("de_CH", {"introduction.title": "Einleitung (CH)",
                          "introduction": "AImonitor setzt sich für den Schutz Ihrer Privatsphäre ein (CH)."})
    ok(p.run("approve", "de_CH", "--by", "Rita Reviewer <rita@example.com>"))
    assert locale_json(p, "de_CH")["approval"]["state"] == "approved"
    return p


def test_approval_of_a_variant_void_when_what_it_inherits_changes(new_project):
    """The digest covers what de_CH shows: its own entries and those it takes from de."""
    p = fallback_project(new_project)
    de_ch_before = p.read("locales/de_CH/LC_MESSAGES/privacy-policy.po")
    p.translate("de", {"data-retention": "Wir bewahren Daten 90 Tage auf. Kontakt <privacy@aimonitor.dev>."})
    assert p.read("locales/de_CH/LC_MESSAGES/privacy-policy.po") == de_ch_before
    assert locale_json(p, "de_CH")["approval"]["state"] == "void"
    ok(p.run("build", "--no-pdf"))
    assert 'class="reviewed"' not in p.read(f"output/de-CH/{DOC}.html")
    dash = lxml.html.fromstring(p.read("output/index.html"))
    row = next(r for r in dash.xpath("//tr") if "de-CH/" in " ".join(r.xpath(".//a/@href")))
    assert "void" in row.text_content() and "approved" not in row.text_content()
    # approving again covers the new German
    ok(p.run("approve", "de_CH", "--by", "Rita Reviewer <rita@example.com>"))
    assert locale_json(p, "de_CH")["approval"]["state"] == "approved"
    # a fuzzy flag in the German it inherits voids it too
    p.translate("de", {"your-rights.title": DE["your-rights.title"]}, fuzzy=True)
    assert locale_json(p, "de_CH")["approval"]["state"] == "void"


def test_approval_of_a_variant_ignores_what_it_overrides(new_project):
    """A German entry de_CH translates itself is not shown in de_CH: changing it keeps the sign-off."""
    p = fallback_project(new_project)
    p.translate("de", {"introduction": "AImonitor schützt Ihre Privatsphäre."})
    assert locale_json(p, "de_CH")["approval"]["state"] == "approved"
    assert locale_json(p, "de")["approval"]["state"] == "none"


def test_approval_without_fallback_keeps_the_catalog_digest(new_project):
    """A locale without fallbacks: the digest is its catalog's, as before (older sign-offs stay valid)."""
    p = setup(new_project)
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    from pipeline.catalog import catalog_digest
    from pipeline.pofile import read_po
    assert APPROVED_RE.match(approval_header(p))["digest"] == catalog_digest(read_po(p.po("de"), "de.po"))


def test_minor_keeps_a_variants_valid_approval_valid(new_project):
    """A minor edit of a section de_CH inherits: de stays current, so does de_CH's sign-off."""
    p = new_project(locales=("de", "de_CH"), source=MINOR_SOURCE,
                    extra_config="[tool.policy-l10n.fallbacks]\nde_CH = [\"de\"]\n")
    ok(p.run("init", "de", "de_CH"))
    ok(p.run("update"))
    p.translate("de", MINOR_DE)
    p.translate("de_CH", {"data-retention.title": "Aufbewahrung von Daten (CH)",
                          "data-retention": MINOR_DE["data-retention"].replace("speichern", "bewahren")})
    ok(p.run("approve", "de", "de_CH", "--by", "Rita Reviewer <rita@example.com>"))
    old = APPROVED_RE.match(approval_header(p, "de_CH"))
    edit_source(p, "commited", "committed")
    ok(p.run("update", "--minor", "introduction", "--reason", "typo"))
    assert locale_json(p, "de")["approval"]["state"] == "approved"
    ap = locale_json(p, "de_CH")["approval"]
    assert ap == {"state": "approved", "by": old["by"], "at": old["at"]}
    # a change of the German after that still voids it
    p.translate("de", {"your-rights": DE["your-rights"].replace("löschen", "entfernen")})
    assert locale_json(p, "de_CH")["approval"]["state"] == "void"


def test_approve_bad_by_is_usage_error(new_project):
    p = setup(new_project)
    before = p.snapshot()
    for by in ("Rita", "rita@example.com", "Rita <rita@example.com>; sha256=00"):
        r = p.run("approve", "de", "--by", by)
        assert r.code == 2, by
        one_error_line(r)
    r = p.run("approve", "xx", "--by", "Rita <rita@example.com>")
    assert r.code == 2
    assert p.snapshot() == before


# =========================================================================== update --minor

MINOR_SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is commited to protecting your privacy.

## Data Retention {#data-retention}

We retain data for 90 days. Contact <privacy@aimonitor.dev> or use [the form](https://aimonitor.dev/form).
See https://aimonitor.dev/retention for details.

## Your Rights {#your-rights}

You may have the right to:

- Access your data
- Delete your data
"""
MINOR_DE = {**DE, "introduction": "AImonitor setzt sich für den Schutz Ihrer Privatsphäre ein.",
            "data-retention": "Wir speichern Daten 90 Tage lang. Kontakt <privacy@aimonitor.dev> oder "
                              "[das Formular](https://aimonitor.dev/form). Details: https://aimonitor.dev/retention."}
MINOR_FR = {**FR, "data-retention": "Nous conservons les données 90 jours. Contact <privacy@aimonitor.dev> ou "
                                    "[le formulaire](https://aimonitor.dev/form). https://aimonitor.dev/retention."}


def minor_project(new_project, *, stale_fr_intro: bool = True) -> Project:
    """de current everywhere; fr current except `introduction`, stale since an earlier edit."""
    p = new_project(locales=("de", "fr"), source=MINOR_SOURCE)
    ok(p.run("init", "de", "fr", "--translator", "Anna Beispiel <anna@example.com>"))
    ok(p.run("update"))
    p.translate("de", MINOR_DE)
    p.translate("fr", MINOR_FR)
    if stale_fr_intro:
        edit_source(p, "AImonitor is commited to protecting", "AImonitor is commited to protect")
        ok(p.run("update"))
        p.translate("de", {"introduction": MINOR_DE["introduction"]})
    return p


def minor_log(p: Project) -> list[dict]:
    path = p.path("locales/minor-changes.jsonl")
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_minor_keeps_current_translations_current(new_project):
    p = minor_project(new_project)
    assert locale_json(p, "fr")["sections"][0]["state"] == "stale"
    old_en = "AImonitor is commited to protect your privacy."
    edit_source(p, "commited to protect", "committed to protect")
    r = p.run("update", "--minor", "introduction", "--reason", "typo: committed")
    ok(r)
    de = {e.msgctxt: e for e in polib.pofile(str(p.po("de")))}
    assert de["introduction"].msgid == "AImonitor is committed to protect your privacy."
    assert "fuzzy" not in de["introduction"].flags and de["introduction"].previous_msgid is None
    assert de["introduction"].msgstr == MINOR_DE["introduction"]
    assert locale_json(p, "de")["summary"]["current"] == 3
    # fr was stale: it stays stale, with the English it was translated for
    fr = {e.msgctxt: e for e in polib.pofile(str(p.po("fr")))}
    assert "fuzzy" in fr["introduction"].flags
    assert fr["introduction"].previous_msgid == "AImonitor is commited to protecting your privacy."
    fr_intro = locale_json(p, "fr")["sections"][0]
    assert fr_intro["state"] == "stale"
    assert fr_intro["previous_source"] == "AImonitor is commited to protecting your privacy."
    # one audit record
    log = minor_log(p)
    assert len(log) == 1
    rec = log[0]
    assert set(rec) >= {"time", "document", "section", "before", "after", "reason", "locales"}
    assert UTC_RE.match(rec["time"])
    assert rec["document"] == DOC and rec["section"] == "introduction"
    assert rec["before"] == old_en
    assert rec["after"] == "AImonitor is committed to protect your privacy."
    assert rec["reason"] == "typo: committed"
    assert rec["locales"] == ["de"]
    # the .pot has the new English
    pot = {e.msgctxt: e for e in polib.pofile(str(p.path(f"locales/{DOC}.pot")))}
    assert pot["introduction"].msgid == rec["after"]
    for path in (p.po("de"), p.po("fr"), p.path(f"locales/{DOC}.pot")):
        msgfmt_check(path)
    # a second update changes nothing
    before = p.snapshot()
    ok(p.run("update"))
    assert p.snapshot() == before


def test_minor_merges_other_sections_as_usual(new_project):
    p = minor_project(new_project, stale_fr_intro=False)
    edit_source(p, "commited", "committed")
    edit_source(p, "Delete your data", "Erase your data")
    ok(p.run("update", "--minor", "introduction", "--reason", "typo"))
    de = {e.msgctxt: e for e in polib.pofile(str(p.po("de")))}
    assert "fuzzy" not in de["introduction"].flags
    assert "fuzzy" in de["your-rights"].flags
    assert de["your-rights"].previous_msgid.endswith("- Delete your data")
    assert minor_log(p)[0]["locales"] == ["de", "fr"]


def test_minor_title_change(new_project):
    p = minor_project(new_project, stale_fr_intro=False)
    edit_source(p, "## Your Rights {#your-rights}", "## Your rights {#your-rights}")
    ok(p.run("update", "--minor", "your-rights", "--reason", "sentence case"))
    assert locale_json(p, "de")["summary"]["current"] == 3
    assert locale_json(p, "fr")["summary"]["current"] == 3
    rec = minor_log(p)[0]
    assert (rec["before"], rec["after"]) == ("Your Rights", "Your rights")


def test_minor_keeps_a_valid_approval_valid(new_project):
    p = minor_project(new_project)
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    old = APPROVED_RE.match(approval_header(p))
    edit_source(p, "commited to protect", "committed to protect")
    assert locale_json(p, "de")["approval"]["state"] == "void"  # before the --minor update
    ok(p.run("update", "--minor", "introduction", "--reason", "typo"))
    new = APPROVED_RE.match(approval_header(p))
    assert (new["by"], new["at"]) == (old["by"], old["at"])
    assert new["digest"] != old["digest"]
    from pipeline.catalog import catalog_digest
    from pipeline.pofile import read_po
    assert new["digest"] == catalog_digest(read_po(p.po("de"), "de.po"))
    ap = locale_json(p, "de")["approval"]
    assert ap == {"state": "approved", "by": old["by"], "at": old["at"]}
    msgfmt_check(p.po("de"))


def test_minor_does_not_revive_void_approval_or_cover_other_changes(new_project):
    p = minor_project(new_project, stale_fr_intro=False)
    ok(p.run("approve", "de", "fr", "--by", "Rita Reviewer <rita@example.com>"))
    # fr's sign-off was already void (its translation changed)
    p.translate("fr", {"introduction": "AImonitor protège votre vie privée."})
    edit_source(p, "commited", "committed")
    # another English change in the same update is not minor: de's sign-off must go void
    edit_source(p, "Delete your data", "Erase your data")
    ok(p.run("update", "--minor", "introduction", "--reason", "typo"))
    assert locale_json(p, "de")["approval"]["state"] == "void"
    assert locale_json(p, "fr")["approval"]["state"] == "void"
    assert locale_json(p, "de")["sections"][2]["state"] == "stale"


def test_minor_without_a_previous_pot(new_project):
    """`init` then translate, never `update`: the English in the catalogs is the before."""
    p = new_project(locales=("de",), source=MINOR_SOURCE)
    ok(p.run("init", "de"))
    p.translate("de", MINOR_DE)
    assert not p.path(f"locales/{DOC}.pot").exists()
    edit_source(p, "commited", "committed")
    ok(p.run("update", "--minor", "introduction", "--reason", "typo"))
    assert locale_json(p, "de")["summary"]["current"] == 3
    assert minor_log(p)[0]["before"] == "AImonitor is commited to protecting your privacy."


@pytest.mark.parametrize("old,new,changed", [
    ("for 90 days", "for 91 days", "(90 → 91)"),                                   # a figure
    ("for 90 days", "for ninety days", "(90 → nothing)"),                          # a figure removed
    ("https://aimonitor.dev/retention", "https://aimonitor.dev/keep", "retention"),  # a URL
    ("<privacy@aimonitor.dev>", "<legal@aimonitor.dev>", "legal@"),                # an e-mail address
    ("(https://aimonitor.dev/form)", "(https://aimonitor.dev/forms)", "forms"),    # a link target
    ("(https://aimonitor.dev/form)", "(#your-rights)", "#your-rights"),            # a link target
])
def test_minor_refuses_figures_urls_emails_and_link_targets(new_project, old, new, changed):
    p = minor_project(new_project, stale_fr_intro=False)
    edit_source(p, old, new)
    before = p.snapshot()
    r = p.run("update", "--minor", "data-retention", "--reason", "just wording")
    assert r.code == 2
    one_error_line(r)
    assert r.err.startswith("source/privacy-policy.md:")
    assert changed in r.err  # what changed, said
    assert p.snapshot() == before
    assert not p.path("locales/minor-changes.jsonl").exists()


def test_minor_refuses_unchanged_or_unknown_ids(new_project):
    p = minor_project(new_project, stale_fr_intro=False)
    edit_source(p, "commited", "committed")
    before = p.snapshot()
    for ids in (["your-rights"], ["introduction", "your-rights"], ["no-such-section"]):
        r = p.run("update", "--minor", *ids, "--reason", "typo")
        assert r.code == 2, ids
        one_error_line(r)
        assert p.snapshot() == before
    r = p.run("update", "--minor", "introduction")  # no --reason
    assert r.code == 2
    r = p.run("update", "--minor", "introduction", "--reason", "  ")
    assert r.code == 2
    assert p.snapshot() == before


def test_minor_dry_run_writes_nothing(new_project):
    p = minor_project(new_project, stale_fr_intro=False)
    edit_source(p, "commited", "committed")
    before = p.snapshot()
    r = p.run("update", "--dry-run", "--minor", "introduction", "--reason", "typo")
    ok(r)
    assert "+++ b/locales/de/LC_MESSAGES/privacy-policy.po" in r.out
    assert p.snapshot() == before


def test_status_lists_minor_changes_since_last_release(new_project):
    p = minor_project(new_project, stale_fr_intro=False)
    assert status(p)["documents"][0]["minor_changes"] == []
    edit_source(p, "commited", "committed")
    ok(p.run("update", "--minor", "introduction", "--reason", "typo"))
    listed = status(p)["documents"][0]["minor_changes"]
    assert [(m["section"], m["reason"]) for m in listed] == [("introduction", "typo")]
    ok(p.run("release", "1"))  # (the same second, often: still ordered right)
    assert status(p)["documents"][0]["minor_changes"] == []
    edit_source(p, "Delete your data", "Delete your data.")
    ok(p.run("update", "--minor", "your-rights", "--reason", "punctuation"))
    listed = status(p)["documents"][0]["minor_changes"]
    assert [m["section"] for m in listed] == ["your-rights"]
    assert len(minor_log(p)) == 2


def test_malformed_minor_log_is_reported(new_project):
    p = minor_project(new_project, stale_fr_intro=False)
    p.write("locales/minor-changes.jsonl", '{"time": "x"}\nnot json\n')
    r = p.run("status", "--format", "json")
    assert r.code == 2
    assert r.err.strip() == "locales/minor-changes.jsonl:2: " + r.err.strip().split(":2: ", 1)[1]


# =========================================================================== catalogs stay valid

def test_every_po_written_passes_msgfmt_and_polib(new_project):
    p = minor_project(new_project)
    ok(p.run("approve", "de", "--by", "Rita Reviewer <rita@example.com>"))
    edit_source(p, "commited to protect", "committed to protect")
    ok(p.run("update", "--minor", "introduction", "--reason", "typo"))
    ok(p.run("release", "1"))
    paths = sorted(p.path("locales").rglob("*.po")) + sorted(p.path("releases").rglob("*.po"))
    assert len(paths) == 8
    for path in paths:
        msgfmt_check(path)
        po = polib.pofile(str(path))
        assert po.metadata["Language"] in ("de", "fr")
    assert APPROVED_RE.match(polib.pofile(str(p.path(f"releases/{DOC}/1/de/{DOC}.po"))).metadata["X-Policy-Approved"])


# =========================================================================== several documents

TERMS = "---\ntitle: Terms\nupdated: 2026-01-01\n---\n\n## Introduction {#introduction}\n\nThese terms apply.\n"
TERMS_DE = {"document.title": "AGB", "introduction.title": "Einleitung", "introduction": "Diese Bedingungen gelten."}


def test_several_documents_release_approve_and_minor(new_project):
    p = setup(new_project)
    p.write("source/terms.md", TERMS)
    ok(p.run("update"))
    p.translate("de", TERMS_DE, domain="terms")
    ok(p.run("approve", "de", "--document", "terms", "--by", "Rita Reviewer <rita@example.com>"))
    assert "X-Policy-Approved" not in polib.pofile(str(p.po("de"))).metadata
    ok(p.run("release", "1", "--document", "terms"))
    assert p.path("releases/terms/1/terms.md").exists()
    assert p.path("releases/terms/1/de/terms.po").exists() and p.path("releases/terms/1/de/ui.po").exists()
    assert not p.path(f"releases/{DOC}").exists()
    # `introduction` exists in both documents; only the terms' English changed
    p.write("source/terms.md", TERMS.replace("apply.", "apply!"))
    ok(p.run("update", "--minor", "introduction", "--reason", "emphasis"))
    assert [(r["document"], r["locales"]) for r in minor_log(p)] == [("terms", ["de"])]
    docs = {d["id"]: d for d in status(p)["documents"]}
    assert [m["document"] for m in docs["terms"]["minor_changes"]] == ["terms"]
    assert docs[DOC]["minor_changes"] == []
    terms_de = next(l for l in docs["terms"]["locales"] if l["locale"] == "de")
    assert terms_de["approval"]["state"] == "approved"
    # a version is per document: 1 is free for the privacy policy, taken for the terms
    r = p.run("release", "1")
    assert r.code == 2
    assert not p.path(f"releases/{DOC}").exists()
    ok(p.run("release", "1", "--document", DOC))


def test_release_refused_when_a_catalog_is_unreadable(new_project):
    p = setup(new_project)
    p.write(f"locales/de/LC_MESSAGES/{DOC}.po", p.read(f"locales/de/LC_MESSAGES/{DOC}.po") + '\nmsgid "x\n')
    before = p.snapshot()
    r = p.run("release", "1")
    assert r.code == 2
    one_error_line(r)
    assert r.err.startswith(f"locales/de/LC_MESSAGES/{DOC}.po:")
    assert p.snapshot() == before


@pytest.mark.parametrize("index", ["{", "{}", '[{"effective": "2026-01-01"}]', '[{"version": "../x", "effective": "2026-01-01"}]',
                                   '[{"version": "1", "effective": "soon"}]', '["1"]'])
def test_malformed_release_index(new_project, index):
    p = setup(new_project)
    p.write(f"releases/{DOC}/index.json", index)
    before = p.snapshot()
    r = p.run("release", "2")
    assert r.code == 2
    one_error_line(r)
    assert r.err.startswith(f"releases/{DOC}/index.json:1: ")
    assert p.snapshot() == before
    # build: one line, exit 2, the live pages and the dashboard still built
    r = p.run("build", "--no-pdf")
    assert r.code == 2
    one_error_line(r)
    assert r.err.startswith(f"releases/{DOC}/index.json:1: ")
    assert p.path(f"output/de/{DOC}.html").exists() and p.path("output/index.html").exists()


def test_missing_release_snapshot_is_one_error_line(new_project):
    p = setup(new_project)
    ok(p.run("release", "1"))
    (p.path(f"releases/{DOC}/1/{DOC}.md")).unlink()
    r = p.run("build", "--no-pdf")
    assert r.code == 2
    one_error_line(r)
    assert r.err.startswith(f"releases/{DOC}/1/{DOC}.md:1: ")
    assert p.path(f"output/de/{DOC}.html").exists()


# =========================================================================== the real project

def test_real_project_release_cycle(real_project):
    """This repository's policy, 8 locales and 7 regions: release, an English edit, a minor
    edit, a second release; every comparison page lists the one changed section."""
    p = real_project
    shutil.rmtree(p.path("releases"), ignore_errors=True)  # start from the policy without a release
    ok(p.run("release", "2026-02", "--effective", "2026-02-01", "--note", "Initial"))
    text = p.read(f"source/{DOC}.md")
    assert "You may request deletion of your data at any time." in text
    p.write(f"source/{DOC}.md", text.replace("You may request deletion of your data at any time.",
                                             "You may request deletion of your data at any time, free of charge."))
    ok(p.run("update"))
    text = p.read(f"source/{DOC}.md")
    p.write(f"source/{DOC}.md", text.replace("## Data Security", "## Data  Security"))  # a whitespace-only edit
    ok(p.run("update"))
    ok(p.run("release", "2026-03", "--effective", "2026-03-01"))
    r = p.run("build", "--no-pdf")
    ok(r)
    index = json.loads(p.read(f"releases/{DOC}/index.json"))
    assert [e["version"] for e in index] == ["2026-02", "2026-03"]
    assert set(index[1]["locales"]) == {"de", "de_CH", "fr", "es", "pt_BR", "ja", "zh_Hans", "ar"}
    assert index[1]["locales"]["de"]["stale"] == 1
    manifest = json.loads(p.read("output/manifest.json"))["outputs"]
    comparisons = [o for o in manifest if o["kind"] == "comparison"]
    releases = [o for o in manifest if o["kind"] == "release"]
    pages = [o for o in manifest if o["kind"] == "page"]
    assert len(comparisons) == len(pages) and len(releases) == 2 * len(pages)
    for item in comparisons:
        tree = parse(p, f"output/{item['path']}")
        secs = tree.xpath("//main//section")
        assert [s.get("id") for s in secs] == ["data-retention"], item["path"]
        if item["locale"] != "en":  # the translation went stale: the English is shown now
            assert secs[0].get("lang") == "en"
        assert "free of charge" in "".join(i.text_content() for i in secs[0].xpath(".//ins"))
        assert not tree.xpath("//script")
    ar = parse(p, f"output/mena/ar/{DOC}/2026-02..2026-03.html")
    assert ar.get("dir") == "rtl" and ar.get("lang") == "ar"
    live = parse(p, f"output/eu/de/{DOC}.html")
    assert "1. März 2026" in live.xpath('//*[@class="effective"]')[0].text_content()
    dash = lxml.html.fromstring(p.read("output/index.html"))
    assert len(dash.xpath("//table[.//th[@scope='row']]")) == 7



def test_comparison_between_translation_and_english_fallback_is_whole(new_project):
    """German at 1, English fallback at 2 (stale): the German removed as a whole, marked
    lang=de inside an English section; no word diff across two languages."""
    p = setup(new_project)
    ok(p.run("release", "1"))
    edit_source(p, "We retain data for 90 days.", "We retain data for 90 days at most.")
    ok(p.run("update"))
    ok(p.run("release", "2"))
    ok(p.run("build", "--no-pdf"))
    sec = parse(p, f"output/de/{DOC}/1..2.html").xpath("//main//section")
    assert [s.get("id") for s in sec] == ["data-retention"]
    assert sec[0].get("lang") == "en"
    dels, inss = sec[0].xpath(".//div//del"), sec[0].xpath(".//div//ins")
    assert [d.text_content() for d in dels] == [DE["data-retention"]]
    assert dels[0].get("lang") == "de"
    assert [i.text_content() for i in inss] == ["We retain data for 90 days at most. Contact <privacy@aimonitor.dev>."]
    assert inss[0].get("lang") is None
