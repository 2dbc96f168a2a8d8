"""Sign-off: the reviewer's approval in a `.po` header, its digest, and whether it still holds."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any, Sequence

from ..catalog import catalog_digest, document_messages
from ..config import Config
from ..pofile import Catalog
from ..source import Document


APPROVAL_HEADER = "X-Policy-Approved"
_APPROVAL_RE = re.compile(r"^(?P<by>.+?);\s*(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ);\s*sha256=(?P<digest>[0-9a-f]{64})$")


def utc_now_iso(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_approval(by: str, at: str, digest: str) -> str:
    return f"{by}; {at}; sha256={digest}"


def parse_approval(cat: Catalog | None) -> dict[str, str] | None:
    """The sign-off recorded in a catalog's header, or None."""
    if cat is None:
        return None
    value = cat.header_value(APPROVAL_HEADER)
    if not value:
        return None
    m = _APPROVAL_RE.match(value.strip())
    if not m:
        return {"by": value.strip(), "at": "", "digest": ""}
    return m.groupdict()


def approval_state(doc: Document, cat: Catalog | None, config: Config | None = None) -> dict[str, Any]:
    """`{"state": "approved"|"void"|"none", "by", "at"}` for one locale catalog of ``doc``.

    Void when the catalog changed since the sign-off or today's English differs
    from the English that was approved (even before `update` ran).
    """
    approval = parse_approval(cat)
    if approval is None or cat is None:
        return {"state": "none", "by": None, "at": None}
    entries = cat.by_context()
    english_unchanged = all(
        (e := entries.get(m.msgctxt)) is not None and e.msgid == m.msgid
        for m in document_messages(doc, config)
    )
    valid = approval["digest"] == catalog_digest(cat) and english_unchanged
    return {"state": "approved" if valid else "void", "by": approval["by"], "at": approval["at"] or None}


def plan_approve(config: Config, docs: Sequence[Document], locales: Sequence[str], by: str,
                 now: dt.datetime) -> list[Any]:
    """Sign-off headers to write; refused (exit 1) while a needed section is not current."""
    from ..catalog import PlannedWrite, load_locale_catalog, locale_catalog_path, rel
    from ..errors import RefusedError
    from ..freshness import load_catalogs, locale_status
    from ..pofile import render_po

    if not re.fullmatch(r"[^;<>\n]+<[^<>@\s;]+@[^<>\s;]+>", by.strip()):
        from ..errors import UsageError
        raise UsageError(f'--by must be "Name <email>" (got {by!r})')
    writes = []
    problems = []
    for doc in docs:
        catalogs = load_catalogs(config, locales, doc.id)
        for loc in locales:
            ls = locale_status(doc, config, loc, catalogs)
            bad = [s for s in (ls.document, *ls.sections) if s.state != "current"]
            if bad:
                problems.append(f"{doc.id} [{loc}]: " + ", ".join(f"{s.id} is {s.state}" for s in bad))
                continue
            cat = load_locale_catalog(config, loc, doc.id)
            if cat is None:
                problems.append(f"{doc.id} [{loc}]: no catalog")
                continue
            cat = copy.deepcopy(cat)  # the loaded catalog is shared
            path = locale_catalog_path(config, loc, doc.id)
            old = path.read_text(encoding="utf-8")
            cat.set_header(APPROVAL_HEADER, format_approval(by.strip(), utc_now_iso(now), catalog_digest(cat)))
            writes.append(PlannedWrite(path, rel(config, path), old, render_po(cat)))
    if problems:
        raise RefusedError("approval refused: " + "; ".join(problems))
    return writes


def approval_state_raw(cat: Catalog) -> tuple[str, str] | None:
    """(by, at) of a sign-off whose digest still matches the catalog, else None."""
    approval = parse_approval(cat)
    if approval and approval["digest"] == catalog_digest(cat):
        return approval["by"], approval["at"]
    return None
