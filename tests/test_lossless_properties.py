"""Losslessness as properties (Hypothesis): generated nested Markdown (lists in lists, quotes
in lists, code in quotes, tables, footnotes, emphasis variants) always parses; its messages
carry the source's words in order; the page shows them in order; normalising is idempotent;
spellings that render the same give one message.

A document is drawn as a tree, then written out twice with different spellings (emphasis
markers, bullets, line wrapping, harmless escapes, reference or inline links, indented or
fenced code, ordered list delimiters). The CI profile (40 examples) sets the budget.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from hypothesis import assume, given, settings, strategies as st

from pipeline.catalog import document_messages
from pipeline.render.html import render_markdown
from pipeline.source import parse_document
from test_lossless import in_order, main_text, message_words, source_words
from test_properties import blocks as property_blocks

WORDS = ["policy", "data", "we", "may", "share", "AImonitor", "90", "1.3", "100%", "e-mail", "(EUR)",
         "“quoted”", "Über", "中文", "عربى", "a_b", "x*y", "[x]", "<b>", "&", "#1", "|", "~", "don't", "C++",
         "$5", "@you", "1.", "-", "+", ">", "\\"]
WORD = st.sampled_from(WORDS)
PLAIN = st.sampled_from(["policy", "data", "share", "notice", "account", "rights"])


# --------------------------------------------------------------------------- the tree

@st.composite
def inline(draw, footnotes: int = 0) -> list:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["word", "word", "word", "em", "strong", "code", "link", "auto", "del", "ref"]))
        if kind == "word":
            parts.append(("word", draw(WORD)))
        elif kind in ("em", "strong", "del"):
            parts.append((kind, draw(st.lists(PLAIN, min_size=1, max_size=3))))
        elif kind == "code":
            parts.append(("code", draw(st.sampled_from(["x = 1", "a*b", "<tag>", "snake_case"]))))
        elif kind == "link":
            parts.append(("link", draw(st.lists(PLAIN, min_size=1, max_size=2)),
                          draw(st.sampled_from(["https://example.com/a", "https://example.com/b?x=1"]))))
        elif kind == "auto":
            parts.append(("auto", draw(st.sampled_from(["https://example.com", "privacy@example.com"]))))
        elif footnotes:
            parts.append(("ref", str(draw(st.integers(1, footnotes)))))
        else:
            parts.append(("word", draw(WORD)))
    return parts


@lru_cache(maxsize=None)  # one strategy object per shape: building them is most of the cost
def blocks(depth: int, footnotes: int):
    leaf = st.one_of(
        st.tuples(st.just("p"), inline(footnotes)),
        st.tuples(st.just("code"), st.lists(st.sampled_from(["x  =  1", "  indented", "<!-- kept -->", "*a*"]),
                                            min_size=1, max_size=3)),
        st.tuples(st.just("table"), st.integers(1, 3), st.integers(1, 3),
                  st.lists(st.sampled_from(["left", "right", "center", None]), min_size=3, max_size=3),
                  st.lists(inline(0), min_size=12, max_size=12)),
        st.just(("hr",)),
    )
    if depth == 0:
        return leaf
    inner = st.lists(blocks(depth - 1, footnotes), min_size=1, max_size=2)
    return st.one_of(
        leaf, leaf,
        st.tuples(st.just("ul"), st.lists(st.tuples(inline(footnotes), st.lists(blocks(depth - 1, footnotes), max_size=2)),
                                          min_size=1, max_size=2), st.booleans()),
        st.tuples(st.just("ol"), st.integers(0, 12), st.lists(st.tuples(inline(footnotes), st.lists(blocks(depth - 1, footnotes), max_size=2)),
                                                               min_size=1, max_size=2), st.booleans()),
        st.tuples(st.just("quote"), inner),
    )


@st.composite
def documents(draw) -> tuple:
    footnotes = draw(st.integers(0, 2))
    sections = []
    for n in range(draw(st.integers(1, 2))):
        body = draw(st.lists(blocks(2, footnotes), max_size=3))
        sections.append((f"s{n}", draw(st.integers(2, 4)) if n else 2, draw(inline(0)), body))
    notes = [(str(i), draw(inline(0))) for i in range(1, footnotes + 1)]
    return sections, notes


# --------------------------------------------------------------------------- writing it out

ESCAPABLE = set("()!.,:;?\"'-+")
#: words that open a block at the start of a line ("1." a list, "-" a list or a setext line, ...)
LINE_STARTS = {"1.", "-", "+", ">"}


class Writer:
    """Writes the tree as Markdown, every spelling choice drawn from ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.refs: dict[str, str] = {}
        self.after: str | None = None
        self.last_marker = ""

    def word(self, w: str) -> str:
        out = []
        for ch in w:
            if ch in "\\*_[]<>&#|~`":  # Markdown: always escaped
                out.append("\\" + ch)
            elif ch in ESCAPABLE and self.rng.random() < 0.3:  # a harmless escape, or none
                out.append("\\" + ch)
            else:
                out.append(ch)
        return "".join(out)

    def inline(self, parts: list) -> str:
        words = []
        raw: list[str] = []
        for n, part in enumerate(parts):
            kind = part[0]
            raw.append(part[1] if kind == "word" else "")
            if kind == "word" and part[1] in LINE_STARTS:
                # a word that would open a block at the start of a line: escaped there
                words.append("\\" + part[1] if n == 0 else part[1])
            elif kind == "word":
                words.append(self.word(part[1]))
            elif kind == "em":
                m = self.rng.choice("*_")
                words.append(m + " ".join(part[1]) + m)
            elif kind == "strong":
                m = self.rng.choice(["**", "__"])
                words.append(m + " ".join(part[1]) + m)
            elif kind == "del":
                words.append("~~" + " ".join(part[1]) + "~~")
            elif kind == "code":
                words.append("`" + part[1] + "`")
            elif kind == "link":
                text = " ".join(part[1])
                if self.rng.random() < 0.5:
                    label = f"r{len(self.refs)}"
                    self.refs[label] = part[2]
                    words.append(f"[{text}][{label}]")
                else:
                    words.append(f"[{text}]({part[2]})")
            elif kind == "auto":
                words.append(f"<{part[1]}>")
            elif kind == "ref":
                words.append(f"[^{part[1]}]")
        # never wrapped onto the start of a line: a word that would open a block there
        text = words[0]
        for w, r in zip(words[1:], raw[1:]):
            text += ("\n" if self.rng.random() < 0.2 and r not in LINE_STARTS else " ") + w
        return text

    def block(self, node: tuple) -> list[str]:
        kind = node[0]
        if kind == "p":
            return self.inline(node[1]).split("\n")
        if kind == "hr":
            return [self.rng.choice(["***", "---", "___", "* * *"])]
        if kind == "code":
            # indented code after a list would continue its last item, after indented code
            # it would join it: fenced there
            if self.rng.random() < 0.5 or (self.after or "")[:2] in ("ul", "ol", "co"):
                return ["```"] + node[1] + ["```"]
            return ["    " + line for line in node[1]]
        if kind == "table":
            rows, cols, aligns, cells = node[1], node[2], node[3], node[4]
            delim = {"left": ":--", "right": "--:", "center": ":-:", None: "---"}
            lines = ["| " + " | ".join(self.inline(cells[c]).replace("\n", " ") for c in range(cols)) + " |",
                     "| " + " | ".join(delim[aligns[c]] for c in range(cols)) + " |"]
            for r in range(1, rows + 1):
                lines.append("| " + " | ".join(self.inline(cells[(r * 3 + c) % 12]).replace("\n", " ")
                                                for c in range(cols)) + " |")
            return lines
        if kind == "quote":
            inner = self.blocks(node[1])
            return [("> " + line).rstrip() for line in inner]
        if kind in ("ul", "ol"):
            start = node[1] if kind == "ol" else 0
            items = node[2] if kind == "ol" else node[1]
            loose = node[-1]
            # a list right after one of its kind takes another marker (else they would be one list)
            after = self.after or ""
            bullet = self.rng.choice([c for c in "-*+" if after != "ul" + c])
            delim = self.rng.choice([c for c in ".)" if after != "ol" + c])
            out: list[str] = []
            for n, (first, rest) in enumerate(items):
                marker = f"{start + n}{delim}" if kind == "ol" else bullet
                pad = " " * (len(marker) + 1)
                content = self.blocks([("p", first), *rest], loose=loose)
                out.append(f"{marker} {content[0]}")
                out.extend(pad + line if line else "" for line in content[1:])
                if loose and n < len(items) - 1:
                    out.append("")
            self.last_marker = bullet if kind == "ul" else delim  # after its items' own lists
            return out
        raise AssertionError(kind)

    def blocks(self, nodes: list, loose: bool = True) -> list[str]:
        out: list[str] = []
        previous: str | None = None
        for n, node in enumerate(nodes):
            if n:
                out.append("")  # blocks are separated by a blank line
            self.after = previous
            out.extend(self.block(node))
            previous = node[0] + (self.last_marker if node[0] in ("ul", "ol") else "")
        return out

    def document(self, doc: tuple) -> str:
        sections, notes = doc
        lines = ["---", "title: Generated", "updated: 2026-02-01", "---", ""]
        for n, (sid, level, title, body) in enumerate(sections):
            lines += ["#" * level + " " + self.inline(title).replace("\n", " ") + f" {{#{sid}}}", ""]
            lines += self.blocks(body) + [""]
            if n == len(sections) - 1:  # footnote definitions in the last section
                for label, text in notes:
                    lines += [f"[^{label}]: " + self.inline(text).replace("\n", " "), ""]
        lines += [f"[{label}]: {url}" for label, url in self.refs.items()]
        return "\n".join(lines) + "\n"


def write(doc: tuple, seed: int) -> str:
    return Writer(random.Random(seed)).document(doc)


def bodies(text: str) -> list[tuple[str, str]]:
    doc = parse_document(text, "source/generated.md")
    return [(m.msgctxt, m.msgid) for m in document_messages(doc)]


# --------------------------------------------------------------------------- properties

@given(documents(), st.integers(0, 2**16))
def test_generated_markdown_loses_no_word_and_normalises_once(doc: tuple, seed: int) -> None:
    """One drawn document (drawing is most of the cost), three properties: the messages
    carry the source's words in order, the page shows them in order, and the messages
    written back as a source give the same messages (normalising is idempotent)."""
    text = write(doc, seed)
    parsed = parse_document(text, "source/generated.md")
    messages = [(m.msgctxt, m.msgid) for m in document_messages(parsed)]
    assert message_words(parsed, messages) == source_words(text), text

    ids = frozenset(s.id for s in parsed.sections)
    for sec in parsed.sections:
        if sec.body:
            html = "<main>" + render_markdown(sec.body, ids, footnotes=parsed.footnotes) + "</main>"
            in_order(message_words(parsed, [(sec.id, sec.body)]), main_text(html))

    again = ["---", "title: Generated", "updated: 2026-02-01", "---", ""]
    for sec in parsed.sections:
        again += ["#" * sec.level + f" {sec.title} {{#{sec.id}}}", "", sec.body, ""]
    reparsed = parse_document("\n".join(again), "source/generated.md")
    assert [(s.id, s.title, s.body) for s in reparsed.sections] == \
           [(s.id, s.title, s.body) for s in parsed.sections]


@given(documents(), st.integers(0, 2**16), st.integers(0, 2**16))
def test_spellings_that_render_the_same_give_one_message(doc: tuple, seed_a: int, seed_b: int) -> None:
    a, b = write(doc, seed_a), write(doc, seed_b)
    assert bodies(a) == bodies(b), (a, b)


PLAIN_WORDS = st.sampled_from(["policy", "data", "we", "(EUR)", "“quoted”", "Über", "中文", "عربى", "1.3", "100%",
                               "e-mail", "don't", "2026.", "1)", "$5", "@you", "a.b", "x:", "?", "—", "«x»"])


@st.composite
def plain_texts(draw) -> str:
    """Paragraphs and flat bullet lists of words, **bold** and autolinks, wrapped anyhow."""
    def line() -> str:
        parts = []
        for _ in range(draw(st.integers(1, 5))):
            kind = draw(st.sampled_from(["w", "w", "w", "b", "a"]))
            parts.append(draw(PLAIN_WORDS) if kind == "w" else
                         f"**{draw(PLAIN_WORDS)}**" if kind == "b" else
                         f"<{draw(st.sampled_from(['privacy@example.com', 'https://example.com/x']))}>")
        return "".join(p + draw(st.sampled_from([" ", " ", "\n", "  "])) for p in parts).strip()

    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            blocks.append(line())
        else:
            bullet = draw(st.sampled_from("-*+"))
            blocks.append("\n".join(f"{bullet} " + line().replace("\n", "\n  ")
                                    for _ in range(draw(st.integers(1, 3)))))
    return "\n\n".join(blocks)


@given(plain_texts())
def test_the_fast_way_for_plain_text_agrees_with_mdformat(text: str) -> None:
    """Plain paragraphs and lists skip mdformat: where they do, the text is what it writes."""
    from pipeline.markdown_normalize import normalize_blocks
    from pipeline.markdown_plain import plain_blocks
    from pipeline.source import markdown_parser

    md = markdown_parser()
    lines = text.split("\n")
    tokens = md.parse(text, {})
    fast = plain_blocks(tokens, lines)
    if fast is not None:
        assert fast == normalize_blocks(md, tokens), text


EXTRA_BLOCKS = st.sampled_from(["*", "-", "1.", "<!-- a --><!-- b -->", "<!-- a --> text", "| a |\n| - |", "[^1]: note",
                                "x[^1]", "{: .note}", "{% raw %}", "- a\n\n  > q\n\n  b", "  - x\n- y", "***x***"])


@given(st.lists(st.one_of(EXTRA_BLOCKS, property_blocks()), min_size=1, max_size=4))
def test_any_source_parses_or_is_one_clean_error(parts: list[str]) -> None:
    """Whatever the English holds: a document, or a SourceError at a line (never a crash)."""
    from pipeline.errors import SourceError

    text = "---\ntitle: T\nupdated: 2026-01-01\n---\n\n## A {#a}\n\n" + "\n\n".join(parts) + "\n"
    try:
        parse_document(text, "source/x.md")
    except SourceError as exc:
        assert str(exc).startswith("source/x.md:")


#: an Arabic letter, then a digit with no letter between them in the same paragraph
_RTL_THEN_NUMBER = re.compile(r"[\u0600-\u06FF](?:(?!\n[ \t>]*\n)[\W_])*?\d")


@settings(max_examples=6)  # a PDF each (~0.2 s): a few drawn documents, every run
@given(documents(), st.integers(0, 2**16))
def test_the_pdf_of_a_generated_page_shows_every_word_in_order(tmp_path_factory, doc: tuple, seed: int) -> None:
    """The property for the PDF too: the English page of a drawn document, rendered to PDF as
    the build does it, gives every word of the source back in order (`pdftotext`)."""
    import subprocess

    from pipeline.config import load_config
    from pipeline.output import PageJob, render_live_page
    from pipeline.render import STATIC_DIR
    from pipeline.render.html import Templates
    from pipeline.render.pdf import render_pdf

    text = write(doc, seed)
    # A number right after an Arabic word joins its right-to-left run (UAX #9, rule W2): the
    # page shows "1 عربى" for "عربى 1", rightly, so source order is not the page's order there.
    assume(not _RTL_THEN_NUMBER.search(text))
    root = tmp_path_factory.mktemp("pdfprop")
    (root / "pyproject.toml").write_text('[tool.policy-l10n]\nsource-locale = "en"\nlocales = []\n')
    config = load_config(root)
    parsed = parse_document(text, "source/generated.md")
    html, _ = render_live_page(config, Templates(config), parsed, PageJob(parsed.id, "en", None, "A4"), {})
    render_pdf(html, root / "page.pdf", static_dir=STATIC_DIR)
    shown = subprocess.run(["pdftotext", "-raw", str(root / "page.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    in_order(source_words(text), shown)
