"""Per-section translation state, computed from today's source and the `.po` files.

States, worst last: ``current`` < ``review`` < ``stale`` < ``missing``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

from .catalog import Message
from .config import Config
from .pofile import Catalog, Entry
from .source import Document, Section

__all__ = ["CURRENT", "REVIEW", "STALE", "MISSING", "STATES", "MessageState", "SectionState",
           "LocaleStatus", "message_state", "worst", "locale_status", "needed_sections",
           "word_diff", "word_count", "ui_status", "UiStatus", "resolve_sections", "load_catalogs"]

CURRENT, REVIEW, STALE, MISSING = "current", "review", "stale", "missing"
STATES = (CURRENT, REVIEW, STALE, MISSING)
_RANK = {s: i for i, s in enumerate(STATES)}


def worst(states: Sequence[str]) -> str:
    return max(states, key=_RANK.__getitem__) if states else CURRENT


@dataclass(frozen=True, slots=True)
class MessageState:
    """A message's state in one catalog (a tuple: `status` makes ~100 000 of them)."""

    state: str
    #: English the translation was made for, when stale
    previous: str | None = None
    translation: str = ""
    line: int = 0


def message_state(english: str, entry: Entry | None) -> MessageState:
    """DESIGN.md's rules: current / stale / review / missing."""
    if entry is None or entry.obsolete or not entry.translated:
        return MessageState(MISSING, line=entry.line if entry else 0)
    if entry.fuzzy:
        if entry.previous_msgid is not None and entry.previous_msgid != english:
            return MessageState(STALE, entry.previous_msgid, entry.msgstr, entry.line)
        if entry.previous_msgid is not None and entry.msgid != english:
            # the English is back to what was translated (A → B → A): `update` will drop the
            # fuzzy flag, so the state before `update` is already the state after it
            return MessageState(CURRENT, None, entry.msgstr, entry.line)
        if entry.msgid == english:
            return MessageState(REVIEW, None, entry.msgstr, entry.line)
        return MessageState(STALE, entry.msgid, entry.msgstr, entry.line)
    if entry.msgid == english:
        return MessageState(CURRENT, None, entry.msgstr, entry.line)
    return MessageState(STALE, entry.msgid, entry.msgstr, entry.line)


@dataclass(frozen=True, slots=True)
class SectionState:
    """A section (or the `document` pseudo-section) in one locale.

    A tuple rather than a dataclass: `status` makes one per section and locale, and
    a worker process sends them back pickled.
    """

    id: str
    title: str
    state: str
    #: the locale whose translation is used (itself or one of its fallbacks; None: none)
    locale: str | None
    #: today's English (body, or title when only the title is stale)
    source: str = ""
    previous_source: str | None = None
    title_translation: str | None = None
    body_translation: str | None = None
    title_state: str = CURRENT
    body_state: str = CURRENT
    words: int = 0


def word_count(text: str) -> int:
    return len(text.split())


def _section_messages(sec: Section | None, doc: Document) -> list[tuple[str, str]]:
    """(msgctxt, English) of a section's messages (title first)."""
    if sec is None:
        out = [("document.title", doc.title)]
        if doc.preamble:
            out.append(("document.preamble", doc.preamble))
        return out
    out = [(f"{sec.id}.title", sec.title)]
    if sec.body:
        out.append((sec.id, sec.body))
    return out


def _translates(entries: Mapping[str | None, Entry], keys: Sequence[str]) -> bool:
    return any((e := entries.get(k)) is not None and e.translated for k in keys)


def resolve_section(sec: Section | None, doc: Document, chain: Sequence[str],
                    catalogs: Mapping[str, Mapping[str | None, Entry]], texts: bool = True) -> SectionState:
    """The state of one section for the first locale of ``chain`` that translates it.

    ``texts=False`` leaves out the translations and a non-stale section's English
    (a report needs only states: much less to send back from a worker process).
    """
    msgs = _section_messages(sec, doc)
    keys = [k for k, _ in msgs]
    chosen = next((loc for loc in chain if _translates(catalogs.get(loc, {}), keys)), None)
    entries = catalogs.get(chosen, {}) if chosen else {}
    title_key, title_en = msgs[0]
    title_st = message_state(title_en, entries.get(title_key))
    body_key, body_en = msgs[1] if len(msgs) > 1 else (None, "")
    body_st = message_state(body_en, entries.get(body_key)) if body_key else MessageState(CURRENT)
    state = worst([title_st.state, body_st.state])
    if body_key and body_st.state == STALE:
        source, previous = body_en, body_st.previous
    elif title_st.state == STALE:
        source, previous = title_en, title_st.previous
    else:
        source, previous = body_en or title_en, None
    words = 0 if state == CURRENT else word_count(title_en) + word_count(body_en)
    if not texts:
        return SectionState(
            id=sec.id if sec else "document", title=sec.title if sec else doc.title, state=state,
            locale=chosen, source=source if state == STALE else "", previous_source=previous,
            title_state=title_st.state, body_state=body_st.state, words=words)
    return SectionState(
        id=sec.id if sec else "document", title=sec.title if sec else doc.title, state=state,
        locale=chosen, source=source, previous_source=previous,
        title_translation=title_st.translation or None, body_translation=body_st.translation or None,
        title_state=title_st.state, body_state=body_st.state, words=words,
    )


def needed_sections(doc: Document, config: Config, locale: str, region: str | None = None) -> list[Section]:
    """Sections a locale must translate: with regions, those some region of the locale shows."""
    if region is not None:
        return list(doc.sections_for_region(region))
    if not config.regions:
        return list(doc.sections)
    regions = [r for r in config.regions.values() if locale in r.locales]
    return [s for s in doc.sections if any(not s.regions or r.name in s.regions for r in regions)]


@dataclass(frozen=True, slots=True)
class LocaleStatus:
    """One document in one locale."""

    locale: str
    document: SectionState
    sections: tuple[SectionState, ...]
    counts: dict[str, int]
    words_to_translate: int = 0

    def all_states(self) -> list[str]:
        return [self.document.state] + [s.state for s in self.sections]


def entries_by_context(cat: Catalog | None) -> dict[str | None, Entry]:
    return cat.by_context() if cat is not None else {}


def resolve_sections(doc: Document, config: Config, locale: str, sections: Sequence[Section],
                     catalogs: Mapping[str, Catalog | None],
                     texts: bool = True) -> tuple[SectionState, list[SectionState]]:
    """States of the document pseudo-section and ``sections`` in ``locale`` (with fallbacks)."""
    chain = config.fallback_chain(locale)
    by_ctx = {loc: entries_by_context(catalogs.get(loc)) for loc in chain}
    document = resolve_section(None, doc, chain, by_ctx, texts)
    return document, [resolve_section(s, doc, chain, by_ctx, texts) for s in sections]


def locale_status(doc: Document, config: Config, locale: str,
                  catalogs: Mapping[str, Catalog | None], texts: bool = True) -> LocaleStatus:
    """``catalogs`` maps every locale of the fallback chain to its catalog of ``doc`` (or None)."""
    document, states = resolve_sections(doc, config, locale, needed_sections(doc, config, locale), catalogs,
                                        texts)
    counts = {s: 0 for s in STATES}
    for st in states:
        counts[st.state] += 1
    words = sum(s.words for s in states) + document.words
    return LocaleStatus(locale, document, tuple(states), counts, words)


@dataclass(frozen=True, slots=True)
class UiStatus:
    locale: str
    counts: dict[str, int]
    missing: tuple[str, ...] = ()


def ui_status(messages: Sequence[Message], config: Config, locale: str,
              catalogs: Mapping[str, Catalog | None]) -> UiStatus:
    """`ui` messages take their fallback one by one."""
    chain = config.fallback_chain(locale)
    by_ctx = [entries_by_context(catalogs.get(loc)) for loc in chain]
    counts = {s: 0 for s in STATES}
    not_current = []
    for m in messages:
        entry = next((c[m.msgctxt] for c in by_ctx if m.msgctxt in c and c[m.msgctxt].translated), None)
        st = message_state(m.msgid, entry).state
        counts[st] += 1
        if st != CURRENT:
            not_current.append(m.msgctxt)
    return UiStatus(locale, counts, tuple(not_current))


#: scripts written without spaces between words, diffed one character at a time: Thai and
#: Lao (no word segmentation without ICU's dictionaries), CJK symbols, kana, ideographs
#: (Extension A, the compatibility blocks, Extensions B to H above U+FFFF), Hangul, full-width forms
_UNSPACED = ("\u0e00-\u0eff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
             "\U0001b000-\U0001b2ff\U00020000-\U0003ffff")
#: marks drawn on the character before them (Thai and Lao vowels and tones, combining accents,
#: kana voicing, variation selectors): never diffed apart from it
_MARKS = ("\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ece"
          "\u3099\u309a\ufe00-\ufe0f\U000e0100-\U000e01ef")


@lru_cache(maxsize=None)
def _token_re(by_char: bool) -> re.Pattern[str]:
    # compiled when first needed: a build rarely diffs
    if by_char:
        return re.compile(rf"\s+|\S[{_MARKS}]*")
    return re.compile(rf"\s+|[{_UNSPACED}][{_MARKS}]*|[^\s{_UNSPACED}]+")


def diff_tokens(text: str, by_char: bool = False) -> list[str]:
    """Words and the whitespace between them, the characters of unspaced scripts (CJK,
    Thai, Lao) one by one; ``by_char``: every character. A character keeps its marks."""
    return _token_re(by_char).findall(text)


def word_diff(old: str, new: str, by_char: bool = False) -> list[tuple[str, str]]:
    """[(op, text)] with op in "=", "-", "+": a word-level diff (characters for CJK and Thai)."""
    a, b = diff_tokens(old, by_char), diff_tokens(new, by_char)
    out: list[tuple[str, str]] = []
    import difflib

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return out


def load_catalogs(config: Config, locales: Sequence[str], domain: str,
                  cache: bool = True) -> dict[str, Catalog | None]:
    """Catalogs of ``domain`` for ``locales`` and their fallback chains (``cache``: see
    :func:`pipeline.catalog.load_locale_catalog`)."""
    from .catalog import load_locale_catalog

    wanted: list[str] = []
    for loc in locales:
        for x in config.fallback_chain(loc):
            if x not in wanted:
                wanted.append(x)
    return {loc: load_locale_catalog(config, loc, domain, cache=cache) for loc in wanted}
