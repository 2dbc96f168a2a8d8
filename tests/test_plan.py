"""Which pages link to which: hreflang alternates and `x-default` (pipeline/output/plan.py).

A real project is built with the real CLI (`--no-pdf`); pages, release pages and
`sitemap.xml` are parsed back with lxml.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from conftest import Project

DOC = "privacy-policy"
BASE = "https://example.org/legal"
REGIONS = f"""\
base-url = "{BASE}"
[tool.policy-l10n.fallbacks]
de_CH = ["de"]
[tool.policy-l10n.regions.ch]
locales = ["de_CH", "fr"]
[tool.policy-l10n.regions.eu]
locales = ["en", "de", "fr"]
"""


def alternates(p: Project, rel: str) -> dict[str, str]:
    tree = lxml.html.fromstring(p.read(f"output/{rel}"))
    links = tree.xpath('//head/link[@rel="alternate"]')
    found = {link.get("hreflang"): link.get("href") for link in links}
    assert len(found) == len(links), rel  # one link per hreflang
    return found


def built(new_project) -> Project:
    p = new_project(locales=("de", "de_CH", "fr"), extra_config=REGIONS)
    assert p.run("init", "de", "de_CH", "fr").code == 0
    r = p.run("release", "1.0", "--effective", "2026-01-01")
    assert r.code == 0, r.err
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    return p


def test_region_without_the_source_locale_gets_its_first_locale_as_x_default(new_project):
    p = built(new_project)
    for loc in ("de-CH", "fr"):
        alt = alternates(p, f"ch/{loc}/{DOC}.html")
        assert alt == {"de-CH": f"{BASE}/ch/de-CH/{DOC}.html", "fr": f"{BASE}/ch/fr/{DOC}.html",
                       "x-default": f"{BASE}/ch/de-CH/{DOC}.html"}, loc
        # the language switcher lists the other languages, never x-default
        tree = lxml.html.fromstring(p.read(f"output/ch/{loc}/{DOC}.html"))
        assert all(a.get("hreflang") != "x-default" for a in tree.xpath('//nav[@class="languages"]//a'))
    # a region with the source locale: x-default is still the English page
    assert alternates(p, f"eu/de/{DOC}.html")["x-default"] == f"{BASE}/eu/en/{DOC}.html"


def test_release_pages_and_sitemap_give_the_same_x_default(new_project):
    p = built(new_project)
    assert alternates(p, f"ch/fr/{DOC}/1.0.html")["x-default"] == f"{BASE}/ch/de-CH/{DOC}/1.0.html"
    assert alternates(p, f"eu/fr/{DOC}/1.0.html")["x-default"] == f"{BASE}/eu/en/{DOC}/1.0.html"
    sitemap = lxml.etree.fromstring(p.path("output/sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for url in sitemap.xpath("//s:url", namespaces=ns):
        loc = url.xpath("s:loc/text()", namespaces=ns)[0]
        x_default = url.xpath('x:link[@hreflang="x-default"]/@href', namespaces=ns)
        region = loc[len(BASE) + 1:].split("/")[0]
        assert x_default == [f"{BASE}/{region}/{'de-CH' if region == 'ch' else 'en'}/{DOC}.html"], loc
