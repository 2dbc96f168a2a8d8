"""`policy-l10n build`, HTML side: real projects, the real CLI, pages parsed back.

See DESIGN.md "Output". Every test builds a real content project (tests/conftest.py)
with `--no-pdf` (PDFs: tests/test_build_pdf.py) and reads the files it wrote with
html.parser; nothing is mocked.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pytest

from conftest import REPO, Project, make_project

DOC = "privacy-policy"
TERMS = "terms"
BASE = "https://example.org/legal"

# ----------------------------------------------------------------------------- a tiny DOM

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


class Node:
    """An element: tag, attributes, children (Nodes and text)."""

    def __init__(self, tag: str, attrs=(), parent: "Node | None" = None) -> None:
        self.tag = tag
        self.attrs: dict[str, str | None] = dict(attrs)
        self.parent = parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator["Node"]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Node"]:
        """Descendants by tag and exact attribute values (`class_` for class)."""
        want = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k) == v for k, v in want.items())]

    def find(self, tag: str | None = None, **attrs: str) -> "Node":
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()

    def by_class(self, name: str) -> list["Node"]:
        return [n for n in self.iter() if n.has_class(name)]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def norm_text(self) -> str:
        return " ".join(self.text().split())

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.cur = self.root
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        node = self.cur
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is self.root:
            self.errors.append(f"stray </{tag}>")
            return
        if node is not self.cur:
            self.errors.append(f"<{self.cur.tag}> not closed before </{tag}>")
        self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    assert not builder.errors, builder.errors
    assert builder.cur is builder.root, f"<{builder.cur.tag}> never closed"
    return builder.root


def page(project: Project, rel: str) -> Node:
    return parse_html(project.read(f"output/{rel}"))


def html_el(doc: Node) -> Node:
    return doc.find("html")


def sections(doc: Node) -> list[Node]:
    return doc.find_all("section")


def section(doc: Node, sec_id: str) -> Node:
    return doc.find("section", id=sec_id)


def heading_number(sec: Node) -> str:
    heading = next(n for n in sec.iter() if re.fullmatch(r"h[1-6]", n.tag))
    return heading.by_class("num")[0].norm_text()


def ui_msgstr(project: Project, locale: str, ctx: str) -> str:
    from pipeline.pofile import read_po

    path = project.po(locale, "ui")
    entry = read_po(path, str(path)).by_context()[ctx]
    assert entry.msgstr and not entry.fuzzy, (locale, ctx)
    return entry.msgstr


def assert_inert(doc: Node, raw: str) -> None:
    """No script, no event handler, no javascript: URL, no fetched resource from text."""
    assert not doc.find_all("script")
    assert "<script" not in raw.lower()
    for node in doc.iter():
        for name, value in node.attrs.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            if name in ("href", "src", "action", "formaction") and value:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:", "file:")), value
    assert not doc.find_all("img") and not doc.find_all("iframe") and not doc.find_all("object")


def output_files(project: Project) -> dict[str, Path]:
    out = project.path("output")
    return {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*")) if p.is_file()}


def stats(project: Project) -> dict[str, tuple[int, bytes]]:
    return {rel: (p.stat().st_mtime_ns, p.read_bytes()) for rel, p in output_files(project).items()}


def copy_real_ui(project: Project, *locales: str) -> None:
    """The repository's translated `ui` catalogs: localized notices and labels."""
    for loc in locales:
        dest = project.po(loc, "ui")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "locales" / loc / "LC_MESSAGES" / "ui.po", dest)


# ----------------------------------------------------------------------------- the site

SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy. Read about [data retention](#data-retention) and visit [our website](https://example.com). EU residents: [our representative](#eu-representative).

## EU Representative {#eu-representative regions="eu"}

Our representative in the EU is AImonitor Europe.

## Data Retention {#data-retention}

We retain data for 90 days.

## Your Rights {#your-rights}

You may have the right to:

- Access your data
- Delete your data
"""

#: the same policy for projects without regions
PLAIN_SOURCE = SOURCE.replace(' regions="eu"', "")

NEW_RETENTION = "We retain data for 30 days, or longer where the law requires it."

TRANSLATIONS = {
    "de": {
        "document.title": "Datenschutzerklärung",
        "introduction.title": "Einleitung",
        "introduction": "AImonitor verpflichtet sich, Ihre Privatsphäre zu schützen. Lesen Sie mehr zur "
                        "[Datenaufbewahrung](#data-retention) und besuchen Sie [unsere Website](https://example.com). "
                        "In der EU: [unser Vertreter](#eu-representative).",
        "eu-representative.title": "EU-Vertreter",
        "eu-representative": "Unser Vertreter in der EU ist AImonitor Europe.",
        "data-retention.title": "Datenaufbewahrung",
        "data-retention": "Wir speichern Daten 90 Tage lang.",
    },
    "de_CH": {
        "eu-representative.title": "EU-Vertretung",
        "eu-representative": "Unsere Vertretung in der EU ist AImonitor Europe.",
    },
    "ja": {
        "document.title": "プライバシーポリシー",
        "introduction.title": "はじめに",
        "introduction": "AImonitorはお客様のプライバシーの保護に努めています。[データの保持](#data-retention)"
                        "について読み、[当社のウェブサイト](https://example.com)をご覧ください。"
                        "EU居住者：[当社の代理人](#eu-representative)。",
        "data-retention.title": "データの保持",
        "data-retention": "データは90日間保持します。",
    },
    "ar": {
        "document.title": "سياسة الخصوصية",
        "introduction.title": "مقدمة",
        "introduction": "تلتزم AImonitor بحماية خصوصيتك. اقرأ عن [الاحتفاظ بالبيانات](#data-retention) "
                        "وقم بزيارة [موقعنا](https://example.com). لسكان الاتحاد الأوروبي: [ممثلنا](#eu-representative).",
        "data-retention.title": "الاحتفاظ بالبيانات",
        "data-retention": "نحتفظ بالبيانات لمدة 90 يومًا.",
    },
    "zh_Hans": {"document.title": "隐私政策"},
}

#: translated but unconfirmed (fuzzy, no previous English): state "review"
REVIEW = {"ar": {"eu-representative.title": "الممثل في الاتحاد الأوروبي",
                 "eu-representative": "ممثلنا في الاتحاد الأوروبي هو AImonitor Europe."}}

#: a second document: siblings are the same document only
TERMS_SOURCE = """\
---
title: Terms of Service
updated: 2026-03-15
---

## Acceptance {#acceptance}

By using AImonitor you accept these terms.
"""

SITE_CONFIG = f"""\
base-url = "{BASE}"

[tool.policy-l10n.fallbacks]
de_CH = ["de"]

[tool.policy-l10n.regions.eu]
locales = ["en", "de", "de_CH", "ar"]

[tool.policy-l10n.regions.world]
locales = ["en", "de", "ja", "zh_Hans", "ar"]
paper = "letter"
"""

REGIONS = {"eu": ["en", "de", "de_CH", "ar"], "world": ["en", "de", "ja", "zh_Hans", "ar"]}
EU_IDS = ["introduction", "eu-representative", "data-retention", "your-rights"]
WORLD_IDS = ["introduction", "data-retention", "your-rights"]
LOCALES = ("de", "de_CH", "ja", "ar", "zh_Hans")

#: expected section states per locale (the document pseudo-section apart)
STATES = {
    "en": {"document": "current", "introduction": "current", "eu-representative": "current",
           "data-retention": "current", "your-rights": "current"},
    "de": {"document": "current", "introduction": "current", "eu-representative": "current",
           "data-retention": "stale", "your-rights": "missing"},
    "de_CH": {"document": "current", "introduction": "current", "eu-representative": "current",
              "data-retention": "stale", "your-rights": "missing"},
    "ja": {"document": "current", "introduction": "current", "data-retention": "stale",
           "your-rights": "missing"},
    "ar": {"document": "current", "introduction": "current", "eu-representative": "review",
           "data-retention": "stale", "your-rights": "missing"},
    "zh_Hans": {"document": "current", "introduction": "missing", "data-retention": "missing",
                "your-rights": "missing"},
}


def bcp(loc: str) -> str:
    return loc.replace("_", "-")


def all_pages() -> list[tuple[str, str]]:
    return [(region, loc) for region, locs in REGIONS.items() for loc in locs]


def page_path(region: str, loc: str, doc: str = DOC) -> str:
    return f"{region}/{bcp(loc)}/{doc}.html"


def make_site(root: Path) -> Project:
    """Locales de, de_CH (→ de), ja, ar, zh_Hans; regions eu and world; base-url.

    Translated, then the English of data-retention changed and `update` run:
    data-retention is stale, your-rights missing everywhere; a second document, terms."""
    p = make_project(root, locales=LOCALES, source=SOURCE, extra_config=SITE_CONFIG)
    p.write(f"source/{TERMS}.md", TERMS_SOURCE)
    r = p.run("init", *LOCALES)
    assert r.code == 0, r.err
    copy_real_ui(p, "de", "ja", "ar", "zh_Hans")
    for loc, tr in TRANSLATIONS.items():
        p.translate(loc, tr)
    for loc, tr in REVIEW.items():
        p.translate(loc, tr, fuzzy=True)
    p.translate("de", {"document.title": "Nutzungsbedingungen", "acceptance.title": "Annahme",
                       "acceptance": "Mit der Nutzung von AImonitor akzeptieren Sie diese Bedingungen."},
                domain=TERMS)
    p.write(f"source/{DOC}.md", SOURCE.replace("We retain data for 90 days.", NEW_RETENTION))
    r = p.run("update")
    assert r.code == 0, r.err
    return p


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Project:
    p = make_site(tmp_path_factory.mktemp("site") / "proj")
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert r.err == ""
    return p


def test_a_page_for_every_region_and_locale(site: Project) -> None:
    pages = {rel for rel in output_files(site) if rel.endswith(f"/{DOC}.html") and not rel.startswith("status/")}
    assert pages == {page_path(region, loc) for region, loc in all_pages()}
    assert {rel for rel in output_files(site) if rel.endswith(f"/{TERMS}.html")} == {
        page_path(region, loc, TERMS) for region, loc in all_pages()}
    assert {rel for rel in output_files(site) if rel.startswith("status/")} == {
        f"status/{doc}/{bcp(loc)}.html" for loc in LOCALES for doc in (DOC, TERMS)}
    assert (site.path("output/index.html")).is_file()


def test_html_lang_and_dir(site: Project) -> None:
    for region, loc in all_pages():
        root = html_el(page(site, page_path(region, loc)))
        assert root.get("lang") == bcp(loc)
        assert root.get("dir") == ("rtl" if loc == "ar" else "ltr"), (region, loc)
    assert html_el(page(site, page_path("world", "zh_Hans"))).get("lang") == "zh-Hans"


def test_every_locale_has_the_same_section_ids(site: Project) -> None:
    for region, ids in (("eu", EU_IDS), ("world", WORLD_IDS)):
        for loc in REGIONS[region]:
            doc = page(site, page_path(region, loc))
            assert [s.get("id") for s in sections(doc)] == ids, (region, loc)
            # the table of contents points at exactly those ids
            toc = doc.find("nav", class_="toc")
            assert [a.get("href") for a in toc.find_all("a")] == [f"#{i}" for i in ids]


def test_numbering_is_per_page_after_region_filtering(site: Project) -> None:
    for loc in REGIONS["eu"]:
        doc = page(site, page_path("eu", loc))
        assert [heading_number(s) for s in sections(doc)] == ["1.", "2.", "3.", "4."]
        assert heading_number(section(doc, "data-retention")) == "3."
    for loc in REGIONS["world"]:
        doc = page(site, page_path("world", loc))
        assert not doc.find_all("section", id="eu-representative")
        assert heading_number(section(doc, "data-retention")) == "2."
        assert heading_number(section(doc, "your-rights")) == "3."
        toc_numbers = [n.norm_text() for n in doc.find("nav", class_="toc").by_class("num")]
        assert toc_numbers == ["1.", "2.", "3."]
    # numbers are never part of a message: the renderer adds them
    from pipeline.pofile import read_po

    pot = read_po(site.path(f"locales/{DOC}.pot"), f"locales/{DOC}.pot").by_context()
    assert pot["data-retention.title"].msgid == "Data Retention"
    assert pot["eu-representative.title"].msgid == "EU Representative"


def test_stale_and_missing_sections_show_english_with_localized_notice(site: Project) -> None:
    for region, loc in all_pages():
        if loc == "en":
            continue
        doc = page(site, page_path(region, loc))
        direction = "rtl" if loc == "ar" else "ltr"
        chain_ui = "de" if loc == "de_CH" else loc  # de_CH takes its ui strings from de
        for sec in sections(doc):
            state = STATES[loc][sec.get("id")]
            notices = sec.by_class("l10n-notice")
            if state == "current":
                assert "lang" not in sec.attrs and not notices, (region, loc, sec.get("id"))
                continue
            assert (sec.get("lang"), sec.get("dir")) == ("en", "ltr"), (region, loc, sec.get("id"))
            assert len(notices) == 1
            notice = notices[0]
            # the notice itself is in the page's language
            assert (notice.get("lang"), notice.get("dir")) == (bcp(loc), direction)
            key = "notice.missing" if state == "missing" else "notice.source"
            assert notice.norm_text() == " ".join(ui_msgstr(site, chain_ui, key).split())
    de = page(site, page_path("eu", "de"))
    assert "30 days, or longer" in section(de, "data-retention").norm_text()
    assert "90 Tage" not in section(de, "data-retention").norm_text()
    assert section(de, "data-retention").find("h2").norm_text() == "3. Data Retention"
    toc_entry = de.find("nav", class_="toc").find("a", href="#data-retention")
    assert (toc_entry.get("lang"), toc_entry.get("dir")) == ("en", "ltr")


def test_the_source_page_has_no_notices(site: Project) -> None:
    for region in REGIONS:
        doc = page(site, page_path(region, "en"))
        assert not doc.by_class("l10n-notice")
        assert not doc.by_class("prevails-notice")
        assert all("lang" not in s.attrs for s in sections(doc))
        assert "30 days, or longer" in section(doc, "data-retention").norm_text()


def test_variant_inherits_the_parent_translation(site: Project) -> None:
    ch, de = page(site, page_path("eu", "de_CH")), page(site, page_path("eu", "de"))
    assert section(ch, "introduction").norm_text() == section(de, "introduction").norm_text()
    assert "AImonitor verpflichtet sich" in section(ch, "introduction").norm_text()
    # its own translation wins where it has one (title and body from the same locale)
    rep = section(ch, "eu-representative")
    assert rep.find("h2").norm_text() == "2. EU-Vertretung"
    assert "Unsere Vertretung in der EU" in rep.norm_text()
    assert "Unser Vertreter" not in rep.norm_text()
    assert ch.find("h1").norm_text() == "Datenschutzerklärung"
    assert ch.find("title").text() == "Datenschutzerklärung"
    # ui strings come from de as well
    assert ch.find("h2", id="toc-heading").norm_text() == ui_msgstr(site, "de", "page.contents")


def test_alternates_canonical_and_absolute_links(site: Project) -> None:
    for region, loc in all_pages():
        doc = page(site, page_path(region, loc))
        alternates = [(link.get("hreflang"), link.get("href"))
                      for link in doc.find_all("link", rel="alternate")]
        expected = [(bcp(x), f"{BASE}/{page_path(region, x)}") for x in REGIONS[region]]
        expected.append(("x-default", f"{BASE}/{page_path(region, 'en')}"))
        assert sorted(alternates) == sorted(expected), (region, loc)
        assert len(alternates) == len(set(alternates))
        canonical = doc.find("link", rel="canonical")
        assert canonical.get("href") == f"{BASE}/{page_path(region, loc)}"
        # the language switcher links to the other siblings, absolutely
        nav = doc.find_all("nav", class_="languages")
        hrefs = sorted(a.get("href") for n in nav for a in n.find_all("a"))
        assert hrefs == sorted(f"{BASE}/{page_path(region, x)}" for x in REGIONS[region] if x != loc)
        # the other document's page has its own siblings
        terms = page(site, page_path(region, loc, TERMS))
        assert sorted(link.get("href") for link in terms.find_all("link", rel="alternate")) == sorted(
            f"{BASE}/{page_path(region, x, TERMS)}" for x in [*REGIONS[region], "en"])
        assert terms.find("link", rel="canonical").get("href") == f"{BASE}/{page_path(region, loc, TERMS)}"


def test_no_script_anywhere(site: Project) -> None:
    for rel, path in output_files(site).items():
        if rel.endswith(".html"):
            raw = path.read_text(encoding="utf-8")
            assert_inert(parse_html(raw), raw)


def test_localized_last_updated_date(site: Project) -> None:
    expected = {"en": "February 2026", "de": "Februar 2026", "ja": "2026年2月", "zh_Hans": "2026年2月"}
    for loc, date in expected.items():
        doc = page(site, page_path("world", loc))
        updated = doc.find("span", class_="updated").norm_text()
        if loc == "en":
            assert updated == f"Last updated: {date}"
        else:
            assert updated == ui_msgstr(site, loc, "page.last-updated").format(date=date)
    # each document its own date
    terms = page(site, page_path("eu", "de", TERMS)).find("span", class_="updated").norm_text()
    assert terms == ui_msgstr(site, "de", "page.last-updated").format(date="März 2026")


def test_english_prevails_notice_only_on_translations(site: Project) -> None:
    for region, loc in all_pages():
        doc = page(site, page_path(region, loc))
        notices = doc.by_class("prevails-notice")
        if loc == "en":
            assert notices == []
        else:
            assert len(notices) == 1, (region, loc)
            ui_loc = "de" if loc == "de_CH" else loc
            assert notices[0].norm_text() == " ".join(ui_msgstr(site, ui_loc, "page.english-prevails").split())


def test_translated_links_are_kept(site: Project) -> None:
    for region, loc in all_pages():
        if loc == "zh_Hans":
            continue  # introduction missing: the English, with the same links
        intro = section(page(site, page_path(region, loc)), "introduction")
        hrefs = [a.get("href") for a in intro.find_all("a")]
        # a link to a section this region's page does not have is text, not a dead anchor
        expected = ["#data-retention", "https://example.com"] + (["#eu-representative"] if region == "eu" else [])
        assert hrefs == expected, (region, loc)
    world = section(page(site, page_path("world", "de")), "introduction")
    assert "unser Vertreter" in world.norm_text()


def test_sitemap_lists_pages_with_alternates(site: Project) -> None:
    import xml.etree.ElementTree as ET

    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(site.path("output/sitemap.xml"))
    urls = tree.getroot().findall("sm:url", ns)
    locs = [u.find("sm:loc", ns).text for u in urls]
    assert sorted(locs) == sorted(f"{BASE}/{page_path(r, l, d)}" for r, l in all_pages() for d in (DOC, TERMS))
    for url in urls:
        here = url.find("sm:loc", ns).text
        region, _, name = here[len(BASE) + 1:].split("/")
        doc = name.removesuffix(".html")
        alts = {(a.get("hreflang"), a.get("href")) for a in url.findall("xhtml:link", ns)}
        expected = {(bcp(x), f"{BASE}/{page_path(region, x, doc)}") for x in REGIONS[region]}
        expected.add(("x-default", f"{BASE}/{page_path(region, 'en', doc)}"))
        assert alts == expected


def _load_pairs(pairs):
    keys = [k for k, _ in pairs]
    assert keys == sorted(keys), f"keys not sorted: {keys}"
    return dict(pairs)


def check_manifest(project: Project, *, pdf: bool) -> list[dict]:
    """DESIGN.md's manifest: sorted by path, sorted keys, sha256 of the files, kinds, public."""
    raw = project.read("output/manifest.json")
    data = json.loads(raw, object_pairs_hook=_load_pairs)
    items = data["outputs"]
    paths = [i["path"] for i in items]
    assert paths == sorted(paths) and len(paths) == len(set(paths))
    files = output_files(project)
    for item in items:
        assert set(item) >= {"path", "kind", "document", "locale", "bcp47", "region", "public", "sha256", "states"}
        assert item["kind"] in ("page", "pdf", "index", "status", "release", "comparison", "sitemap"), item
        assert item["public"] is (item["kind"] not in ("index", "status")), item
        assert item["path"] in files, item["path"]
        assert item["sha256"] == hashlib.sha256(files[item["path"]].read_bytes()).hexdigest(), item["path"]
        if item["kind"] in ("page", "pdf"):
            assert item["bcp47"] == bcp(item["locale"])
            name = f"{item['bcp47']}/{item['document']}.{'html' if item['kind'] == 'page' else 'pdf'}"
            assert item["path"] == (f"{item['region']}/{name}" if item["region"] else name)
    listed = set(paths)
    unlisted = {rel for rel in files if rel not in listed and rel != "manifest.json"}
    assert not unlisted, unlisted
    assert {i["kind"] for i in items if i["path"] == "index.html"} == {"index"}
    if not pdf:
        assert not any(i["kind"] == "pdf" for i in items)
    return items


def test_manifest_schema(site: Project) -> None:
    items = check_manifest(site, pdf=False)
    by_path = {i["path"]: i for i in items}
    for region, loc in all_pages():
        item = by_path[page_path(region, loc)]
        assert (item["kind"], item["locale"], item["region"], item["public"]) == ("page", loc, region, True)
        ids = EU_IDS if region == "eu" else WORLD_IDS
        assert item["states"] == {k: v for k, v in STATES[loc].items() if k == "document" or k in ids}
    for loc in LOCALES:
        item = by_path[f"status/{DOC}/{bcp(loc)}.html"]
        assert (item["kind"], item["public"], item["locale"], item["document"]) == ("status", False, loc, DOC)
        assert item["states"]["data-retention"] == STATES[loc]["data-retention"]
    for region, loc in all_pages():
        terms = by_path[page_path(region, loc, TERMS)]
        assert (terms["document"], terms["kind"], terms["locale"]) == (TERMS, "page", loc)
        state = "current" if loc in ("en", "de", "de_CH") else "missing"
        assert terms["states"] == {"document": state, "acceptance": state}
    assert by_path["index.html"]["public"] is False
    # with base-url the sitemap is deployed with the pages
    assert (by_path["sitemap.xml"]["kind"], by_path["sitemap.xml"]["public"]) == ("sitemap", True)


def test_nested_numbering_per_region(new_project) -> None:
    source = """\
---
title: Policy
updated: 2026-02-01
---

## Alpha {#alpha}

A.

## Beta {#beta regions="eu"}

B.

### Beta One {#beta-one}

B1.

## Gamma {#gamma}

C.

### Gamma One {#gamma-one}

C1.
"""
    p = new_project(locales=("de",), source=source, extra_config=(
        '[tool.policy-l10n.regions.eu]\nlocales = ["en", "de"]\n'
        '[tool.policy-l10n.regions.us]\nlocales = ["en"]\n'))
    assert p.run("init", "de").code == 0
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    for rel, expected in ((f"eu/en/{DOC}.html", [("alpha", "1."), ("beta", "2."), ("beta-one", "2.1."),
                                                 ("gamma", "3."), ("gamma-one", "3.1.")]),
                          (f"eu/de/{DOC}.html", [("alpha", "1."), ("beta", "2."), ("beta-one", "2.1."),
                                                 ("gamma", "3."), ("gamma-one", "3.1.")]),
                          (f"us/en/{DOC}.html", [("alpha", "1."), ("beta-one", "1.1."), ("gamma", "2."),
                                                 ("gamma-one", "2.1.")])):
        doc = page(p, rel)
        assert [(s.get("id"), heading_number(s)) for s in sections(doc)] == expected, rel
        assert section(doc, "gamma-one").find_all("h3") and section(doc, "gamma").find_all("h2")


# ----------------------------------------------------------------------------- on-stale, no regions

def test_on_stale_translation_shows_the_old_translation(new_project) -> None:
    p = new_project(locales=("de", "zh_Hans"), source=PLAIN_SOURCE, extra_config='on-stale = "translation"\n')
    assert p.run("init", "de", "zh_Hans").code == 0
    copy_real_ui(p, "de", "zh_Hans")
    p.translate("de", TRANSLATIONS["de"])
    p.write(f"source/{DOC}.md", PLAIN_SOURCE.replace("We retain data for 90 days.", NEW_RETENTION))
    r = p.run("build", "--no-pdf")  # without `update`: the state comes from source + .po
    assert r.code == 0, r.err
    # no regions: output/<bcp47>/<doc>.html for the source locale and each locale
    pages = {rel for rel in output_files(p) if rel.endswith(f"/{DOC}.html") and not rel.startswith("status/")}
    assert pages == {f"en/{DOC}.html", f"de/{DOC}.html", f"zh-Hans/{DOC}.html"}
    assert html_el(page(p, f"zh-Hans/{DOC}.html")).get("lang") == "zh-Hans"

    de = page(p, f"de/{DOC}.html")
    stale = section(de, "data-retention")
    assert "lang" not in stale.attrs  # the translation is shown, in the page's language
    assert stale.find("h2").norm_text() == "3. Datenaufbewahrung"
    assert "Wir speichern Daten 90 Tage lang." in stale.norm_text()
    assert "30 days" not in stale.norm_text()
    notice = stale.by_class("l10n-notice")
    assert len(notice) == 1
    assert notice[0].norm_text() == " ".join(ui_msgstr(p, "de", "notice.outdated").split())
    # a missing section is still the English with its notice
    missing = section(de, "your-rights")
    assert (missing.get("lang"), missing.get("dir")) == ("en", "ltr")
    assert missing.by_class("l10n-notice")[0].norm_text() == " ".join(ui_msgstr(p, "de", "notice.missing").split())
    # without base-url: relative alternates that resolve to the sibling files, no canonical
    assert not de.find_all("link", rel="canonical")
    alternates = {link.get("hreflang"): link.get("href") for link in de.find_all("link", rel="alternate")}
    assert set(alternates) == {"en", "de", "zh-Hans", "x-default"}
    for href in alternates.values():
        assert not re.match(r"[a-z]+:", href)
        assert (p.path(f"output/de") / href).resolve().is_file(), href
    assert alternates["x-default"] == alternates["en"]
    assert not p.path("output/sitemap.xml").exists()


# ----------------------------------------------------------------------------- hostile translations

#: msgstrs that try to get a script, a javascript:/file: URL or a dead link onto the page,
#: including spellings a checker may not recognise (reference definitions, entities, case)
SNEAKY = [
    "[j]: javascript:alert(1)\nWir speichern Daten 90 Tage lang. [Klick][j]",
    "[f]: file:///etc/passwd\nWir speichern Daten 90 Tage lang. ![Bild][f] [Datei][f]",
    "[n]: #nowhere\nWir speichern Daten 90 Tage lang. [weg][n]",
    "Wir speichern Daten 90 Tage lang. [Klick](java&#115;cript:alert(1))",
    "Wir speichern Daten 90 Tage lang. [Klick](<JAVASCRIPT:alert(1)>) <javascript:alert(2)>",
    "Wir speichern Daten 90 Tage lang. &lt;script&gt;alert(1)&lt;/script&gt; <SCRIPT>alert(2)</SCRIPT>",
    "Wir speichern Daten 90 Tage lang. <svg/onload=alert(1)> <iframe src=//evil.example>",
    "Wir speichern Daten 90 Tage lang. [x](vbscript:msgbox) [y](data:text/html,<script>alert(1)</script>)",
]


HOSTILE = {
    "document.title": "<script>alert(1)</script>",
    "introduction.title": "<img src=x onerror=alert(1)>",
    "introduction": "AImonitor <img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(2)</script> "
                    "[a](#no-such-section) [ok](https://example.com) [retention](#data-retention) "
                    "[mail](mailto:privacy@example.com) <privacy@aimonitor.dev> [rel](other.html) [pr](//evil.example)",
    "data-retention.title": "Datenaufbewahrung",
    "data-retention": "<a href=\"javascript:alert(3)\">click</a> [y](JaVaScRiPt:alert(4)) "
                      "[z](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)",
}


def test_hostile_translation_is_withheld_by_build(new_project) -> None:
    p = new_project(locales=("de", "ja"), source=PLAIN_SOURCE)
    assert p.run("init", "de", "ja").code == 0
    p.translate("de", HOSTILE)
    r = p.run("build", "--no-pdf")
    assert r.code == 1, r.err
    lines = r.err.splitlines()
    assert lines and all(re.match(rf"locales/de/LC_MESSAGES/{DOC}\.po:\d+: error: \[", l) for l in lines), lines
    assert any("[html]" in l for l in lines) and any("[link-scheme]" in l for l in lines)
    assert "withheld: de" in r.out
    assert not p.path(f"output/de/{DOC}.html").exists()
    assert p.path(f"output/ja/{DOC}.html").is_file() and p.path(f"output/en/{DOC}.html").is_file()
    for rel, path in output_files(p).items():
        if rel.endswith(".html"):
            raw = path.read_text(encoding="utf-8")
            assert_inert(parse_html(raw), raw)


def test_hostile_translation_renders_inert(new_project) -> None:
    """The renderer's own defence, behind `check`: the page code path with the hostile
    catalog read from disk (build would withhold it; see the test above)."""
    from pipeline.catalog import load_locale_catalog
    from pipeline.config import load_config
    from pipeline.output import PageJob, render_live_page
    from pipeline.render.html import Templates
    from pipeline.source import load_documents

    p = new_project(locales=("de",), source=PLAIN_SOURCE)
    assert p.run("init", "de").code == 0
    p.translate("de", HOSTILE)
    config = load_config(p.root)
    (doc,) = load_documents(p.root)
    catalogs = {("de", d): load_locale_catalog(config, "de", d) for d in (DOC, "ui")}
    raw, states = render_live_page(config, Templates(config), doc, PageJob(DOC, "de", None, "A4"), catalogs)
    assert states["introduction"] == "current"
    tree = parse_html(raw)
    assert_inert(tree, raw)
    assert tree.find("title").text() == "<script>alert(1)</script>"  # escaped text, not an element
    assert tree.find("h1").norm_text() == "<script>alert(1)</script>"
    intro = section(tree, "introduction")
    assert intro.find("h2").norm_text() == "1. <img src=x onerror=alert(1)>"
    text = intro.norm_text()
    assert "<img src=x onerror=alert(1)>" in text and "<script>alert(2)</script>" in text
    assert "[x](javascript:alert(1))" in text
    assert "#no-such-section" not in raw  # no such section: its text, not a link (see the links below)
    links = [(a.get("href"), a.norm_text()) for a in intro.find_all("a")]
    assert links == [("https://example.com", "ok"), ("#data-retention", "retention"),
                     ("mailto:privacy@example.com", "mail"), ("mailto:privacy@aimonitor.dev", "privacy@aimonitor.dev")]
    assert "[rel](other.html)" in text and "[pr](//evil.example)" in text
    retention = section(tree, "data-retention")
    assert retention.find_all("a") == []
    assert "click" in retention.norm_text()


@pytest.mark.parametrize("body", SNEAKY)
def test_sneaky_translation_renders_inert(new_project, body: str) -> None:
    from pipeline.catalog import load_locale_catalog
    from pipeline.config import load_config
    from pipeline.output import PageJob, render_live_page
    from pipeline.render.html import Templates
    from pipeline.source import load_documents

    p = new_project(locales=("de",), source=PLAIN_SOURCE)
    assert p.run("init", "de").code == 0
    p.translate("de", {"data-retention.title": "Datenaufbewahrung", "data-retention": body})
    config = load_config(p.root)
    (doc,) = load_documents(p.root)
    catalogs = {("de", d): load_locale_catalog(config, "de", d) for d in (DOC, "ui")}
    raw, states = render_live_page(config, Templates(config), doc, PageJob(DOC, "de", None, "A4"), catalogs)
    assert states["data-retention"] == "current"
    tree = parse_html(raw)
    assert_inert(tree, raw)
    sec = section(tree, "data-retention")
    assert sec.find_all("a") == [], body
    assert "Wir speichern Daten 90 Tage lang." in sec.norm_text()


@pytest.mark.parametrize("body", SNEAKY)
def test_sneaky_translation_never_reaches_a_page(new_project, body: str) -> None:
    """Whatever `check` makes of it (withheld, exit 1) or lets through, no page that
    build writes carries a script, a dangerous URL or a link to no section."""
    p = new_project(locales=("de",), source=PLAIN_SOURCE)
    assert p.run("init", "de").code == 0
    p.translate("de", {"data-retention.title": "Datenaufbewahrung", "data-retention": body})
    r = p.run("build", "--no-pdf")
    assert r.code in (0, 1), r.err
    assert "Traceback" not in r.err
    for rel, path in output_files(p).items():
        if rel.endswith(".html"):
            raw = path.read_text(encoding="utf-8")
            assert_inert(parse_html(raw), raw)
    if r.code == 1:  # check caught it: the locale is withheld
        assert "withheld: de" in r.out
        assert not p.path(f"output/de/{DOC}.html").exists()
    else:
        sec = section(page(p, f"de/{DOC}.html"), "data-retention")
        assert sec.find_all("a") == [], body
        assert "Wir speichern Daten 90 Tage lang." in sec.norm_text()


# ----------------------------------------------------------------------------- withholding

WITHHOLD_SOURCE = PLAIN_SOURCE.replace("We retain data for 90 days.",
                                 "We retain data for 90 days. Details: https://aimonitor.dev/retention")


def withhold_project(new_project) -> Project:
    p = new_project(locales=("de", "de_CH", "ja"), source=WITHHOLD_SOURCE,
                    extra_config='[tool.policy-l10n.fallbacks]\nde_CH = ["de"]\n')
    assert p.run("init", "de", "de_CH", "ja").code == 0
    p.translate("de", {"document.title": "Datenschutzerklärung",
                       "data-retention": "Wir speichern Daten 90 Tage lang. Details: https://aimonitor.dev/retention"})
    p.translate("ja", {"document.title": "プライバシーポリシー", "data-retention.title": "データの保持"})
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    return p


def locale_files(before: dict, prefix: str) -> dict:
    return {rel: v for rel, v in before.items() if rel.startswith(prefix)}


def test_malformed_po_withholds_only_that_locale(new_project) -> None:
    p = withhold_project(new_project)
    before = stats(p)
    po = p.po("ja")
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    bad_line = next(i for i, l in enumerate(lines, 1) if l.startswith('msgctxt "introduction"'))
    lines[bad_line - 1] = 'msgctxt "introduction\n'  # unterminated string
    po.write_text("".join(lines), encoding="utf-8")
    p.translate("de", {k: TRANSLATIONS["de"][k] for k in ("introduction.title", "introduction")})  # de changes

    r = p.run("build", "--no-pdf")
    assert r.code == 2, (r.code, r.err)
    err = r.err.splitlines()
    assert len(err) == 1, err
    assert re.match(rf"locales/ja/LC_MESSAGES/{DOC}\.po:{bad_line}: \S", err[0]), err
    assert "Traceback" not in r.err
    after = stats(p)
    ja_before = locale_files(before, "ja/") | locale_files(before, f"status/{DOC}/ja.html")
    assert ja_before and locale_files(after, "ja/") | locale_files(after, f"status/{DOC}/ja.html") == ja_before
    # the other locales still build (de changed; de_CH falls back to de)
    assert "Einleitung" in p.read(f"output/de/{DOC}.html")
    assert "Einleitung" in p.read(f"output/de-CH/{DOC}.html")
    manifest = {i["path"]: i for i in json.loads(p.read("output/manifest.json"))["outputs"]}
    assert manifest[f"ja/{DOC}.html"]["sha256"] == hashlib.sha256(before[f"ja/{DOC}.html"][1]).hexdigest()


def test_check_error_withholds_locale_and_its_variants(new_project) -> None:
    p = withhold_project(new_project)
    before = stats(p)
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang."})  # the URL dropped
    p.translate("ja", {k: TRANSLATIONS["ja"][k] for k in ("introduction.title", "introduction")})

    r = p.run("build", "--no-pdf")
    assert r.code == 1, (r.code, r.err)
    err = r.err.splitlines()
    assert len(err) == 1, err
    assert re.match(rf"locales/de/LC_MESSAGES/{DOC}\.po:\d+: error: \[url\] .*https://aimonitor\.dev/retention", err[0])
    assert "withheld: de, de_CH" in r.out
    after = stats(p)
    for prefix in ("de/", "de-CH/", f"status/{DOC}/de.html", f"status/{DOC}/de-CH.html"):
        assert locale_files(after, prefix) == locale_files(before, prefix), prefix
    assert "はじめに" in p.read(f"output/ja/{DOC}.html")
    # fixing the catalog brings the locale back
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang. Details: https://aimonitor.dev/retention"})
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err


# ----------------------------------------------------------------------------- the real project

def test_real_project_builds_every_region_and_locale(real_project: Project) -> None:
    r = real_project.run("build", "--no-pdf")
    assert r.code == 0, r.err
    config = tomllib.loads(real_project.read("pyproject.toml"))["tool"]["policy-l10n"]
    expected = {page_path(region, loc) for region, spec in config["regions"].items() for loc in spec["locales"]}
    pages = {rel for rel in output_files(real_project) if rel.endswith(f"/{DOC}.html") and not rel.startswith("status/")}
    assert pages == expected
    ids = ["introduction", "information-we-collect", "how-we-use-your-information", "data-retention",
           "data-security", "third-party-services", "your-rights", "cookies", "changes-to-this-policy",
           "contact-us"]
    for rel in sorted(expected):
        raw = real_project.read(f"output/{rel}")
        tree = parse_html(raw)
        loc = rel.split("/")[1]
        assert html_el(tree).get("lang") == loc
        assert html_el(tree).get("dir") == ("rtl" if loc == "ar" else "ltr")
        assert [s.get("id") for s in sections(tree)] == ids, rel
        assert not tree.by_class("l10n-notice"), rel  # every locale is current
        assert_inert(tree, raw)
    check_manifest(real_project, pdf=False)


# ----------------------------------------------------------------------------- inputs of a page

def test_a_template_override_anywhere_is_an_input(new_project) -> None:
    from pipeline.render import STATIC_DIR

    p = new_project(locales=("de",), source=PLAIN_SOURCE, extra_config='templates-dir = "site/tpl"\n')
    css = (STATIC_DIR / "style.css").read_text(encoding="utf-8")
    p.write("site/tpl/style.css", css)
    assert p.run("init", "de").code == 0
    assert p.run("build", "--no-pdf").code == 0
    p.write("site/tpl/style.css", css + "\nh1 { letter-spacing: 0.02em; }\n")
    assert p.run("build", "--no-pdf").code == 0
    for loc in ("en", "de"):
        assert "letter-spacing: 0.02em" in p.read(f"output/{loc}/{DOC}.html")
