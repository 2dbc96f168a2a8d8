"""The fast readers (pipeline.pofast) must mean exactly what the strict parser means."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given, strategies as st

from conftest import REPO
from pipeline.pofast import LightCatalog, fast_parse, light_parse
from pipeline.pofile import Catalog, Entry, parse_po, render_po


def _light_rows(cat: LightCatalog) -> list[tuple]:
    return [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.previous_msgid) for e in cat.entries]


def assert_same(text: str) -> None:
    strict = parse_po(text.encode("utf-8"), "x.po")
    fast = fast_parse(text, "x.po")
    if fast is not None:
        assert dataclasses.asdict(fast) == dataclasses.asdict(strict)
    light = light_parse(text)
    if light is not None:
        expected = LightCatalog.from_catalog(strict)
        assert _light_rows(light) == _light_rows(expected)
        assert light.header == expected.header


def test_every_committed_catalog_reads_the_same_fast_and_strict() -> None:
    files = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").glob("*.pot"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert fast_parse(text, str(path)) is not None, path  # our own files take the fast path
        assert light_parse(text) is not None, path
        assert_same(text)


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=120)


@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z.-]{0,20}", fullmatch=True), texts, texts,
                          st.booleans(), st.one_of(st.none(), texts), texts), max_size=8, unique_by=lambda t: t[0]))
def test_written_catalogs_read_back_the_same(rows) -> None:
    cat = Catalog(header=[("Project-Id-Version", "x"), ("Content-Type", "text/plain; charset=UTF-8"),
                          ("Plural-Forms", "nplurals=2; plural=(n != 1);")])
    for ctx, msgid, msgstr, fuzzy, previous, comment in rows:
        e = Entry(msgid=msgid or "x", msgstr=msgstr, msgctxt=ctx, previous_msgid=previous,
                  tcomments=[c for c in comment.split("\n") if c.strip() == c and c] if comment else [])
        e.set_fuzzy(fuzzy)
        cat.entries.append(e)
    assert_same(render_po(cat))


def test_unusual_layouts_fall_back_to_the_strict_parser() -> None:
    base = (REPO / "locales" / "de" / "LC_MESSAGES" / "privacy-policy.po").read_text(encoding="utf-8")
    obsolete = base + '\n#~ msgctxt "gone"\n#~ msgid "Old"\n#~ msgstr "Alt"\n'
    assert fast_parse(obsolete, "x") is None and light_parse(obsolete) is None
    assert_same(obsolete)
    crlf = base.replace("\n", "\r\n")
    assert fast_parse(crlf, "x") is None
    duplicate_context = base + '\nmsgctxt "introduction"\nmsgid "Other"\nmsgstr ""\n'
    assert light_parse(duplicate_context) is None  # the strict path reports it
