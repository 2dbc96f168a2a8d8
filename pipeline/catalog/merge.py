"""The `.po` merge: DESIGN.md's update semantics, on the catalog model.

The merge (:func:`merge`) implements DESIGN.md's rules so that no translation is
ever lost and every stale one keeps, as ``#| msgid``, the English it was made for::

    >>> po = Catalog(entries=[Entry(msgctxt="s", msgid="A", msgstr="a")])
    >>> merged = merge(po, [Message("s", "B")]).catalog.entries[0]
    >>> (merged.msgid, merged.previous_msgid, merged.fuzzy)
    ('B', 'A', True)
    >>> again = merge(Catalog(entries=[merged]), [Message("s", "C")]).catalog.entries[0]
    >>> (again.msgid, again.previous_msgid, again.fuzzy)
    ('C', 'A', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from ..pofile import Catalog, Entry
from ..provenance import set_provenance
from .messages import FORMAT_FLAGS, Message, entry_from_message


@dataclass(slots=True)
class MergeResult:
    """A merged catalog and what happened to its entries."""

    catalog: Catalog
    added: list[str] = field(default_factory=list)
    fuzzied: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)


def _update_comments(entry: Entry, message: Message) -> None:
    entry.comments = list(message.comments)
    entry.occurrences = list(message.occurrences)
    fuzzy = entry.fuzzy
    others = [f for f in entry.flags if f != "fuzzy" and f not in FORMAT_FLAGS]
    entry.flags = (["fuzzy"] if fuzzy else []) + list(message.flags) + others


def _retarget(entry: Entry, new_msgid: str) -> bool:
    """Point a kept entry at new English; returns whether it became (or stays) fuzzy-stale."""
    if entry.msgid == new_msgid:
        return False
    if not entry.translated:
        entry.msgid = new_msgid
        entry.previous_msgid = None
        entry.set_fuzzy(False)
        return False
    # the English last actually translated: an older #| survives A → B → C
    last_translated = entry.previous_msgid if (entry.fuzzy and entry.previous_msgid is not None) else entry.msgid
    entry.msgid = new_msgid
    if last_translated == new_msgid:  # A → B → A: back to what was translated
        entry.previous_msgid = None
        entry.set_fuzzy(False)
        return False
    entry.previous_msgid = last_translated
    entry.set_fuzzy(True)
    return True


def _own_copy(entry: Entry) -> Entry:
    """``entry`` with containers of its own (its strings are immutable: shared)."""
    return replace(entry, msgstr_plural=dict(entry.msgstr_plural), tcomments=list(entry.tcomments),
                   comments=list(entry.comments), occurrences=list(entry.occurrences), flags=list(entry.flags))


def _own_catalog(po: Catalog) -> Catalog:
    """A copy of ``po`` that shares nothing mutable with it: ``po`` is often the shared
    loaded catalog (a deep copy cost half of `update`: it walks every string)."""
    return replace(po, header_comments=list(po.header_comments), header=list(po.header),
                   header_flags=list(po.header_flags), entries=[_own_copy(e) for e in po.entries],
                   header_lines=dict(po.header_lines))


def merge(po: Catalog, messages: Sequence[Message]) -> MergeResult:
    """Merge template ``messages`` into a copy of ``po`` (DESIGN.md's update semantics)."""
    old = _own_catalog(po)
    active = {e.msgctxt: e for e in old.entries if not e.obsolete}
    obsolete: dict[str | None, Entry] = {}
    for e in old.entries:
        if e.obsolete:
            obsolete.setdefault(e.msgctxt, e)
    wanted = {m.msgctxt for m in messages}
    vanished = [e for e in old.entries if not e.obsolete and e.msgctxt not in wanted]
    vanished_by_msgid = {e.msgid: e for e in vanished if e.translated}
    result = MergeResult(catalog=old)
    domain = po.header_value("Project-Id-Version") or ""  # the document, in the memory's words
    entries: list[Entry] = []
    for m in messages:
        entry = active.get(m.msgctxt)
        if entry is None and m.msgctxt in obsolete:
            entry = obsolete.pop(m.msgctxt)
            entry.obsolete = False
            result.revived.append(m.msgctxt)
        if entry is not None:
            if _retarget(entry, m.msgid):
                result.fuzzied.append(m.msgctxt)
            _update_comments(entry, m)
        else:
            entry = entry_from_message(m)
            donor = vanished_by_msgid.get(m.msgid)
            if donor is not None:  # a section renamed: carry the translation, unconfirmed
                entry.msgstr = donor.msgstr
                entry.tcomments = list(donor.tcomments)
                entry.set_fuzzy(True)
                # said as the memory says it: the same English, this catalog's section of another id
                set_provenance(entry, "memory", f"{domain}/{donor.msgctxt}, 100% match")
                if donor.fuzzy and donor.previous_msgid is not None:
                    # a stale translation stays stale: keep the English it was made for
                    entry.previous_msgid = donor.previous_msgid
            result.added.append(m.msgctxt)
        entry.line = 0
        entries.append(entry)
    still_obsolete = [e for e in old.entries if e.obsolete and obsolete.get(e.msgctxt) is e]
    # an entry with no translation has nothing to keep: GNU's msgmerge and msgcat drop it
    # rather than write an empty `#~` entry, and so do we (GNU layout, nothing lost)
    vanished = [e for e in vanished if e.translated]
    for e in vanished:
        e.obsolete = True
        # references and extracted comments describe the source; an obsolete entry has none
        e.comments, e.occurrences = [], []
        result.obsoleted.append(str(e.msgctxt))
    old.entries = entries + still_obsolete + vanished
    return result


def catalog_signature(cat: Catalog, *, headers: Iterable[str] = ()) -> tuple:
    """What decides whether a catalog must be rewritten: entries, comments, some headers."""
    wanted = {h.lower() for h in headers}
    return (
        tuple(cat.header_comments), tuple(cat.header_flags),
        tuple((k, v) for k, v in cat.header if k.lower() in wanted),
        tuple(
            (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, tuple(sorted(e.msgstr_plural.items())),
             tuple(e.tcomments), tuple(e.comments), tuple(e.occurrences), tuple(e.flags),
             e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural, e.obsolete)
            for e in sorted(cat.entries, key=lambda e: e.obsolete)
        ),
    )


def catalog_digest(cat: Catalog) -> str:
    """sha256 of every active entry's msgctxt, msgid, msgstr and fuzzy flag (for approvals)."""
    import hashlib
    import json

    rows = [[e.msgctxt, e.msgid, e.msgstr, e.fuzzy] for e in cat.entries if not e.obsolete]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()
