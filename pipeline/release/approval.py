"""Sign-off: the reviewer's approval in a `.po` header, its digest, and whether it still holds."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any, Mapping, Sequence

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


def approval_digest(cat: Catalog, inherited: Sequence[tuple[str, Catalog | None]] = ()) -> str:
    """sha256 of what a locale shows: its own active entries, then what it inherits.

    ``inherited`` is the rest of the fallback chain, ``(locale, catalog)`` in order.
    Each message the locale does not translate itself adds the entry of the first
    fallback that translates it (locale, msgctxt, msgid, msgstr, fuzzy flag): a
    change there changes what the page shows. Without inherited entries this is
    :func:`catalog_digest`, so the sign-off of a locale without fallbacks is as before.
    """
    rows = _inherited_rows(cat, inherited)
    if not rows:
        return catalog_digest(cat)
    import hashlib
    import json

    own = [[e.msgctxt, e.msgid, e.msgstr, e.fuzzy] for e in cat.entries if not e.obsolete]
    return hashlib.sha256(json.dumps(own + rows, ensure_ascii=False).encode("utf-8")).hexdigest()


def _inherited_rows(cat: Catalog, inherited: Sequence[tuple[str, Catalog | None]]) -> list[list[Any]]:
    # per message, not per section: a superset of what the page takes (never too few)
    done = {e.msgctxt for e in cat.entries if not e.obsolete and e.translated}
    rows: list[list[Any]] = []
    for loc, fallback in inherited:
        if fallback is None:
            continue
        for e in fallback.entries:
            if not e.obsolete and e.translated and e.msgctxt not in done:
                rows.append([loc, e.msgctxt, e.msgid, e.msgstr, e.fuzzy])
        done |= {r[1] for r in rows}
    return rows


def inherited_catalogs(config: Config, locale: str,
                       catalogs: Mapping[str, Catalog | None]) -> list[tuple[str, Catalog | None]]:
    """``(locale, catalog)`` of the fallbacks ``locale`` inherits from, in chain order."""
    return [(loc, catalogs.get(loc)) for loc in config.fallback_chain(locale)[1:]]


def approval_state(doc: Document, config: Config, locale: str,
                   catalogs: Mapping[str, Catalog | None]) -> dict[str, Any]:
    """`{"state": "approved"|"void"|"none", "by", "at"}` of ``locale``'s catalog of ``doc``.

    ``catalogs`` maps the locale and its fallbacks to their catalogs of ``doc`` (as
    for `locale_status`). Void when what the locale shows changed since the sign-off
    (its catalog or the fallback entries it inherits), or today's English differs
    from the English that was approved (even before `update` ran).
    """
    return approval_states(doc, config, [locale], catalogs)[locale]


def approval_states(doc: Document, config: Config, locales: Sequence[str],
                    catalogs: Mapping[str, Catalog | None]) -> dict[str, dict[str, Any]]:
    """:func:`approval_state` of each of ``locales``; today's English is extracted once for
    them all (~170 µs a time: for 60 signed-off locales, 90 % of the work)."""
    out: dict[str, dict[str, Any]] = {}
    english: list[tuple[str | None, str]] | None = None  # (msgctxt, msgid) of today's messages
    for locale in locales:
        cat = catalogs.get(locale)
        approval = parse_approval(cat)
        if approval is None or cat is None:
            out[locale] = {"state": "none", "by": None, "at": None}
            continue
        if english is None:
            english = [(m.msgctxt, m.msgid) for m in document_messages(doc, config)]
        entries = cat.by_context()
        english_unchanged = all((e := entries.get(ctx)) is not None and e.msgid == msgid for ctx, msgid in english)
        digest = approval_digest(cat, inherited_catalogs(config, locale, catalogs))
        valid = approval["digest"] == digest and english_unchanged
        out[locale] = {"state": "approved" if valid else "void", "by": approval["by"], "at": approval["at"] or None}
    return out


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
            digest = approval_digest(cat, inherited_catalogs(config, loc, catalogs))
            cat.set_header(APPROVAL_HEADER, format_approval(by.strip(), utc_now_iso(now), digest))
            writes.append(PlannedWrite(path, rel(config, path), old, render_po(cat)))
    if problems:
        raise RefusedError("approval refused: " + "; ".join(problems))
    return writes


def approval_state_raw(cat: Catalog, inherited: Sequence[tuple[str, Catalog | None]] = ()) -> tuple[str, str] | None:
    """(by, at) of a sign-off whose digest still matches what the locale shows, else None."""
    approval = parse_approval(cat)
    if approval and approval["digest"] == approval_digest(cat, inherited):
        return approval["by"], approval["at"]
    return None
