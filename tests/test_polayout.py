"""pipeline.polayout against GNU msgcat, the reference it was written from (black box).

Seeded random PO entries (CJK, Arabic, combining marks, emoji and ZWJ sequences, URLs, escapes,
newlines, tabs, long words, trailing spaces) go into one PO file and through one msgcat run;
every keyword line msgcat writes (msgctxt, msgid, msgid_plural, msgstr, msgstr[N], the "#|"
previous strings, the "#~" obsolete entries) must equal what keyword_lines() gives, byte for
byte. The committed catalogs are in msgcat's layout and our writer re-renders each of them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.linebreak import ALLOWED, MANDATORY, PROHIBITED, break_actions, width
from pipeline.pofile import read_po, render_po
from pipeline.polayout import escape, keyword_lines

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from po_layout import build_cases, input_po, mismatches  # noqa: E402  (the benchmark's generator)


def run_msgcat(text: str, tmp_path: Path) -> str:
    po = tmp_path / "in.po"
    po.write_bytes(text.encode("utf-8"))
    out = subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout
    return out.decode("utf-8")


# ------------------------------------------------------------------------ hand-written examples

def test_short_long_and_newline_values() -> None:
    assert keyword_lines("msgid", "short") == ['msgid "short"']
    assert keyword_lines("msgid", "") == ['msgid ""']
    assert keyword_lines("msgstr", "a\nb") == ['msgstr ""', '"a\\n"', '"b"']
    assert keyword_lines("msgstr", "line\n") == ['msgstr "line\\n"']
    assert keyword_lines("msgid", "\n\n") == ['msgid ""', '"\\n"', '"\\n"']
    assert keyword_lines("msgid", "x" * 71) == ['msgid "' + "x" * 71 + '"']  # 79 columns
    assert keyword_lines("msgid", "x" * 90) == ['msgid "' + "x" * 90 + '"']  # no opportunity
    assert keyword_lines("msgid", "aaa " * 17 + "bbbb") == ['msgid ""', '"' + "aaa " * 17 + 'bbbb"']
    assert keyword_lines("msgid", "a" * 100 + " b") == ['msgid ""', '"' + "a" * 100 + ' "', '"b"']


def test_prefix_counts_towards_the_width() -> None:
    value = "d " * 34  # 'msgid "' + 68 + '"' = 76 columns; with "#~| " 80
    assert keyword_lines("msgid", value, prefix="#| ") == [f'#| msgid "{value}"']
    assert keyword_lines("msgid", value, prefix="#~| ") == [
        '#~| msgid ""', '#~| "' + "d " * 34 + '"']
    assert keyword_lines("msgstr", "a\nb", prefix="#~ ") == ['#~ msgstr ""', '#~ "a\\n"', '#~ "b"']


def test_escapes_take_two_columns_and_never_split() -> None:
    assert escape('a"b\\c\td\n\x01\r\a\b\f\v') == 'a\\"b\\\\c\\td\\n\x01\\r\\a\\b\\f\\v'
    value = "x " * 37 + "yy\\"  # the backslash's escape would pass column 79: the word moves
    assert keyword_lines("msgid", value) == ['msgid ""', '"' + "x " * 37 + '"', '"yy\\\\"']


def test_wide_characters_and_marks() -> None:
    assert keyword_lines("msgid", "日本語" * 11 + "日本") == ['msgid "' + "日本語" * 11 + '日本"']
    lines = keyword_lines("msgid", "日" * 38 + "。。。")
    assert lines == ['msgid ""', '"' + "日" * 37 + '"', '"日。。。"']  # no line starts with 。
    marks = "e\u0301" * 75  # 75 columns
    assert keyword_lines("msgid", marks + " a") == ['msgid ""', '"' + marks + ' a"']


def test_uax14_pairs() -> None:
    def breaks(text: str) -> list[int]:
        return [i for i, a in enumerate(break_actions(text)) if a != PROHIBITED]

    assert breaks("ab cd") == [3]  # LB18: after spaces
    assert breaks("ab/cd") == [3]  # SY ÷ AL
    assert breaks("ab,cd") == [3]  # msgcat does not apply LB29 (IS × AL)
    assert breaks("a(b)c") == []  # LB30
    assert breaks("12,345.67") == []  # LB25
    assert breaks("\u05d0-b") == []  # LB21a: HL HY ×
    assert breaks("   ab") == []  # no break after leading spaces
    assert breaks("👨\u200d👩\u200d👧 x") == [6]  # LB8a: ZWJ ×; LB9
    assert breaks("\U0001f1e9\U0001f1ea\U0001f1eb\U0001f1f7") == [2]  # LB30a: flags in pairs
    assert break_actions("a\u2028b")[2] == MANDATORY and break_actions("日本")[1] == ALLOWED


# Boundary cases, each as msgid, msgstr and "#|" previous msgid, active and obsolete ("#~").
EDGE_VALUES = [
    "x" * 71, "x" * 72, "aaa " * 17 + "bbb", "aaa " * 17 + "bbbb", "a" * 100 + " b",
    "日本語" * 12, "日本語" * 11 + "日本", "これは「設定」を開き、ユーザーを選択します。" * 3,
    "foo-bar-baz/qux/quux " * 6, "tab\tseparated\tvalues " * 6, 'say "hello" to the world ' * 5,
    "ends with newline\n", "a\nb", "\n", "\n\n", "x" * 69 + "\\", "word " * 14 + "ab\\cd",
    "x " * 37 + "日\n",  # no break before a final \n
    "abc " * 19 + "『" + " " * 80 + "\x7f\n",  # a mark after spaces may start a line
    "( " + " " * 75 + "\u0301b", "ab\u2028" + "cd " * 30, "\u0085" + "word " * 20,  # BK, NL
    "👨\u200d👩\u200d👧 " * 12, "🇩🇪🇫🇷" * 20, "https://example.com/" + "a/b" * 30,
    "ab,cd.ef," * 12, "a(b)c[d]" * 12, "12,345.67 " * 9, "\u05d0-\u05d1 " * 20,
    "y" * 70 + "「設定」", "} \u3005" * 30, ") \u3005" * 30, "ภาษาไทย" * 20,
]


def test_edge_cases_match_msgcat(tmp_path: Path) -> None:
    entries = []
    for i, value in enumerate(EDGE_VALUES):
        for obsolete in (False, True):
            entries.append({"id": len(entries), "obsolete": obsolete, "msgid": value,
                            "msgctxt": f"edge{i}{'~' * obsolete}", "msgstr": value,
                            "prev": {"msgid": value}})
    got = run_msgcat(input_po(entries), tmp_path)
    bad = mismatches(entries, got)
    assert not bad, "first mismatch:\nexpected:\n%s\nmsgcat:\n%s" % (bad[0][1], bad[0][2])


# One character of each line break class (resolved as msgcat does), and the escapes.
CLASS_SAMPLES = {
    "OP": "(", "OPW": "「", "CL": "}", "CLW": "」", "CP": ")", "CPW": "）", "QU": "'", "GL": "\u00a0",
    "NS": "\u3005", "EX": "!", "SY": "/", "IS": ",", "PR": "$", "PO": "%", "NU": "1", "AL": "a",
    "HL": "\u05d0", "ID": "日", "IN": "\u2026", "HY": "-", "BA": "|", "BB": "\u00b4", "B2": "\u2014",
    "ZW": "\u200b", "WJ": "\u2060", "H2": "\uac00", "H3": "\uac01", "JL": "\u1100", "JV": "\u1161",
    "JT": "\u11a8", "RI": "\U0001f1e6", "EB": "\U0001f466", "EM": "\U0001f3fb", "CB": "\ufffc",
    "AI": "\u00a7", "SA": "\u0e01", "SA-mark": "\u0e31", "CJ": "\u3041", "XX": "\u0378", "CM": "\u0301",
    "ZWJ": "\u200d", "BK": "\u2028", "NL": "\u0085", "SP": " ", "tab": "\t", "CR": "\r",
    "backslash": "\\", "quote": '"', "BEL": "\a", "FF": "\f", "control": "\x01", "DEL": "\x7f",
}


def test_every_class_pair_matches_msgcat(tmp_path: Path) -> None:
    """Each pair, next to each other and with a space between, where the line is full."""
    entries = []
    for a in CLASS_SAMPLES.values():
        for b in CLASS_SAMPLES.values():
            for space in ("", " "):
                fill = "x" * (77 - sum(map(width, escape(a + space))))  # a's end on column 78
                entries.append({"id": len(entries), "obsolete": False, "msgctxt": str(len(entries)),
                                "msgid": "z\n" + fill + a + space + b + "b zz", "msgstr": ""})
    got = run_msgcat(input_po(entries), tmp_path)
    bad = mismatches(entries, got)
    assert not bad, "%d mismatches; first:\nexpected:\n%s\nmsgcat:\n%s" % (
        len(bad), bad[0][1], bad[0][2])


#: contexts of UAX #14's rules on more than two characters, with marks (CM, ZWJ) around them:
#: msgcat applies LB21a (Hebrew letter, hyphen) and LB30a (flag letters in pairs) only to
#: characters next to each other (vocalised Hebrew with a maqaf is the real-world case)
CONTEXTS = [
    "\u05d0-b", "\u05d0\u05be\u05d1", "\u05d0\u05b8-b", "\u05d0-\u0301b", "\u05d0\u05be\u05b8\u05d1",
    "\u05d0\u200d-b", "\u05d0\u00adb", "\u05d0\u05b8\u00adb", "\u05d0|\u05b8b", "\u05d0 -b", "\u05d0-1",
    "\u05d0\u05b8\u20101", "\u05e8\u05b9\u05d0\u05e9\u05c1\u05be\u05d4\u05b7\u05e9\u05c1\u05b8\u05e0\u05b8\u05d4",
    "\U0001f1e9\U0001f1ea", "\U0001f1e9\u0301\U0001f1eab", "\U0001f1e9\ufe0f\U0001f1ea",
    "\U0001f1e9\U0001f1ea\ufe0f\U0001f1eb\U0001f1f7", "\U0001f1ea\ufe0f\U0001f1eb\ufe0f\U0001f1eb\ufe0f\U0001f1f7",
    "\U0001f1e9\u200d\U0001f1ea\U0001f1eb", "\U0001f1e9\U0001f1ea\U0001f1eb", "\U0001f1e9 \U0001f1ea",
]


def test_contexts_with_marks_match_msgcat(tmp_path: Path) -> None:
    """Each context at every position across the end of a full line."""
    entries = []
    for context in CONTEXTS:
        for fill in range(64, 80):
            entries.append({"id": len(entries), "obsolete": False, "msgctxt": str(len(entries)),
                            "msgid": "z\n" + "x" * fill + " " + context + "bb zz", "msgstr": ""})
    got = run_msgcat(input_po(entries), tmp_path)
    bad = mismatches(entries, got)
    assert not bad, "%d mismatches; first:\nexpected:\n%s\nmsgcat:\n%s" % (
        len(bad), bad[0][1], bad[0][2])


# ------------------------------------------------------------------ seeded sample through msgcat

def test_random_sample_matches_msgcat(tmp_path: Path) -> None:
    entries = build_cases(seed=20261206, count=1500)
    got = run_msgcat(input_po(entries), tmp_path)
    bad = mismatches(entries, got)
    assert not bad, "%d mismatches; first:\nexpected:\n%s\nmsgcat:\n%s" % (
        len(bad), bad[0][1], bad[0][2])


@pytest.mark.parametrize("width", [40, 12])  # msgcat lays out any width below 20 as 20
def test_other_widths_match_msgcat(tmp_path: Path, width: int) -> None:
    entries = build_cases(seed=width, count=200)
    po = tmp_path / "in.po"
    po.write_bytes(input_po(entries).encode("utf-8"))
    got = subprocess.run(["msgcat", f"--width={width}", str(po)], capture_output=True,
                         check=True).stdout.decode("utf-8")
    bad = mismatches(entries, got, width=width)
    assert not bad, "first mismatch:\nexpected:\n%s\nmsgcat:\n%s" % (bad[0][1], bad[0][2])


# --------------------------------------------------------------------- the committed catalogs

def committed_catalogs() -> list[Path]:
    return sorted([*(REPO / "locales").rglob("*.po"), *(REPO / "locales").glob("*.pot"),
                   *(REPO / "releases").rglob("*.po")])


@pytest.mark.parametrize("path", committed_catalogs(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_committed_catalog_is_msgcat_layout_and_rerenders(path: Path) -> None:
    data = path.read_bytes()
    assert subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout == data
    assert render_po(read_po(path, path.relative_to(REPO).as_posix())).encode("utf-8") == data


def test_committed_catalogs_exist() -> None:
    assert len(committed_catalogs()) >= 30


# ------------------------------------------------------------------------- generated tables

def test_unicode_tables_regenerate_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "unicode_tables.py"
    script = REPO / "scripts" / "gen_unicode_tables.py"
    subprocess.run([sys.executable, str(script), "--output", str(out)], check=True)
    assert out.read_bytes() == (REPO / "pipeline" / "unicode_tables.py").read_bytes()


def test_an_entry_flagged_no_wrap_is_laid_out_as_msgcat_does(tmp_path: Path) -> None:
    """A translator's `#, no-wrap`: strings break after `\\n` only (the `#|` previous ones too),
    as msgcat writes them, so the flag survives `update` with no churn."""
    long = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss"
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            f'#, no-wrap\nmsgctxt "a"\nmsgid "{long}\\nsecond line"\nmsgstr "{long} これは日本語の文です。"\n\n'
            f'#, fuzzy, no-wrap\n#| msgid "old {long}"\nmsgctxt "b"\nmsgid "x"\nmsgstr "{long}\\n"\n\n'
            f'msgctxt "c"\nmsgid "{long}"\nmsgstr ""\n')
    expected = run_msgcat(text, tmp_path)
    assert render_po(read_po(tmp_path / "in.po", "in.po")) == expected
    assert expected.count(long) == 4  # every no-wrap string whole; the last entry's is wrapped
