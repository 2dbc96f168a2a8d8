"""Cold HTML of this project against Sphinx (+ MyST + sphinx-intl) building the same policy, translated."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from harness import (CLI, PY, REPO, WORK, Options, Row, clean_outputs, compile_bytecode, fresh_clone, interleaved, log,
                     med, run)

TARGET = 20  # × Sphinx
SPHINX_LOCALES = ["de", "de_CH", "fr", "es", "pt_BR", "ja", "zh_Hans", "ar"]


def html_projects() -> tuple[Path, Path]:
    """This project as committed, and the same without regions and releases (one page a
    locale, what a Sphinx site of the policy builds)."""
    proj = fresh_clone(REPO, "html-proj")
    flat = fresh_clone(REPO, "html-flat")
    text = (flat / "pyproject.toml").read_text(encoding="utf-8")
    (flat / "pyproject.toml").write_text(text.split("[tool.policy-l10n.regions.")[0], encoding="utf-8")
    shutil.rmtree(flat / "releases", ignore_errors=True)
    return proj, flat


def cold_html(cli: list[str], project: Path, first_ever: bool = False) -> Callable[[], float]:
    """A cold build; ``first_ever``: also with an empty user cache folder (no compiled
    Jinja2 templates from an earlier run: a user's very first build)."""
    def once() -> float:
        clean_outputs(project)
        if not first_ever:
            return run([*cli, "build", "--no-pdf"], cwd=project)
        with tempfile.TemporaryDirectory(prefix="xdg-", dir=WORK) as empty:
            return run([*cli, "build", "--no-pdf"], cwd=project, env={**os.environ, "XDG_CACHE_HOME": empty})
    return once


def bench_html(options: Options) -> list[Row]:
    """Ours and Sphinx's builds interleaved run by run (the machine's speed drifts)."""
    proj, flat = html_projects()
    sphinx = prepare_sphinx()
    compile_bytecode()
    contenders = {"ours": cold_html([str(CLI)], proj), "flat": cold_html([str(CLI)], flat),
                  "first": cold_html([str(CLI)], proj, first_ever=True)}
    if sphinx is not None:
        eight, nine, clean_sphinx = sphinx
        contenders["sphinx8"] = lambda: (clean_sphinx(), run(eight))[1]
        contenders["sphinx9"] = lambda: (clean_sphinx(), run(nine))[1]
    for once in contenders.values():  # untimed: what a user's earlier runs left (bytecode, OS file cache)
        once()
    times = interleaved(contenders, options.reps(2, 7))
    t, t_flat, t_first = med(times["ours"]), med(times["flat"]), med(times["first"])
    first = f"; a user's first build (empty cache folder): {t_first:.3f} s"
    real = "HTML of this project, cold (no cache): all locales, regions and releases"
    one = "HTML, same policy, one page per locale (en + 8), cold"
    if sphinx is None:
        missing = "Sphinx not installed (.venv/bin/pip install -e '.[bench]')"
        return [Row(real, f"≥ {TARGET}× Sphinx", f"{t:.3f} s", missing + first, False),
                Row(one, f"≥ {TARGET}× Sphinx", f"{t_flat:.3f} s", missing, False)]
    eight_t, nine_t = med(times["sphinx8"]), med(times["sphinx9"])
    return [Row(real, f"≥ {TARGET}× Sphinx", f"{t:.3f} s",
                f"Sphinx + MyST + sphinx-intl, 8 translated locales: {eight_t:.2f} s ({eight_t / t:.1f}×){first}",
                eight_t / t >= TARGET),
            Row(one, f"≥ {TARGET}× Sphinx", f"{t_flat:.3f} s",
                f"Sphinx, en + 8 locales: {nine_t:.2f} s ({nine_t / t_flat:.1f}×)", nine_t / t_flat >= TARGET)]


def prepare_sphinx() -> tuple[list[str], list[str], Callable[[], None]] | None:
    """Sphinx + MyST + sphinx-intl set up to build the same policy, translated, cold (`-E`):
    (the 8 locales' command, en + 8's command, clean), or None without the `bench` extra.

    The Sphinx catalogs carry our translations (each section's paragraphs, list items and
    headings matched one to one), so Sphinx does the work of a translated build. "Cold"
    as ours is: no output, no build state, no .mo files (Sphinx compiles the .po itself).
    """
    try:
        subprocess.run([str(PY), "-c", "import sphinx, myst_parser, sphinx_intl"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        return None
    site = WORK / "sphinx"
    shutil.rmtree(site, ignore_errors=True)
    (site / "locale").mkdir(parents=True)
    text = (REPO / "source" / "privacy-policy.md").read_text(encoding="utf-8").split("---", 2)[2]
    (site / "index.md").write_text("# Privacy Policy\n" + text.replace(" {#", "\n<!-- ").replace("}\n", " -->\n"),
                                   encoding="utf-8")
    (site / "conf.py").write_text("extensions = ['myst_parser']\nlocale_dirs = ['locale/']\ngettext_compact = False\n"
                                  "project = 'policy'\n", encoding="utf-8")
    bin_dir = REPO / ".venv" / "bin"
    subprocess.run([str(bin_dir / "sphinx-build"), "-q", "-b", "gettext", str(site), str(site / "_pot")], check=True)
    subprocess.run([str(bin_dir / "sphinx-intl"), "update", "-p", str(site / "_pot"), "-d", str(site / "locale"),
                    *sum((["-l", loc] for loc in SPHINX_LOCALES), [])], check=True, capture_output=True)
    log(f"Sphinx catalogs: {_translate_sphinx_catalogs(site)} of their messages carry our translations")

    def builds(locales: list[str]) -> list[str]:
        return ["sh", "-c", " && ".join(f"{bin_dir / 'sphinx-build'} -q -E -b html -D language={loc} {site} "
                                        f"{site / '_build' / loc}" for loc in locales)]

    def clean() -> None:
        shutil.rmtree(site / "_build", ignore_errors=True)
        for mo in (site / "locale").rglob("*.mo"):
            mo.unlink()

    return builds(SPHINX_LOCALES), builds(["en", *SPHINX_LOCALES]), clean


def _translate_sphinx_catalogs(site: Path) -> str:
    """Fill Sphinx's per-paragraph catalogs from our per-section ones; "translated/total"."""
    import polib
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")

    def inline_texts(markdown: str) -> list[str]:
        return [tok.content for tok in md.parse(markdown) if tok.type == "inline"]

    done = total = 0
    for loc in SPHINX_LOCALES:
        table: dict[str, str] = {}
        for source in (["de", loc] if loc == "de_CH" else [loc]):  # de_CH falls back to de
            for entry in polib.pofile(str(REPO / "locales" / source / "LC_MESSAGES" / "privacy-policy.po")):
                if entry.translated() and not entry.obsolete:
                    english, translated = inline_texts(entry.msgid), inline_texts(entry.msgstr)
                    if len(english) == len(translated):
                        table.update(zip(english, translated))
        path = site / "locale" / loc / "LC_MESSAGES" / "index.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = table.get(entry.msgid, "")
            done += bool(entry.msgstr)
            total += 1
        catalog.save(str(path))
    return f"{done}/{total}"
