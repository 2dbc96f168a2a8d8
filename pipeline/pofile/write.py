"""Writing PO files in GNU gettext's layout (:mod:`pipeline.polayout`), atomically."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..errors import WriteError
from ..polayout import keyword_lines
from .model import Catalog, Entry

__all__ = ["po_lines", "render_po", "write_atomic", "stage_atomic", "commit_staged", "discard_staged",
           "write_all_atomic"]

#: the columns GNU tools fill (a line of `msgid "..."`, quotes included)
WIDTH = 79


def _comment_lines(prefix: str, items: Iterable[str]) -> Iterator[str]:
    for item in items:
        yield f"{prefix} {item}".rstrip() if item else prefix


def _reference_lines(occurrences: list[str], width: int = WIDTH) -> Iterator[str]:
    """GNU packs references into `#:` lines of at most ``width`` columns."""
    line = "#:"
    for ref in occurrences:
        if len(line) > 2 and len(line) + 1 + len(ref) > width:
            yield line
            line = "#:"
        line += " " + ref
    if len(line) > 2:
        yield line


def _entry_lines(entry: Entry) -> Iterator[str]:
    yield from _comment_lines("#", entry.tcomments)
    if not entry.obsolete:
        yield from _comment_lines("#.", entry.comments)
        yield from _reference_lines(entry.occurrences)
    if entry.flags:
        yield "#, " + ", ".join(entry.flags)
    width = _width(entry.flags)
    prev_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        yield from keyword_lines("msgctxt", entry.previous_msgctxt, prefix=prev_prefix, width=width)
    if entry.previous_msgid is not None:
        yield from keyword_lines("msgid", entry.previous_msgid, prefix=prev_prefix, width=width)
    if entry.previous_msgid_plural is not None:
        yield from keyword_lines("msgid_plural", entry.previous_msgid_plural, prefix=prev_prefix, width=width)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        yield from keyword_lines("msgctxt", entry.msgctxt, prefix=prefix, width=width)
    yield from keyword_lines("msgid", entry.msgid, prefix=prefix, width=width)
    if entry.msgid_plural is not None:
        yield from keyword_lines("msgid_plural", entry.msgid_plural, prefix=prefix, width=width)
        for index in sorted(entry.msgstr_plural):
            yield from keyword_lines(f"msgstr[{index}]", entry.msgstr_plural[index], prefix=prefix, width=width)
    else:
        yield from keyword_lines("msgstr", entry.msgstr, prefix=prefix, width=width)


def _width(flags: Sequence[str]) -> int:
    """GNU's width, or none for an entry flagged `no-wrap` (its strings break only after `\\n`)."""
    return sys.maxsize if "no-wrap" in flags else WIDTH


def po_lines(catalog: Catalog) -> Iterator[str]:
    """The catalog's lines in GNU gettext's layout (active entries, then obsolete)."""
    yield from _comment_lines("#", catalog.header_comments)
    if catalog.header_flags:
        yield "#, " + ", ".join(catalog.header_flags)
    yield 'msgid ""'
    header = "".join(f"{k}: {v}\n" for k, v in catalog.header)
    yield from keyword_lines("msgstr", header, width=_width(catalog.header_flags))
    ordered = [e for e in catalog.entries if not e.obsolete] + [e for e in catalog.entries if e.obsolete]
    for entry in ordered:
        yield ""
        yield from _entry_lines(entry)


def render_po(catalog: Catalog) -> str:
    return "\n".join(po_lines(catalog)) + "\n"


def write_atomic(path: Path, data: str | bytes, rel: str) -> None:
    """Write via a temp file beside ``path`` and ``os.replace``: all or nothing."""
    commit_staged([stage_atomic(path, data, rel)])


def stage_atomic(path: Path, data: str | bytes, rel: str) -> tuple[str, Path, str]:
    """First half of :func:`write_atomic`: the data in a temp file beside ``path``.

    Returns ``(temp file, path, rel)`` for :func:`commit_staged`; on failure nothing is left.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _directory_error(path, rel, exc) from None
    import tempfile  # (with shutil and random: ~3 ms that only writing needs)

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # a directory we may not write in: the directory's fault
        raise WriteError(f"cannot write here: {exc.strerror}", rel.rpartition("/")[0] or ".", None) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
    except OSError as exc:
        discard_staged([(tmp, path, rel)])
        raise WriteError(f"cannot write: {exc.strerror}", rel, 1) from None
    return tmp, path, rel


def _directory_error(path: Path, rel: str, exc: OSError) -> WriteError:
    """A directory of ``path`` that cannot be created: name the first one in the way."""
    parts = rel.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        here = path.parents[len(parts) - depth]
        if os.path.lexists(here) and not here.is_dir():
            return WriteError("not a directory", "/".join(parts[:depth]), None)
    return WriteError(f"cannot create directory: {exc.strerror}", "/".join(parts) or ".", None)


def discard_staged(staged: Iterable[tuple[str, Path, str]]) -> None:
    for tmp, _path, _rel in staged:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def commit_staged(staged: list[tuple[str, Path, str]]) -> None:
    """Move staged temp files over their targets (``os.replace``, each atomic)."""
    for i, (tmp, path, rel) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            discard_staged(staged[i:])
            raise WriteError(f"cannot write: {exc.strerror}", rel, 1) from None


def write_all_atomic(items: Iterable[tuple[Path, str | bytes, str]]) -> None:
    """Write several files, all or nothing as far as the file system allows.

    Every ``(path, data, rel)`` is staged beside its target before any target is
    replaced, so a directory that cannot be written stops with every file as it was.
    """
    staged: list[tuple[str, Path, str]] = []
    try:
        for path, data, rel in items:
            staged.append(stage_atomic(path, data, rel))
    except BaseException:
        discard_staged(staged)
        raise
    commit_staged(staged)
