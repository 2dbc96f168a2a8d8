"""`ids`: give every heading of `source/*.md` an explicit `{#id}`.

The id added is the slug the heading already has (:func:`..source.slugify`), so the
section's id, its catalog entries and every existing ``#anchor`` stay the same; from
then on the English heading can be reworded without changing them. A heading that
already has ``{#id ...}`` (with or without ``regions="..."``) is left as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection, NamedTuple

from .catalog import PlannedWrite
from .errors import DuplicateIdError, SourceError
from .source import Document, document_paths, load_document, parse_document

__all__ = ["IdsResult", "plan_ids"]


class IdsResult(NamedTuple):
    """What `ids` would change."""

    #: the source files to rewrite (path, old text, new text)
    writes: list[PlannedWrite]
    #: (path, line, id) of each heading given an id
    added: list[tuple[str, int, str]]


def plan_ids(root: Path, *, regions: Collection[str] | None = None) -> IdsResult:
    """The `{#id}` each heading without one would get, in every source file.

    Reads every file first: a malformed source is an error before anything is planned. A
    heading whose words give the id of an earlier one ("Processor shall:" twice) gets the slug
    with `-2`, `-3`, ... (its own id: duplicate ids are an error).
    """
    writes: list[PlannedWrite] = []
    added: list[tuple[str, int, str]] = []
    for path in document_paths(root):
        try:
            load_document(root, path, regions=regions)  # an unreadable file, as path:line
        except DuplicateIdError:
            pass  # such headings get ids of their own (_unique_ids)
        text = path.read_bytes().decode("utf-8")
        rel = path.relative_to(root).as_posix()
        unique, renamed = _unique_ids(text, rel, regions)
        doc = parse_document(unique, rel, regions=regions)
        missing = [s for s in doc.sections if not s.explicit_id]
        if not missing and not renamed:
            continue
        new = _with_ids(unique, doc)
        if not _same_sections(doc, new):  # a heading form we do not rewrite safely: say where
            raise SourceError("cannot add an id to this heading safely: add {#%s} by hand" % missing[0].id,
                              doc.path, missing[0].line)
        if new != text:
            writes.append(PlannedWrite(path, doc.path, text, new))
            added.extend(sorted([(doc.path, s.line, s.id) for s in missing] + [(doc.path, *r) for r in renamed]))
    return IdsResult(writes, added)


def _unique_ids(text: str, path: str, regions: Collection[str] | None) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with `{#slug-2}` on each heading whose derived id an earlier heading has, and
    (line, id) of each."""
    renamed: list[tuple[int, str]] = []
    while True:
        try:
            parse_document(text, path, regions=regions)
            return text, renamed
        except DuplicateIdError as exc:
            newline = "\r\n" if "\r\n" in text else "\n"
            lines = text.split(newline)
            _add_id(lines, (exc.line or 1) - 1, exc.free_id)
            text = newline.join(lines)
            renamed.append((exc.line or 1, exc.free_id))


def _with_ids(text: str, doc: Document) -> str:
    """``text`` with `` {#id}`` at the end of each heading line that has none."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for sec in doc.sections:
        if not sec.explicit_id:
            _add_id(lines, sec.line - 1, sec.id)
    return newline.join(lines)


def _add_id(lines: list[str], heading: int, section_id: str) -> None:
    """`` {#id}`` at the end of the heading starting on line index ``heading``."""
    index = _heading_line_index(lines, heading)
    line = lines[index]
    if index + 1 < len(lines) and _is_setext_underline(lines[index + 1]):
        lines[index] = f"{line.rstrip()} {{#{section_id}}}"
    else:
        lines[index] = _append_to_atx(line, section_id)


def _heading_line_index(lines: list[str], index: int) -> int:
    """The line of the heading's text (a setext heading's text may span lines: its last one)."""
    if lines[index].lstrip().startswith("#"):
        return index
    end = index
    while end + 1 < len(lines) and not _is_setext_underline(lines[end + 1]):
        end += 1
    return end


def _is_setext_underline(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(line) - len(line.lstrip()) < 4 and set(stripped) <= {"-"} | {"="} \
        and len(set(stripped)) == 1


def _append_to_atx(line: str, section_id: str) -> str:
    """`## Title ##` → `## Title {#id}` (a closing sequence of `#` would hide the id)."""
    body = line.rstrip()
    stripped = body.rstrip("#")
    if stripped != body and (stripped.endswith((" ", "\t")) or not stripped.strip("# \t")):
        body = stripped.rstrip()
    return f"{body} {{#{section_id}}}"


def _same_sections(doc: Document, text: str) -> bool:
    """Whether ``text`` gives the same sections (ids, titles, bodies) as ``doc``, every id explicit."""
    after = parse_document(text, doc.path, doc.id)
    return all(s.explicit_id for s in after.sections) and \
        [(s.id, s.title, s.body) for s in after.sections] == [(s.id, s.title, s.body) for s in doc.sections]
