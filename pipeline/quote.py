"""A vendor quote: the words of what `export` would send, in the leverage bands of a CAT analysis.

The job of a locale is every unit `export` would write for it (all selected
documents, in order). Each unit falls in the first band that applies:

1. ``context``: the same English was already translated in this very message
   (same document and msgctxt: a release, or the translation the English went back to);
2. ``100``: the same English was translated elsewhere (another section, document or release);
3. ``repetitions``: the same English occurs earlier in this job;
4. ``95-99``, ``85-94``, ``75-84``, ``50-74``: the best fuzzy match in the memory
   (:func:`pipeline.memory.similarity`);
5. ``no-match``.

Words are counted as a CAT tool counts the exported segment
(:func:`pipeline.inline.count_words`): text outside inline codes, codes count nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .config import Config
from .inline import count_words, tokenize
from .memory import TranslationMemory
from .source import Document
from .vendor import EXPORT_STATES, export_units

__all__ = ["BANDS", "LocaleQuote", "band_of", "project_quote", "quote_json", "quote_table", "quote_markdown"]

BANDS = ("context", "100", "95-99", "85-94", "75-84", "50-74", "no-match", "repetitions")
_FUZZY = ((95, "95-99"), (85, "85-94"), (75, "75-84"), (50, "50-74"))


@dataclass(slots=True)
class LocaleQuote:
    locale: str
    words: dict[str, int] = field(default_factory=lambda: {b: 0 for b in BANDS})
    segments: dict[str, int] = field(default_factory=lambda: {b: 0 for b in BANDS})

    @property
    def total(self) -> int:
        return sum(self.words.values())

    def add(self, band: str, words: int) -> None:
        self.words[band] += words
        self.segments[band] += 1


def band_of(percent: int | None, same_context: bool, repeated: bool) -> str:
    """The band of a unit whose best memory match is ``percent`` (None: none from 50 %)."""
    if percent == 100:
        return "context" if same_context else "100"
    if repeated:
        return "repetitions"
    for floor, band in _FUZZY:
        if percent is not None and percent >= floor:
            return band
    return "no-match"


def project_quote(config: Config, docs: Sequence[Document], locales: Sequence[str],
                  states: Sequence[str] = EXPORT_STATES, memory: TranslationMemory | None = None) -> list[LocaleQuote]:
    """One quote per locale over the units `export --states ...` would write."""
    from .catalog.store import memory_readers
    from .freshness import load_catalogs

    memory = memory or TranslationMemory.load(config, locales, memory_readers())
    quotes = {loc: LocaleQuote(loc) for loc in locales}
    seen: dict[str, set[str]] = {loc: set() for loc in locales}
    for doc in docs:
        catalogs = load_catalogs(config, locales, doc.id)
        for loc in locales:
            for unit in export_units(config, doc, loc, catalogs, states):
                match = memory.best(loc, unit.source, minimum=50, context=(doc.id, unit.msgctxt))
                same = match is not None and (match.unit.document, match.unit.msgctxt) == (doc.id, unit.msgctxt)
                band = band_of(match.percent if match else None, same, unit.source in seen[loc])
                seen[loc].add(unit.source)
                quotes[loc].add(band, count_words(tokenize(unit.source)))
    return [quotes[loc] for loc in locales]


def quote_json(quotes: Sequence[LocaleQuote]) -> list[dict[str, Any]]:
    return [{"locale": q.locale, "words": dict(q.words), "segments": dict(q.segments), "total_words": q.total}
            for q in quotes]


_HEADER = ("locale", "context", "100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match", "repetitions", "total")


def _rows(quotes: Sequence[LocaleQuote]) -> list[tuple[str, ...]]:
    return [(q.locale, *(str(q.words[b]) for b in BANDS), str(q.total)) for q in quotes]


def quote_table(quotes: Sequence[LocaleQuote]) -> str:
    """A plain table: words per band and locale."""
    rows = [_HEADER, *_rows(quotes)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEADER))]
    lines = ["quote — words by leverage band (what `export` would send)"]
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def quote_markdown(quotes: Sequence[LocaleQuote]) -> str:
    out = ["### Quote: words by leverage band\n", "| " + " | ".join(_HEADER) + " |",
           "|---|" + "---:|" * (len(_HEADER) - 1)]
    out.extend("| " + " | ".join((f"`{r[0]}`", *r[1:])) + " |" for r in _rows(quotes))
    return "\n".join(out) + "\n"
