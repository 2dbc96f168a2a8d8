"""Translation memory: every translation the project already has, offered again.

The memory of a locale is every confirmed translation in its catalogs: every
document's live `.po` and every release under `releases/`. A pair is
(English, translation): a current entry gives (msgid, msgstr); a stale one gives
(the English it was made for, ``#| msgid``, msgstr); an unconfirmed one (fuzzy
without ``#|``) gives nothing.

Similarity is the word-level Levenshtein ratio: the fewest word insertions,
deletions and substitutions turning one English text into the other, over
whitespace-separated words (Markdown as written, case-sensitive)::

    match % = floor(100 × (1 − distance / max(words in a, words in b)))

identical texts are 100 %; different texts at most 99 %.

    >>> similarity("We keep your data.", "We keep your data.")
    100
    >>> similarity("We keep your data for 30 days.", "We keep your data for 90 days.")
    85
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from .config import Config
from .pofile import Catalog, Entry
from .provenance import set_provenance

__all__ = ["MemoryUnit", "Match", "Readers", "TranslationMemory", "MemorySuggester", "similarity", "suggest_translations",
           "SUGGEST_MIN"]

#: `update` suggests a translation from this match percentage on
SUGGEST_MIN = 75


@dataclass(frozen=True, slots=True)
class MemoryUnit:
    """One (English, translation) pair and where it is."""

    english: str
    translation: str
    document: str
    msgctxt: str
    #: the release it was recorded in (None: the live catalog)
    release: str | None = None

    def origin(self) -> str:
        where = f"{self.document}/{self.msgctxt}"
        return f"{where} (release {self.release})" if self.release else where


class Match(NamedTuple):
    unit: MemoryUnit
    percent: int


def _positions(words: Sequence[str]) -> dict[str, int]:
    """Each word -> the bits of its positions in ``words``."""
    positions: dict[str, int] = {}
    for i, word in enumerate(words):
        positions[word] = positions.get(word, 0) | (1 << i)
    return positions


def _levenshtein(a: Sequence[str], b: Sequence[str], limit: int, b_positions: dict[str, int] | None = None) -> int:
    """Edit distance of two word lists; any value above ``limit`` is returned as ``limit + 1``.

    Myers' bit-parallel algorithm, in Hyyrö's form for the whole-text distance (H. Hyyrö, "A
    bit-vector algorithm for computing Levenshtein and Damerau edit distances", 2003): one
    column of the distance table is two bit vectors over ``b``'s words, updated by a
    few integer operations a word of ``a``, instead of a Python loop over the column's cells.
    `status --quote` compares each message with every text of the memory at 50 %: on eight real
    policies (102 messages, 7,597 comparisons of paragraphs) this took 22 s cell by cell.
    tests/test_memory.py checks it against the cell-by-cell table. ``b_positions``:
    :func:`_positions` of ``b``, when ``b`` is compared with many texts.
    """
    if not b:
        return min(len(a), limit + 1)
    positions = b_positions if b_positions is not None else _positions(b)
    mask, last = (1 << len(b)) - 1, 1 << (len(b) - 1)
    plus, minus, distance = mask, 0, len(b)  # the column's +1 and -1 steps down; its last cell
    for word in a:
        equal = positions.get(word, 0)
        vertical = equal | minus
        horizontal = (((equal & plus) + plus) ^ plus) | equal
        h_plus = minus | (~(horizontal | plus) & mask)
        h_minus = plus & horizontal
        if h_plus & last:
            distance += 1
        elif h_minus & last:
            distance -= 1
        h_plus = ((h_plus << 1) | 1) & mask  # the top row is 0, 1, 2, ...: a +1 step comes in
        h_minus = (h_minus << 1) & mask
        plus = h_minus | (~(vertical | h_plus) & mask)
        minus = h_plus & vertical
    return min(distance, limit + 1)


def _percent(a: Sequence[str], b: Sequence[str], distance: int) -> int:
    longest = max(len(a), len(b)) or 1
    return min(99, math.floor(100 * (1 - distance / longest)))


def similarity(a: str, b: str) -> int:
    """Match percentage of two English texts (see the module's definition)."""
    if a == b:
        return 100
    wa, wb = a.split(), b.split()
    return _percent(wa, wb, _levenshtein(wa, wb, max(len(wa), len(wb))))


def _limit(longest: int, percent: int) -> int:
    """The largest distance that still reaches ``percent`` % over ``longest`` words."""
    return math.floor(longest * (1 - percent / 100) + 1e-9)


def _bigrams(words: Sequence[str]) -> Counter[tuple[str, str]]:
    return Counter(zip(words, words[1:]))


class TranslationMemory:
    """The pairs of each locale, searched exactly (a dict) or fuzzily (bounded Levenshtein).

    Fuzzy search runs over the distinct English texts of every locale at once and is
    remembered per query: the locales of a project mostly translate the same English,
    so 60 locales cost one search. Candidates are first filtered by a bound that needs
    no alignment: ``d`` edits leave at least ``n - 1 - 2d`` of a text's ``n - 1`` word
    pairs (bigrams) intact, so a text sharing fewer bigrams cannot reach the threshold.
    """

    def __init__(self, units: dict[str, list[MemoryUnit]]) -> None:
        self.units = units
        self._exact: dict[str, dict[str, list[MemoryUnit]]] = {}
        self._texts: list[str] = []
        self._words: list[list[str]] = []
        self._bigrams: list[Counter[tuple[str, str]]] = []
        self._index: dict[tuple[str, str], list[int]] = {}
        self._found: dict[tuple[str, int], list[tuple[int, str]]] = {}
        known: set[str] = set()
        for locale, pairs in units.items():
            exact: dict[str, list[MemoryUnit]] = {}
            for unit in pairs:
                exact.setdefault(unit.english, []).append(unit)
                if unit.english not in known:
                    known.add(unit.english)
                    self._add_text(unit.english)
            self._exact[locale] = exact

    def _add_text(self, text: str) -> None:
        number = len(self._texts)
        words = text.split()
        bigrams = _bigrams(words)
        self._texts.append(text)
        self._words.append(words)
        self._bigrams.append(bigrams)
        for gram in bigrams:
            self._index.setdefault(gram, []).append(number)

    @classmethod
    def load(cls, config: Config, locales: Iterable[str], readers: "Readers") -> "TranslationMemory":
        return cls({loc: list(_dedupe(_locale_units(config, loc, readers))) for loc in locales})

    def best(self, locale: str, english: str, minimum: int = SUGGEST_MIN,
             context: tuple[str, str] | None = None) -> Match | None:
        """The best pair of ``locale`` for ``english`` at ``minimum`` % or more.

        Among equally good pairs one from ``context`` ((document, msgctxt)) wins, then a live one.
        """
        exact = self._exact.get(locale, {})
        candidates = [(100, english)] if english in exact else self._similar(english, minimum)
        for percent, text in candidates:
            units = exact.get(text)
            if units:
                same = [u for u in units if context and (u.document, u.msgctxt) == context]
                return Match((same or units)[0], percent)
        return None

    def _similar(self, english: str, minimum: int) -> list[tuple[int, str]]:
        """(percent, text) of every other English text at ``minimum`` % or more, best first."""
        key = (english, minimum)
        if key not in self._found:
            self._found[key] = self._search(english, minimum)
        return self._found[key]

    def _search(self, english: str, minimum: int) -> list[tuple[int, str]]:
        words = english.split()
        shared: Counter[int] = Counter()
        for gram, count in _bigrams(words).items():
            for number in self._index.get(gram, ()):
                shared[number] += min(count, self._bigrams[number][gram])
        found = []
        query = _positions(words)
        # every candidate needs at least n(2p - 1) - 1 shared bigrams: when that is above 0,
        # only texts sharing one can qualify
        numbers: Iterable[int] = sorted(shared) if len(words) * (2 * minimum / 100 - 1) - 1 > 0 else range(len(self._words))
        for number in numbers:
            other = self._words[number]
            longest = max(len(words), len(other)) or 1
            limit = _limit(longest, minimum)
            if abs(len(words) - len(other)) > limit or shared[number] < longest - 1 - 2 * limit:
                continue
            distance = _levenshtein(other, words, limit, query)
            if distance <= limit and self._texts[number] != english:
                found.append((_percent(words, other, distance), number))
        found.sort(key=lambda item: (-item[0], item[1]))
        return [(percent, self._texts[number]) for percent, number in found]


def _pairs(entries: Iterable[Entry]) -> Iterator[tuple[str, str, str]]:
    for e in entries:
        if e.msgctxt is None or e.msgid_plural is not None or not e.translated:
            continue
        if not e.fuzzy:
            yield e.msgctxt, e.msgid, e.msgstr
        elif e.previous_msgid is not None:
            yield e.msgctxt, e.previous_msgid, e.msgstr


def _catalog_units(cat: Catalog, document: str, release: str | None) -> Iterator[MemoryUnit]:
    for ctx, english, translation in _pairs(cat.entries):
        yield MemoryUnit(english, translation, document, ctx, release)


class Readers(NamedTuple):
    """How the memory reads catalogs (the catalog package's readers, passed in: the catalog
    package calls the memory, so the memory does not import it)."""

    #: ``live(config, locale, domain)``: a live catalog, as `update` reads it (cached by path)
    live: Callable[[Config, str, str], Catalog | None]
    #: ``file(path, relpath)``: a release's catalog
    file: Callable[[Path, str], Catalog]
    #: the domain of the page templates' strings, not part of the memory
    ui_domain: str = "ui"


def _locale_units(config: Config, locale: str, readers: Readers) -> Iterator[MemoryUnit]:
    """Live catalogs first (documents in name order), then releases (newest first)."""
    from .errors import PoError

    live = config.locales_dir / locale / "LC_MESSAGES"
    for path in sorted(live.glob("*.po")) if live.is_dir() else ():
        if path.stem == readers.ui_domain:
            continue
        # read as `update` reads it (cached by path): its merge then reads it no second time
        yield from _read_units(path, config, path.stem, None,
                               lambda _p, _rel, doc=path.stem: readers.live(config, locale, doc), PoError)
    releases = config.root / "releases"
    for doc_dir in sorted(releases.iterdir()) if releases.is_dir() else ():
        for version_dir in sorted((p for p in doc_dir.iterdir() if p.is_dir()), reverse=True) if doc_dir.is_dir() else ():
            path = version_dir / locale / f"{doc_dir.name}.po"
            if path.is_file():
                yield from _read_units(path, config, doc_dir.name, version_dir.name, readers.file, PoError)


def _read_units(path: Path, config: Config, document: str, release: str | None, read, error) -> Iterator[MemoryUnit]:
    try:
        cat = read(path, path.relative_to(config.root).as_posix())
    except error:
        return  # an unreadable catalog offers nothing; `check` and `status` report it
    if cat is not None:
        yield from _catalog_units(cat, document, release)


def _dedupe(units: Iterable[MemoryUnit]) -> Iterator[MemoryUnit]:
    """The first of each pair per message (a release repeating the live pair adds nothing)."""
    seen: set[tuple[str, str, str, str]] = set()
    for u in units:
        key = (u.english, u.translation, u.document, u.msgctxt)
        if key not in seen:
            seen.add(key)
            yield u


def suggest_translations(old: Catalog | None, merged: Catalog, memory: TranslationMemory, locale: str) -> list[str]:
    """Fill new or changed untranslated entries of ``merged`` from the memory (marked `review`).

    Never over a translation; an entry whose English did not change is left as it was.
    Returns the msgctxts that got a suggestion.
    """
    before = old.by_context() if old is not None else {}
    suggested = []
    for entry in merged.entries:
        if entry.obsolete or entry.translated or entry.msgctxt is None or entry.msgid_plural is not None:
            continue
        previous = before.get(entry.msgctxt)
        if previous is not None and previous.msgid == entry.msgid:
            continue
        match = memory.best(locale, entry.msgid)
        if match is None:
            continue
        entry.msgstr = match.unit.translation
        entry.previous_msgid = None
        entry.set_fuzzy(True)
        set_provenance(entry, "memory", f"{match.unit.origin()}, {match.percent}% match")
        suggested.append(entry.msgctxt)
    return suggested


class MemorySuggester:
    """`update`'s hook: ``suggester(old, merged, locale)`` fills new or changed untranslated
    entries from the memory, which is read only when some entry needs it."""

    def __init__(self, config: Config, locales: Sequence[str], readers: Readers) -> None:
        self.config, self.locales, self.readers = config, locales, readers
        self._memory: TranslationMemory | None = None  # read when first needed

    def __call__(self, old: Catalog | None, merged: Catalog, locale: str) -> list[str]:
        if len(self.config.fallback_chain(locale)) > 1:
            # a variant (de_CH) translates only what differs: an empty entry means "as in de"
            return []
        before = old.by_context() if old is not None else {}
        if not any(not e.obsolete and not e.translated and e.msgctxt is not None
                   and (e.msgctxt not in before or before[e.msgctxt].msgid != e.msgid) for e in merged.entries):
            return []
        if self._memory is None:  # every locale at once: one fuzzy search serves them all
            self._memory = TranslationMemory.load(self.config, self.locales, self.readers)
        return suggest_translations(old, merged, self._memory, locale)
