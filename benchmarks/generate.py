"""Generate a synthetic content project: N documents × M locales with realistic sections.

    python benchmarks/generate.py DEST --documents 100 --locales 60

Each document has 10 sections (paragraphs, bold-label lists, figures, an e-mail
address); each locale's catalogs are made with `policy-l10n init`/`update`, then
filled (pseudo-translations), with a few sections left stale and missing so
`status` has real work to do.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: 60 locales Babel knows, in Babel's spelling
LOCALES = ["de", "de_CH", "fr", "es", "pt_BR", "ja", "zh_Hans", "ar", "it", "nl", "sv", "da", "nb", "fi",
           "pl", "cs", "sk", "hu", "ro", "bg", "el", "tr", "ru", "uk", "he", "fa", "hi", "bn", "ta", "te",
           "th", "vi", "id", "ms", "ko", "zh_Hant", "pt_PT", "es_MX", "fr_CA", "en_GB", "ca", "eu", "gl",
           "hr", "sr", "sl", "lt", "lv", "et", "is", "ga", "cy", "mt", "sw", "af", "zu", "am", "ur", "kk", "uz"]

WORDS = ("data information service account privacy security request process provider platform usage "
         "customer retention access control policy consent transfer storage analytics report").split()


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def document_text(rng: random.Random, doc: int) -> str:
    lines = ["---", f"title: Policy {doc}", "updated: 2026-02-01", "---", ""]
    for s in range(10):
        lines.append(f"## Section {s} of policy {doc} {{#section-{s}}}")
        lines.append("")
        lines.append(" ".join(sentence(rng) for _ in range(3)) + f" We keep it for {rng.randint(7, 400)} days.")
        lines.append("")
        if s % 3 == 1:
            for item in range(4):
                lines.append(f"- **Label {item}:** {sentence(rng, 10)}")
            lines.append("")
        if s == 9:
            lines.append("Contact us at <privacy@example.com>.")
            lines.append("")
    return "\n".join(lines)


def generate(dest: Path, documents: int, locales: int, seed: int = 1) -> None:
    from pipeline.catalog import (TEMPLATES_HEADER, document_messages, new_po_catalog, pot_catalog,
                                  templates_digest, ui_messages)
    from pipeline.render import template_files
    from pipeline.config import load_config
    from pipeline.pofile import render_po
    from pipeline.source import parse_document
    import datetime as dt

    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "source").mkdir(parents=True)
    locs = LOCALES[:locales]
    quoted = ", ".join(f'"{l}"' for l in locs)
    (dest / "pyproject.toml").write_text(
        f'[project]\nname = "bench"\nversion = "0"\n\n[tool.policy-l10n]\nlocales = [{quoted}]\n'
        + ('[tool.policy-l10n.fallbacks]\nde_CH = ["de"]\n' if "de_CH" in locs else ""), encoding="utf-8")
    for d in range(documents):
        (dest / "source" / f"policy-{d:03d}.md").write_text(document_text(rng, d), encoding="utf-8")
    config = load_config(dest)
    now = dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)
    ui = ui_messages(config)
    (dest / "locales").mkdir()
    digest = [(TEMPLATES_HEADER, templates_digest(template_files(config)))]
    (dest / "locales" / "ui.pot").write_text(render_po(pot_catalog("ui", ui, now, digest)), encoding="utf-8")
    for d in range(documents):
        path = dest / "source" / f"policy-{d:03d}.md"
        doc = parse_document(path.read_text(encoding="utf-8"), f"source/{path.name}")
        messages = document_messages(doc)
        (dest / "locales" / f"{doc.id}.pot").write_text(render_po(pot_catalog(doc.id, messages, now)), encoding="utf-8")
        for loc in locs:
            cat = new_po_catalog(doc.id, loc, messages, now, "Bench <bench@example.com>", "Bench")
            for i, entry in enumerate(cat.entries):
                r = rng.random()
                if r < 0.03:
                    continue  # missing
                entry.msgstr = f"[{loc}] {entry.msgid}"
                if r < 0.06:  # stale: translated for older English
                    entry.flags.insert(0, "fuzzy")
                    entry.previous_msgid = entry.msgid.replace("data", "info", 1) + " (old)"
            out = dest / "locales" / loc / "LC_MESSAGES"
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{doc.id}.po").write_text(render_po(cat), encoding="utf-8")
    for loc in locs:
        cat = new_po_catalog("ui", loc, ui, now, "Bench <bench@example.com>", "Bench")
        for entry in cat.entries:
            entry.msgstr = f"[{loc}] {entry.msgid}"
        (dest / "locales" / loc / "LC_MESSAGES" / "ui.po").write_text(render_po(cat), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--locales", type=int, default=60)
    args = parser.parse_args()
    generate(args.dest, args.documents, args.locales)


if __name__ == "__main__":
    main()
