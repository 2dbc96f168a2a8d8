"""Presenting a :class:`~pipeline.freshness.StatusReport`: JSON, terminal table, Markdown."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Sequence

from .config import bcp47
from .freshness import CURRENT, STATES, LocaleStatus, SectionState, word_diff
from .status import StatusReport

__all__ = ["status_json", "status_table", "status_markdown", "failing", "FAIL_CONDITIONS", "diff_text"]

FAIL_CONDITIONS = ("missing", "stale", "review", "any", "unapproved")


def _section_json(st: SectionState, provenance: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": st.id, "title": st.title, "state": st.state,
                           "translation_locale": st.locale, "words": st.words}
    if st.state == "stale":
        out["source"] = st.source
        out["previous_source"] = st.previous_source
    if provenance is not None:  # where the translation came from: person, memory, import, adopt
        out["provenance"] = provenance.get(st.id)
    return out


def _locale_json(ls: LocaleStatus, approval: dict[str, Any],
                 provenance: Mapping[str, Any] | None = None) -> dict[str, Any]:
    summary = {"sections": len(ls.sections), **{s: ls.counts[s] for s in STATES},
               "words_to_translate": ls.words_to_translate}
    return {"locale": ls.locale, "bcp47": bcp47(ls.locale), "summary": summary,
            "document": _section_json(ls.document, provenance), "approval": approval,
            "sections": [_section_json(s, provenance) for s in ls.sections]}


def status_json(report: StatusReport, approvals: dict[tuple[str, str], dict[str, Any]],
                minor: dict[str, list[dict[str, Any]]] | None = None, indent: int | None = None, *,
                provenance: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
                extra: Mapping[str, Any] | None = None) -> str:
    """DESIGN.md's `status --format json` object.

    ``provenance``: per (document, locale), each section's provenance (``sections[].provenance``);
    ``extra``: more top-level keys (e.g. ``quote``)."""
    docs = []
    for d in report.documents:
        docs.append({"id": d.document.id, "title": d.document.title, "path": d.document.path,
                     "minor_changes": (minor or {}).get(d.document.id, []),
                     "locales": [_locale_json(ls, approvals.get((d.document.id, ls.locale), _NONE),
                                              None if provenance is None else provenance.get((d.document.id, ls.locale), {}))
                                 for ls in d.locales]})
    ui = [{"locale": u.locale, "summary": {"messages": sum(u.counts.values()),
                                          **{s: u.counts[s] for s in STATES}},
           "not_current": list(u.missing)} for u in report.ui]
    # indent=None keeps json's C encoder: thousands of catalogs print in milliseconds
    return json.dumps({"source_locale": report.source_locale, "documents": docs, "ui": ui, **(extra or {})},
                      ensure_ascii=False, indent=indent)


_NONE = {"state": "none", "by": None, "at": None}


def failing(report: StatusReport, conditions: Iterable[str],
            approvals: dict[tuple[str, str], dict[str, Any]]) -> list[str]:
    """Human-readable reasons the report meets a `--fail-on` condition (empty: pass)."""
    wanted = set(conditions)
    if "any" in wanted:
        wanted |= {"missing", "stale", "review"}
    reasons = []
    for d in report.documents:
        for ls in d.locales:
            for state in ("missing", "stale", "review"):
                if state in wanted:
                    n = sum(1 for s in ls.all_states() if s == state)
                    if n:
                        reasons.append(f"{d.document.id} [{ls.locale}]: {n} {state}")
            if "unapproved" in wanted:
                ap = approvals.get((d.document.id, ls.locale), _NONE)
                if ap["state"] != "approved":
                    reasons.append(f"{d.document.id} [{ls.locale}]: approval {ap['state']}")
    return reasons


def diff_text(old: str, new: str, color: bool) -> str:
    """wdiff-style `[-old-]{+new+}`, coloured on a terminal."""
    parts = []
    for op, text in word_diff(old, new):
        if op == "=":
            parts.append(text)
        elif op == "-":
            parts.append(f"\x1b[31m[-{text}-]\x1b[0m" if color else f"[-{text}-]")
        else:
            parts.append(f"\x1b[32m{{+{text}+}}\x1b[0m" if color else f"{{+{text}+}}")
    return "".join(parts)


def _not_current(ls: LocaleStatus) -> list[SectionState]:
    return [s for s in (ls.document, *ls.sections) if s.state != CURRENT]


#: beyond this many table rows the plain renderer is used (rich measures every cell)
RICH_ROW_LIMIT = 400
_ANSI = {"current": "32", "review": "33", "stale": "31", "missing": "35"}


def _paint(text: str, state: str, color: bool) -> str:
    return f"\x1b[{_ANSI[state]}m{text}\x1b[0m" if color and state != CURRENT else text


def _plain_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [title, line(header), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out) + "\n"


def _rich_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int],
                color: bool, width: int | None) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width or 100,
                      highlight=False, soft_wrap=True)
    table = Table(title=title, title_justify="left")
    for i, col in enumerate(header):
        table.add_column(col, justify="right" if i in right else "left")
    style = {"current": "green", "review": "yellow", "stale": "red", "missing": "magenta"}
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            state = header[i] if header[i] in style else None
            from rich.text import Text

            cells.append(Text(str(cell), style=style[state] if state and state != CURRENT and str(cell) != "0" else ""))
        table.add_row(*cells)
    console.print(table)
    return buffer.getvalue()


def status_table(report: StatusReport, approvals: dict[tuple[str, str], dict[str, Any]], *,
                 show_diff: bool, color: bool, width: int | None = None) -> str:
    """The terminal report: a table per document (rich on a terminal), then what is not current."""
    total_rows = sum(len(d.locales) for d in report.documents)
    use_rich = color and total_rows <= RICH_ROW_LIMIT
    header = ("locale", "sections", *STATES, "words", "document", "approval")
    right = {1, 2, 3, 4, 5, 6}
    out: list[str] = []
    for d in report.documents:
        rows = [(ls.locale, len(ls.sections), *[ls.counts[s] for s in STATES], ls.words_to_translate,
                 ls.document.state, approvals.get((d.document.id, ls.locale), _NONE)["state"])
                for ls in d.locales]
        title = f"{d.document.id} — {d.document.title}"
        out.append(_rich_table(title, header, rows, right, color, width) if use_rich
                   else _plain_table(title, header, rows, right))
        for ls in d.locales:
            for st in _not_current(ls):
                via = f" (from {st.locale})" if st.locale and st.locale != ls.locale else ""
                out.append(f"  {ls.locale}: {_paint(f'{st.state:8}', st.state, color)} {st.id} — {st.title}{via}\n")
                if show_diff and st.state == "stale" and st.previous_source is not None:
                    out.append("      " + diff_text(st.previous_source, st.source, color).replace("\n", "\n      ") + "\n")
        out.append("\n")
    if report.ui:
        rows = [(u.locale, sum(u.counts.values()), *[u.counts[s] for s in STATES]) for u in report.ui]
        header_ui = ("locale", "messages", *STATES)
        title = "ui — page template strings"
        out.append(_rich_table(title, header_ui, rows, {1, 2, 3, 4, 5}, color, width) if use_rich
                   else _plain_table(title, header_ui, rows, {1, 2, 3, 4, 5}))
    return "".join(out)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def status_markdown(report: StatusReport, approvals: dict[tuple[str, str], dict[str, Any]], *,
                    show_diff: bool) -> str:
    """A pull-request comment: one table per document, then the sections to translate."""
    out: list[str] = []
    marks = {"current": "✅ current", "review": "👀 review", "stale": "⚠️ stale", "missing": "❌ missing"}
    for d in report.documents:
        out.append(f"### {_md_cell(d.document.title)} (`{d.document.id}`)\n")
        out.append("| Locale | Sections | Current | Review | Stale | Missing | Words to translate | Approval |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---|")
        for ls in d.locales:
            ap = approvals.get((d.document.id, ls.locale), _NONE)
            out.append(f"| `{ls.locale}` | {len(ls.sections)} | " + " | ".join(str(ls.counts[s]) for s in STATES)
                       + f" | {ls.words_to_translate} | {ap['state']} |")
        out.append("")
        for ls in d.locales:
            for st in _not_current(ls):
                out.append(f"- `{ls.locale}` {marks[st.state]}: **{_md_cell(st.title)}** (`{st.id}`)")
                if show_diff and st.state == "stale" and st.previous_source is not None:
                    out.append("  ```diff")
                    for line in diff_text(st.previous_source, st.source, False).splitlines():
                        out.append(f"  {line}")
                    out.append("  ```")
        out.append("")
    if report.ui:
        out.append("### Page template strings (`ui`)\n")
        out.append("| Locale | Messages | Current | Review | Stale | Missing |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for u in report.ui:
            out.append(f"| `{u.locale}` | {sum(u.counts.values())} | " + " | ".join(str(u.counts[s]) for s in STATES) + " |")
    return "\n".join(out).rstrip() + "\n"
