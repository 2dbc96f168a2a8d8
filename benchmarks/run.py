"""Benchmarks of policy-l10n: whole processes, timed side by side in one run.

    .venv/bin/python benchmarks/run.py [--quick]

Prints a table (target, measured, baseline, verdict) and the machine. Each
measurement is the median of several runs of a whole command (fresh process).
Work folders live in benchmarks/work/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work"
PY = REPO / ".venv" / "bin" / "python"
CLI = REPO / ".venv" / "bin" / "policy-l10n"


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def median(cmd: list[str], n: int, cwd: Path | None = None, before=None) -> float:
    times = []
    for _ in range(n):
        if before:
            before()
        times.append(run(cmd, cwd))
    return statistics.median(times)


def fresh_clone(src: Path, name: str) -> Path:
    dest = WORK / name
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(["git", "clone", "-q", str(src), str(dest)], check=True)
    return dest


def git_snapshot(path: Path) -> None:
    """Make a generated project a git repository so it can be cloned fresh."""
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=path, check=True)
    subprocess.run(["git", "-c", "user.email=b@b", "-c", "user.name=b", "commit", "-qm", "bench"], cwd=path, check=True)


def bench_status(rows: list, quick: bool) -> None:
    gen = WORK / "gen-100x60"
    if not (gen / ".git").exists():
        subprocess.run([str(PY), str(REPO / "benchmarks" / "generate.py"), str(gen), "--documents", "100",
                        "--locales", "60"], check=True)
        git_snapshot(gen)
    times = []
    for i in range(3 if quick else 5):
        clone = fresh_clone(gen, "status-clone")
        times.append(run([str(CLI), "status"], cwd=clone))
    t = statistics.median(times)
    times_json = []
    for i in range(3 if quick else 5):
        clone = fresh_clone(gen, "status-clone")
        times_json.append(run([str(CLI), "status", "--format", "json"], cwd=clone))
    rows.append(("status, 100 documents × 60 locales, cold (fresh clone)", "< 1 s", f"{t:.2f} s",
                 f"json: {statistics.median(times_json):.2f} s", t < 1.0))


def bench_update(rows: list, quick: bool) -> None:
    """`update` of the real project's 8 locales against `msgmerge --previous` on the same catalogs."""
    proj = fresh_clone(REPO, "update-proj")
    src = proj / "source" / "privacy-policy.md"
    original = src.read_text(encoding="utf-8")
    changed = original.replace("You may request deletion of your data at any time.",
                               "You may request deletion of your data at any time by e-mail.")
    snapshot = {p: p.read_bytes() for p in (proj / "locales").rglob("*.po*")}

    def reset() -> None:
        for p, data in snapshot.items():
            p.write_bytes(data)
        src.write_text(changed, encoding="utf-8")

    ours = median([str(CLI), "update"], 3 if quick else 7, cwd=proj, before=reset)
    # GNU: xgettext has no Markdown, so the same catalogs are merged with the pot `update` writes
    reset()
    run([str(CLI), "extract"], cwd=proj)
    pots = {p.stem: p.read_bytes() for p in (proj / "locales").glob("*.pot")}
    pos = sorted((proj / "locales").glob("*/LC_MESSAGES/*.po"))
    script = " && ".join(f"msgmerge --quiet --previous -U --backup=off {p} {proj / 'locales' / (p.stem + '.pot')}"
                         for p in pos)

    def reset_gnu() -> None:
        for p, data in snapshot.items():
            if p.suffix == ".po":
                p.write_bytes(data)
        for stem, data in pots.items():
            (proj / "locales" / f"{stem}.pot").write_bytes(data)

    gnu = median(["sh", "-c", script], 3 if quick else 7, before=reset_gnu)
    rows.append((f"update, 8 locales ({len(pos)} catalogs), one section changed", "≤ 2× msgmerge --previous",
                 f"{ours:.3f} s", f"msgmerge: {gnu:.3f} s ({ours / gnu:.2f}×)", ours <= 2 * gnu))


def bench_html(rows: list, quick: bool) -> None:
    """Our cold HTML build and Sphinx's, interleaved run by run (the machine's speed drifts)."""
    proj = fresh_clone(REPO, "html-proj")
    # the same shape as the Sphinx build: one page per locale (no regions, no releases)
    flat = fresh_clone(REPO, "html-flat")
    text = (flat / "pyproject.toml").read_text(encoding="utf-8")
    (flat / "pyproject.toml").write_text(text.split("[tool.policy-l10n.regions.")[0], encoding="utf-8")
    shutil.rmtree(flat / "releases", ignore_errors=True)

    def cold(project: Path):
        def clean() -> None:
            shutil.rmtree(project / "output", ignore_errors=True)
            shutil.rmtree(project / ".cache", ignore_errors=True)
        return clean

    ours = ([str(CLI), "build", "--no-pdf"], proj, cold(proj))
    ours_flat = ([str(CLI), "build", "--no-pdf"], flat, cold(flat))
    sphinx = prepare_sphinx()
    rounds = 3 if quick else 7
    times: dict[str, list[float]] = {"ours": [], "flat": [], "sphinx8": [], "sphinx9": []}
    for _ in range(rounds):
        for name, (cmd, cwd, clean) in (("ours", ours), ("flat", ours_flat)):
            for _ in range(3):
                clean()
                times[name].append(run(cmd, cwd))
        if sphinx is not None:
            eight, nine, clean_sphinx = sphinx
            for name, cmd in (("sphinx8", eight), ("sphinx9", nine)):
                clean_sphinx()
                times[name].append(run(cmd))
    t, t_flat = statistics.median(times["ours"]), statistics.median(times["flat"])
    real = "HTML of the real project, cold (no cache), all locales and regions"
    one = "HTML, same policy, one page per locale (en + 8), cold"
    if sphinx is None:
        base = "Sphinx not installed (pip install -e '.[bench]')"
        rows.append((real, "≤ 0.15 s", f"{t:.3f} s", base, t <= 0.15))
        rows.append((one, "≤ 0.15 s", f"{t_flat:.3f} s", "", t_flat <= 0.15))
        return
    eight, nine = statistics.median(times["sphinx8"]), statistics.median(times["sphinx9"])
    rows.append((real, "≥ 40× Sphinx (~0.15 s)", f"{t:.3f} s",
                 f"Sphinx+MyST+sphinx-intl, 8 translated locales: {eight:.2f} s ({eight / t:.1f}×)", eight / t >= 40))
    rows.append((one, "≥ 40× Sphinx (~0.15 s)", f"{t_flat:.3f} s",
                 f"Sphinx, en + 8 locales: {nine:.2f} s ({nine / t_flat:.1f}×)", nine / t_flat >= 40))


SPHINX_LOCALES = ["de", "de_CH", "fr", "es", "pt_BR", "ja", "zh_Hans", "ar"]


def prepare_sphinx():  # -> (8 locales command, en + 8 command, clean) | None
    """Sphinx + MyST + sphinx-intl set up to build the same policy, translated, cold (`-E`).

    The Sphinx catalogs carry our translations (each section's paragraphs, list items and
    headings matched one to one), so Sphinx does the work of a translated build. "Cold"
    as ours is: no output, no build state, no .mo files (Sphinx compiles the .po itself).
    """
    try:
        subprocess.run([str(PY), "-c", "import sphinx, myst_parser, sphinx_intl"], check=True,
                       capture_output=True)
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
                    *sum((["-l", l] for l in SPHINX_LOCALES), [])], check=True, capture_output=True)
    coverage = _translate_sphinx_catalogs(site)
    print(f"Sphinx catalogs: {coverage} of their messages carry our translations", file=sys.stderr)

    def builds(locales: list[str]) -> list[str]:
        return ["sh", "-c", " && ".join(f"{bin_dir / 'sphinx-build'} -q -E -b html -D language={l} {site} "
                                        f"{site / '_build' / l}" for l in locales)]

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


def bench_pdf(rows: list, quick: bool) -> None:
    """Full build with PDFs against bare WeasyPrint on the same HTML, same number of workers."""
    proj = fresh_clone(REPO, "pdf-proj")
    jobs = os.cpu_count() or 1

    def clean() -> None:
        shutil.rmtree(proj / "output", ignore_errors=True)
        shutil.rmtree(proj / ".cache", ignore_errors=True)

    ours = median([str(CLI), "build", "--jobs", str(jobs)], 3 if quick else 5, cwd=proj, before=clean)
    pages = sorted(str(p) for p in (proj / "output").rglob("*.html")
                   if p.parent.name != "status" and p.name != "index.html" and "/privacy-policy/" not in str(p))
    bare = WORK / "bare_weasyprint.py"
    bare.write_text(
        "import sys, multiprocessing\n"
        "import weasyprint\n"
        "def one(path):\n"
        "    weasyprint.HTML(filename=path).write_pdf(path[:-5] + '.bare.pdf', pdf_variant='pdf/ua-1')\n"
        "if __name__ == '__main__':\n"
        "    paths = sys.argv[2:]\n"
        "    with multiprocessing.get_context('fork').Pool(int(sys.argv[1])) as pool:\n"
        "        pool.map(one, paths, chunksize=1)\n", encoding="utf-8")
    base = median([str(PY), str(bare), str(jobs), *pages], 3 if quick else 5)
    rows.append((f"full build with PDFs ({len(pages)} pages, {jobs} workers), cold", "≤ 1.1× bare WeasyPrint",
                 f"{ours:.2f} s", f"bare WeasyPrint: {base:.2f} s ({ours / base:.2f}×)", ours <= 1.1 * base))
    # peak memory of one worker: the largest child's max RSS
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    clean()
    run([str(CLI), "build", "--jobs", str(jobs)], cwd=proj)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rows.append(("peak memory of a build process/worker (max RSS)", "(recorded)", f"{peak / 1024:.0f} MiB",
                 "", True))


def bench_noop(rows: list, quick: bool) -> None:
    proj = fresh_clone(REPO, "noop-proj")
    run([str(CLI), "build"], cwd=proj)
    run([str(CLI), "build"], cwd=proj)
    n = 10 if quick else 30
    ours = median([str(CLI), "build"], n, cwd=proj)
    bare = median([str(PY), "-c", "pass"], n)
    rows.append(("no-op rebuild (nothing changed)", "≤ python -c pass + 20 ms", f"{ours * 1000:.0f} ms",
                 f"python -c pass: {bare * 1000:.0f} ms (+{(ours - bare) * 1000:.0f} ms)", ours - bare <= 0.020))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", action="append", choices=("status", "update", "html", "pdf", "noop"))
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list = []
    benches = {"status": bench_status, "update": bench_update, "html": bench_html, "pdf": bench_pdf,
               "noop": bench_noop}
    for name, fn in benches.items():
        if not args.only or name in args.only:
            fn(rows, args.quick)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores ({cpu}), "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, Python {platform.python_version()}")
    print()
    print("| benchmark | target | measured | baseline | met |")
    print("|---|---|---|---|---|")
    for name, target, measured, base, ok in rows:
        print(f"| {name} | {target} | {measured} | {base} | {'yes' if ok else 'NO'} |")


if __name__ == "__main__":
    main()
