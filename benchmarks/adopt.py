"""How well `adopt` pairs an existing translation with the English: precision and recall.

    .venv/bin/python benchmarks/adopt.py [--po4a] [--verbose]

Translated document pairs are built from catalogs whose every entry is known: the
project's own policy with each of its locales' `.po` files, and the corpus fixture's
documents (tests/fixtures/corpus) with a pseudo-translation that keeps the structure.
Each translated document is written back as Markdown, then edited on one side or the
other (a paragraph removed, a section added, two sections swapped, ...). The truth of
each case is what each English entry's translation is, where the translated file
still holds it. Then

- precision = entries adopted with the right translation / entries adopted,
- recall = entries adopted with the right translation / entries the file could give.

With ``--po4a``, Debian's `po4a-gettextize` (a black box, when installed) is run on
the same pairs as the anchor: it pairs blocks by position; its pairs are scored at its
own granularity (one msgid a block), against the blocks of the truth.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.adopt import adopt_text  # noqa: E402
from pipeline.adopt.read import markdown_parts  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.pofile import read_po  # noqa: E402
from pipeline.source import Document, parse_document  # noqa: E402


class Case(NamedTuple):
    name: str
    english: str
    translated: str
    #: msgctxt -> the translation the file holds for it
    truth: dict[str, str]


# --------------------------------------------------------------------------- building pairs

def translated_markdown(doc: Document, tr: Callable[[str, str], str], *,
                        ids: bool = False) -> tuple[list[str], dict[str, str]]:
    """The translation as Markdown lines (front matter title, headings, bodies) and its truth."""
    truth = {"document.title": tr("document.title", doc.title)}
    lines = ["---", f"title: {truth['document.title']}", "updated: 2026-01-01", "---", ""]
    if doc.preamble:
        truth["document.preamble"] = tr("document.preamble", doc.preamble)
        lines += [truth["document.preamble"], ""]
    for s in doc.sections:
        truth[f"{s.id}.title"] = tr(f"{s.id}.title", s.title)
        lines += ["#" * s.level + " " + truth[f"{s.id}.title"] + (f" {{#{s.id}}}" if ids else ""), ""]
        if s.body:
            truth[s.id] = tr(s.id, s.body)
            lines += [truth[s.id], ""]
    return lines, truth


def _sections(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the `##`-level sections (with their subsections)."""
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    return [(s, starts[k + 1] if k + 1 < len(starts) else len(lines)) for k, s in enumerate(starts)]


def _paragraph_blocks(lines: list[str]) -> list[int]:
    """Lines that start a plain paragraph after a heading's first block (candidates to remove)."""
    out = []
    for i in range(1, len(lines) - 1):
        if lines[i] and not lines[i - 1] and not re.match(r"#|[-*|>]|\d+\.|```", lines[i]) \
                and i >= 2 and lines[i - 2] and not lines[i - 2].startswith("#"):
            out.append(i)
    return out


class Edit(NamedTuple):
    name: str
    side: str  # "translation" or "english"
    apply: Callable[[list[str], random.Random], list[str] | None]


def remove_paragraph(lines: list[str], rng: random.Random) -> list[str] | None:
    candidates = _paragraph_blocks(lines)
    if not candidates:
        return None
    i = rng.choice(candidates)
    return lines[:i] + lines[i + 2:]


def add_paragraph(lines: list[str], rng: random.Random) -> list[str] | None:
    candidates = _paragraph_blocks(lines)
    if not candidates:
        return None
    i = rng.choice(candidates)
    return lines[:i] + ["An added paragraph that only one side has, with no figure in it at all.", ""] + lines[i:]


def add_section(lines: list[str], rng: random.Random) -> list[str] | None:
    secs = _sections(lines)
    start, _ = rng.choice(secs)
    return lines[:start] + ["## An added section {#an-added-section}", "",
                            "Text that only one side has, about something else.",
                            ""] + lines[start:]


def remove_section(lines: list[str], rng: random.Random) -> list[str] | None:
    secs = _sections(lines)
    if len(secs) < 3:
        return None
    start, end = rng.choice(secs[1:])
    return lines[:start] + lines[end:]


def swap_sections(lines: list[str], rng: random.Random) -> list[str] | None:
    secs = _sections(lines)
    if len(secs) < 3:
        return None
    k = rng.randrange(len(secs) - 1)
    (a, b), (c, d) = secs[k], secs[k + 1]
    return lines[:a] + lines[c:d] + lines[a:b] + lines[d:]


EDITS = [
    Edit("none", "translation", lambda lines, rng: lines),
    Edit("paragraph removed", "translation", remove_paragraph),
    Edit("paragraph added", "translation", add_paragraph),
    Edit("section added", "translation", add_section),
    Edit("section removed", "translation", remove_section),
    Edit("sections swapped", "translation", swap_sections),
    Edit("paragraph removed", "english", remove_paragraph),
    Edit("paragraph added", "english", add_paragraph),
    Edit("section added", "english", add_section),
    Edit("section removed", "english", remove_section),
]


def _truth_for(english: Document, translated_text: str, full_truth: dict[str, str],
               original: Document) -> dict[str, str]:
    """The entries of ``english`` whose translation the (edited) translated file still holds.

    A body the English changed (a paragraph removed) is translated by the translated blocks of
    the English blocks it kept; one with a new English block has no translation in the file.
    """
    truth = {"document.title": full_truth["document.title"]}
    bodies = {s.id: s for s in original.sections}
    for sec in english.sections:
        title = full_truth.get(f"{sec.id}.title")
        if title is not None and re.search(r"^#+ " + re.escape(title) + r"$", translated_text, re.M):
            truth[f"{sec.id}.title"] = title
        before = bodies.get(sec.id)
        if before is None or not sec.body or sec.id not in full_truth:
            continue
        old_blocks, new_blocks = before.body.split("\n\n"), sec.body.split("\n\n")
        tr_blocks = full_truth[sec.id].split("\n\n")
        if len(tr_blocks) != len(old_blocks) or any(b not in old_blocks for b in new_blocks):
            continue
        expected = "\n\n".join(tr_blocks[old_blocks.index(b)] for b in new_blocks)
        if all(tr_blocks[old_blocks.index(b)] in translated_text for b in new_blocks):
            truth[sec.id] = expected
    if english.preamble and "document.preamble" in full_truth and full_truth["document.preamble"] in translated_text:
        truth["document.preamble"] = full_truth["document.preamble"]
    return truth


def cases(doc_texts: list[tuple[str, str, Callable[[Document], Callable[[str, str], str]]]],
          seeds: int) -> list[Case]:
    out = []
    for name, english_text, translator in doc_texts:
        original = parse_document(english_text, "source/x.md", name.split(":")[0])
        lines, full_truth = translated_markdown(original, translator(original))
        # the English as the same shape of file (one line a paragraph), so that edits act alike
        english_lines, _ = translated_markdown(original, lambda ctx, en: en, ids=True)
        english_text = "\n".join(english_lines)
        original = parse_document(english_text, "source/x.md", original.id)
        for edit in EDITS:
            for seed in range(seeds if edit.name != "none" else 1):
                rng = random.Random(f"{name}/{edit.name}/{edit.side}/{seed}")
                if edit.side == "translation":
                    new_lines = edit.apply(lines, rng)
                    if new_lines is None:
                        continue
                    translated, english = "\n".join(new_lines), original
                else:
                    src = english_lines
                    new_src = edit.apply(src, rng)
                    if new_src is None:
                        continue
                    english = parse_document("\n".join(new_src), "source/x.md", original.id)
                    translated = "\n".join(lines)
                truth = _truth_for(english, translated, full_truth, original)
                out.append(Case(f"{name} | {edit.side}: {edit.name} #{seed}", "\n".join(new_src)
                                if edit.side == "english" else english_text, translated, truth))
    return out


def real_pairs() -> list[tuple[str, str, Callable]]:
    """The project's own policy with each locale's real translation."""
    config = load_config(REPO)
    text = (REPO / "source/privacy-policy.md").read_text(encoding="utf-8")
    out = []
    for loc in config.locales:
        path = REPO / "locales" / loc / "LC_MESSAGES" / "privacy-policy.po"
        entries = read_po(path, path.name).by_context()
        if not all(entries.get(c) is not None and entries[c].msgstr for c in ("introduction", "cookies")):
            continue

        def translator(doc: Document, entries=entries) -> Callable[[str, str], str]:
            return lambda ctx, en: entries[ctx].msgstr if ctx in entries and entries[ctx].msgstr else en
        out.append((f"privacy-policy:{loc}", text, translator))
    return out


def corpus_pairs() -> list[tuple[str, str, Callable]]:
    """The corpus fixture's documents with the tests' pseudo-translation (structure kept)."""
    corpus = REPO / "tests" / "fixtures" / "corpus" / "source"
    if not corpus.is_dir():
        return []
    sys.path.insert(0, str(REPO / "tests"))
    from pseudo import pseudo_translate  # type: ignore[import-not-found]

    out = []
    for path in sorted(corpus.glob("*.md")):
        for loc in ("de", "ja"):
            out.append((f"{path.stem}:{loc}", path.read_text(encoding="utf-8"),
                        lambda doc, loc=loc: lambda ctx, en: pseudo_translate(en, loc)))
    return out


# --------------------------------------------------------------------------- scoring

class Score(NamedTuple):
    made: int
    right: int
    possible: int


def run_ours(case: Case, root: Path) -> tuple[Score, list[str]]:
    config = load_config(root)
    doc = parse_document(case.english, "source/x.md", "x")
    parts = markdown_parts(case.translated, "translated.md")
    found, _, _, _ = adopt_text(config, doc, parts, "translated.md")
    wrong = [f"  wrong {ctx}: {text[:60]!r}" for ctx, text in found.items() if case.truth.get(ctx) != text]
    right = sum(1 for ctx, text in found.items() if case.truth.get(ctx) == text)
    return Score(len(found), right, len(case.truth)), wrong


def run_po4a(case: Case, work: Path) -> Score | None:
    """po4a-gettextize on the same pair; blocks paired right / made / possible."""
    if not shutil.which("po4a-gettextize"):
        return None
    (work / "en.md").write_text(case.english, encoding="utf-8")
    (work / "tr.md").write_text(case.translated, encoding="utf-8")
    po = work / "out.po"
    po.unlink(missing_ok=True)
    proc = subprocess.run(["po4a-gettextize", "-f", "text", "-o", "markdown", "-M", "UTF-8", "-L", "UTF-8",
                           "-m", str(work / "en.md"), "-l", str(work / "tr.md"), "-p", str(po)],
                          capture_output=True, text=True, cwd=work)  # it leaves gettextization.failed.po
    truth_blocks = _truth_blocks(case)
    if proc.returncode != 0 or not po.exists():
        return Score(0, 0, len(truth_blocks))
    made = right = 0
    for entry in read_po(po, "out.po").entries:
        if not entry.msgid or not entry.msgstr:
            continue
        made += 1
        msgid = re.sub(r"\s*\{#[^}]*\}\s*$", "", entry.msgid)  # po4a keeps our heading ids
        right += _norm(entry.msgstr) == truth_blocks.get(_norm(msgid))
    return Score(made, right, len(truth_blocks))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _truth_blocks(case: Case) -> dict[str, str]:
    """English block -> translated block, for the entries the truth holds, split as po4a splits
    Markdown (one msgid a heading, paragraph or list item)."""
    doc = parse_document(case.english, "source/x.md", "x")
    english = {"document.title": doc.title, "document.preamble": doc.preamble}
    for s in doc.sections:
        english[f"{s.id}.title"] = s.title
        english[s.id] = s.body
    out = {}
    for ctx, text in case.truth.items():
        e_blocks, t_blocks = english.get(ctx, "").split("\n\n"), text.split("\n\n")
        if len(e_blocks) != len(t_blocks):
            continue
        for a, b in zip(e_blocks, t_blocks):
            a_items, b_items = _items(a), _items(b)
            if len(a_items) == len(b_items):
                out.update(zip(a_items, b_items))
    return out


_MARKER_RE = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")


def _items(block: str) -> list[str]:
    """A list block as its items' texts; any other block as itself (whitespace normalised)."""
    lines = block.split("\n")
    if all(_MARKER_RE.match(line) for line in lines):
        return [_norm(_MARKER_RE.sub("", line, count=1)) for line in lines]
    return [_norm(block)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--po4a", action="store_true", help="run po4a-gettextize side by side")
    parser.add_argument("--seeds", type=int, default=3, help="random edits of each kind per pair")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    all_cases = cases(real_pairs() + corpus_pairs(), args.seeds)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pyproject.toml").write_text("[tool.policy-l10n]\nlocales = []\n", encoding="utf-8")
        by_edit: dict[str, list[Score]] = {}
        theirs: dict[str, list[Score]] = {}
        for case in all_cases:
            score, wrong = run_ours(case, root)
            key = case.name.split(" | ")[1].rsplit(" #", 1)[0]
            by_edit.setdefault(key, []).append(score)
            if args.verbose and (wrong or score.right < score.possible):
                print(case.name, score, *wrong, sep="\n")
            if args.po4a:
                po4a = run_po4a(case, root)
                if po4a is not None:
                    theirs.setdefault(key, []).append(po4a)
    print(f"{len(all_cases)} cases from {len(real_pairs())} real and {len(corpus_pairs())} corpus pairs\n")
    header = "| edit | cases | precision | recall |" + (" po4a precision | po4a recall |" if theirs else "")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    total: list[Score] = []
    total_theirs: list[Score] = []
    for key, scores in by_edit.items():
        total += scores
        row = f"| {key} | {len(scores)} | {_precision(scores)} | {_recall(scores)} |"
        if theirs:
            total_theirs += theirs.get(key, [])
            row += f" {_precision(theirs.get(key, []))} | {_recall(theirs.get(key, []))} |"
        print(row)
    row = f"| **all** | {len(total)} | {_precision(total)} | {_recall(total)} |"
    if theirs:
        row += f" {_precision(total_theirs)} | {_recall(total_theirs)} |"
    print(row)
    return 0


def _precision(scores: list[Score]) -> str:
    made = sum(s.made for s in scores)
    return f"{100 * sum(s.right for s in scores) / made:.1f} %" if made else "-"


def _recall(scores: list[Score]) -> str:
    possible = sum(s.possible for s in scores)
    return f"{100 * sum(s.right for s in scores) / possible:.1f} %" if possible else "-"


if __name__ == "__main__":
    os.environ.setdefault("POLICY_L10N_DEBUG", "1")
    raise SystemExit(main())
