"""The `glyphs` check: characters that no installed font can draw, found before a build.

A PDF whose page holds such a character fails to render (WeasyPrint would draw a
box). `check` names each one (U+XXXX and its Unicode name) at every `path:line`
that holds it: each line of an English source (every locale's PDF shows the
English of its missing and stale sections) and each translated `.po` entry. The
coverage is that of the installed fonts, which is the coverage of every locale's
font stack (see :mod:`.render.glyphs`). The check is an error for `check` (exit 1);
a build does not withhold a locale for it, since only the PDF is at stake and the
build names the same lines when it fails.
"""

from __future__ import annotations

import re
from typing import Iterator

from .config import Config
from .pofile import Catalog
from .source import Document

__all__ = ["CHECK_ID", "drawn_source", "source_glyph_findings", "catalog_glyph_findings"]

CHECK_ID = "glyphs"
ERROR, WARNING = "error", "warning"

#: a finding's fields, in the order of :class:`.check.Finding` (which wraps them: `check`
#: imports this module, so it cannot import `check`)
Row = tuple[str, int, str, str, str | None, str | None, str]

_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def drawn_source(text: str) -> str:
    """The source with what no page shows blanked out, line numbers kept: HTML comments,
    and the front matter except its `title`."""
    text = _COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        for i in range(1, end):
            if not lines[i].startswith("title:"):
                lines[i] = ""
    return "\n".join(lines)


def _message(missing: str, locale: str | None) -> str:
    from .render.glyphs import REMEDY, describe_characters

    whose = f"the {locale} PDF" if locale else "every locale's PDF"
    noun = "is" if len(missing) == 1 else "are"
    return f"{describe_characters(missing)} {noun} in no installed font: {whose} would fail; {REMEDY}"


def _font_list_problem(path: str, error: Exception) -> Row:
    return (path, 1, WARNING, CHECK_ID, None, None, f"characters not checked against the fonts: {error}")


def source_glyph_findings(config: Config, doc: Document) -> Iterator[Row]:
    """Each line of ``doc``'s source that holds characters no installed font has."""
    from .render.glyphs import FontListError, uncovered_lines

    try:
        text = (config.root / doc.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # read before as the document: cannot happen but in a race
        return
    try:
        for line, missing in uncovered_lines(drawn_source(text)):
            yield (doc.path, line, ERROR, CHECK_ID, None, None, _message(missing, None))
    except FontListError as error:
        yield _font_list_problem(doc.path, error)


def catalog_glyph_findings(cat: Catalog, locale: str, path: str) -> Iterator[Row]:
    """Each translated entry of ``cat`` whose msgstr holds characters no installed font has."""
    from .render.glyphs import FontListError, uncovered_characters

    try:
        for entry in cat.entries:
            if entry.obsolete or not entry.translated or entry.msgctxt is None or entry.msgstr.isascii():
                continue
            missing = uncovered_characters(entry.msgstr)
            if missing:
                yield (path, entry.line, ERROR, CHECK_ID, locale, entry.msgctxt, _message(missing, locale))
    except FontListError as error:
        yield _font_list_problem(path, error)
