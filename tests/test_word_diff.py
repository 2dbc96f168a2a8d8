"""The word diff of status, comparison pages and the dashboard (pipeline/freshness.py `word_diff`).

Words for spaced scripts; one character at a time for scripts written without spaces
(CJK ideographs wherever they are in Unicode, kana, Thai, Lao), a character never
separated from the combining marks drawn on it.
"""

from __future__ import annotations

import unicodedata

import lxml.html
import pytest

from pipeline.freshness import diff_tokens, word_diff
from pipeline.release import diff_html


def changed(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(op, text) for op, text in ops if op != "="]


def test_english_by_words():
    assert changed(word_diff("We retain data for 90 days.", "We keep data for 30 days.")) == [
        ("-", "retain"), ("+", "keep"), ("-", "90"), ("+", "30")]


@pytest.mark.parametrize("old,new,removed,added", [
    # CJK Extension B (U+20000...) and G (U+30000...): beside each other, not one "word"
    ("\U00020000\U00020001\U00020002", "\U00020000\U00020003\U00020002", "\U00020001", "\U00020003"),
    ("\U00030000\U00030001 data", "\U00030000\U00030002 data", "\U00030001", "\U00030002"),
    # CJK Compatibility Ideographs (U+F900...)
    ("\uf900\uf901\uf902", "\uf900\uf903\uf902", "\uf901", "\uf903"),
    # Kana Supplement (U+1B000...)
    ("\U0001b000\U0001b001\U0001b002", "\U0001b000\U0001b003\U0001b002", "\U0001b001", "\U0001b003"),
])
def test_ideographs_above_the_bmp_one_by_one(old, new, removed, added):
    assert changed(word_diff(old, new)) == [("-", removed), ("+", added)]
    assert changed(word_diff(old, new, by_char=True)) == [("-", removed), ("+", added)]


def test_thai_by_character_with_its_marks():
    """Thai has no spaces between words: only the inserted word is marked, not the whole run."""
    ops = changed(word_diff("เราเก็บข้อมูล 90 วัน", "เราเก็บรักษาข้อมูล 90 วัน"))
    assert ops == [("+", "รักษา")]
    # a vowel or tone mark stays with the consonant it is drawn on
    assert changed(word_diff("กิน", "กัน")) == [("-", "กิ"), ("+", "กั")]
    assert changed(word_diff("ไม่", "ไม้", by_char=True)) == [("-", "ม่"), ("+", "ม้")]
    for text in ("เราเก็บรักษาข้อมูล", "ພາສາລາວ"):
        for token in diff_tokens(text) + diff_tokens(text, by_char=True):
            assert unicodedata.category(token[0]) != "Mn", (text, token)
        assert "".join(diff_tokens(text)) == text


def test_diff_keeps_every_character():
    text = "AImonitor 保护 \U00020000\U00020001 ข้อมูล e\u0301 漢\ufe00字 \n- x"
    for by_char in (False, True):
        assert "".join(diff_tokens(text, by_char)) == text


def test_thai_comparison_marks_the_changed_characters():
    html = diff_html("เราเก็บข้อมูลไว้ 90 วัน", "เราเก็บข้อมูลไว้ 30 วัน", "th")
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [d.text_content() for d in tree.xpath("//del")] == ["9"]
    assert [i.text_content() for i in tree.xpath("//ins")] == ["3"]
