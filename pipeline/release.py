"""Release management: approvals (sign-off in the `.po` header), releases, minor edits."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Sequence

from .catalog import catalog_digest, document_messages
from .config import Config
from .pofile import Catalog
from .source import Document

__all__ = ["APPROVAL_HEADER", "parse_approval", "approval_state", "format_approval", "utc_now_iso"]

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


def approvals_for(config: Config, docs: Sequence[Document], locales: Sequence[str]) -> dict[tuple[str, str], dict[str, Any]]:
    from .catalog import load_locale_catalog

    return {(d.id, loc): approval_state(d, load_locale_catalog(config, loc, d.id), config)
            for d in docs for loc in locales}


def last_release(config: Config, doc_id: str) -> dict[str, Any] | None:
    """The newest entry of `releases/<doc>/index.json`, or None."""
    import json

    from .errors import ReleaseError

    path = config.releases_dir / doc_id / "index.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"cannot read the release index: {exc}", path.relative_to(config.root).as_posix(), 1) from None
    return data[-1] if isinstance(data, list) and data else None


def read_minor_log(config: Config) -> list[dict[str, Any]]:
    import json

    from .errors import ReleaseError

    path = config.locales_dir / "minor-changes.jsonl"
    if not path.exists():
        return []
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError as exc:
            raise ReleaseError(f"malformed JSON line: {exc}", "locales/minor-changes.jsonl", number) from None
    return records


def minor_changes_since_release(config: Config, docs: Sequence[Document]) -> dict[str, list[dict[str, Any]]]:
    """Per document, the accepted minor edits recorded after its last release."""
    log = read_minor_log(config)
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        last = last_release(config, doc.id)
        since = last["released_at"] if last else ""
        out[doc.id] = [r for r in log if r.get("document") == doc.id and r.get("time", "") > since]
    return out
