"""The build: every region × locale × document page (HTML, PDF), the manifest, the dashboard.

Outputs are reproducible (no build time inside) and incremental: each output's
inputs are hashed and recorded in `.cache/build-state.json`; an output whose
inputs did not change is not rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .config import Config, bcp47
from .errors import L10nError, UsageError

__all__ = ["PageJob", "plan_pages", "BuildResult", "build", "parse_shard", "merge_manifests"]

STATE_FILE = ".cache/build-state.json"
MANIFEST = "manifest.json"
SITEMAP = "sitemap.xml"


@dataclass(frozen=True, slots=True)
class PageJob:
    """One live page of a document in a locale (and region)."""

    doc_id: str
    locale: str
    region: str | None
    paper: str

    @property
    def folder(self) -> str:
        return f"{self.region}/{bcp47(self.locale)}" if self.region else bcp47(self.locale)

    @property
    def html_path(self) -> str:
        return f"{self.folder}/{self.doc_id}.html"

    @property
    def pdf_path(self) -> str:
        return f"{self.folder}/{self.doc_id}.pdf"


def plan_pages(config: Config, doc_ids: Sequence[str], locales: Sequence[str] | None = None,
               regions: Sequence[str] | None = None) -> list[PageJob]:
    """Every live page, in a stable order (region, document, locale)."""
    jobs = []
    wanted_locales = set(locales) if locales else None
    if config.regions:
        for region in config.regions.values():
            if regions and region.name not in regions:
                continue
            for doc_id in doc_ids:
                for loc in region.locales:
                    if wanted_locales is None or loc in wanted_locales:
                        jobs.append(PageJob(doc_id, loc, region.name, region.paper))
    else:
        if regions:
            raise UsageError("--region given but no regions are configured")
        for doc_id in doc_ids:
            for loc in config.all_page_locales():
                if wanted_locales is None or loc in wanted_locales:
                    jobs.append(PageJob(doc_id, loc, None, "A4"))
    return jobs


def parse_shard(value: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in value.split("/"))
    except ValueError:
        raise UsageError(f"--shard must be K/N, e.g. 1/3 (got {value!r})") from None
    if not (1 <= k <= n):
        raise UsageError(f"--shard {value}: K must be between 1 and N")
    return k, n


def in_shard(path: str, shard: tuple[int, int] | None) -> bool:
    """Deterministic slice of outputs by a hash of their path."""
    if shard is None:
        return True
    k, n = shard
    digest = int(hashlib.sha256(path.encode("utf-8")).hexdigest()[:8], 16)
    return digest % n == k - 1


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class BuildResult:
    """What a build did: outputs written/kept, problems (each one stderr line) and the exit code."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    exit_code: int = 0
    withheld: list[str] = field(default_factory=list)
    pdf_rendered: int = 0

    def fail(self, message: str, code: int) -> None:
        self.problems.append(message)
        self.exit_code = max(self.exit_code, code)


class BuildState:
    """Recorded input keys and output digests of the previous build."""

    def __init__(self, config: Config) -> None:
        self.path = config.root / STATE_FILE
        try:
            self.data: dict[str, dict[str, str]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def fresh(self, out_dir: Path, rel: str, key: str) -> bool:
        """The output exists, was made from inputs with ``key`` and was not touched since."""
        rec = self.data.get(rel)
        if not rec or rec.get("key") != key:
            return False
        try:
            st = (out_dir / rel).stat()
        except OSError:
            return False
        return rec.get("stat") == f"{st.st_size}:{st.st_mtime_ns}"

    def record(self, out_dir: Path, rel: str, key: str, sha: str) -> None:
        st = (out_dir / rel).stat()
        self.data[rel] = {"key": key, "sha256": sha, "stat": f"{st.st_size}:{st.st_mtime_ns}"}

    def sha(self, rel: str) -> str | None:
        rec = self.data.get(rel)
        return rec.get("sha256") if rec else None

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


def write_if_changed(out_dir: Path, rel: str, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly ``data``."""
    path = out_dir / rel
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def environment_key(config: Config) -> str:
    """Package version, templates and CSS, configuration: inputs of every page."""
    from . import __version__
    from .render import STATIC_DIR, template_dirs

    h = hashlib.sha256(f"policy-l10n {__version__}\n{config.raw}\n".encode())
    dirs = [*template_dirs(config), STATIC_DIR]
    for directory in dirs:
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.suffix in (".j2", ".css"):
                    h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(Path(__file__).parent.joinpath("render", "html.py").read_bytes())
    return h.hexdigest()


def pdf_environment_key() -> str:
    """WeasyPrint's version and the installed fonts (cheap: directory stats)."""
    from importlib.metadata import version

    h = hashlib.sha256(f"weasyprint {version('weasyprint')}\n".encode())
    h.update(Path(__file__).parent.joinpath("render", "pdf.py").read_bytes())
    for base in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
        if os.path.isdir(base):
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames.sort()
                st = os.stat(dirpath)
                h.update(f"{dirpath}:{st.st_mtime_ns}:{len(filenames)}\n".encode())
    return h.hexdigest()


def sitemap_bytes(config: Config, doc_ids: Sequence[str], out_dir: Path) -> bytes:
    """`sitemap.xml`: every live page in output/ with its hreflang alternates (needs base-url)."""
    from xml.sax.saxutils import quoteattr, escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    jobs = sorted(plan_pages(config, doc_ids), key=lambda j: j.html_path)
    for job in jobs:
        if not (out_dir / job.html_path).is_file():
            continue
        lines.append("<url>")
        lines.append(f"<loc>{escape(page_href(config, job, job.html_path))}</loc>")
        for link in _sibling_links(config, job, {}):
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(link.hreflang)} '
                         f"href={quoteattr(link.href)}/>")
        lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sitemap(config: Config, doc_ids: Sequence[str], out_dir: Path) -> tuple[bool, dict[str, Any] | None]:
    """Write (or, without base-url, remove) `output/sitemap.xml`: (whether the file changed,
    its manifest item; kind "sitemap", public, for it is deployed with the pages)."""
    if not config.base_url:
        try:
            (out_dir / SITEMAP).unlink()
        except FileNotFoundError:
            return False, None
        return True, None
    data = sitemap_bytes(config, doc_ids, out_dir)
    item = {"path": SITEMAP, "kind": "sitemap", "document": None, "locale": None, "bcp47": None,
            "region": None, "public": True, "sha256": sha256_bytes(data), "states": {}}
    return write_if_changed(out_dir, SITEMAP, data), item


def merge_manifests(out_dir: Path, files: Sequence[Path]) -> dict[str, Any]:
    """Join shard manifests into one (sorted by path)."""
    outputs: dict[str, dict[str, Any]] = {}
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read manifest {f}: {exc}") from None
        for item in data.get("outputs", []):
            outputs[item["path"]] = item
    return {"outputs": [outputs[k] for k in sorted(outputs)]}


def manifest_bytes(outputs: Iterable[Mapping[str, Any]]) -> bytes:
    items = sorted(outputs, key=lambda o: o["path"])
    return (json.dumps({"outputs": items}, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- the build

@dataclass
class _Inputs:
    """Raw bytes of everything pages depend on, read once."""

    sources: dict[str, bytes]
    catalogs: dict[tuple[str, str], bytes]  # (locale, domain) -> bytes (b"" if absent)
    releases: dict[str, bytes]
    env: str


def _read_inputs(config: Config, doc_ids: Sequence[str], locales: Sequence[str]) -> _Inputs:
    from .catalog import locale_catalog_path

    sources = {d: _file_bytes(config.source_dir / f"{d}.md") for d in doc_ids}
    catalogs = {}
    for loc in locales:
        if loc == config.source_locale:
            continue
        for domain in (*doc_ids, "ui"):
            catalogs[(loc, domain)] = _file_bytes(locale_catalog_path(config, loc, domain))
    releases = {d: _file_bytes(config.releases_dir / d / "index.json") for d in doc_ids}
    return _Inputs(sources, catalogs, releases, environment_key(config))


def page_key(inputs: _Inputs, config: Config, job: PageJob) -> str:
    h = hashlib.sha256(f"{inputs.env}\n{job.html_path}\n".encode())
    h.update(inputs.sources[job.doc_id])
    h.update(inputs.releases.get(job.doc_id, b""))
    if job.locale != config.source_locale:
        for loc in config.fallback_chain(job.locale):
            for domain in (job.doc_id, "ui"):
                h.update(f"\0{loc}/{domain}\0".encode())
                h.update(inputs.catalogs.get((loc, domain), b""))
    return h.hexdigest()


def _sibling_links(config: Config, job: PageJob, jobs_by_key: Mapping[tuple, PageJob]) -> list:
    from .render.html import PageLink, locale_facts

    locales = config.regions[job.region].locales if job.region else config.all_page_locales()
    links = []
    for loc in locales:
        sib = PageJob(job.doc_id, loc, job.region, job.paper)
        direction, name = locale_facts(loc)
        links.append(PageLink(bcp47(loc), page_href(config, job, sib.html_path), name,
                              direction if direction == "rtl" else None))
    if config.source_locale in locales:
        src = PageJob(job.doc_id, config.source_locale, job.region, job.paper)
        links.append(PageLink("x-default", page_href(config, job, src.html_path)))
    return links


def page_href(config: Config, here: PageJob | str, target: str) -> str:
    """Link from one output to another: absolute with base-url, else relative."""
    if config.base_url:
        return f"{config.base_url}/{target}"
    here_path = here.html_path if isinstance(here, PageJob) else here
    return os.path.relpath(target, os.path.dirname(here_path) or ".").replace(os.sep, "/")


def build(config: Config, *, locales: Sequence[str] | None = None, regions: Sequence[str] | None = None,
          pdf: bool = True, jobs: int | None = None, shard: tuple[int, int] | None = None,
          progress: Callable[[str], None] | None = None, out_dir: Path | None = None,
          show_states: bool = False, extra_body: str = "") -> BuildResult:
    """Build pages (and PDFs) for the selection; see DESIGN.md "Output"."""
    from .catalog import UI_DOMAIN, load_locale_catalog
    from .errors import PoError
    from .source import load_documents

    result = BuildResult()
    out_dir = out_dir or config.output_dir
    docs = load_documents(config.root)
    doc_by_id = {d.id: d for d in docs}
    page_locales = list(config.all_page_locales())
    if locales:
        for loc in locales:
            if loc not in page_locales:
                raise UsageError(f"locale {loc!r} is not configured")
    if regions:
        for r in regions:
            if r not in config.regions:
                raise UsageError(f"region {r!r} is not configured")
    planned = plan_pages(config, [d.id for d in docs], locales, regions)
    inputs = _read_inputs(config, [d.id for d in docs], page_locales)

    # catalogs: read every locale once; unreadable or failing checks → withheld
    catalogs: dict[tuple[str, str], Any] = {}
    withheld: dict[str, str] = {}
    for loc in config.locales:
        for domain in [d.id for d in docs] + [UI_DOMAIN]:
            try:
                catalogs[(loc, domain)] = load_locale_catalog(config, loc, domain)
            except PoError as exc:
                withheld.setdefault(loc, str(exc))
                result.fail(str(exc), 2)
    _withhold_for_checks(config, docs, catalogs, withheld, result)
    for loc in config.locales:  # a locale whose fallback is withheld cannot build either
        bad = next((x for x in config.fallback_chain(loc) if x in withheld), None)
        if bad and loc not in withheld:
            withheld[loc] = f"falls back to withheld locale {bad}"
    # each problem above is already one stderr line; the withheld locales are named in the summary
    result.withheld.extend(sorted(withheld))

    state = BuildState(config) if out_dir == config.output_dir else BuildState.__new__(BuildState)
    if out_dir != config.output_dir:
        state.path, state.data = out_dir / ".build-state.json", {}
        try:
            state.data = json.loads(state.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    pdf_env = pdf_environment_key() if pdf else ""
    from .render.html import Templates

    templates = Templates(config)
    pdf_jobs = []
    manifest_items: list[dict[str, Any]] = []
    status_rows: list[dict[str, Any]] = []
    # which pages must be rendered again (their inputs' key changed)
    keys: dict[str, str] = {}
    todo: list[PageJob] = []
    for job in planned:
        if job.locale in withheld or (not in_shard(job.html_path, shard) and not in_shard(job.pdf_path, shard)):
            continue
        key = page_key(inputs, config, job)
        if show_states:
            key = hashlib.sha256((key + "states" + extra_body).encode()).hexdigest()
        keys[job.html_path] = key
        if not state.fresh(out_dir, job.html_path, key):
            todo.append(job)
    # (serial on purpose: a forked half re-does the template compilation and locale-data
    # loading that dominate a cold build, measured slower than one process)
    rendered = {j.html_path: render_live_page(config, templates, doc_by_id[j.doc_id], j, catalogs,
                                              show_states=show_states, extra_body=extra_body) for j in todo}
    for job in planned:
        if job.locale in withheld:
            manifest_items.extend(_previous_items(state, job))
            continue
        if job.html_path not in keys:
            continue
        key = keys[job.html_path]
        if job.html_path not in rendered:
            states = state.data.get(job.html_path, {}).get("states", {})
            html_bytes = None
        else:
            html, states = rendered[job.html_path]
            html_bytes = html.encode("utf-8")
        if in_shard(job.html_path, shard):
            if html_bytes is not None:
                if write_if_changed(out_dir, job.html_path, html_bytes):
                    result.written.append(job.html_path)
                state.record(out_dir, job.html_path, key, sha256_bytes(html_bytes))
                state.data[job.html_path]["states"] = states
            else:
                result.kept.append(job.html_path)
            manifest_items.append(_item(job.html_path, "page", job, state, states, public=True))
        if pdf and in_shard(job.pdf_path, shard):
            html_sha = state.sha(job.html_path) if html_bytes is None else sha256_bytes(html_bytes)
            pkey = hashlib.sha256(f"{pdf_env}\n{html_sha}".encode()).hexdigest()
            if state.fresh(out_dir, job.pdf_path, pkey):
                result.kept.append(job.pdf_path)
                manifest_items.append(_item(job.pdf_path, "pdf", job, state, states, public=True))
            else:
                if html_bytes is None:
                    html_bytes = (out_dir / job.html_path).read_bytes()
                pdf_jobs.append((job, pkey, html_bytes.decode("utf-8"), states))
    if pdf_jobs:
        _render_pdfs(config, out_dir, pdf_jobs, jobs, state, result, manifest_items, progress,
                     locate=lambda job, error: _glyph_location(config, doc_by_id[job.doc_id], catalogs, job, error))
    extra = build_extras(config, docs, catalogs, withheld, templates, out_dir, state, result, shard,
                         locales=locales, regions=regions)
    manifest_items.extend(extra)
    if shard is not None:
        k, n = shard
        write_if_changed(out_dir, f"manifest.{k}-of-{n}.json", manifest_bytes(manifest_items))
    else:
        if locales or regions or not pdf:  # a partial build: the other outputs stay listed
            manifest_items.extend(_unselected_items(config, docs, out_dir, state, manifest_items,
                                                    locales=locales, regions=regions, pdf=pdf))
        sitemap_changed, sitemap_item = write_sitemap(config, [d.id for d in docs], out_dir)
        if sitemap_changed and sitemap_item:
            result.written.append(SITEMAP)
        if sitemap_item:
            manifest_items.append(sitemap_item)
        if write_if_changed(out_dir, MANIFEST, manifest_bytes(manifest_items)):
            result.written.append(MANIFEST)
    state.save()
    return result


def _item(path: str, kind: str, job: PageJob | None, state: BuildState, states: Mapping[str, str] | None,
          *, public: bool, document: str | None = None, locale: str | None = None,
          region: str | None = None) -> dict[str, Any]:
    loc = job.locale if job else locale
    return {"path": path, "kind": kind, "document": job.doc_id if job else document,
            "locale": loc, "bcp47": bcp47(loc) if loc else None,
            "region": job.region if job else region, "public": public,
            "sha256": state.sha(path), "states": dict(states or {})}


def _unselected_items(config: Config, docs: Sequence[Any], out_dir: Path, state: BuildState,
                      items: Sequence[Mapping[str, Any]], *, locales: Sequence[str] | None,
                      regions: Sequence[str] | None, pdf: bool) -> list[dict[str, Any]]:
    """Items of the previous manifest outside this build's selection (`--locale`, `--region`,
    `--no-pdf`) whose files are still there as that build left them and still belong to the
    configured site: the manifest always describes all of output/."""
    try:
        previous = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8")).get("outputs", [])
    except (OSError, ValueError, AttributeError):
        return []
    listed = {i["path"] for i in items}
    doc_ids = {d.id for d in docs}
    pdf_env: str | None = None
    kept = []
    for item in previous:
        if not isinstance(item, dict) or item.get("path") in listed:
            continue
        kind, loc, region = item.get("kind"), item.get("locale"), item.get("region")
        if kind not in ("page", "pdf", "release", "comparison"):
            continue  # the dashboard and status pages are always rewritten
        selected = ((not locales or loc in locales) and (not regions or region in regions)
                    and (pdf or kind != "pdf"))
        configured = (item.get("document") in doc_ids and loc in config.all_page_locales()
                      and (region in config.regions if config.regions else region is None))
        if selected or not configured:
            continue
        rec = state.data.get(item["path"])
        if not rec or rec.get("sha256") != item.get("sha256") or not state.fresh(out_dir, item["path"], rec.get("key", "")):
            continue  # gone or touched since
        if kind == "pdf":  # listed only while it is still the PDF of the page next to it
            pdf_env = pdf_env or pdf_environment_key()
            html_sha = state.sha(item["path"][: -len(".pdf")] + ".html")
            if rec.get("key") != hashlib.sha256(f"{pdf_env}\n{html_sha}".encode()).hexdigest():
                continue
        kept.append(item)
    return kept


def _previous_items(state: BuildState, job: PageJob) -> list[dict[str, Any]]:
    items = []
    for path, kind in ((job.html_path, "page"), (job.pdf_path, "pdf")):
        rec = state.data.get(path)
        if rec and rec.get("sha256"):
            items.append(_item(path, kind, job, state, state.data.get(job.html_path, {}).get("states"), public=True))
    return items


def render_live_page(config: Config, templates: Any, doc: Any, job: PageJob,
                     catalogs: Mapping[tuple[str, str], Any], *, show_states: bool = False,
                     extra_body: str = "") -> tuple[str, dict[str, str]]:
    """The HTML of one live page and its sections' states."""
    from .freshness import resolve_sections
    from .release import page_release_extras
    from .render.html import UiTranslator, format_long_date, page_html

    chain = config.fallback_chain(job.locale) if job.locale != config.source_locale else ()
    doc_catalogs = {loc: catalogs.get((loc, doc.id)) for loc in chain}
    sections = doc.sections_for_region(job.region)
    document_state, section_states = resolve_sections(doc, config, job.locale, sections, doc_catalogs) \
        if chain else _source_states(doc, sections)
    translate = UiTranslator([_entries(catalogs.get((loc, "ui"))) for loc in chain])
    links = _sibling_links(config, job, {})
    extras = page_release_extras(config, doc, job, catalogs.get((job.locale, doc.id)))
    extras["pdf"] = f"{doc.id}.pdf"
    html = page_html(templates, doc=doc, locale=job.locale, region=job.region,
                     document_state=document_state, section_states=section_states,
                     translate=translate, paper=job.paper, alternates=links,
                     canonical=f"{config.base_url}/{job.html_path}" if config.base_url else None,
                     extras=extras, show_states=show_states, extra_body=extra_body)
    states = {"document": document_state.state, **{s.id: s.state for s in section_states}}
    return html, states


def _entries(cat: Any) -> dict:
    return cat.by_context() if cat is not None else {}


def _source_states(doc: Any, sections: Sequence[Any]) -> tuple[Any, list[Any]]:
    from .freshness import SectionState

    return (SectionState("document", doc.title, "current", None),
            [SectionState(s.id, s.title, "current", None) for s in sections])


def _withhold_for_checks(config: Config, docs: Sequence[Any], catalogs: Mapping[tuple[str, str], Any],
                         withheld: dict[str, str], result: BuildResult) -> None:
    """Run the error-level checks; a locale with errors is withheld (exit 1)."""
    from .check import run_checks

    for loc in config.locales:
        if loc in withheld:
            continue
        findings = [f for f in run_checks(config, docs, [loc], catalogs=catalogs) if f.severity == "error"]
        if findings:
            withheld[loc] = "check errors"
            for f in findings:
                result.fail(f.text(), 1)


def _glyph_location(config: Config, doc: Any, catalogs: Mapping[tuple[str, str], Any], job: PageJob,
                    error: str) -> str | None:
    """`path:line` of a message (or English source line) of the page holding a character that
    the PDF could not draw, or None."""
    import re

    from .catalog import UI_DOMAIN, locale_catalog_path

    chars = [chr(int(h, 16)) for h in re.findall(r"U\+([0-9A-F]{4,6})\b", error)]
    chars = [c for c in chars if c != "\ufffd"]
    if not chars:
        return None
    chain = config.fallback_chain(job.locale) if job.locale != config.source_locale else ()
    for loc in chain:
        for domain in (doc.id, UI_DOMAIN):
            cat = catalogs.get((loc, domain))
            for entry in (cat.entries if cat is not None else ()):
                if not entry.obsolete and any(c in entry.msgstr for c in chars):
                    path = locale_catalog_path(config, loc, domain).relative_to(config.root).as_posix()
                    return f"{path}:{entry.line}"
    try:
        lines = (config.root / doc.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        if any(c in line for c in chars):
            return f"{doc.path}:{number}"
    return None


def _render_pdfs(config: Config, out_dir: Path, pdf_jobs: list, workers: int | None, state: BuildState,
                 result: BuildResult, manifest_items: list, progress: Callable[[str], None] | None,
                 locate: Callable[[PageJob, str], str | None] | None = None) -> None:
    from .render import STATIC_DIR
    from .render.pdf import RenderJob, render_many

    jobs = [RenderJob(html=html, out_path=out_dir / job.pdf_path, static_dir=STATIC_DIR,
                      lang=bcp47(job.locale)) for job, _, html, _ in pdf_jobs]
    total = len(jobs)
    done = 0

    def on_result(index: int, res: Any) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(f"pdf {done}/{total} {pdf_jobs[index][0].pdf_path}" + ("" if res.ok else " FAILED"))

    results = render_many(jobs, workers or os.cpu_count() or 1, on_result=on_result)
    for (job, pkey, _, states), res in zip(pdf_jobs, results):
        if res.ok:
            data = (out_dir / job.pdf_path).read_bytes()
            state.record(out_dir, job.pdf_path, pkey, sha256_bytes(data))
            result.written.append(job.pdf_path)
            result.pdf_rendered += 1
            manifest_items.append(_item(job.pdf_path, "pdf", job, state, states, public=True))
        else:
            message = (res.error or "").split(": ", 1)[-1]
            where = locate(job, message) if locate and res.error_type == "MissingGlyphsError" else None
            if where:  # point at the message to fix, as every error line does
                result.fail(f"{where}: output/{job.pdf_path} failed for locale {job.locale}: {message}", 1)
            else:
                result.fail(f"output/{job.pdf_path}: PDF failed for locale {job.locale}: {message}", 1)
            state.data.pop(job.pdf_path, None)


def build_extras(config: Config, docs: Sequence[Any], catalogs: Mapping[tuple[str, str], Any],
                 withheld: Mapping[str, str], templates: Any, out_dir: Path, state: BuildState,
                 result: BuildResult, shard: tuple[int, int] | None, *, locales: Sequence[str] | None,
                 regions: Sequence[str] | None) -> list[dict[str, Any]]:
    """Release pages, comparisons, the dashboard and status pages."""
    from .release import build_release_outputs
    from .render.dashboard import build_dashboard

    items = build_release_outputs(config, docs, templates, out_dir, state, result, shard,
                                  withheld=withheld, locales=locales, regions=regions)
    if shard is None:
        items.extend(build_dashboard(config, docs, catalogs, out_dir, state, result, withheld=withheld))
    return items


def merge_shards(config: Config, files: Sequence[Path]) -> BuildResult:
    """`manifest merge`: join shard manifests, write the shared pages and manifest.json."""
    from .catalog import UI_DOMAIN, load_locale_catalog
    from .source import load_documents

    result = BuildResult()
    out_dir = config.output_dir
    merged = merge_manifests(out_dir, files)
    docs = load_documents(config.root)
    catalogs = {}
    for loc in config.locales:
        for domain in [d.id for d in docs] + [UI_DOMAIN]:
            catalogs[(loc, domain)] = load_locale_catalog(config, loc, domain)
    state = BuildState(config)
    from .render.dashboard import build_dashboard

    shared = build_dashboard(config, docs, catalogs, out_dir, state, result)
    items = {i["path"]: i for i in merged["outputs"]}
    for item in shared:
        items[item["path"]] = item
    _, sitemap_item = write_sitemap(config, [d.id for d in docs], out_dir)
    if sitemap_item:
        items[SITEMAP] = sitemap_item
    write_if_changed(out_dir, MANIFEST, manifest_bytes(items.values()))
    state.save()
    return result
