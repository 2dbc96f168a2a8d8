"""The corpus's full build with PDFs against bare WeasyPrint, and the rebuild after one `.po` edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from harness import (CLI, JOBS, WORK, Options, Row, bare_weasyprint, build_state, clean_outputs, corpus, fresh_clone,
                     fresh_copy, interleaved, log, med, pdf_pages_of, rendered_since, run, startup)

#: the catalog edited by the `.po` benchmark: de has one fallback child, de_CH
EDITED_LOCALE, CHILDREN = "de", ("de_CH",)


def _html_of(project: Path, pdfs: list[str]) -> list[Path]:
    return [project / "output" / (pdf[:-4] + ".html") for pdf in pdfs]


def bench_full_pdf(options: Options) -> list[Row]:
    """Cold `build` (HTML and PDFs, pool of JOBS) against bare WeasyPrint rendering the same
    PDFs from the same HTML files in a fork pool of JOBS, interleaved run by run."""
    proj = fresh_clone(corpus(options), "pdf-corpus")
    pages = WORK / "pdf-corpus-pages"
    pdfs: list[str] = []

    def ours() -> float:
        clean_outputs(proj)
        return run([CLI, "build", "--jobs", JOBS], cwd=proj)

    def bare() -> float:
        if not pdfs:  # after our first build: a copy of its pages (our cold builds delete output/)
            pdfs.extend(pdf_pages_of(proj))
            shutil.rmtree(pages, ignore_errors=True)
            shutil.copytree(proj / "output", pages)
        return bare_weasyprint([pages / (pdf[:-4] + ".html") for pdf in pdfs], WORK / "pdf-corpus-bare")

    # an even number of rounds: each goes first as often as the other (see interleaved)
    times = interleaved({"ours": ours, "bare": bare}, options.reps(1, 4))
    # each round's ratio: the two runs of a round are minutes apart, rounds are up to 20 % apart
    ratios = [o / b for o, b in zip(times["ours"], times["bare"])]
    log("full build with PDFs, each round (ours, bare, ratio): "
        + "; ".join(f"{o:.1f} s, {b:.1f} s, {r:.3f}×" for o, b, r in zip(times["ours"], times["bare"], ratios)))
    t, b, ratio = med(times["ours"]), med(times["bare"]), med(ratios)
    documents = len({p.rsplit("/", 1)[1] for p in pdfs})
    return [Row(f"full build with PDFs, corpus of {documents} documents × 6 page locales ({len(pdfs)} PDFs, "
                f"{JOBS} workers), cold", "≤ 1.1× bare WeasyPrint", f"{t:.1f} s",
                f"bare WeasyPrint, same HTML, Pool({JOBS}): {b:.1f} s; median of the rounds' ratios "
                f"{ratio:.2f}× ({', '.join(f'{r:.2f}' for r in ratios)})", ratio <= 1.1)]


def _edit_translation(po: Path, section: str, marker: str) -> None:
    """Change the translation of ``section`` (its body) as a translator's save would."""
    from pipeline.pofile import read_po, render_po

    cat = read_po(po, str(po))
    entry = cat.by_context()[section]
    first, _, rest = entry.msgstr.partition("\n\n")  # the first block is a paragraph
    first = first.split(" «", 1)[0] + f" «{marker}»"
    entry.msgstr = first + ("\n\n" + rest if rest else "")
    po.write_text(render_po(cat), encoding="utf-8")


def _inherited_section(project: Path, doc: str) -> str:
    """A section de_CH does not translate (so its page shows de's text and changes with it)."""
    from pipeline.pofile import read_po

    child = read_po(project / "locales" / "de_CH" / "LC_MESSAGES" / f"{doc}.po", "de_CH")
    return next(e.msgctxt for e in child.entries
                if e.msgctxt and "." not in e.msgctxt and not e.msgstr and not e.obsolete)


def bench_po_edit(options: Options) -> list[Row]:
    """After a full build: one translation of `de` changed; what the rebuild renders
    (build-state.json's keys before and after) and what it costs against start-up plus
    bare WeasyPrint making those PDFs from their HTML plus their share of the HTML build.

    Start-up is the tool's: a build with nothing to do (it reads every input and finds that
    nothing changed), taken in turn with the rebuilds. Python's start-up alone (`python -c
    pass`) is shown too: no build can find what changed without reading its inputs."""
    base = fresh_clone(corpus(options), "po-corpus")
    # the HTML's share: a cold --no-pdf build, its time above start-up, per page
    cold_html = []
    for _ in range(options.reps(1, 3)):
        clean_outputs(base)
        cold_html.append(run([CLI, "build", "--no-pdf"], cwd=base))
    html_pages = sum(1 for p in build_state(base) if p.endswith(".html"))
    run([CLI, "build", "--jobs", JOBS], cwd=base)
    proj = fresh_copy(base, "po-corpus-edit")
    doc = "policy-000"
    po = proj / "locales" / EDITED_LOCALE / "LC_MESSAGES" / f"{doc}.po"
    section = _inherited_section(proj, doc)
    start = startup(options.reps(5, 20))
    per_html = (med(cold_html) - start) / html_pages

    rebuilds, bares, nulls, rendered_sets = [], [], [], []
    for n in range(options.reps(2, 5)):
        before = build_state(proj)
        _edit_translation(po, section, f"edit {n}")
        rebuilds.append(run([CLI, "build", "--jobs", JOBS], cwd=proj))
        rendered = rendered_since(before, build_state(proj))
        nulls.append(run([CLI, "build", "--jobs", JOBS], cwd=proj))  # nothing changed since
        rendered_sets.append(rendered)
        pdfs = [p for p in rendered if p.endswith(".pdf")]
        bares.append(bare_weasyprint(_html_of(proj, pdfs), WORK / "po-corpus-bare") if pdfs else 0.0)
    rendered = rendered_sets[-1]
    html = [p for p in rendered if p.endswith(".html")]
    pdfs = [p for p in rendered if p.endswith(".pdf")]
    shared = [p for p in html if p == "index.html" or p.startswith("status/")]
    locale_pages = [p for p in rendered if p not in shared]
    allowed = {f"{loc.replace('_', '-')}/{doc}.{ext}" for loc in (EDITED_LOCALE, *CHILDREN) for ext in ("html", "pdf")}
    only_those = all(set(r) - set(shared) <= allowed for r in rendered_sets) and set(locale_pages) == allowed
    t = med(rebuilds)
    pages_cost = med(bares) + per_html * len(html)
    budget = med(nulls) + pages_cost
    python_budget = start + pages_cost
    log(f"po edit: rendered {rendered}")
    if len(rendered) >= len(build_state(proj)) - 1:
        log("po edit: EVERY output rendered again: did the package's code (pipeline/), its dependencies "
            "or the fonts change during the run? (they are inputs of every output)")
    shown = ", ".join(locale_pages[:6]) + (", …" if len(locale_pages) > 6 else "")
    return [
        Row(f"after one .po edit ({EDITED_LOCALE}, section {section} of {doc}): outputs rendered again "
            "(build-state.json keys)", f"only {EDITED_LOCALE} and its fallback children ({', '.join(CHILDREN)})",
            f"{len(locale_pages)} ({shown}) + {len(shared)} dashboard/status page(s)",
            f"expected: {', '.join(sorted(allowed))}", only_those),
        Row("rebuild after that .po edit (with PDFs)", "≤ start-up + those pages", f"{t:.2f} s",
            f"start-up (a build with nothing changed: reads and checks every input) {med(nulls):.2f} s + bare "
            f"WeasyPrint of the {len(pdfs)} PDFs {med(bares):.2f} s + {len(html)} HTML × {per_html * 1000:.1f} ms "
            f"= {budget:.2f} s ({t / budget:.2f}×); with Python's start-up alone ({start * 1000:.0f} ms) "
            f"instead: {python_budget:.2f} s ({t / python_budget:.2f}×)", t <= budget),
    ]
