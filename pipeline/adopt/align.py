"""Aligning a translation with the English by structure, not position.

Two levels, the same method: parts (headings) first, then the blocks within each
paired part. A monotonic alignment (dynamic programming, skipping is free) keeps
the pairs whose score says they correspond; a pair is kept only when it is forced
(nothing else it could pair with between its neighbours) or clearly better than
every alternative there, so an added or missing section or paragraph misaligns
nothing else, and a doubtful pair is left unpaired rather than guessed. Parts left
over on both sides (e.g. two sections swapped) get a second, stricter round.

Scores use what survives translation: kinds and shapes of blocks (list lengths,
table shapes, code), anchors (URLs, e-mails, link targets, numbers, code spans),
and the length of the text against the document's overall length ratio.
"""

from __future__ import annotations

import math
import re
from typing import Callable, NamedTuple, Sequence, TypeVar

from .read import Block, Part

T = TypeVar("T")

#: a pair needs at least this score; one among several candidates needs this margin over the next best
ACCEPT = 0.25
MARGIN = 1.0
#: neighbouring pairs must score this much better than crossed
CROSS_MARGIN = 0.5
#: a leftover pair (out of order) needs this score, and the margin too
LEFTOVER_ACCEPT = 1.5


class Pair(NamedTuple):
    english: int
    translation: int
    score: float


def text_length(text: str) -> int:
    """Length in Latin-letter equivalents: a CJK, kana or Hangul character says about as much
    as three Latin letters (so a short title with a kept Latin name is not mistaken)."""
    return sum(3 if ch >= "\u2e80" and ch.isalpha() else 1 for ch in text)


def length_score(english: str, translated: str, ratio: float) -> float:
    """1 for the expected length, falling with the log-distance from it (to -2)."""
    r = math.log((text_length(translated) + 20) / (text_length(english) + 20)) - math.log(ratio)
    return max(-2.0, 1.0 - abs(r) / 0.35)


_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|[。！？]")


def sentence_score(english: str, translated: str) -> float:
    """1 for as many sentences on both sides, less for each one more or fewer (to -1)."""
    difference = abs(len(_SENTENCE_END_RE.findall(english)) - len(_SENTENCE_END_RE.findall(translated)))
    return max(-1.0, 1.0 - difference)


def anchor_score(a: Sequence[str], b: Sequence[str]) -> float:
    """-1.5 (nothing shared) to 3 (the same anchors); 0 when neither side has any."""
    if not a and not b:
        return 0.0
    common = _multiset_common(a, b)
    total = len(a) + len(b) - common
    return 4.5 * common / total - 1.5


def _multiset_common(a: Sequence[str], b: Sequence[str]) -> int:
    from collections import Counter

    return sum((Counter(a) & Counter(b)).values())


def block_score(e: Block, t: Block, ratio: float) -> float | None:
    """How well a translated block matches an English one (None: they cannot correspond)."""
    if e.kind != t.kind or e.shape != t.shape:
        return None
    score = anchor_score(e.anchors, t.anchors) + length_score(e.text, t.text, ratio) + \
        sentence_score(e.text, t.text)
    if e.shape:  # equal list lengths, table shapes or code: structure agrees
        score += 1.0
    return score


def align(n: int, m: int, score: Callable[[int, int], float | None], *,
          accept: float = ACCEPT, margin: float = MARGIN) -> list[Pair]:
    """The confident pairs of a monotonic alignment of n English and m translated items."""
    table = [[score(i, j) for j in range(m)] for i in range(n)]
    chosen = _uncrossed(_best_monotonic(table, n, m, accept), table, margin)
    return _confident(chosen, table, n, m, margin)


def _uncrossed(chosen: list[Pair], table: list[list[float | None]], margin: float) -> list[Pair]:
    """Neighbouring pairs that would score as well crossed (a swap the alignment cannot see)
    are dropped: which way round they go is a guess."""
    doubtful: set[int] = set()
    for k in range(len(chosen) - 1):
        a, b = chosen[k], chosen[k + 1]
        x, y = table[a.english][b.translation], table[b.english][a.translation]
        if x is not None and y is not None and x + y > a.score + b.score - CROSS_MARGIN:
            doubtful.update((k, k + 1))
    return [p for k, p in enumerate(chosen) if k not in doubtful]


def _best_monotonic(table: list[list[float | None]], n: int, m: int, accept: float) -> list[Pair]:
    """Maximum total score over monotonic pairings of acceptable pairs (skips cost nothing)."""
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            value = max(best[i + 1][j], best[i][j + 1])
            s = table[i][j]
            if s is not None and s >= accept:
                value = max(value, s + best[i + 1][j + 1])
            best[i][j] = value
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        s = table[i][j]
        if s is not None and s >= accept and math.isclose(best[i][j], s + best[i + 1][j + 1]):
            pairs.append(Pair(i, j, s))
            i, j = i + 1, j + 1
        elif math.isclose(best[i][j], best[i + 1][j]):
            i += 1
        else:
            j += 1
    return pairs


def _confident(chosen: list[Pair], table: list[list[float | None]], n: int, m: int,
               margin: float) -> list[Pair]:
    """The chosen pairs that nothing else between their neighbours could take instead."""
    kept = []
    for k, pair in enumerate(chosen):
        lo_i = chosen[k - 1].english + 1 if k else 0
        lo_j = chosen[k - 1].translation + 1 if k else 0
        hi_i = chosen[k + 1].english if k + 1 < len(chosen) else n
        hi_j = chosen[k + 1].translation if k + 1 < len(chosen) else m
        rivals = [table[i][pair.translation] for i in range(lo_i, hi_i) if i != pair.english]
        rivals += [table[pair.english][j] for j in range(lo_j, hi_j) if j != pair.translation]
        best_rival = max((r for r in rivals if r is not None), default=None)
        if best_rival is None or pair.score - best_rival >= margin:
            kept.append(pair)
    return kept


def align_leftovers(english: Sequence[int], translated: Sequence[int],
                    score: Callable[[int, int], float | None]) -> list[Pair]:
    """Pairs among items left over on both sides, in any order: each must be the other's
    clear best (by the margin) and score at least :data:`LEFTOVER_ACCEPT`."""
    pairs = []
    scores = {(i, j): score(i, j) for i in english for j in translated}
    for i in english:
        for j in translated:
            s = scores[(i, j)]
            if s is None or s < LEFTOVER_ACCEPT:
                continue
            rivals = [v for (a, b), v in scores.items() if (a == i) != (b == j) and v is not None]
            if all(s - r >= MARGIN for r in rivals):
                pairs.append(Pair(i, j, s))
    return pairs


class PartMatch(NamedTuple):
    """A paired part: its blocks' pairs and how sure the pairing is (0 to 1)."""

    english: int
    translation: int
    blocks: list[Pair]
    confidence: float


def blocks_alignment(e: Part, t: Part, ratio: float) -> list[Pair]:
    """The confident pairs of two parts' blocks (positional when their structure is identical)."""
    if len(e.blocks) == len(t.blocks) and all(
            a.kind == b.kind and a.shape == b.shape for a, b in zip(e.blocks, t.blocks)):
        pairs = [Pair(i, i, block_score(a, b, ratio) or 0.0) for i, (a, b) in enumerate(zip(e.blocks, t.blocks))]
        # the same shape, in order: paired unless anchors contradict a pair
        if all(anchor_score(a.anchors, b.anchors) >= 0 for a, b in zip(e.blocks, t.blocks)):
            return pairs
    return align(len(e.blocks), len(t.blocks), lambda i, j: block_score(e.blocks[i], t.blocks[j], ratio))


def part_score(e: Part, t: Part, ratio: float) -> float | None:
    """How well a translated part matches an English one (None: they cannot correspond)."""
    if e.level != t.level:
        return None
    if e.id is not None and t.id is not None:
        return 10.0 if e.id == t.id else None  # ids written on both sides decide
    pairs = blocks_alignment(e, t, ratio)
    size = max(len(e.blocks), len(t.blocks))
    structure = (sum(p.score for p in pairs) - (size - len(pairs))) / size if size else 0.5
    text_e = e.title + "".join(b.text for b in e.blocks)
    text_t = t.title + "".join(b.text for b in t.blocks)
    from .read import anchors_of

    return structure + 0.5 * length_score(text_e, text_t, ratio) + 0.5 * anchor_score(
        anchors_of(e.title), anchors_of(t.title)) + 0.75 * length_score(e.title, t.title, ratio)


def align_parts(english: Sequence[Part], translated: Sequence[Part], ratio: float) -> list[PartMatch]:
    """Paired parts (the title part with the title part), each with its block pairs."""
    matches = [PartMatch(0, 0, blocks_alignment(english[0], translated[0], ratio), 1.0)] \
        if english and translated else []
    e_rest, t_rest = list(range(1, len(english))), list(range(1, len(translated)))
    translated = _levels_as(english, translated)
    cache: dict[tuple[int, int], float | None] = {}

    def score(i: int, j: int) -> float | None:
        if (i, j) not in cache:
            cache[(i, j)] = part_score(english[i], translated[j], ratio)
        return cache[(i, j)]

    pairs = align(len(e_rest), len(t_rest), lambda a, b: score(e_rest[a], t_rest[b]))
    pairs = [Pair(e_rest[p.english], t_rest[p.translation], p.score) for p in pairs]
    left_e = [i for i in e_rest if i not in {p.english for p in pairs}]
    left_t = [j for j in t_rest if j not in {p.translation for p in pairs}]
    pairs += align_leftovers(left_e, left_t, score)
    for p in sorted(pairs):
        blocks = blocks_alignment(english[p.english], translated[p.translation], ratio)
        matches.append(PartMatch(p.english, p.translation, blocks, _confidence(p.score)))
    return matches


def _levels_as(english: Sequence[Part], translated: Sequence[Part]) -> list[Part]:
    """The translated headings shifted to the English's top level (a translation written with
    `#` sections where the English has `##` keeps its relative levels)."""
    def top(parts: Sequence[Part]) -> int:
        return min((p.level for p in parts[1:]), default=0)

    shift = top(english) - top(translated)
    return [p._replace(level=p.level + shift) if k and shift else p for k, p in enumerate(translated)]


def _confidence(score: float) -> float:
    """A part pair's score mapped to 0..1 (1: ids on both sides, or a near-perfect match)."""
    return round(min(1.0, max(0.0, score / 3.0)), 2)


def text_ratio(english: Sequence[Part], translated: Sequence[Part]) -> float:
    """How much longer the translation is overall (its typical length per English character)."""
    e = sum(text_length(b.text) for p in english for b in p.blocks) + 1
    t = sum(text_length(b.text) for p in translated for b in p.blocks) + 1
    return t / e
