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
from .errors import SourceError
from .source import Document, document_paths, load_document

__all__ = ["IdsResult", "plan_ids"]


class IdsResult(NamedTuple):
    """What `ids` would change."""

    #: the source files to rewrite (path, old text, new text)
    writes: list[PlannedWrite]
    #: (path, line, id) of each heading given an id
    added: list[tuple[str, int, str]]


def plan_ids(root: Path, *, regions: Collection[str] | None = None) -> IdsResult:
    """The `{#id}` each heading without one would get, in every source file.

    Reads every file first: a malformed source is an error before anything is planned.
    """
    writes: list[PlannedWrite] = []
    added: list[tuple[str, int, str]] = []
    for path in document_paths(root):
        doc = load_document(root, path, regions=regions)
        missing = [s for s in doc.sections if not s.explicit_id]
        if not missing:
            continue
        text = path.read_bytes().decode("utf-8")
        new = _with_ids(text, doc)
        if not _same_sections(doc, new):  # a heading form we do not rewrite safely: say where
            raise SourceError("cannot add an id to this heading safely: add {#%s} by hand" % missing[0].id,
                              doc.path, missing[0].line)
        if new != text:
            writes.append(PlannedWrite(path, doc.path, text, new))
            added.extend((doc.path, s.line, s.id) for s in missing)
    return IdsResult(writes, added)


def _with_ids(text: str, doc: Document) -> str:
    """``text`` with `` {#id}`` at the end of each heading line that has none."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for sec in doc.sections:
        if sec.explicit_id:
            continue
        index = _heading_line_index(lines, sec.line - 1)
        line = lines[index]
        if index + 1 < len(lines) and _is_setext_underline(lines[index + 1]):
            lines[index] = f"{line.rstrip()} {{#{sec.id}}}"
        else:
            lines[index] = _append_to_atx(line, sec.id)
    return newline.join(lines)


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
    from .source import parse_document

    after = parse_document(text, doc.path, doc.id)
    return all(s.explicit_id for s in after.sections) and \
        [(s.id, s.title, s.body) for s in after.sections] == [(s.id, s.title, s.body) for s in doc.sections]
