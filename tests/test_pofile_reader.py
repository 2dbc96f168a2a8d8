"""One PO reader, one meaning: the whole-entry fast path reads every file exactly as the
line-by-line reader does (the same catalog, or the same error at the same line)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from hypothesis import given, strategies as st

from conftest import REPO, Project
from pipeline.errors import PoError
from pipeline.pofile import Catalog, Entry, parse_po, render_po


def read_both(text: str) -> object:
    """What both readers make of ``text``: the catalog as a dict, or the error's (message, line)."""
    outcomes = []
    for fast in (True, False):
        try:
            outcomes.append(dataclasses.asdict(parse_po(text.encode("utf-8"), "x.po", fast=fast)))
        except PoError as exc:
            outcomes.append(("error", str(exc)))
    assert outcomes[0] == outcomes[1], text
    return outcomes[0]


HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')

words = st.text(alphabet=st.sampled_from('ab ,."\\\tüé字\n'), max_size=12)
escaped = words.map(lambda s: s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t"))
raw = st.text(alphabet=st.sampled_from('ab "\\xn'), max_size=8)  # may hold a bad escape or a stray quote
strings = st.one_of(escaped, escaped, raw)
flags = st.lists(st.sampled_from(["fuzzy", "unfuzzy", "python-brace-format", "no-wrap", "fuzzy-ish", " fuzzy "]),
                 max_size=3)
comment_lines = st.lists(st.one_of(
    st.builds(lambda f, sep: "#," + sep + sep.join(f) if f else "#,", flags, st.sampled_from([" ", ", ", ","])),
    strings.map(lambda s: "# " + s.replace("\n", " ")),
    st.sampled_from(["#", "#.", "#. extracted", "#: source/a.md:3 source/b.md:9", "#:a.md:1", "#~ old",
                     "#| msgid \"before\"", "#| \"continued\"", "#|msgid \"x\"", "#, fuzzy ", "#|  msgctxt \"c\""])),
    max_size=4)


@st.composite
def entries(draw) -> str:
    lines = draw(comment_lines)
    if draw(st.booleans()):
        lines.append(f'msgctxt "{draw(strings)}"')
    lines.append(f'msgid "{draw(strings)}"')
    lines += [f'"{piece}"' for piece in draw(st.lists(strings, max_size=2))]
    lines.append(draw(st.sampled_from(["msgstr", "msgstr", "msgstr[0]", "msgstr ", "msgid_plural"])) + f' "{draw(strings)}"')
    lines += [f'"{piece}"' for piece in draw(st.lists(strings, max_size=2))]
    return "\n".join(lines)


@given(st.lists(entries(), max_size=5), st.sampled_from(["\n\n", "\n", "\n\n\n", "\r\n\r\n"]),
       st.sampled_from([HEADER, "# Translators\n#, fuzzy\n" + HEADER, "", HEADER.replace("UTF-8", "latin-1"),
                        HEADER + '"Bad header line\\n"\n']))
def test_both_readers_agree_on_any_file(body: list[str], separator: str, header: str) -> None:
    read_both(header + separator + separator.join(body) + "\n")


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80)


@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z.-]{0,20}", fullmatch=True), texts, texts, flags,
                          st.one_of(st.none(), texts), texts), max_size=6, unique_by=lambda t: t[0]))
def test_what_we_write_reads_back_the_same_both_ways(rows) -> None:
    cat = Catalog(header=[("Project-Id-Version", "x"), ("Content-Type", "text/plain; charset=UTF-8")])
    for ctx, msgid, msgstr, entry_flags, previous, comment in rows:
        cat.entries.append(Entry(msgid=msgid or "x", msgstr=msgstr, msgctxt=ctx, previous_msgid=previous,
                                 flags=[f.strip() for f in entry_flags if f.strip()],
                                 tcomments=[c for c in comment.split("\n") if c.strip() == c and c]))
    read_both(render_po(cat))


def test_every_committed_catalog_reads_the_same_both_ways() -> None:
    files = [*sorted((REPO / "locales").rglob("*.po")), *sorted((REPO / "locales").glob("*.pot")),
             *sorted((REPO / "releases").rglob("*.po"))]
    assert files
    for path in files:
        read_both(path.read_text(encoding="utf-8"))


def test_unfuzzy_is_not_fuzzy_for_status_nor_for_build(project: Project) -> None:
    """A flag is a whole word of the `#,` list: `unfuzzy` does not make an entry fuzzy."""
    assert project.run("update").code == 0
    project.translate("de", {"introduction.title": "Einleitung", "introduction": "AImonitor schützt Ihre Privatsphäre."})
    po = project.po("de")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgctxt "introduction"', '#, python-brace-format, unfuzzy\nmsgctxt "introduction"'),
                  encoding="utf-8")
    status = project.run("status", "--format", "json")
    [doc] = json.loads(status.out)["documents"]
    [de] = doc["locales"]
    states = {s["id"]: s["state"] for s in de["sections"]}
    assert states["introduction"] == "current"
    assert project.run("build", "--no-pdf").code == 0
    assert 'lang="en"' not in project.read("output/de/privacy-policy.html").split('id="introduction"')[1].split("</section>")[0]


def test_fast_and_line_readers_name_the_same_bad_line(tmp_path: Path) -> None:
    text = HEADER + '\nmsgctxt "a"\nmsgid "A"\nmsgstr "x\\q"\n'
    assert read_both(text) == ("error", "x.po:9: invalid escape sequence '\\q' in string")
