"""Writing PO files in GNU gettext's layout (:mod:`pipeline.polayout`), atomically.

Besides the strings' layout, the writer does what msgcat does to an entry (observed on 3,522
catalogs of other projects; tests/test_po_normalization.py compares with msgcat): flags in
gettext's order, no `fuzzy` on an untranslated entry, no obsolete entry without a translation,
each reference once, comments as written (blanks at their end included).
"""

from __future__ import annotations

import os
import re
import sys
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..errors import WriteError
from ..directives import FORMAT_FLAGS
from ..polayout import keyword_lines
from .model import Catalog, Entry

__all__ = ["po_lines", "render_po", "write_atomic", "stage_atomic", "commit_staged", "discard_staged",
           "write_all_atomic"]

#: the columns GNU tools fill (a line of `msgid "..."`, quotes included)
WIDTH = 79


#: the format languages GNU msgcat 0.21 knows, in the order it writes their flags (observed:
#: it writes `fuzzy`, then these as `X-format` or `no-X-format`, then `range:`, then `no-wrap`)
FORMATS = ("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
           "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
           "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
           "gfc-internal", "ycp")
_RANGE_RE = re.compile(r"range: (\d+)\.\.(\d+)")


def _comment_lines(prefix: str, items: Iterable[str]) -> Iterator[str]:
    """msgcat writes a comment as read, blanks at its end included (`#` alone for an empty one)."""
    for item in items:
        yield f"{prefix} {item}" if item else prefix


def _format_language(flag: str) -> str | None:
    name = flag.removesuffix("-format") if flag.endswith("-format") else None
    if name is not None and name.startswith("no-"):
        name = name[3:]
    return name if name in FORMATS else None


def msgcat_flags(flags: Sequence[str], translated: bool) -> list[str]:
    """The flags msgcat writes for ``flags``, in its order: `fuzzy` (only on a translated entry), each
    format language's last word (`c-format` or `no-c-format`) in its order, a valid `range:`
    (an invalid one is dropped), `no-wrap` if the last of `wrap`/`no-wrap` says so. msgcat drops
    flags it does not know (a CAT tool's `max-length:80`, a newer gettext's `rust-format`); we
    keep them, last, rather than lose what another tool wrote."""
    formats: dict[str, str] = {}
    fuzzy, wrap, valid_range, unknown = False, "", "", []
    for flag in flags:
        language = _format_language(flag)
        bounds = _RANGE_RE.fullmatch(flag)
        if flag == "fuzzy":
            fuzzy = True
        elif flag in ("wrap", "no-wrap"):
            wrap = flag
        elif language is not None:
            formats[language] = flag
        elif flag.startswith("range:"):  # msgcat drops one it cannot read (`range: 3..1`)
            valid_range = flag if bounds and int(bounds.group(1)) <= int(bounds.group(2)) else valid_range
        elif flag not in unknown:
            unknown.append(flag)
    ordered = ["fuzzy"] if fuzzy and translated else []
    ordered += [formats[language] for language in FORMATS if language in formats]
    ordered += [valid_range] if valid_range else []
    ordered += ["no-wrap"] if wrap == "no-wrap" else []
    return ordered + unknown


def _translated(entry: Entry) -> bool:
    """msgcat's test for an entry with a translation: its msgstr, or msgstr[0] of a plural one."""
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural is not None else entry.msgstr)


def _reference_lines(occurrences: list[str], width: int = WIDTH) -> Iterator[str]:
    """GNU packs references into `#:` lines of at most ``width`` columns, each reference once."""
    line = "#:"
    for ref in dict.fromkeys(occurrences):
        if len(line) > 2 and len(line) + 1 + len(ref) > width:
            yield line
            line = "#:"
        line += " " + ref
    if len(line) > 2:
        yield line


def _entry_lines(entry: Entry) -> Iterator[str]:
    yield from _comment_lines("#", entry.tcomments)
    yield from _comment_lines("#.", entry.comments)
    yield from _reference_lines(entry.occurrences)
    flags = msgcat_flags(entry.flags, _translated(entry))
    if flags:
        yield "#, " + ", ".join(flags)
    # a c-format or python-format string's directives are kept whole (:mod:`..directives`)
    language = next((FORMAT_FLAGS[f] for f in flags if f in FORMAT_FLAGS), None)
    lines = partial(keyword_lines, width=_width(entry.flags), language=language)
    prev_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        yield from lines("msgctxt", entry.previous_msgctxt, prefix=prev_prefix)
    if entry.previous_msgid is not None:
        yield from lines("msgid", entry.previous_msgid, prefix=prev_prefix)
    if entry.previous_msgid_plural is not None:
        yield from lines("msgid_plural", entry.previous_msgid_plural, prefix=prev_prefix)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        yield from lines("msgctxt", entry.msgctxt, prefix=prefix)
    yield from lines("msgid", entry.msgid, prefix=prefix)
    if entry.msgid_plural is not None:
        yield from lines("msgid_plural", entry.msgid_plural, prefix=prefix)
        for index in sorted(entry.msgstr_plural):
            yield from lines(f"msgstr[{index}]", entry.msgstr_plural[index], prefix=prefix)
    else:
        yield from lines("msgstr", entry.msgstr, prefix=prefix)


def _width(flags: Sequence[str]) -> int:
    """GNU's width, or none for an entry flagged `no-wrap` (its strings break only after `\\n`;
    the last of `wrap` and `no-wrap` counts)."""
    wrap = [flag for flag in flags if flag in ("wrap", "no-wrap")]
    return sys.maxsize if wrap and wrap[-1] == "no-wrap" else WIDTH


def po_lines(catalog: Catalog) -> Iterator[str]:
    """The catalog's lines in GNU gettext's layout (active entries, then obsolete)."""
    yield from _comment_lines("#", catalog.header_comments)
    header = "".join(f"{k}: {v}\n" for k, v in catalog.header)
    flags = msgcat_flags(catalog.header_flags, bool(header))
    if flags:
        yield "#, " + ", ".join(flags)
    yield 'msgid ""'
    yield from keyword_lines("msgstr", header, width=_width(catalog.header_flags))
    # an obsolete entry without a translation holds nothing: msgcat does not write it (nor one
    # whose msgstr[0] alone is empty; that one we keep, for its other forms are translations)
    ordered = [e for e in catalog.entries if not e.obsolete] + [
        e for e in catalog.entries if e.obsolete and (e.msgstr or any(e.msgstr_plural.values()))]
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
