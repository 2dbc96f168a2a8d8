"""`update --minor`: English edits accepted without re-translation, with an audit record."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping, Sequence

from ..config import Config
from ..pofile import Catalog
from ..source import Document
from .approval import APPROVAL_HEADER, approval_digest, approval_state_raw, format_approval, utc_now_iso


# patterns compiled on first use (by `re`'s cache): a build imports this module, only
# `release --minor` matches them
_FIGURE = r"\d+(?:[.,]\d+)*"
_URL = r"(?:https?|ftp|mailto):[^\s<>()\[\]]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
_LINK_TARGET = r"\]\(([^)\s]*)"


def _protected(text: str) -> tuple[list[str], list[str], list[str]]:
    return (re.findall(_FIGURE, text), re.findall(_URL, text), re.findall(_LINK_TARGET, text))


def _what_changed(before: str, after: str) -> str:
    """The protected tokens that differ, e.g. "90 → 60"."""
    old = [t for group in _protected(before) for t in group]
    new = [t for group in _protected(after) for t in group]
    gone = [t for t in old if t not in new]
    came = [t for t in new if t not in old]
    if not gone and not came:
        return "the same ones in another order or number"
    return f"{', '.join(dict.fromkeys(gone)) or 'nothing'} → {', '.join(dict.fromkeys(came)) or 'nothing'}"


def _minor_befores(config: Config, doc: Document, locales: Sequence[str], msgctxt: str, after: str,
                   pot: Mapping[str | None, Any]) -> list[str]:
    """The English in the catalogs that ``after`` replaces: the `.pot`'s, or (when the
    `.pot` is missing or already has ``after``, e.g. after `extract`) the locale catalogs'."""
    from ..catalog import load_locale_catalog

    entry = pot.get(msgctxt)
    if entry is not None and not entry.obsolete and entry.msgid != after:
        return [entry.msgid]
    befores: list[str] = []
    for loc in locales:
        cat = load_locale_catalog(config, loc, doc.id)
        e = cat.by_context().get(msgctxt) if cat is not None else None
        if e is not None and not e.obsolete and e.msgid != after and e.msgid not in befores:
            befores.append(e.msgid)
    return befores


def _digest_rows(cat: Catalog, replace: Mapping[str | None, str] | None = None) -> list[tuple]:
    replace = replace or {}
    return [(e.msgctxt, replace.get(e.msgctxt, e.msgid), e.msgstr, e.fuzzy) for e in cat.entries if not e.obsolete]


#: (document, msgctxt) -> (the English it replaces, the new English) of each accepted change
Accepted = Mapping[tuple[str, str], tuple[Sequence[str], str]]


def _minor_renames(cat: Catalog, domain: str, accepted: Accepted, *, translated: bool) -> dict[str | None, str]:
    """msgctxt -> new English of ``cat``'s entries a minor edit keeps as they were:
    current translations (``translated``) or untranslated entries (not ``translated``)."""
    out: dict[str | None, str] = {}
    for e in cat.entries:
        key = (domain, e.msgctxt or "")
        if e.obsolete or key not in accepted or e.msgid not in accepted[key][0]:
            continue
        if (e.translated and not e.fuzzy) if translated else not e.translated:
            out[e.msgctxt] = accepted[key][1]
    return out


def _inherited_after(inherited: Sequence[tuple[str, Catalog | None]], domain: str, accepted: Accepted,
                     updated: Sequence[str]) -> list[tuple[str, Catalog | None]] | None:
    """The fallback catalogs as this update leaves them, or None when a fallback that
    this update does not write would go stale (its sign-off must then go void)."""
    import copy
    import dataclasses

    out: list[tuple[str, Catalog | None]] = []
    for loc, cat in inherited:
        renames = _minor_renames(cat, domain, accepted, translated=True) if cat is not None else {}
        if renames and loc not in updated:
            return None
        if cat is not None and renames:
            cat = copy.copy(cat)
            cat.entries = [dataclasses.replace(e, msgid=renames[e.msgctxt]) if e.msgctxt in renames and not e.obsolete else e
                           for e in cat.entries]
        out.append((loc, cat))
    return out


def plan_minor(config: Config, docs: Sequence[Document], locales: Sequence[str], ids: Sequence[str],
               reason: str, now: dt.datetime) -> tuple[list[Any], Any]:
    """`update --minor`: the update's writes, with the listed sections kept current where they were.

    Returns the planned writes and a function that appends the audit records to
    `locales/minor-changes.jsonl` (call it after the writes).
    """
    import json

    from ..catalog import document_messages, load_locale_catalog, plan_update
    from ..errors import ReleaseError
    from ..pofile import read_po

    if not reason.strip():
        raise ReleaseError("--reason must say why the change needs no re-translation")
    records = []
    # (doc, msgctxt) -> (English it replaces, new English)
    accepted: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}
    for sid in dict.fromkeys(ids):
        matches = [d for d in docs if sid == "document" or any(s.id == sid for s in d.sections)]
        if not matches:
            raise ReleaseError(f"--minor {sid}: no such section"
                               + (f" in {', '.join(d.id for d in docs)}" if docs else ""))
        found = []
        for doc in matches:
            line = doc.section(sid).line if sid != "document" else doc.title_line
            pot_path = config.locales_dir / f"{doc.id}.pot"
            pot = read_po(pot_path, pot_path.relative_to(config.root).as_posix()).by_context() if pot_path.exists() else {}
            msgs = [m for m in document_messages(doc, config)
                    if (m.msgctxt[:-6] if m.msgctxt.endswith(".title") else m.msgctxt) == sid
                    or (sid == "document" and m.msgctxt.startswith("document."))]
            changed = []
            for m in msgs:
                befores = _minor_befores(config, doc, locales, m.msgctxt, m.msgid, pot)
                for before in befores:
                    if _protected(before) != _protected(m.msgid):
                        raise ReleaseError(f"--minor {sid}: the change alters a figure, a URL, an e-mail address "
                                           f"or a link target ({_what_changed(before, m.msgid)}); it needs "
                                           "re-translation, not --minor", doc.path, line)
                if befores:
                    changed.append((m.msgctxt, tuple(befores), m.msgid))
            if changed:
                found.append((doc, changed))
        if not found:
            doc = matches[0]
            raise ReleaseError(f"--minor {sid}: its English did not change since the last update",
                               doc.path, doc.section(sid).line if sid != "document" else doc.title_line)
        for doc, changed in found:
            for ctx, replaced, after in changed:
                accepted[(doc.id, ctx)] = (replaced, after)
            records.append((doc, sid, changed))

    applied: dict[tuple[str, str], list[str]] = {}

    def transform(domain: str, locale: str, old: Catalog | None, merged: Catalog) -> None:
        if old is None:
            return
        old_entries = old.by_context()
        inherited = [(loc, load_locale_catalog(config, loc, domain)) for loc in config.fallback_chain(locale)[1:]]
        was_approved = approval_state_raw(old, inherited)
        touched: dict[str | None, str] = {}
        for entry in merged.entries:
            key = (domain, entry.msgctxt or "")
            if entry.obsolete or key not in accepted:
                continue
            befores, after = accepted[key]
            prev = old_entries.get(entry.msgctxt)
            if prev is None or prev.obsolete or not prev.translated or prev.fuzzy or prev.msgid not in befores:
                continue  # only translations current before the change
            entry.msgid = after
            entry.previous_msgid = None
            entry.set_fuzzy(False)
            touched[entry.msgctxt] = after
            sid = key[1][:-6] if key[1].endswith(".title") else key[1]
            sid = "document" if sid.startswith("document.") else sid
            applied.setdefault((domain, sid), [])
            if locale not in applied[(domain, sid)]:
                applied[(domain, sid)].append(locale)
        # a valid sign-off stays valid only if the minor edits are all that changed (an
        # untranslated entry takes the new English: it shows what it inherits)
        renamed = {**_minor_renames(old, domain, accepted, translated=False), **touched}
        if renamed and was_approved and _digest_rows(old, renamed) == _digest_rows(merged):
            fallbacks = _inherited_after(inherited, domain, accepted, updated=locales)
            if fallbacks is not None:
                by, at = was_approved
                merged.set_header(APPROVAL_HEADER, format_approval(by, at, approval_digest(merged, fallbacks)))

    writes = plan_update(config, docs, locales, now, transform=transform)

    def log() -> None:
        path = config.locales_dir / "minor-changes.jsonl"
        stamp = utc_now_iso()  # to the second: ordered against `released_at`
        lines = []
        for doc, sid, changed in records:
            body = [c for c in changed if not c[0].endswith(".title")] or changed
            lines.append(json.dumps({"time": stamp, "document": doc.id, "section": sid,
                                     "before": body[0][1][0], "after": body[0][2], "reason": reason,
                                     "locales": applied.get((doc.id, sid), [])}, ensure_ascii=False))
        lead = ""
        if path.exists() and path.stat().st_size:
            with path.open("rb") as handle:
                handle.seek(-1, 2)
                lead = "" if handle.read(1) == b"\n" else "\n"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(lead + "\n".join(lines) + "\n")

    return writes, log
