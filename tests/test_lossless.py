"""Nothing of a policy is lost (issue 16): every word the English source renders reaches the
`.pot`, the HTML page and the PDF, in order.

The source's own rendering (the whole file parsed at once, as any Markdown viewer would)
is the reference; the messages (document title, preamble, each section's title and body)
must give exactly its words, in order; the page and the PDF must show them in order (they
add only what the tool owns: section numbers, notices, footer). A real-world corpus of our
own (tests/fixtures/gfm) carries the shapes that were dropped before: a block quote inside
a list item, a paragraph after a nested list, tables, footnotes, numbered headings,
comments, kramdown and Liquid lines, extra front matter.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from conftest import make_project
from pipeline.catalog import document_messages
from pipeline.markdown import blocks_text, footnote_env
from pipeline.source import markdown_parser, parse_document

FIXTURES = Path(__file__).parent / "fixtures" / "gfm"
SOURCES = sorted(FIXTURES.glob("*.md"))


def source_words(text: str) -> list[str]:
    """The words of the source as a Markdown viewer shows the whole file (front matter title first)."""
    doc = parse_document(text, "source/x.md")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    env: dict = {}
    tokens = markdown_parser().parse("\n".join(lines[end + 1 :]), env)
    return doc.title.split() + blocks_text(tokens)


def message_words(doc, messages: list[tuple[str, str]]) -> list[str]:
    """The words the messages render, in catalog order (titles are inline text)."""
    md = markdown_parser()
    words: list[str] = []
    for msgctxt, msgid in messages:
        if msgctxt.endswith(".title"):
            words.extend(blocks_text(md.parseInline(msgid)))
        else:
            words.extend(blocks_text(md.parse(msgid, footnote_env(doc.footnotes))))
    return words


def in_order(words: list[str], shown: str) -> None:
    """Every word appears in ``shown`` after the one before it (white space ignored: a
    page may wrap a long word or put markup between two words)."""
    stream = "".join(shown.split())
    pos = 0
    for n, word in enumerate(words):
        found = stream.find(word, pos)
        assert found >= 0, (f"word {n} {word!r} not shown after …{stream[max(0, pos - 60):pos]!r}; "
                            f"next words {words[n:n + 8]}")
        pos = found + len(word)


class _MainText(HTMLParser):
    """The text of `<main>` without the table of contents."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "main":
            self.depth += 1
        if tag == "nav" and self.depth:
            self.skip += 1

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "main":
            self.depth -= 1
        if tag == "nav" and self.skip:
            self.skip -= 1

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self.depth and not self.skip:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return " ".join(parser.parts)


# --------------------------------------------------------------------------- the catalog

@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_messages_carry_every_word_of_the_source_in_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text, f"source/{path.name}")
    messages = [(m.msgctxt, m.msgid) for m in document_messages(doc)]
    assert message_words(doc, messages) == source_words(text)


@pytest.mark.parametrize("path", [REPO_SOURCE := Path(__file__).parent.parent / "source" / "privacy-policy.md"],
                         ids=["privacy-policy"])
def test_our_own_policy_loses_no_word(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text, "source/privacy-policy.md")
    assert message_words(doc, [(m.msgctxt, m.msgid) for m in document_messages(doc)]) == source_words(text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> "object":
    """The corpus as a content project (English and Arabic/Japanese pages), built once."""
    root = tmp_path_factory.mktemp("corpus") / "p"
    first, *others = SOURCES
    project = make_project(root, locales=("ar", "ja"), source=first.read_text(encoding="utf-8"),
                           doc_id=first.stem)
    for other in others:
        shutil.copy(other, root / "source" / other.name)
    assert project.run("update").code == 0
    for locale, (title, body) in TABLES.items():
        project.translate(locale, {"list.title": title, "list": body}, domain="subprocessors")
    result = project.run("build")
    assert result.code == 0, result.err
    return project


LONG_URL = "https://cloud.example.com/a/very/long/path/that/should/wrap/inside/its/cell/on/paper"
#: the subprocessors' table in Arabic and Japanese (same shape, same URLs)
TABLES = {
    "ar": ("قائمة المعالجين الفرعيين",
           "نستخدم المعالجين الفرعيين التاليين لتقديم الخدمة.\n\n"
           "| الاسم | الغرض | الموقع | الموقع الإلكتروني |\n| -- | -- | -- | -: |\n"
           f"| Example Cloud | استضافة بيانات العملاء وتخزينها | الولايات المتحدة | {LONG_URL} |\n"
           "| Mailer Ltd | البريد الإلكتروني للمعاملات | الاتحاد الأوروبي | https://mailer.example.eu |\n"
           "| Support Desk | تذاكر دعم العملاء | اليابان | https://support.example.jp |"),
    "ja": ("サブプロセッサーの一覧",
           "本サービスの提供のために、以下のサブプロセッサーを利用しています。\n\n"
           "| 名称 | 目的 | 所在地 | ウェブサイト |\n| -- | -- | -- | -: |\n"
           f"| Example Cloud | 顧客データのホスティングおよび保存のためのクラウド基盤サービスの提供 | 米国 | {LONG_URL} |\n"
           "| Mailer Ltd | トランザクションメール | 欧州連合 | https://mailer.example.eu |\n"
           "| Support Desk | カスタマーサポートのチケット管理 | 日本 | https://support.example.jp |"),
}


def test_the_pot_carries_every_word_in_order(corpus) -> None:
    for path in SOURCES:
        pot = polib.pofile(str(corpus.root / "locales" / f"{path.stem}.pot"))
        doc = parse_document(path.read_text(encoding="utf-8"), f"source/{path.name}")
        messages = [(e.msgctxt, e.msgid) for e in pot]
        assert message_words(doc, messages) == source_words(path.read_text(encoding="utf-8"))


def test_the_html_page_shows_every_word_in_order(corpus) -> None:
    for path in SOURCES:
        html = (corpus.root / "output" / "en" / f"{path.stem}.html").read_text(encoding="utf-8")
        words = source_words(path.read_text(encoding="utf-8"))
        in_order(words[len(parse_document(path.read_text(encoding="utf-8"), "x.md").title.split()):],
                 main_text(html))


def test_the_pdf_shows_every_word_in_order(corpus) -> None:
    for path in SOURCES:
        pdf = corpus.root / "output" / "en" / f"{path.stem}.pdf"
        shown = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        in_order(source_words(path.read_text(encoding="utf-8")), shown)


@pytest.mark.parametrize("locale", ["ar", "ja"])
def test_translated_tables_keep_every_cell_and_stay_on_the_page(corpus, locale: str) -> None:
    """An Arabic and a Japanese table: every header and cell on the page and in the PDF, and no
    word of the PDF outside the page (a long URL wraps inside its cell)."""
    assert corpus.run("check", "--locale", locale).code == 0
    html = (corpus.root / "output" / locale / "subprocessors.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<th scope="col"', html)) == 4 and html.count("<td") == 12
    assert 'class="align-right"' in html
    pdf = corpus.root / "output" / locale / "subprocessors.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    for cell in ("Mailer", "https://mailer.example.eu", "https://support.example.jp", "".join(LONG_URL.split())):
        assert cell in flat, cell
    if locale == "ja":
        assert "顧客データのホスティング" in flat
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S):
        width = float(page.group(1))
        for x_min, x_max in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', page.group(2)):
            assert 0 <= float(x_min) and float(x_max) <= width, f"a word runs off the page ({x_max} > {width})"
