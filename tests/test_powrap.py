"""Compare pipeline.powrap against GNU msgcat on seeded random PO entries.

All cases go into one PO file and through one msgcat run; every keyword line
that msgcat writes (msgctxt, msgid, msgid_plural, msgstr, msgstr[N], the "#|"
previous-msgid lines and the "#~" obsolete lines) must equal what
keyword_lines() produces, byte for byte.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.powrap import escape, keyword_lines  # noqa: E402

MSGCAT = shutil.which("msgcat") or "/usr/bin/msgcat"

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'

# ---------------------------------------------------------------- generator

_PUNCT = list(",.;:!?()[]{}-/_%$#@&*+=<>'`~|^") + ["...", " - ", " -- ", "—", "–", "…"]
_GERMAN = ["Größe", "Übersetzung", "Straße", "äöü", "Schließen", "Einstellungen",
           "Datei", "öffnen", "Änderungen", "übernommen", "Maßnahme", "für"]
_JA = ["これは日本語の文です。", "「設定」を開き、", "（オプション）", "ファイルを選択してください",
       "ユーザー", "ちょっと", "ぁぃぅ", "TLS 1.3", "AImonitor", "を使用して", "、", "。",
       "「", "」", "『", "』", "ー", "〜", "・", "！", "？", "漢字と仮名", "１２３", "ＡＢＣ"]
_ZH = ["请选择一个文件。", "“引号”", "，", "：", "；", "中文句子测试", "（括号）", "《书名》",
       "服务器连接失败", "版本 2.0", "数据库", "【注意】"]
_AR = ["مرحبا بالعالم", "،", "الملف", "؟", "إعدادات النظام", "١٢٣"]
_OTHER = ["שלום-עולם", "עברית", "안녕하세요 세계", "한국어", "ภาษาไทย", "Привет, мир",
          "Ελληνικά", "e\u0301", "\u00a0", "\u200b", "\u00ad", "\u2028", "\u2060",
          "👍", "🇩🇪🇫🇷", "👨\u200d👩\u200d👧", "👋🏽", "™", "©", "°C", "€5", "50%",
          "$10", "3.14", "1,000", "v2.0-beta", "x86_64", "\x01", "\x1b[0m", "\x7f",
          "\u0085", "\ufeff", "\u3000", "\ufe0f"]
_URLS = ["https://example.com/path/to/resource?query=1&x=2",
         "http://www.gnu.org/software/gettext/manual/html_node/index.html",
         "user@example.org", "/usr/share/locale/de/LC_MESSAGES/app.mo",
         "C:\\Program Files\\App\\app.exe", "foo-bar-baz-qux", "a/b/c/d/e"]
_MD = ["- **Label:** text", "`code`", "[link](https://example.com/docs)", "**bold**",
       "*emph*", "# Heading", "1. item", "> quote", "|a|b|", "<b>", "</b>", "&amp;",
       "%s", "%d", "%(name)s", "{count}", "{0}", "%1$s"]
_ESC = ["\n", "\t", '"', "\\", "\r", "\a", "\b", "\f", "\v", '\\"', "\\n"]


def _word(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.85:
        n = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12])
    elif r < 0.95:
        n = rng.randint(13, 40)
    else:
        n = rng.randint(41, 130)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


def _random_char(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        cp = rng.randint(0xA0, 0x2FFF)
    elif r < 0.8:
        cp = rng.randint(0x3000, 0xFFFD)
    else:
        cp = rng.randint(0x10000, 0x10FFFD)
    if 0xD800 <= cp <= 0xDFFF:
        cp = 0xFFFD
    return chr(cp)


def _piece(rng: random.Random, style: str) -> str:
    r = rng.random()
    if style == "ascii" or r < 0.45:
        return _word(rng)
    if style == "de" and r < 0.8:
        return rng.choice(_GERMAN)
    if style == "ja" and r < 0.85:
        return rng.choice(_JA)
    if style == "zh" and r < 0.85:
        return rng.choice(_ZH)
    if style == "ar" and r < 0.8:
        return rng.choice(_AR)
    r = rng.random()
    if r < 0.2:
        return rng.choice(_PUNCT)
    if r < 0.35:
        return rng.choice(_ESC)
    if r < 0.5:
        return rng.choice(_URLS)
    if r < 0.65:
        return rng.choice(_MD)
    if r < 0.8:
        return rng.choice(_OTHER)
    if r < 0.9:
        return "".join(_random_char(rng) for _ in range(rng.randint(1, 4)))
    return rng.choice(_JA + _ZH + _GERMAN + _AR)


def random_value(rng: random.Random) -> str:
    """A random PO string value (may be empty, may contain newlines)."""
    r = rng.random()
    if r < 0.04:
        return ""
    style = rng.choice(["ascii", "ascii", "mixed", "de", "ja", "ja", "zh", "ar"])
    target = rng.choice([5, 20, 40, 60, 70, 75, 80, 90, 120, 200, 400])
    parts: list[str] = []
    length = 0
    while length < target:
        p = _piece(rng, style)
        parts.append(p)
        length += len(p)
        s = rng.random()
        if style in ("ja", "zh") and s < 0.6:
            sep = ""
        elif s < 0.75:
            sep = " "
        elif s < 0.82:
            sep = "  "
        elif s < 0.9:
            sep = "\n"
        elif s < 0.95:
            sep = ""
        else:
            sep = rng.choice(["\t", " \n", "\n\n", "   "])
        parts.append(sep)
        length += len(sep)
    value = "".join(parts[:-1])
    t = rng.random()
    if t < 0.25:
        value += "\n"
    elif t < 0.3:
        value += " "
    elif t < 0.33:
        value = " " + value
    elif t < 0.36:
        value += "\n\n"
    return value


def build_cases(seed: int, count: int) -> list[dict]:
    """Random PO entries: dicts with optional ctx/plural/prev/obsolete fields."""
    rng = random.Random(seed)
    seen: set[tuple] = set()
    entries = []
    while len(entries) < count:
        e: dict = {"id": len(entries)}
        e["obsolete"] = rng.random() < 0.15
        if rng.random() < 0.3:
            e["msgctxt"] = random_value(rng)
        msgid = random_value(rng) or _word(rng)
        key = (e.get("msgctxt"), msgid)
        if key in seen:
            continue
        seen.add(key)
        e["msgid"] = msgid
        if rng.random() < 0.2:
            e["msgid_plural"] = random_value(rng)
            e["msgstr"] = [random_value(rng) for _ in range(rng.randint(1, 3))]
        else:
            e["msgstr"] = random_value(rng)
        if rng.random() < 0.2:
            e["prev"] = {}
            if rng.random() < 0.3:
                e["prev"]["msgctxt"] = random_value(rng)
            e["prev"]["msgid"] = random_value(rng) or "x"
            if "msgid_plural" in e and rng.random() < 0.5:
                e["prev"]["msgid_plural"] = random_value(rng)
        if e["obsolete"]:
            # msgcat drops obsolete entries that are untranslated.
            if isinstance(e["msgstr"], list):
                e["msgstr"] = [s or "x" for s in e["msgstr"]]
            else:
                e["msgstr"] = e["msgstr"] or "x"
        entries.append(e)
    return entries


# ------------------------------------------------------------ PO rendering

def _fields(e: dict) -> list[tuple[str, str]]:
    f = []
    if "msgctxt" in e:
        f.append(("msgctxt", e["msgctxt"]))
    f.append(("msgid", e["msgid"]))
    if "msgid_plural" in e:
        f.append(("msgid_plural", e["msgid_plural"]))
        for i, s in enumerate(e["msgstr"]):
            f.append((f"msgstr[{i}]", s))
    else:
        f.append(("msgstr", e["msgstr"]))
    return f


def input_entry(e: dict) -> str:
    """The entry as msgcat input: every string on a single line."""
    lines = [f"# id {e['id']}"]
    pre = "#~ " if e["obsolete"] else ""
    for kw, v in e.get("prev", {}).items():
        lines.append(f'{"#~| " if e["obsolete"] else "#| "}{kw} "{escape(v)}"')
    for kw, v in _fields(e):
        lines.append(f'{pre}{kw} "{escape(v)}"')
    return "\n".join(lines) + "\n"


def expected_entry(e: dict, width: int = 79) -> str:
    """The entry as keyword_lines() says msgcat writes it."""
    lines = [f"# id {e['id']}"]
    pre = "#~ " if e["obsolete"] else ""
    for kw, v in e.get("prev", {}).items():
        lines += keyword_lines(kw, v, prefix="#~| " if e["obsolete"] else "#| ", width=width)
    for kw, v in _fields(e):
        lines += keyword_lines(kw, v, prefix=pre, width=width)
    return "\n".join(lines) + "\n"


def run_msgcat(entries: list[dict], tmp_path: Path, width: int | None = None) -> str:
    po = tmp_path / "in.po"
    po.write_bytes((HEADER + "".join("\n" + input_entry(e) for e in entries)).encode("utf-8"))
    cmd = [MSGCAT]
    if width is not None:
        cmd.append(f"--width={width}")
    cmd.append(str(po))
    res = subprocess.run(cmd, capture_output=True, check=True)
    return res.stdout.decode("utf-8")


def expected_output(entries: list[dict], width: int = 79) -> str:
    ordered = [e for e in entries if not e["obsolete"]] + [e for e in entries if e["obsolete"]]
    header = keyword_lines("msgid", "", width=width) + keyword_lines(
        "msgstr", "Content-Type: text/plain; charset=UTF-8\n", width=width)
    return "\n".join(header) + "\n" + "".join("\n" + expected_entry(e, width) for e in ordered)


def split_entries(text: str) -> dict[str, str]:
    """Map '# id N' -> entry text of a msgcat output."""
    out = {}
    for block in text.split("\n# id ")[1:]:
        num, _, _ = block.partition("\n")
        out[num] = "# id " + block.rstrip("\n") + "\n"
    return out


def mismatches(entries: list[dict], got: str, width: int = 79) -> list[tuple[dict, str, str]]:
    got_map = split_entries(got)
    bad = []
    for e in entries:
        exp = expected_entry(e, width)
        g = got_map.get(str(e["id"]), "<missing>")
        if g != exp:
            bad.append((e, exp, g))
    return bad


# -------------------------------------------------------------------- tests

def test_examples() -> None:
    assert keyword_lines("msgid", "short") == ['msgid "short"']
    assert keyword_lines("msgid", "") == ['msgid ""']
    assert keyword_lines("msgstr", "a\nb") == ['msgstr ""', '"a\\n"', '"b"']
    assert keyword_lines("msgstr", "line\n") == ['msgstr "line\\n"']
    assert escape('a"b\\c\td\n\x01') == 'a\\"b\\\\c\\td\\n\x01'


# Hand-picked boundary cases (keyword, value), checked in the same msgcat run.
EDGE_CASES = [
    ("msgid", "x" * 71),  # exactly 79 columns with 'msgid "' and '"'
    ("msgid", "x" * 72),  # unbreakable: stays one line, 80 columns
    ("msgid", "aaa " * 17 + "bbb"),  # 71 columns, fits
    ("msgid", "aaa " * 17 + "bbbb"),  # 72 columns, wraps after a space
    ("msgid", "a" * 100 + " b"),  # overlong word, break after its space
    ("msgid", "日本語" * 12),  # 36 wide chars = 72 columns: wraps
    ("msgid", "日本語" * 11 + "日本"),  # 70 columns: fits
    ("msgid", "これは「設定」を開き、ユーザーを選択します。" * 3),
    ("msgid", "foo-bar-baz/qux/quux " * 6),
    ("msgid", "tab\tseparated\tvalues " * 6),  # \t is no break opportunity
    ("msgid", 'say "hello" to the world ' * 5),
    ("msgid", "ends with newline\n"),
    ("msgid", "a\nb"),
    ("msgid", "\n"),
    ("msgid", "\n\n"),
    ("msgid", "x" * 69 + "\\"),  # escape at the boundary
    ("msgid", "word " * 14 + "ab\\cd"),
    ("msgid_plural", "y" * 64),
    ("msgstr[0]", "x" * 66 + "\n"),  # 79 columns
    ("msgstr[0]", "x" * 67 + "\n"),  # unbreakable, stays one line
    ("msgstr[1]", "w " * 33 + "\n"),
    ("msgctxt", "c " * 36),
]


def edge_entries(start: int) -> list[dict]:
    out = []
    for i, (kw, v) in enumerate(EDGE_CASES):
        e: dict = {"id": start + i, "obsolete": False, "msgctxt": f"edge{i}",
                   "msgid": f"edge{i}", "msgstr": ""}
        if kw == "msgctxt":
            e["msgctxt"] = v
        elif kw == "msgid":
            e["msgid"] = v
        elif kw == "msgid_plural":
            e["msgid_plural"], e["msgstr"] = v, ["", ""]
        else:
            e["msgid_plural"], e["msgstr"] = "p", ["", ""]
            e["msgstr"][int(kw[7])] = v
        if i % 4 == 1:
            e["prev"] = {"msgid": v}
        out.append(e)
    # The same values in obsolete entries (msgcat keeps translated ones only).
    for i, (kw, v) in enumerate(EDGE_CASES):
        out.append({"id": start + len(EDGE_CASES) + i, "obsolete": True,
                    "msgctxt": f"obs{i}", "msgid": f"obs{i}", "msgstr": v,
                    "prev": {"msgid": v}})
    return out


def test_random_cases_match_msgcat(tmp_path: Path) -> None:
    entries = build_cases(seed=20240521, count=400)
    entries += edge_entries(len(entries))
    got = run_msgcat(entries, tmp_path)
    bad = mismatches(entries, got)
    assert not bad, "first mismatch:\nexpected:\n%s\ngot:\n%s" % (bad[0][1], bad[0][2])
    # Whole file, byte for byte (also checks nothing else differs).
    assert got == expected_output(entries)
