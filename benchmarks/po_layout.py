"""Our PO layout writer (pipeline.polayout) against GNU msgcat on generated strings.

    .venv/bin/python benchmarks/po_layout.py [--count N] [--seed S] [--width W]

Generates N random PO entries (each holds several strings: msgctxt, msgid, plurals, previous
"#|" strings, obsolete "#~" entries), runs them through one msgcat and through keyword_lines(),
prints "<strings> strings, <M> mismatches" with the time each side took, shows the first
mismatches, and exits 1 if there is any. tests/test_polayout.py uses the same generator.

    .venv/bin/python benchmarks/po_layout.py --code-points

checks instead every code point's width, and each run of equal Line_Break class in a few
contexts (the observation behind scripts/gen_unicode_tables.py's exceptions; ~400,000 entries,
a few minutes).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from multiscript import LINK_TEXT, SCRIPTS, URLS  # noqa: E402
from pipeline import unicode_tables  # noqa: E402
from pipeline.linebreak import width as char_width  # noqa: E402
from pipeline.polayout import escape, keyword_lines  # noqa: E402

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
Entry = dict  # {"id", "obsolete", "msgctxt"?, "msgid", "msgid_plural"?, "msgstr", "prev"?}

# ---------------------------------------------------------------------------- generator

_PUNCT = list(",.;:!?()[]{}-/_%$#@&*+=<>'`~|^") + ["...", " - ", " -- ", "—", "–", "…", "‘", "’",
                                                  "“", "”", "«", "»", "„", "¿", "¡"]
_GERMAN = ["Größe", "Übersetzung", "Straße", "äöü", "Schließen", "Einstellungen", "Datei",
           "öffnen", "Änderungen", "übernommen", "Maßnahme", "für", "Datenschutz-Grundverordnung"]
_JA = ["これは日本語の文です。", "「設定」を開き、", "（オプション）", "ファイルを選択してください", "ユーザー",
       "ちょっと", "ぁぃぅ", "TLS 1.3", "AImonitor", "を使用して", "、", "。", "「", "」", "『", "』",
       "ー", "〜", "・", "！", "？", "漢字と仮名", "１２３", "ＡＢＣ", "ｶﾀｶﾅ", "〇"]
_ZH = ["请选择一个文件。", "“引号”", "，", "：", "；", "中文句子测试", "（括号）", "《书名》",
       "服务器连接失败", "版本 2.0", "数据库", "【注意】", "𠀀𠀁", "个人信息保护法"]
_KO = ["안녕하세요 세계", "한국어", "개인정보", "처리방침을", "\u1100\u1161\u11a8", "ㄱㄴㄷ"]
_AR = ["مرحبا بالعالم", "،", "الملف", "؟", "إعدادات النظام", "١٢٣", "سياسة الخصوصية",
       "بِسْمِ ٱللَّٰهِ", "مُحَمَّد", "(مثال)", "٪٥٠", "\u0600\u0661", "\u200f", "\u061c"]
_OTHER = ["שלום-עולם", "עברית", "רֹאשׁ־הַשָּׁנָה", "לֶךְ־לְךָ", "אָ-", "\U0001f1e9\u0301\U0001f1ea",
          "\U0001f1ea\ufe0f\U0001f1eb\ufe0f\U0001f1eb\U0001f1f7", "ภาษาไทย", "Привет, мир", "Ελληνικά", "हिन्दी", "क्षत्रिय",
          "e\u0301", "a\u0308\u0301", "\u00a0", "\u202f", "\u200b", "\u00ad", "\u2028", "\u2029",
          "\u2060", "\u0085", "👍", "🇩🇪🇫🇷", "🇯🇵", "👨\u200d👩\u200d👧", "👩🏽\u200d💻", "🏳️\u200d🌈",
          "👋🏽", "❤️", "™", "©", "°C", "€5", "50%", "$10", "3.14", "1,000", "v2.0-beta",
          "x86_64", "\x01", "\x1b[0m", "\x7f", "\ufeff", "\u3000", "\ufe0f", "\ufffc", "½",
          "§ 3", "№ 5", "(", ")", "[1]", "{x}", "'quoted'", '"dq"', "a-b", "e-mail"]
_URLS = ["https://example.com/path/to/resource?query=1&x=2",
         "http://www.gnu.org/software/gettext/manual/html_node/index.html",
         "https://aimonitor.example/privacy-policy/2026-02/ja/index.html#data-retention",
         "user@example.org", "/usr/share/locale/de/LC_MESSAGES/app.mo",
         "C:\\Program Files\\App\\app.exe", "foo-bar-baz-qux", "a/b/c/d/e",
         "mailto:privacy@aimonitor.dev"]
_MD = ["- **Label:** text", "`code`", "[link](https://example.com/docs)", "**bold**", "*emph*",
       "# Heading", "1. item", "> quote", "|a|b|", "<b>", "</b>", "&amp;", "%s", "%d", "%(name)s",
       "{count}", "{0}", "%1$s", "<https://example.com>"]
_ESC = ["\n", "\t", '"', "\\", "\r", "\a", "\b", "\f", "\v", '\\"', "\\n", "\t\t", "\\\\"]


def _word(rng: random.Random) -> str:
    r = rng.random()
    n = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]) if r < 0.85 else (
        rng.randint(13, 40) if r < 0.95 else rng.randint(41, 130))
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


def _random_char(rng: random.Random) -> str:
    r = rng.random()
    cp = (rng.randint(0xA0, 0x2FFF) if r < 0.5 else rng.randint(0x3000, 0xFFFD) if r < 0.8
          else rng.randint(0x10000, 0x10FFFD))
    return chr(0xFFFD if 0xD800 <= cp <= 0xDFFF else cp)


_STYLES = {"de": _GERMAN, "ja": _JA, "zh": _ZH, "ko": _KO, "ar": _AR}


def _piece(rng: random.Random, style: str) -> str:
    r = rng.random()
    if style == "ascii" or r < 0.45:
        return _word(rng)
    if style in _STYLES and r < 0.8:
        return rng.choice(_STYLES[style])
    r = rng.random()
    for limit, pool in ((0.2, _PUNCT), (0.35, _ESC), (0.5, _URLS), (0.62, _MD), (0.8, _OTHER)):
        if r < limit:
            return rng.choice(pool)
    if r < 0.9:
        return "".join(_random_char(rng) for _ in range(rng.randint(1, 4)))
    return rng.choice(_JA + _ZH + _GERMAN + _AR + _KO)


def _separator(rng: random.Random, style: str) -> str:
    s = rng.random()
    if style in ("ja", "zh") and s < 0.6:
        return ""
    for limit, sep in ((0.75, " "), (0.82, "  "), (0.9, "\n"), (0.95, "")):
        if s < limit:
            return sep
    return rng.choice(["\t", " \n", "\n\n", "   ", "\u3000", " " * 80])


def _paragraph(rng: random.Random) -> str:
    """A translated policy's paragraph (or list): sentences of one script, with Markdown."""
    script = rng.choice(sorted(SCRIPTS))
    sentences = rng.choices(SCRIPTS[script], k=rng.randint(2, 14))
    if rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        sentences[i] = f"**{sentences[i]}**"
    if rng.random() < 0.3:
        sentences.insert(rng.randrange(len(sentences) + 1), f"[{LINK_TEXT[script]}]({rng.choice(URLS)})")
    return ("\n- " if rng.random() < 0.2 else " ").join(sentences)


def random_value(rng: random.Random) -> str:
    """A random PO string value (may be empty, may contain newlines)."""
    if rng.random() < 0.04:
        return ""
    if rng.random() < 0.06:
        return _paragraph(rng)
    style = rng.choice(["ascii", "ascii", "mixed", "de", "ja", "ja", "zh", "ko", "ar", "ar"])
    target = rng.choice([5, 20, 40, 60, 70, 75, 80, 90, 120, 200, 400])
    parts: list[str] = []
    while sum(map(len, parts)) < target:
        parts += [_piece(rng, style), _separator(rng, style)]
    value = "".join(parts[:-1])
    t = rng.random()
    for limit, edit in ((0.25, lambda v: v + "\n"), (0.3, lambda v: v + " "),
                        (0.33, lambda v: " " + v), (0.36, lambda v: v + "\n\n")):
        if t < limit:
            return edit(value)
    return value


#: printf directives, valid and not, for entries flagged c-format or python-format (msgcat keeps
#: a valid directive on one line: pipeline/directives.py)
_DIRECTIVES = ["%", "%%", "% ", "%d", "% d", "%1$d", "%2$ s", "%-5s", "%.2f", "% .3lf", "%*d", "%*2$d",
               "%(name)s", "%(a b)s", "%(x) d", "%(k)%", "% o", "%'d", "% I d", "%lld", "%zu", "%<PRId64>",
               "%.", "%5", "%(", "%)", "%c", "%r", "%a", "%m", "% *.*f", "%#x", "%+ d", "%0 5d", "%q", "%hhd"]


def _with_directives(rng: random.Random, value: str) -> str:
    """``value`` with printf directives put between some of its words."""
    words = value.split(" ")
    for _ in range(rng.randint(1, 6)):
        words.insert(rng.randint(0, len(words)), rng.choice(_DIRECTIVES))
    return " ".join(words)


def build_cases(seed: int, count: int) -> list[Entry]:
    """Random PO entries with optional msgctxt, plurals, previous strings; some obsolete; some
    flagged c-format or python-format, with directives in their strings."""
    rng = random.Random(seed)
    seen: set[tuple[str | None, str]] = set()
    entries: list[Entry] = []
    while len(entries) < count:
        e: Entry = {"id": len(entries), "obsolete": rng.random() < 0.15}
        if rng.random() < 0.3:
            e["msgctxt"] = random_value(rng)
        msgid = random_value(rng) or _word(rng)
        if (e.get("msgctxt"), msgid) in seen:
            continue
        seen.add((e.get("msgctxt"), msgid))
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
        if rng.random() < 0.08:
            e["format"] = rng.choice(["c", "python"])
            for key in ("msgid", "msgid_plural"):
                if key in e:
                    e[key] = _with_directives(rng, e[key])
            if isinstance(e["msgstr"], list):
                e["msgstr"] = [_with_directives(rng, s) for s in e["msgstr"]]
            else:
                e["msgstr"] = _with_directives(rng, e["msgstr"])
        if e["obsolete"]:  # msgcat drops obsolete entries that are untranslated
            strings = e["msgstr"]
            if isinstance(strings, list):
                e["msgstr"] = [s or "x" for s in strings]
            else:
                e["msgstr"] = strings or "x"
        entries.append(e)
    return entries


# -------------------------------------------------------------------------- PO text

def _fields(e: Entry) -> list[tuple[str, str]]:
    fields = [("msgctxt", e["msgctxt"])] if "msgctxt" in e else []
    fields.append(("msgid", e["msgid"]))
    if "msgid_plural" in e:
        fields.append(("msgid_plural", e["msgid_plural"]))
        fields += [(f"msgstr[{i}]", s) for i, s in enumerate(e["msgstr"])]
    else:
        fields.append(("msgstr", e["msgstr"]))
    return fields


def _entry(e: Entry, lines_of) -> str:  # type: ignore[no-untyped-def]
    prefix = "#~ " if e["obsolete"] else ""
    previous = "#~| " if e["obsolete"] else "#| "
    lines = [f"# id {e['id']}"] + ([f"#, {e['format']}-format"] if "format" in e else [])
    for kw, v in e.get("prev", {}).items():
        lines += lines_of(kw, v, previous)
    for kw, v in _fields(e):
        lines += lines_of(kw, v, prefix)
    return "\n".join(lines) + "\n"


def input_po(entries: list[Entry]) -> str:
    """msgcat's input: every string on one line."""
    def one_line(kw: str, v: str, prefix: str) -> list[str]:
        return [f'{prefix}{kw} "{escape(v)}"']
    return HEADER + "".join("\n" + _entry(e, one_line) for e in entries)


def expected_entry(e: Entry, width: int = 79) -> str:
    """The entry as keyword_lines() lays it out."""
    return _entry(e, lambda kw, v, prefix: keyword_lines(kw, v, prefix=prefix, width=width, language=e.get("format")))


def split_entries(text: str) -> dict[str, str]:
    """'N' -> the text of entry '# id N' in msgcat's output."""
    out = {}
    for block in text.split("\n# id ")[1:]:
        num, _, _ = block.partition("\n")
        out[num] = "# id " + block.rstrip("\n") + "\n"
    return out


def mismatches(entries: list[Entry], got: str, width: int = 79) -> list[tuple[Entry, str, str]]:
    """(entry, ours, msgcat's) for every entry laid out differently."""
    got_map = split_entries(got)
    bad = []
    for e in entries:
        ours = expected_entry(e, width)
        theirs = got_map.get(str(e["id"]), "<missing>")
        if ours != theirs:
            bad.append((e, ours, theirs))
    return bad


def string_count(entries: list[Entry]) -> int:
    return sum(len(_fields(e)) + len(e.get("prev", {})) for e in entries)


# ------------------------------------------------------------- every code point (--code-points)

_CONTEXTS = [("a", "a"), ("日", "日"), ("1", "1"), (")", "("), ("-", "%"), ("$", "-"), ("}", "}"),
             ("\u05d0", "\u3005"), (" ", " "), (",", "."), ("\u0301", "!")]


def code_point_cases() -> tuple[list[Entry], list[list[int]]]:
    """Entries whose layout shows msgcat's width and line break class of code points.

    Width: runs of 16 code points we count equally wide, after "x"s so that the line is full
    exactly when our count is right (one column more or less moves the break). Class: three
    code points of each run of equal Line_Break class and width, in each of _CONTEXTS with the
    line's end just before, on and after them. Returns the entries and each one's code points.
    """
    values: list[tuple[str, list[int]]] = []
    skip = {0x22, 0x5C, 0x7F, 0x85, 0x2028, 0x2029} | set(range(0x20)) | set(range(0xD800, 0xE000))
    run: list[int] = []
    for cp in [*(cp for cp in range(0x110000) if cp not in skip), -1]:
        if run and (cp < 0 or len(run) == 16 or char_width(chr(cp)) != char_width(chr(run[0]))):
            total = sum(char_width(chr(c)) for c in run)
            text = "".join(map(chr, run))
            values += [("x" * (k - total) + text + "\u200byy", run) for k in (69, 70)]
            run = []
        run.append(cp)
    tables = unicode_tables.LINE_BREAK.split()[0::2] + unicode_tables.WIDTH.split()[0::2]
    starts = sorted({*(int(start, 16) for start in tables), 0x110000})
    for first, end in zip(starts, starts[1:]):
        for cp in sorted({first, (first + end) // 2, end - 1} - skip):
            c, wc = chr(cp), char_width(chr(cp))
            for before, after in _CONTEXTS:
                wb = char_width(before)
                for k in (77 - wb, 77 - wb - wc, 76 - wb - wc):
                    values.append(("z\n" + "x" * k + before + c + after + " zz", [cp]))
    entries = [{"id": i, "obsolete": False, "msgctxt": str(i), "msgid": v, "msgstr": ""}
               for i, (v, _) in enumerate(values)]
    return entries, [cps for _, cps in values]


# ---------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40000, help="entries (default: 40000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--width", type=int, default=79)
    parser.add_argument("--code-points", action="store_true",
                        help="instead: every code point's width and class, laid out by msgcat")
    args = parser.parse_args(argv)
    if args.code_points:
        entries, owners = code_point_cases()
    else:
        entries = build_cases(args.seed, args.count)
    with tempfile.TemporaryDirectory() as tmp:
        po = Path(tmp) / "in.po"
        po.write_bytes(input_po(entries).encode("utf-8"))
        start = time.perf_counter()
        got = subprocess.run(["msgcat", f"--width={args.width}", str(po)], capture_output=True,
                             check=True).stdout.decode("utf-8")
        msgcat_s = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    bad = mismatches(entries, got, args.width)
    ours_s, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{string_count(entries)} strings, {len(bad)} mismatches (msgcat {msgcat_s:.2f} s; "
          f"keyword_lines + compare {ours_s:.2f} s, {ours_cpu:.2f} s CPU)")
    if args.code_points and bad:
        cps = sorted({cp for e, _, _ in bad for cp in owners[e["id"]]})
        print("code points laid out differently:", " ".join(f"U+{cp:04X}" for cp in cps[:200]))
    for e, ours, theirs in bad[:3]:
        print(f"--- ours\n{ours}--- msgcat\n{theirs}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
