"""Checks of the English source itself, which `check` runs beside the catalogs' (the link checks,
which read Markdown as the catalogs' checks do, are :func:`.check.source_link_findings`): a
heading without an explicit id, what a page can only show as text — another tool's syntax
(kramdown, Liquid), raw HTML (off), images (nothing is fetched for a page or a PDF) — and table
cells that GFM drops (a row with more cells than its header)."""

from __future__ import annotations

from collections import Counter

from .source import Document

__all__ = ["source_findings"]

WARNING = "warning"

#: a finding's fields, in the order of :class:`.check.Finding` (which wraps them: `check`
#: imports this module, so it cannot import `check`)
Row = tuple[str, int, str, str, str | None, str | None, str]

#: what a page shows of the English's other syntax (:func:`.markdown.extension_syntax`), by how it starts
_SHOWN_AS_TEXT = (
    ("![", "image", "an image: pages show none (nothing is fetched for a page or a PDF), so it shows as text"),
    ("<", "raw-html", "raw HTML: policy-l10n shows it as text, on the page too; write it in Markdown "
                      "(a line break: a backslash at the end of the line, none inside a table cell; an anchor: "
                      "{#id} on the heading)"),
    ("", "extension-syntax", "syntax of another tool (kramdown, Liquid): policy-l10n keeps it as text, "
                             "on the page too"),
)


def source_findings(doc: Document) -> list[Row]:
    """Warnings on the English source, in line order."""
    rows: list[Row] = [(doc.path, s.line, WARNING, "heading-id", None, s.id,
                        f"heading without an explicit id: add {{#{s.id}}} so rewording it keeps translations")
                       for s in doc.sections if not s.explicit_id]
    for (line, text), times in Counter(doc.extension_syntax).items():  # one row for `<br>` × 8 on a line
        section = _section_at(doc, line)
        check_id, shown = next((c, why) for start, c, why in _SHOWN_AS_TEXT if text.startswith(start))
        quoted = text if len(text) <= 60 else text[:59] + "…"
        where = "is" if times == 1 else f"({times} times on this line) is"
        rows.append((doc.path, line, WARNING, check_id, None, section, f"{quoted!r} {where} {shown}"))
    for line, cells, header in doc.dropped_cells:
        section = _section_at(doc, line)
        dropped = "the last cell is" if cells - header == 1 else f"the last {cells - header} cells are"
        rows.append((doc.path, line, WARNING, "table-cells", None, section,
                     f"a table row of {cells} cells under a header of {header}: {dropped} not shown (GFM drops "
                     "them, on GitHub too); add header cells, or escape a '|' inside a cell as '\\|'"))
    return sorted(rows, key=lambda row: row[1])


def _section_at(doc: Document, line: int) -> str:
    """The id of the section holding ``line`` ("document" before the first heading)."""
    return next((s.id for s in reversed(doc.sections) if s.line <= line), "document")
