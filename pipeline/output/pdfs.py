"""A build's PDFs: rendered from its pages' HTML by a pool of forked workers, recorded,
and each failure pointed at the message (or English line) holding what could not be drawn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Mapping

from ..config import Config, bcp47
from .manifest import manifest_item
from .plan import PageJob
from .state import BuildResult, BuildState, pdf_environment_key, sha256_bytes

__all__ = ["render_pdfs", "glyph_locations"]

#: under the project's root: which characters the installed fonts cover (:func:`.render.glyphs.load_font_coverage`)
FONT_COVERAGE_FILE = ".cache/font-coverage.json"


def glyph_locations(config: Config, doc: Any, catalogs: Mapping[tuple[str, str], Any], job: PageJob,
                    error: str) -> list[tuple[str, str]]:
    """Every `path:line` of the page's inputs that holds characters the PDF could not draw,
    with those characters: the entries of the locale's (and its fallbacks') catalogs, then
    the lines of the English source (its missing and stale sections show the English)."""
    import re

    from ..catalog import UI_DOMAIN, locale_catalog_path
    from ..check_glyphs import drawn_source

    chars = [chr(int(h, 16)) for h in re.findall(r"U\+([0-9A-F]{4,6})\b", error)]
    chars = list(dict.fromkeys(c for c in chars if c != "\ufffd"))
    if not chars:
        return []
    found: list[tuple[str, str]] = []

    def holds(text: str) -> str:
        return "".join(c for c in chars if c in text)

    chain = config.fallback_chain(job.locale) if job.locale != config.source_locale else ()
    for loc in chain:
        for domain in (doc.id, UI_DOMAIN):
            cat = catalogs.get((loc, domain))
            for entry in (cat.entries if cat is not None else ()):
                here = holds(entry.msgstr) if not entry.obsolete else ""
                if here:
                    path = locale_catalog_path(config, loc, domain).relative_to(config.root).as_posix()
                    found.append((f"{path}:{entry.line}", here))
    try:
        source = drawn_source((config.root / doc.path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return found
    for number, line in enumerate(source.split("\n"), 1):
        here = holds(line)
        if here:
            found.append((f"{doc.path}:{number}", here))
    return found


def render_pdfs(config: Config, out_dir: Path, pdf_jobs: list, workers: int | None, state: BuildState,
                result: BuildResult, manifest_items: list, progress: Callable[[str], None] | None,
                locate: Callable[[PageJob, str], list[tuple[str, str]]] | None = None) -> None:
    """Render the queued PDFs (``workers`` at a time), record each one made and list it in the
    manifest; a failure is one line at each `path:line` that ``locate`` finds for it (with the
    characters there), or one line at the PDF when it finds none, and removes that PDF's
    previous file."""
    from ..render import STATIC_DIR
    from ..render.glyphs import REMEDY, describe_characters, load_font_coverage
    from ..render.pdf_pool import RenderJob, render_many

    from ..links import pdf_link_base

    jobs = [RenderJob(html=html, out_path=out_dir / job.pdf_path, static_dir=STATIC_DIR,
                      lang=bcp47(job.locale), base_url=pdf_link_base(config, job)) for job, _, html, _ in pdf_jobs]
    total = len(jobs)
    done = 0

    def on_result(index: int, res: Any) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(f"pdf {done}/{total} {pdf_jobs[index][0].pdf_path}" + ("" if res.ok else " FAILED"))

    load_font_coverage(config.root / FONT_COVERAGE_FILE, pdf_environment_key())  # before the workers fork
    results = render_many(jobs, workers or os.cpu_count() or 1, on_result=on_result)
    for (job, pkey, _, states), res in zip(pdf_jobs, results):
        if res.ok:
            data = (out_dir / job.pdf_path).read_bytes()
            state.record(out_dir, job.pdf_path, pkey, sha256_bytes(data), page=state.sha(job.html_path))
            result.written.append(job.pdf_path)
            result.pdf_rendered += 1
            manifest_items.append(manifest_item(job.pdf_path, "pdf", job, state, states, public=True))
        else:
            message = (res.error or "").split(": ", 1)[-1]
            spots = locate(job, message) if locate and res.error_type == "MissingGlyphsError" else []
            for where, chars in spots:  # point at every message to fix, as every error line does
                result.fail(f"{where}: output/{job.pdf_path} failed for locale {job.locale}: "
                            f"{describe_characters(chars)} in no installed font; {REMEDY}", 1)
            if not spots:
                result.fail(f"output/{job.pdf_path}: PDF failed for locale {job.locale}: {message}", 1)
            _remove_stale(out_dir, job.pdf_path, result)
            state.data.pop(job.pdf_path, None)


def _remove_stale(out_dir: Path, rel: str, result: BuildResult) -> None:
    """Delete a failed PDF's previous file: left there, it would show older text than its
    page (and be deployed with it). The manifest does not list a failed PDF either."""
    try:
        (out_dir / rel).unlink(missing_ok=True)
    except OSError as exc:
        result.fail(f"output/{rel}: cannot remove the previous PDF: {exc.strerror}", 1)
