"""A corpus of real-sized policies, pseudo-translated into five locales.

    .venv/bin/python benchmarks/corpus.py DEST [--documents 50]

Each document reads like a real policy: 2-15 A4 pages (about 330 words a page), 8-30
sections with `{#id}`s, some with `###` subsections; paragraphs, bulleted lists with bold
labels, nested and numbered lists, a GFM table in some sections, links (https, mailto,
another document's section), and a footnote or two. Locales: de, de_CH (falls back to
de and translates a fifth of the messages itself), fr, ja, ar; no regions. The catalogs
are made by `policy-l10n update` (GNU layout) and filled by tests/pseudo.py's
pseudo-translation, which keeps every Markdown mark, link, URL, figure and footnote label,
so `check` finds no error and every page and PDF builds.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

LOCALES = ("de", "de_CH", "fr", "ja", "ar")
WORDS_PER_PAGE = 330  # measured: the A4 PDF of a 3,900-word document has 12 pages

_VOCABULARY = (
    "we you your our service services account data personal information process processing provide "
    "provider providers request requests access use used using store stored storage retain retention "
    "period security measures appropriate reasonable technical organisational law laws applicable "
    "comply compliance purpose purposes legitimate interest interests consent withdraw time any "
    "third party parties share shared disclose transfer transfers country countries outside region "
    "customer customers user users content contract agreement terms condition conditions notice "
    "notify change changes update updates effective date policy may must will shall not only where "
    "when which that this these those such including include includes example limited other each "
    "support contact team request delete deletion correct correction copy portability object "
    "restrict restriction complaint authority supervisory analytics cookies device browser log logs "
    "usage performance monitoring alert alerts report reports billing payment invoice subscription "
    "plan fee fees refund legal obligation claim claims liability responsible reasonable efforts "
    "backup backups encrypted encryption transit rest audit independent certified subprocessor"
).split()

_TOPICS = (
    "Introduction", "Scope", "Definitions", "Information We Collect", "How We Use Information",
    "Legal Bases", "Sharing and Disclosure", "International Transfers", "Data Retention", "Data Security",
    "Your Rights", "Cookies and Similar Technologies", "Children", "Third-Party Services", "Subprocessors",
    "Account Terms", "Acceptable Use", "Payment and Billing", "Cancellation", "Intellectual Property",
    "Warranties", "Limitation of Liability", "Indemnification", "Governing Law", "Disputes",
    "Security Incidents", "Audits", "Service Levels", "Support", "Changes to This Policy", "Contact Us",
    "Export Controls", "Confidentiality", "Feedback", "Termination",
)


class _Writer:
    """Markdown of one document, written by a seeded random generator."""

    def __init__(self, rng: random.Random, doc: int, documents: int) -> None:
        self.rng, self.doc, self.documents = rng, doc, documents
        self.footnotes = 0

    def sentence(self, low: int = 8, high: int = 22) -> str:
        words = [self.rng.choice(_VOCABULARY) for _ in range(self.rng.randint(low, high))]
        if self.rng.random() < 0.15:
            words.insert(self.rng.randint(1, len(words) - 1), f"{self.rng.randint(2, 400)} days")
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
        roll = self.rng.random()
        if roll < 0.12:
            text += " See [our help pages](https://help.example.com/privacy) for details."
        elif roll < 0.20:
            other = self.rng.randrange(self.documents)
            text += f" Read the [related policy](policy-{other:03d}.md#s{self.rng.randint(1, 8)}) as well."
        elif roll < 0.25:
            text += " Write to <privacy@example.com> with any question."
        elif roll < 0.29 and self.footnotes < 2:
            self.footnotes += 1
            text += f"[^n{self.footnotes}]\n\n[^n{self.footnotes}]: {self.sentence(6, 14)}"
        return text

    def bullets(self) -> str:
        items = [f"- **{self.rng.choice(_VOCABULARY).capitalize()} {self.rng.choice(_VOCABULARY)}:** "
                 f"{self.sentence(6, 16)}" for _ in range(self.rng.randint(3, 6))]
        if self.rng.random() < 0.4:  # a nested list under one item
            at = self.rng.randrange(len(items))
            items[at] += "".join(f"\n  - {self.sentence(4, 9)}" for _ in range(self.rng.randint(2, 3)))
        return "\n".join(items)

    def numbered(self) -> str:
        return "\n".join(f"{n}. {self.sentence(6, 18)}" for n in range(1, self.rng.randint(3, 7)))

    def table(self) -> str:
        rows = ["| Category | Purpose | Retention |", "| --- | --- | ---: |"]
        for _ in range(self.rng.randint(3, 7)):
            rows.append(f"| {self.rng.choice(_VOCABULARY).capitalize()} {self.rng.choice(_VOCABULARY)} "
                        f"| {self.sentence(4, 10)} | {self.rng.randint(7, 400)} days |")
        return "\n".join(rows)

    def body(self, words: int) -> str:
        blocks: list[str] = []
        while sum(len(b.split()) for b in blocks) < words:
            roll = self.rng.random()
            if roll < 0.6 or not blocks:
                blocks.append(self.paragraph())
            elif roll < 0.78:
                blocks.append(self.bullets())
            elif roll < 0.92:
                blocks.append(self.numbered())
            else:
                blocks.append(self.table())
        return "\n\n".join(blocks)

    def document(self) -> str:
        pages = min(15, max(2, round(self.rng.triangular(2, 15, 4))))
        sections = self.rng.randint(8, min(30, 6 + 2 * pages))
        words = pages * WORDS_PER_PAGE // sections
        topics = self.rng.sample(_TOPICS, min(sections, len(_TOPICS)))
        lines = ["---", f"title: Policy {self.doc:03d}", "updated: 2026-03-01", "---", "",
                 self.sentence() + " " + self.sentence(), ""]
        for s in range(1, sections + 1):
            topic = topics[(s - 1) % len(topics)] + ("" if s <= len(topics) else f" ({s})")
            level = "###" if s > 2 and self.rng.random() < 0.2 else "##"
            lines += [f"{level} {topic} {{#s{s}}}", "", self.body(words), ""]
        return "\n".join(lines)


def write_sources(dest: Path, documents: int, seed: int) -> None:
    rng = random.Random(seed)
    (dest / "source").mkdir(parents=True)
    for d in range(documents):
        (dest / "source" / f"policy-{d:03d}.md").write_text(_Writer(rng, d, documents).document(), encoding="utf-8")
    quoted = ", ".join(f'"{loc}"' for loc in LOCALES)
    (dest / "pyproject.toml").write_text(
        '[project]\nname = "corpus"\nversion = "0"\n\n[tool.policy-l10n]\nsource-locale = "en"\n'
        f'locales = [{quoted}]\n\n[tool.policy-l10n.fallbacks]\nde_CH = ["de"]\n', encoding="utf-8")
    (dest / ".gitignore").write_text("/output/\n/.cache/\n/.preview/\n", encoding="utf-8")


def fill_catalogs(dest: Path, seed: int) -> int:
    """Pseudo-translate every message (de_CH: a fifth of them; the rest it inherits)."""
    from pipeline.pofile import read_po, render_po
    from pseudo import pseudo_translate  # tests/pseudo.py: structure-keeping pseudo-translation

    rng = random.Random(seed)
    filled = 0
    for po in sorted(dest.glob("locales/*/LC_MESSAGES/*.po")):
        locale = po.parent.parent.name
        cat = read_po(po, str(po))
        for entry in cat.entries:
            if entry.obsolete or not entry.msgid:
                continue
            if locale == "de_CH" and rng.random() > 0.2:
                continue
            entry.msgstr = pseudo_translate(entry.msgid, locale)
            filled += 1
        po.write_text(render_po(cat), encoding="utf-8")
    return filled


def generate(dest: Path, documents: int = 50, seed: int = 7, cli: Path | None = None) -> None:
    """Write the project at ``dest`` (replaced), check it has no check error, commit it."""
    cli = cli or REPO / ".venv" / "bin" / "policy-l10n"
    if dest.exists():
        shutil.rmtree(dest)
    write_sources(dest, documents, seed)
    subprocess.run([str(cli), "update"], cwd=dest, check=True, stdout=subprocess.DEVNULL)
    fill_catalogs(dest, seed)
    check = subprocess.run([str(cli), "check"], cwd=dest, capture_output=True, text=True)
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    if errors:
        raise SystemExit(f"corpus at {dest}: check finds errors:\n" + "\n".join(errors[:10]))
    git = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-qm", "corpus"], cwd=dest, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.dest, args.documents, args.seed)


if __name__ == "__main__":
    main()
