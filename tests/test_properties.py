"""Property tests (Hypothesis): arbitrary sources, translations and bytes.

* extract → update → (English edited) → update → build --no-pdf never crashes,
  keeps every translation somewhere in the catalog (active or obsolete), and no
  page ever carries raw HTML, a script, an event handler or a dangerous URL;
* arbitrary bytes as a `.po` give one clean `path:line:` error (exit 2) or a
  catalog, the same through every command, and no file changes;
* the checks and the Markdown renderer hold up on any text.

The profile (HYPOTHESIS_PROFILE=ci: 40 examples) sets the budget.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import Project, make_project

DOC = "privacy-policy"
PO = f"locales/de/LC_MESSAGES/{DOC}.po"

#: what a translator (or an attacker) may type, beside arbitrary characters
SNIPPETS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)" data-hostile="1">x</a>', "<div data-hostile=1>", "</section>", "</style>",
    "<style>body{background:url(http://127.0.0.1:9/x)}</style>", "<!-- c -->", "<![CDATA[x]]>",
    "[x](javascript:alert(1))", "[x](<JAVASCRIPT:alert(1)>)", "[x](java&#115;cript:alert(1))",
    "![i](file:///etc/passwd)", "![i](https://127.0.0.1:9/x.png)", "[f](file:///etc/passwd)",
    "[r]\n\n[r]: data:text/html,<script>alert(1)</script>", "<javascript:alert(1)>", "<https://aimonitor.dev/x>",
    "[ok](https://aimonitor.dev/terms)", "[in](#introduction)", "[no](#nowhere)", "<privacy@aimonitor.dev>",
    "mailto:x@example.com", "&lt;script&gt;", "&#x3C;script&#x3E;", "&amp;", "{page}", "{page.__class__}", "{0}",
    "\\", "\"", "`<b data-hostile=1>`", "```", "\n\n", "\n- ", "\n1. ", "\n# ", "\n---\n", "\n    code", "> ",
    "*", "**", "_", "[", "](", "|", "90", "1.3", "AImonitor", "Ü", "中文", "عربى", "\u202e", "\u2028", "\x85",
    "\x0c", "\t", "\r", "\r\n", " ",
]
ANY_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
TEXT = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(ANY_CHAR, max_size=12)), max_size=8).map("".join)

#: English: no line may start a new section or end the front matter; otherwise anything
SOURCE_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="#\x85")
SOURCE_SNIPPETS = [s for s in SNIPPETS if "#" not in s and not any(c in s for c in "\n\r\x85\x0c\u2028")]
LINE = st.lists(st.one_of(st.sampled_from(SOURCE_SNIPPETS), st.text(SOURCE_CHARS, max_size=12)),
                min_size=1, max_size=6).map("".join).map(str.strip).filter(bool)
WORD = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8)
HEADING = st.lists(st.one_of(WORD, st.sampled_from(["&", "Über", "<b>", "`x`", "*y*", "AImonitor", "90"])),
                   min_size=1, max_size=4).map(" ".join)
SECTION_ID = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True).filter(lambda s: s != "document")


@st.composite
def blocks(draw) -> str:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "list", "ordered", "code", "quote"]))
    if kind == "paragraph":
        return draw(LINE)
    if kind == "list":
        return "\n".join("- " + x for x in draw(st.lists(LINE, min_size=1, max_size=4)))
    if kind == "ordered":
        return "\n".join(f"{i}. {x}" for i, x in enumerate(draw(st.lists(LINE, min_size=1, max_size=3)), 1))
    if kind == "code":
        return "```\n" + "\n".join(draw(st.lists(LINE.filter(lambda s: "`" not in s), max_size=3))) + "\n```"
    return "> " + draw(LINE)


@st.composite
def sections(draw) -> list[tuple[str, int, str, str]]:
    ids = draw(st.lists(SECTION_ID, min_size=1, max_size=5, unique=True))
    out = []
    for i, sid in enumerate(ids):
        level = 2 if i == 0 else draw(st.integers(2, 4))
        body = "\n\n".join(draw(st.lists(blocks(), max_size=3)))
        out.append((sid, level, draw(HEADING), body))
    return out


#: characters YAML does not allow in a document, even quoted
_YAML_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_source(title: str, preamble: str, secs: list[tuple[str, int, str, str]]) -> str:
    parts = [f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nupdated: 2026-02-01\n---\n"]
    if preamble:
        parts.append(preamble + "\n")
    for sid, level, heading, body in secs:
        parts.append(f"{'#' * level} {heading} {{#{sid}}}\n")
        if body:
            parts.append(body + "\n")
    return "\n".join(parts)


@st.composite
def edited(draw, secs: list[tuple[str, int, str, str]]) -> list[tuple[str, int, str, str]]:
    """The next English: sections kept, reworded, renamed (same text, new id), dropped or added."""
    out = []
    for sid, level, heading, body in secs:
        action = draw(st.sampled_from(["keep", "keep", "reword", "rename", "drop"]))
        if action == "keep":
            out.append((sid, level, heading, body))
        elif action == "reword":
            out.append((sid, level, heading + " v2", (body + "\n\n" if body else "") + draw(LINE)))
        elif action == "rename":
            out.append((sid + "-x", level, heading, body))
    out += draw(sections())
    seen: set[str] = set()
    unique = [s for s in out if not (s[0] in seen or seen.add(s[0]))]
    if unique:
        unique[0] = (unique[0][0], 2, *unique[0][2:])
    return unique


# ----------------------------------------------------------------------------- page safety

from page_safety import ALLOWED_ATTRS, ALLOWED_TAGS  # noqa: E402


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.style_text = ""
        self._in_style = False
        self.section_ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRS:
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            if name == "href":
                self.hrefs.append(value or "")
            if tag == "section" and name == "id":
                self.section_ids.add(value or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style_text += data


def assert_page_safe(raw: str, where: str) -> None:
    c = _Collect()
    c.feed(raw)
    c.close()
    assert not c.problems, f"{where}: {c.problems}"
    assert raw.lower().count("</style") == 1, f"{where}: the style element was closed early"
    # outside its string literals (where css_string keeps translated text), the CSS fetches nothing
    css = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', c.style_text)
    assert not re.search(r"url\(|@import|expression\(|image-set\(", css, re.I), f"{where}: {css[-300:]}"
    assert "<script" not in raw.lower(), where
    for href in c.hrefs:
        lowered = href.strip().lower()
        if lowered.startswith("#"):
            assert href[1:] in c.section_ids or href == "#content", f"{where}: dead anchor {href!r}"
        elif re.match(r"[a-z][a-z0-9+.-]*:", lowered):
            assert lowered.startswith(("http:", "https:", "mailto:")), f"{where}: href {href!r}"
        else:  # a relative link of the site itself
            assert re.fullmatch(r"[A-Za-z0-9_./-]+\.(html|pdf)(#[a-z0-9-]+)?", href), f"{where}: href {href!r}"


def _all_msgstrs(path: Path) -> Counter[str]:
    from pipeline.pofile import read_po

    cat = read_po(path, str(path))
    return Counter(e.msgstr for e in cat.entries if e.msgstr)


def _new_project(tmp: str, source: str, on_stale: str) -> Project:
    root = Path(tmp) / "proj"
    return make_project(root, locales=("de",), source=source, extra_config=f'on-stale = "{on_stale}"\n')


def _render_de_page(p: Project) -> str:
    """The renderer's own defence, behind check: the de page rendered whatever check says."""
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


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(title=LINE.filter(lambda t: not _YAML_UNPRINTABLE.search(t)), preamble=st.one_of(st.just(""), LINE), secs=sections(), data=st.data())
def test_pipeline_never_crashes_loses_a_translation_or_publishes_html(title, preamble, secs, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        on_stale = data.draw(st.sampled_from(["source", "translation"]), label="on-stale")
        p = _new_project(tmp, render_source(title, preamble, secs), on_stale)
        r = p.run("update")
        if r.code == 2:  # an English file the pipeline refuses: one clean line, nothing written
            event("source refused: " + re.sub(r"[0-9]+", "N", r.err.split(": ", 1)[1][:60]))
            assert re.fullmatch(r"source/privacy-policy\.md:\d+: [^\n]+\n", r.err), r.err
            assert not p.path("locales").exists() or not any(p.path("locales").rglob("*.po"))
            return
        assert r.code == 0, r.err

        # a translator's work: any text, fuzzy or not, in the document and the ui catalogs
        from pipeline.pofile import read_po

        written: Counter[str] = Counter()
        for domain in (DOC, "ui"):
            path = p.po("de", domain)
            ctxs = [e.msgctxt for e in read_po(path, str(path)).entries]
            chosen = data.draw(st.dictionaries(st.sampled_from(ctxs), TEXT, max_size=len(ctxs)), label=domain)
            fuzzy = data.draw(st.booleans(), label="fuzzy")
            p.translate("de", chosen, domain=domain, fuzzy=fuzzy)
            written += Counter(v for v in chosen.values() if v)
        before = _all_msgstrs(p.po("de")) + _all_msgstrs(p.po("de", "ui"))
        assert not written - before, "the catalog writer lost a translation"

        # the English changes; update merges; every translation is still in the catalog
        p.write(f"source/{DOC}.md", render_source(title, preamble, data.draw(edited(secs), label="edited")))
        for _ in range(2):  # the second update must find nothing to do
            r = p.run("update")
            assert r.code in (0, 2), r.err
            if r.code == 2:
                event("edited source refused")
                assert re.fullmatch(r"source/privacy-policy\.md:\d+: [^\n]+\n", r.err), r.err
                return
        assert r.out.strip() == "catalogs up to date", r.out
        after = _all_msgstrs(p.po("de")) + _all_msgstrs(p.po("de", "ui"))
        assert not written - after, f"translations lost: {written - after}"

        r = p.run("build", "--no-pdf")
        assert r.code in (0, 1), r.err
        assert "Traceback" not in r.err
        for line in r.err.splitlines():
            assert re.match(r"(locales/de/LC_MESSAGES/\S+\.po:\d+: error: \[[a-z-]+\] |policy-l10n: )", line), line
        pages = sorted(p.path("output").rglob("*.html"))
        assert pages
        for page in pages:
            assert_page_safe(page.read_text(encoding="utf-8"), page.relative_to(p.root).as_posix())
        event(f"build exit {r.code}")
        if r.code == 1:
            assert not p.path(f"output/de/{DOC}.html").exists()
        assert_page_safe(_render_de_page(p), "de page rendered directly")


# ----------------------------------------------------------------------------- bytes as a .po

@st.composite
def po_bytes(draw) -> bytes:
    """Arbitrary bytes, or a real catalog with bytes inserted, deleted or replaced."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    base = bytearray(_BASE_PO)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(base)))
        what = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.one_of(st.binary(min_size=1, max_size=6),
                               st.sampled_from([b'"', b"\\", b"\n", b"#~ ", b"#| ", b"msgid ", b"msgstr ",
                                                b'msgctxt "document.title"\n', b'msgid ""\nmsgstr ""\n',
                                                b"msgstr[0] ", b"\xff", b"\xe2\x80", b"\r", b"\x00", b"\t"])))
        if what == "insert":
            base[pos:pos] = chunk
        elif what == "delete":
            del base[pos:pos + len(chunk)]
        else:
            base[pos:pos + len(chunk)] = chunk
    return bytes(base)


_BASE_PO = b"""# German translation of privacy-policy.
msgid ""
msgstr ""
"Project-Id-Version: privacy-policy\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. Document title.
#: source/privacy-policy.md:2
msgctxt "document.title"
msgid "Privacy Policy"
msgstr "Datenschutzerkl\xc3\xa4rung"

#, fuzzy
#| msgid "Intro"
msgctxt "introduction.title"
msgid "Introduction"
msgstr "Einleitung"

msgctxt "introduction"
msgid ""
"AImonitor is committed to protecting your privacy."
msgstr ""
"AImonitor sch\xc3\xbctzt Ihre "
"Privatsph\xc3\xa4re."

#~ msgctxt "old"
#~ msgid "Old"
#~ msgstr "Alt"
"""


def test_parse_po_gives_a_catalog_or_one_clean_error_on_the_base() -> None:
    from pipeline.pofile import parse_po

    assert len(parse_po(_BASE_PO, "x.po").entries) == 4


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(data=po_bytes())
def test_parsers_give_a_catalog_or_one_clean_error(data: bytes) -> None:
    from pipeline.errors import PoError
    from pipeline.pofile import parse_po

    lines = data.count(b"\n") + 1
    try:
        cat = parse_po(data, "x.po")
    except PoError as exc:
        text = str(exc)
        m = re.fullmatch(r"x\.po:(\d+): [^\n]+", text)
        assert m, repr(text)
        assert 1 <= int(m.group(1)) <= lines
        return
    assert cat.has_header


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None,
          max_examples=max(10, settings().max_examples // 2))
@given(data=po_bytes())
def test_bytes_as_a_catalog_through_the_cli(data: bytes, project: Project) -> None:
    """status, check and update agree: a catalog, or the same one line and exit 2; nothing written."""
    project.path(PO).write_bytes(data)
    before = project.snapshot()
    results = {args: project.run(*args) for args in [("status", "--format", "json"), ("check",), ("update", "--dry-run")]}
    assert project.snapshot() == before
    failed = {args: r for args, r in results.items() if r.code == 2}
    if failed:
        assert len(failed) == len(results), {a: (r.code, r.err) for a, r in results.items()}
        errs = {r.err for r in failed.values()}
        assert len(errs) == 1, errs
        (err,) = errs
        assert re.fullmatch(rf"{re.escape(PO)}:\d+: [^\n]+\n", err), err
    else:
        for args, r in results.items():
            assert r.code in (0, 1), (args, r.err)
            assert "Traceback" not in r.err


# ----------------------------------------------------------------------------- checks and renderer

@settings(max_examples=max(100, settings().max_examples * 5), deadline=None)
@given(en=TEXT, tr=TEXT, ui=st.booleans())
def test_checks_never_crash_and_flag_every_html_tag(en: str, tr: str, ui: bool) -> None:
    from pipeline.check_messages import CHECKS, Context

    ctx = Context("x", "ui" if ui else DOC, ("AImonitor",), frozenset({"introduction"}))
    results = {k: list(fn(en, tr, ctx)) for k, fn in CHECKS.items()}
    for items in results.values():
        for severity, message in items:
            assert severity in ("error", "warning")
    from pipeline.check import Finding, one_line

    for check_id, items in results.items():
        for severity, message in items:
            line = Finding("x.po", 1, severity, check_id, "de", "x", one_line(message)).text()
            assert len(line.splitlines()) == 1, line
    if "<script>" in tr and "<script>" not in en and "`" not in tr and "~~~" not in tr:
        assert results["html"], "raw HTML not reported"


@settings(max_examples=max(100, settings().max_examples * 5), deadline=None)
@given(text=TEXT)
def test_rendered_markdown_is_inert(text: str) -> None:
    from pipeline.render.html import render_markdown

    html = render_markdown(text, frozenset({"introduction"}))
    page = ("<html><head><style>x</style></head><body><section id=\"introduction\">"
            + html + "</section></body></html>")
    assert_page_safe(page, repr(text))
