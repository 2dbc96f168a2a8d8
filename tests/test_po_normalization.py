"""What msgcat changes besides wrapping, imitated by the writer: observed on 3,522 real catalogs
of other projects (Django, Sphinx, Trac, GNOME, Weblate, gettext's examples...), each case
here reduced to one entry and compared with GNU msgcat itself, byte for byte."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.pofile import parse_po, render_po

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

CASES = {
    # Babel sorts flags alphabetically; msgcat writes fuzzy, the formats in gettext's order, range:, no-wrap
    "flag order": '#: ext/coverage.py:172\n#, python-brace-format, python-format\nmsgid "a %(x)s {y}"\nmsgstr ""\n',
    "fuzzy first": '#, c-format, fuzzy\nmsgid "a %d"\nmsgstr "b %d"\n',
    "last word of a format wins": '#, no-c-format, no-python-format, c-format\nmsgid "c"\nmsgstr "d"\n',
    "range and no-wrap": '#, no-wrap, range: 0..10, c-format, fuzzy\nmsgid "e"\nmsgstr "f"\n',
    "wrap then no-wrap": '#, wrap, no-wrap\nmsgid "g"\nmsgstr "h"\n',
    "no-wrap then wrap": '#, no-wrap, wrap\nmsgid "i"\nmsgstr "j"\n',
    "an invalid range": '#, range: 3..1\nmsgid "k"\nmsgstr "l"\n',
    "no blanks after the commas": '#,fuzzy,c-format\nmsgid "m"\nmsgstr "n"\n',
    # an untranslated entry is not fuzzy; an obsolete one without a translation is not written
    "fuzzy untranslated": '#: trac/web/chrome.py:1204\n#, fuzzy, python-format\nmsgid "in %(relative)s"\nmsgstr ""\n',
    "fuzzy plural, msgstr[0] empty": '#, fuzzy\nmsgid "o"\nmsgid_plural "os"\nmsgstr[0] ""\nmsgstr[1] "x"\n',
    "fuzzy plural, msgstr[0] there": '#, fuzzy\nmsgid "p"\nmsgid_plural "ps"\nmsgstr[0] "x"\nmsgstr[1] ""\n',
    "obsolete untranslated": 'msgid "Clone"\nmsgstr "Klonovat"\n\n#~ msgid "Create a copy of this ticket"\n#~ msgstr ""\n',
    # comments as written: blanks at the end, an indent after the one blank of `#.`
    "comment blanks": '#\n#  \n# \n# trailing  \n#.\n#. \n#.x\n#.    indented\n#. dev note \nmsgid "q"\nmsgstr ""\n',
    "extracted comments after translator comments": '#. extracted\n# translator\nmsgid "r"\nmsgstr "s"\n',
    # references once each; an obsolete entry keeps its comments
    "repeated references": '#: a.c:1 a.c:1 b.c:2\n#: a.c:1\nmsgid "t"\nmsgstr "u"\n',
    "obsolete with comments": '# kept\n#. extracted\n#: a.c:3\n#~ msgid "v"\n#~ msgstr "w"\n',
}


def msgcat(text: str, tmp_path: Path) -> str:
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    return subprocess.run(["msgcat", str(source)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", CASES)
def test_the_writer_changes_what_msgcat_changes(name: str, tmp_path: Path) -> None:
    text = HEADER + CASES[name]
    assert render_po(parse_po(text.encode("utf-8"), "in.po")) == msgcat(text, tmp_path)


def test_header_fields_keep_their_blanks(tmp_path: Path) -> None:
    text = 'msgid ""\nmsgstr ""\n"Project-Id-Version:  Trac\\n"\n"X-Trail: x  \\n"\n' \
           '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Clone"\nmsgstr "Kloonaa"\n'
    cat = parse_po(text.encode("utf-8"), "in.po")
    assert render_po(cat) == msgcat(text, tmp_path)
    assert cat.header_value("Project-Id-Version") == "Trac" and cat.header_value("X-Trail") == "x"


@pytest.mark.parametrize("charset", ["ascii", "US-ASCII"])
def test_a_catalog_in_ascii_is_read(charset: str, tmp_path: Path) -> None:
    """Its bytes are ASCII, which is UTF-8: msgcat reads it, and so do we."""
    text = HEADER.replace("UTF-8", charset) + 'msgid "a"\nmsgstr "b"\n'
    assert render_po(parse_po(text.encode("ascii"), "in.po")) == msgcat(text, tmp_path)


def test_a_catalog_named_ascii_with_other_characters_is_refused() -> None:
    """msgfmt and msgcat refuse it too; the message says how to convert it."""
    from pipeline.errors import PoError

    text = HEADER.replace("UTF-8", "ASCII") + 'msgid "a"\nmsgstr "ä"\n'
    with pytest.raises(PoError, match=r"charset 'ASCII' in Content-Type: catalogs must be UTF-8") as caught:
        parse_po(text.encode("utf-8"), "in.po")
    assert caught.value.line == 3


def test_flags_msgcat_does_not_know_are_kept_last(tmp_path: Path) -> None:
    """A deliberate difference: msgcat drops a flag it does not know (a CAT tool's `max-length:80`,
    a newer gettext's `rust-format`); we keep it, after the ones it knows."""
    text = HEADER + '#, max-length:80, c-format, rust-format, fuzzy\nmsgid "a"\nmsgstr "b"\n'
    ours = render_po(parse_po(text.encode("utf-8"), "in.po"))
    assert "#, fuzzy, c-format, max-length:80, rust-format\n" in ours
    assert "#, fuzzy, c-format\n" in msgcat(text, tmp_path)


def _overflowing(directive: str, before: str = "") -> str:
    """A string whose line would end at the first blank inside ``directive`` were it text."""
    blank = directive.index(" ")
    return before + " " + "a " * ((77 - len(before) - 3 - blank) // 2) + "b " + directive + " end of the text"


DIRECTIVES = {
    # weblate's es catalog and gramps' sq catalog: `%%` and `%(place) %` stay on one line
    "percent sign": ("python-format", "msgstr", "<strong>%(count)s strings</strong> para traducir y están "
                     "<strong>%(percent)s%% completos</strong> y algo más de texto."),
    "key and blank flag": ("python-format", "msgstr", "Ky person kishte marrëdhënie me %(spouse)s më "
                           "%(partial_date)s në %(place) %(endnotes)s."),
    "blank flag in C": ("c-format", "msgstr", _overflowing("50% off")),
    "argument number": ("c-format", "msgstr", _overflowing("%1$ d")),
    "glibc's I flag in a msgstr": ("c-format", "msgstr", _overflowing("% I d")),
    "glibc's I flag in a msgid ends the directives": ("c-format", "msgid", _overflowing("%0 5d", "% I d")),
    "an invalid directive ends them": ("c-format", "msgstr", _overflowing("% d", "100%.")),
    "numbered after unnumbered ends them": ("c-format", "msgstr", _overflowing("%1$ d", "%d")),
    "a later invalid one does not": ("c-format", "msgstr", _overflowing("% d") + " 100%"),
    "python has no %a": ("python-format", "msgstr", _overflowing("% a")),
    "a key in parentheses that do not close": ("python-format", "msgstr", _overflowing("% d", "%( a (b)")),
    "no-c-format": ("no-c-format", "msgstr", _overflowing("50% off")),
    "java-format is not read": ("java-format", "msgstr", _overflowing("50% off")),
}


@pytest.mark.parametrize("name", DIRECTIVES)
def test_no_line_ends_inside_a_printf_directive_as_in_msgcat(name: str, tmp_path: Path) -> None:
    flag, keyword, value = DIRECTIVES[name]
    entry = f'msgid "x"\nmsgstr "{value}"\n' if keyword == "msgstr" else f'msgid "{value}"\nmsgstr ""\n'
    text = HEADER + f"#, {flag}\n" + entry
    ours = render_po(parse_po(text.encode("utf-8"), "in.po"))
    assert ours == msgcat(text, tmp_path)
    assert ours.count('"\n"') >= 1  # the string is wrapped: a line ended somewhere
