"""Which characters no installed font can draw, and where a text holds them.

WeasyPrint draws text with Pango, which takes each character from the first font
of the page's ``font-family`` stack that has it and otherwise from fontconfig's
fallback list. That list (``fc-match -s``) holds every installed font that adds
coverage, for any stack and language, so the coverage of every locale's stack is
the union of the charsets of the installed fonts: one ``fc-list`` call (~80 ms)
per process, then ~0.1 ms per page. The stack only decides *which* font draws a
character (print.css puts "Noto Color Emoji" after each script's fonts).

Used before a build by ``check`` (every ``path:line`` holding such a character)
and by :mod:`.pdf` before each render (nothing is written for a page that would
show a box). A build keeps the coverage in its project's `.cache/` between runs
(:func:`load_font_coverage`): listing and merging every font's charset costs
~0.2 s, a build that renders one PDF would pay it every time.
"""

from __future__ import annotations

import bisect
import html.parser
import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any, Iterator, NamedTuple

__all__ = ["describe_characters", "describe_character", "uncovered_characters", "uncovered_lines",
           "visible_text", "load_font_coverage", "FontListError"]

#: what a user can do about an uncovered character
REMEDY = ("install a font that covers it (emoji: Debian's fonts-noto-color-emoji, which `make build` "
          "installs; fontconfig's fallback finds it) or write the text without it")

_CATEGORY_NAMES = {"Co": "private use", "Cn": "unassigned in Unicode 14", "Cs": "surrogate",
                   "Cf": "format character"}


class FontListError(RuntimeError):
    """fontconfig's ``fc-list`` could not be run or listed no font."""


class _Coverage(NamedTuple):
    """Sorted, merged, inclusive code point ranges covered by installed fonts."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def covers(self, codepoint: int) -> bool:
        """Return whether ``codepoint`` is inside one of the ranges."""
        index = bisect.bisect_right(self.starts, codepoint) - 1
        return index >= 0 and codepoint <= self.ends[index]


def _parse_charsets(output: str) -> _Coverage:
    """Merge fontconfig ``%{charset}`` lines ("20-7e a0 ...") into one coverage."""
    ranges: list[tuple[int, int]] = []
    for token in output.split():
        low, _, high = token.partition("-")
        try:
            start = int(low, 16)
            end = int(high, 16) if high else start
        except ValueError:
            continue
        ranges.append((start, end))
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if starts and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return _Coverage(tuple(starts), tuple(ends))


#: this process's coverage, once known (forked PDF workers inherit it)
_known_coverage: _Coverage | None = None


def font_coverage() -> _Coverage:
    """Union of the charsets of all installed fonts (one ``fc-list`` per process, unless
    :func:`load_font_coverage` read it first)."""
    global _known_coverage
    if _known_coverage is None:
        _known_coverage = _listed_coverage()
    return _known_coverage


def load_font_coverage(kept: Path, fonts_key: str) -> None:
    """Make the coverage this process uses the one kept in the file ``kept`` if it was listed
    for ``fonts_key`` (a key of the installed fonts, which changes when one is installed or
    removed); otherwise list it and keep it there. A damaged or unwritable file only means
    listing the fonts again."""
    global _known_coverage
    _known_coverage = _read_kept_coverage(kept, fonts_key)
    if _known_coverage is None:
        _known_coverage = _listed_coverage()
        _write_kept_coverage(kept, fonts_key, _known_coverage)


def _read_kept_coverage(kept: Path, fonts_key: str) -> _Coverage | None:
    try:
        record: Any = json.loads(kept.read_text(encoding="utf-8"))
        starts, ends = record["starts"], record["ends"]
        valid = (record["fonts"] == fonts_key and len(starts) == len(ends) > 0
                 and all(isinstance(n, int) for n in starts + ends) and starts == sorted(starts))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return _Coverage(tuple(starts), tuple(ends)) if valid else None


def _write_kept_coverage(kept: Path, fonts_key: str, coverage: _Coverage) -> None:
    record = {"fonts": fonts_key, "starts": coverage.starts, "ends": coverage.ends}
    tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, kept)
    except OSError:  # a read-only project still builds: the next build lists the fonts again
        tmp.unlink(missing_ok=True)


def _listed_coverage() -> _Coverage:
    """The coverage as ``fc-list`` reports it now."""
    try:
        completed = subprocess.run(
            ["fc-list", "--format=%{charset}\n"], capture_output=True, text=True,
            check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise FontListError(f"cannot list installed fonts with fc-list: {error}") from error
    coverage = _parse_charsets(completed.stdout)
    if not coverage.starts:
        raise FontListError("fc-list reported no font coverage at all")
    return coverage


def uncovered_characters(text: str, lang: str = "") -> str:
    """Return the characters of ``text`` that no installed font covers.

    Whitespace and ``Cc`` control characters are ignored; nothing else is (Python
    3.11 knows Unicode 14, so newer characters have category ``Cn`` and must still
    be checked). Each uncovered character is returned once, in order of first
    appearance. ``lang`` is accepted for the callers' messages: the coverage is the
    same for every language's font stack (see the module's docstring).
    """
    del lang
    coverage = font_coverage()
    seen: set[str] = set()
    missing: list[str] = []
    for character in text:
        if character in seen:
            continue
        seen.add(character)
        if character.isspace() or unicodedata.category(character) == "Cc":
            continue
        if not coverage.covers(ord(character)):
            missing.append(character)
    return "".join(missing)


def uncovered_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """``(line number, its uncovered characters)`` for each line of ``text`` that has any."""
    for number, line in enumerate(text.split("\n"), first_line):
        if not line.isascii():  # every installed Latin font covers ASCII: skip the common case
            missing = uncovered_characters(line)
            if missing:
                yield number, missing


def describe_character(character: str) -> str:
    """``U+1F680 ROCKET "🚀"``; a character without a name gets its kind instead."""
    category = unicodedata.category(character)
    name = unicodedata.name(character, "") or f"<{_CATEGORY_NAMES.get(category, category)}>"
    shown = "" if category in ("Zl", "Zp", "Cs") else f' "{character}"'  # a finding is one line
    return f"U+{ord(character):04X} {name}{shown}"


def describe_characters(characters: str) -> str:
    """Each character described (see :func:`describe_character`), comma separated."""
    return ", ".join(describe_character(ch) for ch in characters)


# The text of a page that WeasyPrint may draw

_CSS_CONTENT_STRING = re.compile(
    r"""content\s*:[^;{}]*""", re.IGNORECASE)
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\\n|\\(.)", re.DOTALL)


def _css_unescape(value: str) -> str:
    """Decode CSS string escapes (``\\26A0``, ``\\"``, line continuations)."""
    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            codepoint = int(match.group(1), 16)
            if codepoint == 0 or codepoint > 0x10FFFF or 0xD800 <= codepoint <= 0xDFFF:
                return "\ufffd"
            return chr(codepoint)
        return match.group(2) or ""
    return _CSS_ESCAPE.sub(replace, value)


class _VisibleTextParser(html.parser.HTMLParser):
    """Collect the text WeasyPrint may draw from an HTML page.

    Keeps text nodes (character references decoded), ``alt`` attributes (drawn
    when an image is missing) and the strings of CSS ``content:`` declarations
    inside ``<style>`` (e.g. a translated "Page X of Y" footer). Skips
    ``<script>``, ``<template>`` and ``<title>`` (the title is metadata; the
    running header takes its text from the body).
    """

    _SKIPPED = frozenset({"script", "template", "title", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "alt" and value:
                self.parts.append(value)
        if tag in self._SKIPPED:
            self._skip_stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip_stack:
            while self._skip_stack and self._skip_stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._skip_stack:
            self.parts.append(data)
        elif self._skip_stack[-1] == "style":
            for declaration in _CSS_CONTENT_STRING.findall(data):
                for double, single in _CSS_STRING.findall(declaration):
                    self.parts.append(_css_unescape(double or single))


def visible_text(page_html: str) -> str:
    """Return the drawable text of ``page_html`` for the glyph pre-check."""
    parser = _VisibleTextParser()
    parser.feed(page_html)
    parser.close()
    return "\n".join(parser.parts)
