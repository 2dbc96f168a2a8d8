"""A locale withheld on its first build is left out of its siblings' language menus, `hreflang`
links and the sitemap until it builds (issue 16); one withheld after it was built keeps its
place, since its previous page stays byte for byte. Real builds, HTML parsed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import Project, make_project

DOC = "privacy-policy"
BASE = 'base-url = "https://example.com/legal"\n'
#: the English has an e-mail address: a translation without it is a check error
BROKEN = {"data-retention": "Nous conservons les données 90 jours."}
FIXED = {"data-retention": "Nous conservons les données 90 jours. Contact <privacy@aimonitor.dev>."}


class Links(HTMLParser):
    """hreflang of the page's `<link rel="alternate">` and of its language menu's links."""

    def __init__(self) -> None:
        super().__init__()
        self.alternates: dict[str, str] = {}
        self.menu: dict[str, str] = {}
        self._in_menu = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["hreflang"] or ""] = a["href"] or ""
        elif tag == "nav" and "languages" in (a.get("class") or ""):
            self._in_menu = True
        elif tag == "a" and self._in_menu:
            self.menu[a["hreflang"] or ""] = a["href"] or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_menu = False


def links(p: Project, rel: str) -> Links:
    parser = Links()
    parser.feed(p.read(f"output/{rel}"))
    return parser


def sitemap_alternates(p: Project) -> dict[str, set[str]]:
    """page URL -> the hreflang of its alternates in sitemap.xml."""
    found: dict[str, set[str]] = {}
    for block in re.findall(r"<url>(.*?)</url>", p.read("output/sitemap.xml"), re.S):
        loc = re.search(r"<loc>(.*?)</loc>", block).group(1)
        found[loc] = set(re.findall(r'hreflang="([^"]+)"', block))
    return found


def project(tmp_path: Path, extra_config: str = BASE) -> Project:
    p = make_project(tmp_path / "proj", locales=("de", "fr"), extra_config=extra_config)
    assert p.run("init", "de", "fr").code == 0
    return p


def test_a_locale_withheld_on_its_first_build_is_in_no_menu_until_it_builds(tmp_path: Path) -> None:
    p = project(tmp_path)
    p.translate("fr", BROKEN)
    r = p.run("build", "--no-pdf")
    assert r.code == 1 and "fr" in r.err
    assert not p.path(f"output/fr/{DOC}.html").exists()
    for rel in (f"en/{DOC}.html", f"de/{DOC}.html"):
        page = links(p, rel)
        assert set(page.alternates) == {"en", "de", "x-default"}, rel
        assert set(page.menu) <= {"en", "de"} and "fr" not in page.menu, rel
    sitemap = sitemap_alternates(p)
    assert set(sitemap) == {f"https://example.com/legal/{loc}/{DOC}.html" for loc in ("en", "de")}
    assert all(hreflangs == {"en", "de", "x-default"} for hreflangs in sitemap.values()), sitemap

    # fixed: fr builds, and the pages that left it out are rendered again with it
    p.translate("fr", FIXED)
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    for rel in (f"en/{DOC}.html", f"de/{DOC}.html", f"fr/{DOC}.html"):
        page = links(p, rel)
        assert set(page.alternates) == {"en", "de", "fr", "x-default"}, rel
        assert page.alternates["fr"] == f"https://example.com/legal/fr/{DOC}.html"
    assert "fr" in links(p, f"en/{DOC}.html").menu
    assert all(hreflangs == {"en", "de", "fr", "x-default"} for hreflangs in sitemap_alternates(p).values())


def test_a_locale_withheld_after_it_was_built_keeps_its_place(tmp_path: Path) -> None:
    p = project(tmp_path, extra_config="")
    p.translate("fr", FIXED)
    assert p.run("build", "--no-pdf").code == 0
    before = {loc: p.path(f"output/{loc}/{DOC}.html").read_bytes() for loc in ("en", "de", "fr")}
    p.translate("fr", BROKEN)
    r = p.run("build", "--no-pdf")
    assert r.code == 1
    # its previous page stays byte for byte, and so do the pages that link to it
    assert {loc: p.path(f"output/{loc}/{DOC}.html").read_bytes() for loc in before} == before
    assert links(p, f"en/{DOC}.html").menu["fr"] == f"../fr/{DOC}.html"


def test_x_default_of_a_region_skips_its_unbuilt_first_locale(tmp_path: Path) -> None:
    regions = '[tool.policy-l10n.regions.ch]\nlocales = ["fr", "de"]\n'
    p = project(tmp_path, extra_config=regions)
    p.translate("fr", BROKEN)
    assert p.run("build", "--no-pdf").code == 1
    page = links(p, f"ch/de/{DOC}.html")
    assert page.alternates == {"de": f"{DOC}.html", "x-default": f"{DOC}.html"}


def test_release_pages_leave_out_a_locale_withheld_on_its_first_build(tmp_path: Path) -> None:
    """A release page's menu and `hreflang` links to the same release in the other locales skip
    a locale whose page of that release is not there (withheld since it was added), as live pages do."""
    p = project(tmp_path)
    p.translate("fr", FIXED)
    assert p.run("release", "2026.03", "--effective", "2026-03-01").code == 0
    p.write("pyproject.toml", p.read("pyproject.toml").replace('locales = ["de", "fr"]', 'locales = ["de", "fr", "it"]'))
    assert p.run("init", "it").code == 0
    p.translate("it", {"data-retention": "Conserviamo i dati per 90 giorni."})  # the e-mail address is missing
    r = p.run("build", "--no-pdf")
    assert r.code == 1 and "withheld: it" in r.out, r.out
    assert not p.path(f"output/it/{DOC}/2026.03.html").exists()
    for loc in ("en", "de", "fr"):
        page = links(p, f"{loc}/{DOC}/2026.03.html")
        assert set(page.alternates) == {"en", "de", "fr", "x-default"}, (loc, page.alternates)
        assert "it" not in page.menu

    p.translate("it", {"data-retention": "Conserviamo i dati per 90 giorni. Contatto <privacy@aimonitor.dev>."})
    assert p.run("build", "--no-pdf").code == 0
    assert p.path(f"output/it/{DOC}/2026.03.html").is_file()
    for loc in ("en", "de", "fr", "it"):
        page = links(p, f"{loc}/{DOC}/2026.03.html")
        assert page.alternates["it"] == f"https://example.com/legal/it/{DOC}/2026.03.html", loc


def test_the_dashboard_links_a_withheld_locale_only_to_pages_it_has(tmp_path: Path) -> None:
    """A locale withheld on its first build has no page yet: its dashboard row says why, and links
    to nothing (no link to a page that is not there); built once, its row links to its pages."""
    p = project(tmp_path)
    p.translate("fr", BROKEN)
    assert p.run("release", "2026.03", "--effective", "2026-03-01").code == 0
    assert p.run("build", "--no-pdf").code == 1
    dashboard = p.read("output/index.html")
    hrefs = re.findall(r'href="([^"#]+)"', dashboard)
    assert hrefs and all(p.path(f"output/{h}").is_file() or h.endswith(".pdf") for h in hrefs), hrefs
    assert f"fr/{DOC}.html" not in hrefs and f"de/{DOC}.html" in hrefs and "withheld" in dashboard
    p.translate("fr", FIXED)
    assert p.run("build", "--no-pdf").code == 0
    assert f'href="fr/{DOC}.html"' in p.read("output/index.html")
