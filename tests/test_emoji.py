"""Emoji and characters no font has (issue 16): emoji render in every locale's PDF,
`check` names every line holding an uncovered character before a build, and a build whose
PDF fails names every such line too. PDFs are read back with `pdffonts` and `pdftotext`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import REPO, Project, make_project
from test_build_pdf import pdffonts, pdftotext

DOC = "privacy-policy"

EMOJI_SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy 🔒.

We welcome feedback 👍🏽 from every country 🇩🇪.

## Data Retention {#data-retention}

We retain data for 90 days ⏳.
"""

DE = {"document.title": "Datenschutzerklärung", "introduction.title": "Einleitung",
      "data-retention.title": "Datenaufbewahrung",
      "data-retention": "Wir speichern Daten 90 Tage lang ⏳."}

#: a private-use character and an unassigned one: no font has either
PRIVATE, UNASSIGNED = "\U0010fffd", "\u0378"

UNCOVERED_SOURCE = f"""\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {{#introduction}}

AImonitor is committed to protecting your privacy {PRIVATE}.

<!-- a note nobody sees {PRIVATE} -->
We welcome feedback 👍 {UNASSIGNED}{PRIVATE}.

## Data Retention {{#data-retention}}

We retain data for 90 days.
"""


def source_line(p: Project, needle: str) -> int:
    lines = p.read(f"source/{DOC}.md").splitlines()
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def entry_line(p: Project, locale: str, msgctxt: str) -> int:
    lines = p.po(locale).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text == f'msgctxt "{msgctxt}"')


def font_names(pdf: Path) -> list[str]:
    return [re.sub(r"[^a-z]", "", f["name"].split("+", 1)[-1].lower()) for f in pdffonts(pdf)]


def test_makefile_installs_an_emoji_font() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    apt_build = re.search(r"^APT_BUILD\s*:=((?:.*\\\n)*.*)$", makefile, re.M)
    assert apt_build and "fonts-noto-color-emoji" in apt_build.group(1).split()
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "fonts-noto-color-emoji"],
                            capture_output=True, text=True)
    assert status.stdout == "install ok installed"  # `make test` installed it


def test_emoji_in_the_english_render_in_every_locales_pdf(tmp_path: Path) -> None:
    p = make_project(tmp_path / "emoji", locales=("de", "ja", "ar"), source=EMOJI_SOURCE)
    assert p.run("init", "de", "ja", "ar").code == 0
    p.translate("de", DE)
    assert [f for f in json.loads(p.run("check", "--format", "json").out) if f["check"] == "glyphs"] == []
    r = p.run("build")
    assert r.code == 0, r.err
    for loc in ("en", "de", "ja", "ar"):
        pdf = p.path(f"output/{loc}/{DOC}.pdf")
        assert "notocoloremoji" in font_names(pdf), loc
        text = pdftotext(pdf)
        for emoji in ("🔒", "👍🏽", "🇩🇪", "⏳"):
            assert emoji in text, (loc, emoji)
    assert "Wir speichern Daten 90 Tage lang ⏳." in " ".join(pdftotext(p.path(f"output/de/{DOC}.pdf")).split())


def test_digits_are_not_drawn_with_the_emoji_font(tmp_path: Path) -> None:
    """Digits have the Unicode Emoji property: named in a font stack, the colour font would
    draw page numbers and figures as pictures. It comes from fontconfig's fallback only."""
    p = make_project(tmp_path / "digits", locales=("de",))
    assert p.run("init", "de").code == 0
    assert p.run("build", "--locale", "en").code == 0
    pdf = p.path(f"output/en/{DOC}.pdf")
    assert "notocoloremoji" not in font_names(pdf)
    assert "90 days" in pdftotext(pdf) and "1" in pdftotext(pdf)
    for css in ("print.css", "style.css"):
        stacks = re.findall(r"font-family:[^;]*", (REPO / "pipeline/render/static" / css).read_text("utf-8"))
        assert stacks and not any("Emoji" in stack for stack in stacks), css


def test_check_names_every_line_with_an_uncovered_character_before_a_build(tmp_path: Path) -> None:
    p = make_project(tmp_path / "uncovered", locales=("de", "fr"), source=UNCOVERED_SOURCE)
    assert p.run("init", "de", "fr").code == 0
    p.translate("de", {"data-retention": f"Wir speichern Daten 90 Tage lang {PRIVATE}."})
    r = p.run("check", "--format", "json")
    assert r.code == 1
    glyphs = [f for f in json.loads(r.out) if f["check"] == "glyphs"]
    first, second = source_line(p, "your privacy"), source_line(p, "We welcome")
    assert [(f["path"], f["line"], f["locale"], f["severity"]) for f in glyphs] == [
        (f"source/{DOC}.md", first, None, "error"),
        (f"source/{DOC}.md", second, None, "error"),  # not the HTML comment's line
        (f"locales/de/LC_MESSAGES/{DOC}.po", entry_line(p, "de", "data-retention"), "de", "error"),
    ]
    assert "U+10FFFD <private use>" in glyphs[0]["message"]
    assert "U+0378 <unassigned" in glyphs[1]["message"] and "U+10FFFD" in glyphs[1]["message"]
    assert "U+1F44D" not in glyphs[1]["message"]  # the emoji font has 👍
    assert "fonts-noto-color-emoji" in glyphs[0]["message"]
    text = p.run("check").out.splitlines()
    assert f"source/{DOC}.md:{first}: error: [glyphs] U+10FFFD <private use> \"{PRIVATE}\" is in no installed font" \
        in "\n".join(text)


def test_a_failed_pdf_names_every_line_holding_the_characters(tmp_path: Path) -> None:
    p = make_project(tmp_path / "failed", locales=("de",), source=UNCOVERED_SOURCE)
    assert p.run("init", "de").code == 0
    r = p.run("build")
    assert r.code == 1
    problems = [line for line in r.err.splitlines() if not re.match(r"pdf \d+/\d+ ", line)]
    first, second = source_line(p, "your privacy"), source_line(p, "We welcome")
    for loc in ("en", "de"):
        mine = [line for line in problems if f"output/{loc}/{DOC}.pdf" in line]
        assert [line.split(": ", 1)[0] for line in mine] == [f"source/{DOC}.md:{first}", f"source/{DOC}.md:{second}"], r.err
        assert "U+10FFFD <private use>" in mine[0] and "U+0378" not in mine[0]
        assert "U+0378 <unassigned" in mine[1] and f"locale {loc}" in mine[1]
        assert not p.path(f"output/{loc}/{DOC}.pdf").exists()
        assert p.path(f"output/{loc}/{DOC}.html").is_file()
