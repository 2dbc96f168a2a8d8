"""Hostile content: nothing executes, nothing is fetched, nothing is written outside output/.

Payloads go everywhere a translator writes: bodies, titles, the document title and
preamble, ui strings (including the one that ends up inside CSS), PO headers, and
locale codes; images and links point at file:// and at a local HTTP server that
records every request. Two defences are tested separately: `check`/`build`
withholding a locale whose translation carries HTML or a dangerous link, and the
renderer itself (a page rendered from the hostile catalog, as if check were gone).
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Project

DOC = "privacy-policy"
PO = f"locales/de/LC_MESSAGES/{DOC}.po"
UI_PO = "locales/de/LC_MESSAGES/ui.po"

SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

AImonitor explains here how it handles your data.

## Introduction {#introduction}

AImonitor is committed to protecting your privacy.

## Data Retention {#data-retention}

We retain data for 90 days.
"""

XSS = [
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "'><svg/onload=alert('xss-3')>",
    '</style><script>alert("xss-4")</script>',
    '</section></main><iframe src="javascript:alert(\'xss-5\')"></iframe>',
    '<a href="javascript:alert(\'xss-6\')" onclick="alert(7)">klick</a>',
    '<!--<script>alert("xss-8")</script>-->',
    '<style>@import url(http://127.0.0.1:9/xss-9.css);</style>',
    '[klick](javascript:alert("xss-10"))',
    '[klick](<JaVaScRiPt:alert("xss-11")>)',
    '[r][x]\n\n[x]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=',
]

from page_safety import ALLOWED_ATTRS, ALLOWED_TAGS  # noqa: E402


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.hrefs: list[str] = []
        self.css = ""
        self.text = ""
        self._style = False

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRS:
                self.problems.append(f"{name}= on <{tag}>")
            if name == "href":
                self.hrefs.append(value or "")
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.css += data
        else:
            self.text += data


def css_outside_strings(css: str) -> str:
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', css)


def inspect(raw: str, where: str) -> _Page:
    """Fail unless the page is inert: no element or attribute beyond the template's, no
    script, no event handler, no dangerous URL, a CSP, one style element fetching nothing."""
    page = _Page()
    page.feed(raw)
    page.close()
    assert not page.problems, f"{where}: {page.problems}"
    assert "<script" not in raw.lower() and "javascript:" not in "".join(page.hrefs).lower(), where
    for href in page.hrefs:
        lowered = href.strip().lower()
        assert not re.match(r"[a-z][a-z0-9+.-]*:", lowered) or lowered.startswith(("http:", "https:", "mailto:")), \
            f"{where}: href {href!r}"
    assert raw.lower().count("</style") == 1, f"{where}: style element closed early"
    assert not re.search(r"url\(|@import|expression\(", css_outside_strings(page.css), re.I), f"{where}: CSS fetches"
    assert "Content-Security-Policy" in raw and "default-src 'none'" in raw, where
    return page


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def assert_written_only_under_output(before: dict[str, bytes], after: dict[str, bytes], project: str) -> None:
    """Every file a build added or changed is the project's output/ (or its ignored build cache)."""
    changed = {k for k in after if before.get(k) != after[k]} | (set(before) - set(after))
    allowed = (f"{project}/output/", f"{project}/.cache/")
    assert all(k.startswith(allowed) for k in changed), sorted(k for k in changed if not k.startswith(allowed))


def render_de(p: Project) -> str:
    """The de page as the renderer makes it from the catalogs on disk (check bypassed)."""
    from pipeline.catalog import load_locale_catalog
    from pipeline.config import load_config
    from pipeline.output import PageJob, render_live_page
    from pipeline.render.html import Templates
    from pipeline.source import load_documents

    config = load_config(p.root)
    (doc,) = load_documents(p.root)
    catalogs = {("de", d): load_locale_catalog(config, "de", d) for d in (DOC, "ui")}
    raw, _ = render_live_page(config, Templates(config), doc, PageJob(DOC, "de", None, "A4"), catalogs)
    return raw


def entry_line(p: Project, rel: str, msgctxt: str) -> int:
    return next(i for i, line in enumerate(p.read(rel).splitlines(), 1) if line == f'msgctxt "{msgctxt}"')


@pytest.fixture
def hostile(new_project) -> Project:
    p = new_project(source=SOURCE)
    assert p.run("init", "de").code == 0
    return p


# ----------------------------------------------------------------------------- translated text

DOC_PLACES = ["document.title", "document.preamble", "introduction.title", "introduction",
              "data-retention.title", "data-retention"]


@pytest.mark.parametrize("payload", XSS)
def test_payload_in_every_document_message_is_withheld_and_inert(hostile: Project, tmp_path: Path, payload: str) -> None:
    p = hostile
    p.translate("de", {ctx: f"AImonitor 90 {payload}" for ctx in DOC_PLACES})
    r = p.run("check")
    assert r.code == 1
    for ctx in DOC_PLACES:  # every seeded entry is an error at its own line
        assert re.search(rf"^{re.escape(PO)}:{entry_line(p, PO, ctx)}: error: \[(html|link-target|link-scheme)\] ",
                         r.out, re.M), (ctx, r.out)

    before = tree(tmp_path)
    r = p.run("build", "--no-pdf")
    assert r.code == 1 and "withheld: de" in r.out, r.err
    assert_written_only_under_output(before, tree(tmp_path), p.root.name)
    assert not p.path(f"output/de/{DOC}.html").exists()
    for page in p.path("output").rglob("*.html"):
        inspect(page.read_text(encoding="utf-8"), str(page))

    raw = render_de(p)  # the renderer's own defence
    page = inspect(raw, "de rendered directly")
    visible = " ".join(page.text.split())
    if payload.startswith("<script>"):
        assert payload in visible  # shown as text, not run


def test_payload_in_every_ui_string_is_withheld_and_inert(hostile: Project) -> None:
    from pipeline.pofile import read_po

    p = hostile
    payload = '<script>alert("ui")</script>'
    entries = read_po(p.path(UI_PO), UI_PO).entries
    p.translate("de", {e.msgctxt: f"{payload} {e.msgid}" for e in entries}, domain="ui")
    r = p.run("check")
    assert r.code == 1
    for e in entries:
        assert f"{UI_PO}:{entry_line(p, UI_PO, e.msgctxt)}: error: [html] raw HTML '<script>'" in r.out, e.msgctxt
    r = p.run("build", "--no-pdf")
    assert r.code == 1 and not p.path(f"output/de/{DOC}.html").exists()

    raw = render_de(p)
    page = inspect(raw, "de rendered directly")
    assert '<script>alert("ui")</script> Contents' in page.text


def test_templates_and_format_strings_in_translations_stay_text(hostile: Project) -> None:
    """No server-side template or format-string evaluation of translated text."""
    p = hostile
    p.translate("de", {"introduction": "AImonitor {{ 1330+7 }} {% if true %}wahr{% endif %} ${1330+7} #{1330+7}",
                       "introduction.title": "{{ 1330+7 }}", "document.preamble": "AImonitor {{ 1330+7 }}",
                       "document.title": "{{ config }} {{ self.__init__ }}"})
    p.translate("de", {"page.last-updated": "Stand: {date.__class__.__mro__} {date!r} {date}",
                       "page.contents": "{{ 1330+7 }} {0} %s %(x)s"}, domain="ui")
    r = p.run("check")
    assert "malformed placeholder '{date.__class__.__mro__}'" in r.out
    text = " ".join(inspect(render_de(p), "de").text.split())
    assert "1337" not in text and "<class" not in text and "Config(" not in text
    assert "AImonitor {{ 1330+7 }} {% if true %}wahr{% endif %} ${1330+7} #{1330+7}" in text
    assert "{{ config }} {{ self.__init__ }}" in text
    assert "{{ 1330+7 }} {0} %s %(x)s" in text
    assert "Stand: {date.__class__.__mro__} {date!r} " in text


# ----------------------------------------------------------------------------- CSS injection

CSS_PAYLOADS = [
    'Seite {page} von {pages}"; } body { background: red } @page { @top-left { content: "x',
    "Seite {page} von {pages}\\\"; } body { display: none } x { content: \\\"",
    "Seite {page} von {pages}</style><style>body{background:url(http://127.0.0.1:9/css)}</style>",
    "Seite {page}\n} body { color: red } x { content: \"{pages}",
    "Seite {page} von {pages} \\A \\0 \\\\ ' \" ; } { /* */",
]


def _page_counter(css: str) -> str:
    """The CSS outside its strings, with the page counter's `content:` value (strings and
    counters only) folded: equal for every translation that injected nothing."""
    outside = css_outside_strings(css)
    folded, n = re.subn(r"(@bottom-center\s*\{\s*content:)(?:\s*(?:\"\"|counter\(pages?\)))+\s*;",
                        r"\1 …;", outside)
    assert n == 1, outside[-400:]
    return folded


@pytest.mark.parametrize("payload", CSS_PAYLOADS)
def test_css_injection_through_the_page_counter_string(hostile: Project, payload: str) -> None:
    """"Page {page} of {pages}" becomes CSS content: a translation can only change strings in it."""
    p = hostile
    p.translate("de", {"pdf.page-of": "Seite {page} von {pages}"}, domain="ui")
    benign = _Page()
    benign.feed(render_de(p))
    p.translate("de", {"pdf.page-of": payload}, domain="ui")
    page = inspect(render_de(p), "de")
    assert _page_counter(page.css) == _page_counter(benign.css)
    r = p.run("build", "--no-pdf")
    assert r.code in (0, 1), r.err
    for f in p.path("output").rglob("*.html"):
        inspect(f.read_text(encoding="utf-8"), str(f))


# ----------------------------------------------------------------------------- PO headers

def test_payloads_in_po_headers_are_inert(hostile: Project, tmp_path: Path) -> None:
    p = hostile
    p.translate("de", {"document.title": "Datenschutzerklärung"})
    payload = '<script>alert("hdr")</script>"><img src=x onerror=alert(1)>'
    for rel in (PO, UI_PO):
        text = p.read(rel)
        for key in ("Project-Id-Version", "Last-Translator", "Language-Team", "PO-Revision-Date"):
            text = re.sub(rf'^"{key}: [^\n]*"$', lambda m: f'"{key}: {payload.replace(chr(34), chr(92) + chr(34))}\\n"',
                          text, count=1, flags=re.M)
        text = text.replace('"Plural-Forms:', f'"X-Policy-Approved: {payload.replace(chr(34), chr(92) + chr(34))}; '
                                               f'2026-02-01T00:00:00Z; sha256=00\\n"\n"X-Evil: {payload.replace(chr(34), chr(92) + chr(34))}\\n"\n"Plural-Forms:')
        p.write(rel, text)
    assert payload in p.read(PO).replace('\\"', '"')
    r = p.run("check")
    assert r.code == 0, r.out  # not a translation: no finding, and no reason to withhold
    before = tree(tmp_path)
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert_written_only_under_output(before, tree(tmp_path), p.root.name)
    pages = list(p.path("output").rglob("*.html"))
    assert p.path("output/index.html") in pages and p.path(f"output/de/{DOC}.html") in pages
    for f in pages:
        raw = f.read_text(encoding="utf-8")
        inspect(raw, str(f))
        assert "<script>alert(" not in raw and "<img" not in raw, f


@pytest.mark.parametrize("value", ['de"><script>alert(1)</script>', "../../etc", "de_DE"])
def test_hostile_language_header_is_a_check_error(hostile: Project, value: str) -> None:
    p = hostile
    p.write(PO, p.read(PO).replace('"Language: de\\n"', f'"Language: {value.replace(chr(34), chr(92) + chr(34))}\\n"'))
    r = p.run("check")
    assert r.code == 1 and "error: [header] Language header is" in r.out, r.out
    r = p.run("build", "--no-pdf")
    assert r.code == 1 and not p.path(f"output/de/{DOC}.html").exists()
    for f in p.path("output").rglob("*.html"):
        inspect(f.read_text(encoding="utf-8"), str(f))


# ----------------------------------------------------------------------------- locale codes and document ids

HOSTILE_CODES = ['de"><script>alert(1)</script>', "../../evil", "de/../../evil", "/tmp/evil", "de\u0000", "de_DE;rm -rf",
                 "de\ninjected = 1", "..", "de_CH/../../x"]


@pytest.mark.parametrize("code", HOSTILE_CODES)
def test_hostile_locale_codes_are_refused_everywhere(new_project, tmp_path: Path, code: str) -> None:
    p = new_project(source=SOURCE)
    assert p.run("init", "de").code == 0
    before = tree(tmp_path)
    for args in [("init", code), ("update", "--locale", code), ("status", "--locale", code),
                 ("check", "--locale", code), ("build", "--no-pdf", "--locale", code),
                 ("approve", code, "--by", "X <x@example.com>")]:
        r = p.run(*args)
        assert r.code == 2 and len(r.err.splitlines()) == 1 and r.err.startswith("policy-l10n: "), (args, r.err)
    toml = p.read("pyproject.toml")
    for edit in (f'locales = ["de", {json.dumps(code)}]',
                 f'locales = ["de"]\n[tool.policy-l10n.fallbacks]\nde = [{json.dumps(code)}]',
                 f'locales = ["de"]\n[tool.policy-l10n.regions.eu]\nlocales = ["en", {json.dumps(code)}]'):
        p.write("pyproject.toml", toml.replace('locales = ["de"]', edit))
        snap = tree(tmp_path)
        for args in [("update",), ("build", "--no-pdf"), ("status",)]:
            r = p.run(*args)
            assert r.code == 2 and re.fullmatch(r"pyproject\.toml:\d+: [^\n]+\n", r.err), (edit, args, r.err)
        assert tree(tmp_path) == snap
    p.write("pyproject.toml", toml)
    assert tree(tmp_path) == before


@pytest.mark.parametrize("name", ["<script>.md", "..md", "a b.md", "UI.md", "ui.md", "x..y.md", "-x.md", "é.md"])
def test_hostile_document_file_names_are_refused(hostile: Project, tmp_path: Path, name: str) -> None:
    p = hostile
    (p.path("source") / name).write_text(SOURCE, encoding="utf-8")
    before = tree(tmp_path)
    for args in [("extract",), ("update",), ("build", "--no-pdf"), ("check",)]:
        r = p.run(*args)
        assert r.code == 2 and re.fullmatch(rf"source/{re.escape(name)}:1: invalid document id [^\n]+\n", r.err), r.err
    assert tree(tmp_path) == before


def test_traversal_through_the_release_index_writes_nothing_outside_output(hostile: Project, tmp_path: Path) -> None:
    """releases/<doc>/index.json is committed data, but not trusted to name paths."""
    p = hostile
    assert p.run("release", "1.0").code == 0
    outside = tmp_path / "outside"
    (outside / "v").mkdir(parents=True)
    (outside / "v" / f"{DOC}.md").write_text(SOURCE, encoding="utf-8")
    index_path = p.path(f"releases/{DOC}/index.json")
    good = json.loads(index_path.read_text(encoding="utf-8"))
    rel_outside = "../../../outside/v"  # from releases/<doc>/ and from output/<bcp47>/<doc>/
    for tamper in (lambda e: e.update(version=rel_outside), lambda e: e.update(version="/tmp/abs"),
                   lambda e: e["config"].update(locales=["../../../outside/l"]),
                   lambda e: e["config"].update(locales=['de"><script>'])):
        index = json.loads(json.dumps(good))
        tamper(index[0])
        index_path.write_text(json.dumps(index), encoding="utf-8")
        before = tree(tmp_path)
        r = p.run("build", "--no-pdf")
        assert "Traceback" not in r.err
        assert r.code in (0, 1, 2)
        assert_written_only_under_output(before, tree(tmp_path), p.root.name)
        for f in p.path("output").rglob("*.html"):
            inspect(f.read_text(encoding="utf-8"), str(f))


# ----------------------------------------------------------------------------- nothing is fetched

class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(_PNG)

    def log_message(self, *args):
        pass


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture
def recorder():
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_images_and_links_fetch_nothing_even_in_the_pdf(new_project, tmp_path: Path, recorder: str) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(_PNG)
    local = f"![local](file://{secret}) [local link](file://{secret}) <file://{secret}>"
    remote = f"![remote]({recorder}/img.png) [remote link]({recorder}/link) <{recorder}/auto>"
    # the English itself: file:// in the preamble (shown untranslated everywhere), remote URLs in a body
    source = (SOURCE.replace("AImonitor explains here how it handles your data.",
                             f"AImonitor explains here how it handles your data. {local}")
              .replace("We retain data for 90 days.", f"We retain data for 90 days. {remote}"))
    p = new_project(locales=("de", "fr"), source=source)
    assert p.run("init", "de", "fr").code == 0
    # fr keeps the English's remote targets: check accepts it, fr is built with its PDF
    p.translate("fr", {"data-retention": f"Nous conservons les données 90 jours. {remote}"})
    # de adds file:// and a remote image of its own: check refuses, de is withheld
    p.translate("de", {"data-retention": f"Wir speichern Daten 90 Tage. {remote} {local} ![x]({recorder}/de.png)"})
    r = p.run("check")
    assert r.code == 1 and "locales/fr/" not in r.out and "[link-scheme] link 'file://" in r.out, r.out
    before = tree(tmp_path)
    r = p.run("build", "--jobs", "1")
    assert r.code == 1 and "withheld: de" in r.out, r.err
    assert_written_only_under_output(before, tree(tmp_path), p.root.name)
    assert _Recorder.requests == [], _Recorder.requests
    pdfs = sorted(p.path("output").rglob("*.pdf"))
    assert {f.relative_to(p.root).as_posix() for f in pdfs} == {f"output/en/{DOC}.pdf", f"output/fr/{DOC}.pdf"}
    for f in pdfs:
        data = f.read_bytes()
        assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data, f"{f} embeds an image"
    for f in p.path("output").rglob("*.html"):
        raw = f.read_text(encoding="utf-8")
        page = inspect(raw, str(f))
        assert "src=" not in raw and not any(h.lower().startswith("file:") for h in page.hrefs), f
    assert f'href="{recorder}/link"' in p.read(f"output/fr/{DOC}.html")  # an allowed link stays a link
    # and the renderer alone (de's translation rendered despite check): nothing to fetch either
    raw = render_de(p)
    page = inspect(raw, "de")
    assert "src=" not in raw and not any(h.lower().startswith("file:") for h in page.hrefs)
