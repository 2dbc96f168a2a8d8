"""A source file's YAML front matter: its ``title`` and ``updated`` date (DESIGN.md), each
fault a :class:`SourceError` at its line. Other keys (``redirect_from``, ``versions``, ...)
belong to other tools and are ignored."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from .errors import SourceError

__all__ = ["FrontMatter", "read_front_matter"]


class FrontMatter(NamedTuple):
    title: str
    updated: dt.date
    #: 1-based line of `title:`
    title_line: int
    #: the lines after the closing `---`, and how many lines came before them
    body_lines: list[str]
    offset: int


def read_front_matter(text: str, path: str) -> FrontMatter:
    """The front matter of a source's text (newlines already `\\n`); ``path`` for messages."""
    meta, body_lines, offset = _split_front_matter(text, path)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SourceError("front matter needs a non-empty 'title'", path, _front_matter_line(text, "title"))
    updated = meta.get("updated")
    if isinstance(updated, str):  # quoted, as many sites' front matter writes dates: '2026-02-01'
        updated = _quoted_date(updated, path, _front_matter_line(text, "updated"))
    if isinstance(updated, dt.datetime):
        updated = updated.date()
    if not isinstance(updated, dt.date):
        raise SourceError("front matter needs 'updated' as a date YYYY-MM-DD", path,
                          _front_matter_line(text, "updated"))
    return FrontMatter(" ".join(title.split()), updated, _front_matter_line(text, "title"), body_lines, offset)


def _split_front_matter(text: str, path: str) -> tuple[dict[str, object], list[str], int]:
    """Return (front matter, remaining lines, number of lines consumed)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        if lines and lines[0].rstrip() == "+++":
            raise SourceError("TOML front matter ('+++') is not read: write it as YAML between '---' lines "
                              "(title: ..., updated: YYYY-MM-DD)", path, 1)
        raise SourceError("missing front matter: the file must start with a '---' line, then title: ... and "
                          "updated: YYYY-MM-DD, then '---'", path, 1)
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise SourceError("front matter is not closed by a '---' line", path, 1)
    block = "\n".join(lines[1:end])
    data = _parse_yaml(block, path)
    return data, lines[end + 1 :], end + 1


def _parse_yaml(block: str, path: str) -> dict[str, object]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(block, Loader=loader) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"invalid front matter: {problem}", path, line) from None
    except ValueError as exc:  # a timestamp YAML accepts but the calendar does not: 2026-13-01
        raise SourceError(f"invalid date in front matter: {exc}", path,
                          _invalid_date_line(block, loader)) from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    return data


def _invalid_date_line(block: str, loader) -> int:  # type: ignore[no-untyped-def]
    """File line of the first timestamp in the front matter that is no real date (2 if none)."""
    import yaml

    node = yaml.compose(block, Loader=loader)
    for _key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":timestamp"):
            try:
                yaml.load(value.value, Loader=loader)
            except ValueError:
                return value.start_mark.line + 2
    return 2


def _quoted_date(value: str, path: str, line: int) -> object:
    """A quoted date read as YAML reads one unquoted (``2026-02-01``, or a timestamp); any
    other string is returned as it is (and refused by the caller)."""
    import yaml

    if not re.fullmatch(r"\d{4}-\d\d?-\d\d?(?:[Tt ].*)?", value.strip()):
        return value
    try:
        return yaml.safe_load(value.strip())
    except (yaml.YAMLError, ValueError) as exc:  # 2026-02-30: a timestamp, but no real date
        raise SourceError(f"invalid date in front matter: {exc}", path, line) from None


def _front_matter_line(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
