"""Turn already-rendered HTML pages into PDF files with WeasyPrint 70.

The module is cheap to import: ``weasyprint`` (about 0.45 s to import) is only imported by the functions that render, and by the first
access to :data:`StaticFetcher`.

Public API
----------
* :class:`MissingGlyphsError` -- some text cannot be drawn with the installed
  fonts; nothing is written.
* :data:`StaticFetcher` -- a ``weasyprint.urls.URLFetcher`` subclass that serves
  only regular files inside one static directory and refuses every other URL
  (``file:`` outside it, ``http(s):``, ``data:``, ...), without network access.
* :func:`uncovered_characters` -- the characters of a text that no installed
  font covers (from one ``fc-list`` call per process; see :mod:`.glyphs`).
* :func:`render_pdf` -- glyph check, restricted fetching, tagged PDF
  (``pdf/ua-1``), atomic write.
* :func:`render_many` -- many PDFs through a fork-based process pool.

Thread safety: WeasyPrint's logger is shared by the whole process, so renders
inside one process are serialised by a lock (use :func:`render_many` for
parallelism).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import html.parser
import logging
import mimetypes
import multiprocessing
import os
import pathlib
import re
import secrets
import stat
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .glyphs import REMEDY, _font_coverage, describe_characters, uncovered_characters

if TYPE_CHECKING:  # pragma: no cover - typing only, never imported at runtime
    import weasyprint.urls

__all__ = [
    "DEFAULT_STATIC_DIR",
    "PRINT_CSS",
    "FetchRefusedError",
    "MissingGlyphsError",
    "RenderJob",
    "RenderResult",
    "StaticFetcher",
    "render_many",
    "render_pdf",
    "uncovered_characters",
]

#: The static directory shipped with this module (holds ``print.css``).
DEFAULT_STATIC_DIR: pathlib.Path = pathlib.Path(__file__).resolve().parent / "static"
#: The package's print stylesheet. The pipeline's pages embed it in their own
#: ``<style>`` inside ``@media print`` (see ``html.py``); pass it in
#: ``render_pdf(stylesheets=...)`` for pages that do not.
PRINT_CSS: pathlib.Path = DEFAULT_STATIC_DIR / "print.css"

#: PDF variant asked of WeasyPrint; it turns on tagging (``pdfinfo``: Tagged yes).
PDF_VARIANT = "pdf/ua-1"
#: Largest static file the fetcher will serve.
MAX_STATIC_BYTES = 32 * 1024 * 1024

_WEASYPRINT_LOGGER = "weasyprint"
_NOTDEF_PREFIX = ".notdef glyph rendered"
# One render at a time per process: the "weasyprint" logger is process-global.
_RENDER_LOCK = threading.Lock()


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


class MissingGlyphsError(Exception):
    """Text contains characters that no installed font can draw.

    Attributes:
        characters: the uncovered characters, each once, in order of first
            appearance.
        lang: the language of the page being checked.
    """

    def __init__(self, characters: str, lang: str = "", detail: str = "") -> None:
        self.characters: str = characters
        self.lang: str = lang
        self.detail: str = detail
        where = f" (lang={lang})" if lang else ""
        count = len(characters)
        noun = "character" if count == 1 else "characters"
        message = (
            f"{count} {noun} in no installed font{where}: {describe_characters(characters)}"
        )
        if detail:
            message += f" [{detail}]"
        message += f"; {REMEDY}"
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        """Keep the exception picklable (it crosses process boundaries)."""
        return (type(self), (self.characters, self.lang, self.detail))


class FetchRefusedError(PermissionError):
    """Raised by :data:`StaticFetcher` for any URL it will not serve."""


# --------------------------------------------------------------------------
# Restricted URL fetcher
# --------------------------------------------------------------------------


def _resolve_static_url(root: pathlib.Path, url: str) -> pathlib.Path:
    """Map ``url`` to a path inside ``root`` or raise :class:`FetchRefusedError`.

    Only ``file:`` URLs without a host (or with ``localhost``) are accepted;
    the path is fully resolved (``..`` and symlinks) and must stay inside
    ``root``, which must itself be resolved.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() != "file":
        raise FetchRefusedError(f"refused non-file URL: {url[:200]}")
    if parts.netloc not in ("", "localhost"):
        raise FetchRefusedError(f"refused file URL with a host: {url[:200]}")
    raw_path = urllib.request.url2pathname(parts.path)
    if "\x00" in raw_path or not os.path.isabs(raw_path):
        raise FetchRefusedError(f"refused malformed file URL: {url[:200]}")
    try:
        resolved = pathlib.Path(raw_path).resolve(strict=True)
    except (OSError, RuntimeError) as error:
        raise FetchRefusedError(f"refused missing file: {url[:200]} ({error})") from None
    if not resolved.is_relative_to(root):
        raise FetchRefusedError(f"refused file outside the static directory: {url[:200]}")
    return resolved


def _read_static_file(path: pathlib.Path, url: str) -> bytes:
    """Read a regular file without following a last-moment symlink or blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise FetchRefusedError(f"refused unreadable file: {url[:200]} ({error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FetchRefusedError(f"refused non-regular file: {url[:200]}")
        if info.st_size > MAX_STATIC_BYTES:
            raise FetchRefusedError(f"refused file larger than {MAX_STATIC_BYTES} bytes: {url[:200]}")
        with os.fdopen(fd, "rb", closefd=True) as stream:
            fd = -1
            return stream.read(MAX_STATIC_BYTES + 1)[:MAX_STATIC_BYTES]
    finally:
        if fd >= 0:
            os.close(fd)


@functools.cache
def _static_fetcher_class() -> type[weasyprint.urls.URLFetcher]:
    """Build (once) the URLFetcher subclass; imports ``weasyprint.urls``."""
    import weasyprint.urls as wurls

    class StaticFetcher(wurls.URLFetcher):
        """WeasyPrint URL fetcher that serves only files under one directory.

        Every URL that is not a ``file:`` URL of a regular file inside
        ``static_dir`` (after resolving ``..`` and symlinks) raises
        :class:`FetchRefusedError`; WeasyPrint then logs an error and renders
        without the resource (an ``<img>`` shows its alt text, an attachment is
        left out). Nothing touches the network, so a render never stalls on a
        fetch. ``data:`` URLs are refused too.

        Attributes:
            root: the resolved static directory.
            served: URLs served so far.
            refused: URLs refused so far.
        """

        def __init__(self, static_dir: pathlib.Path | str) -> None:
            super().__init__(
                timeout=1, allowed_protocols=("file",), allow_redirects=False,
                fail_on_errors=False)
            root = pathlib.Path(static_dir).resolve(strict=True)
            if not root.is_dir():
                raise NotADirectoryError(f"static_dir is not a directory: {root}")
            self.root: pathlib.Path = root
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> wurls.URLFetcherResponse:
            """Serve ``url`` from the static directory or raise FetchRefusedError."""
            try:
                path = _resolve_static_url(self.root, url)
                body = _read_static_file(path, url)
            except FetchRefusedError:
                self.refused.append(url)
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.served.append(url)
            return wurls.URLFetcherResponse(
                path.as_uri(), body=body, headers={"Content-Type": content_type})

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
            """Route every urllib-style open through :meth:`fetch`."""
            if isinstance(url, urllib.request.Request):
                url = url.full_url
            return self.fetch(url)

        def __call__(self, url: str) -> wurls.URLFetcherResponse:
            """Fetch ``url`` (WeasyPrint calls the fetcher object directly)."""
            return self.fetch(url)

    StaticFetcher.__module__ = __name__
    StaticFetcher.__qualname__ = "StaticFetcher"
    return StaticFetcher


def __getattr__(name: str) -> Any:
    """Create :data:`StaticFetcher` lazily so that importing this module is cheap."""
    if name == "StaticFetcher":
        return _static_fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------
# Glyph coverage
# --------------------------------------------------------------------------


_CSS_CONTENT_STRING = re.compile(
    r"""content\s*:[^;{}]*""", re.IGNORECASE)
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\\n|\\(.)", re.DOTALL)


def _css_unescape(value: str) -> str:
    """Decode CSS string escapes (``\\26A0``, ``\\"``, line continuations)."""
    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            codepoint = int(match.group(1), 16)
            if codepoint == 0 or codepoint > 0x10FFFF or 0xD800 <= codepoint <= 0xDFFF:
                return "\ufffd"
            return chr(codepoint)
        return match.group(2) or ""
    return _CSS_ESCAPE.sub(replace, value)


class _VisibleTextParser(html.parser.HTMLParser):
    """Collect the text WeasyPrint may draw from an HTML page.

    Keeps text nodes (character references decoded), ``alt`` attributes (drawn
    when an image is missing) and the strings of CSS ``content:`` declarations
    inside ``<style>`` (e.g. a translated "Page X of Y" footer). Skips
    ``<script>``, ``<template>`` and ``<title>`` (the title is metadata; the
    running header takes its text from the body).
    """

    _SKIPPED = frozenset({"script", "template", "title", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "alt" and value:
                self.parts.append(value)
        if tag in self._SKIPPED:
            self._skip_stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip_stack:
            while self._skip_stack and self._skip_stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._skip_stack:
            self.parts.append(data)
        elif self._skip_stack[-1] == "style":
            for declaration in _CSS_CONTENT_STRING.findall(data):
                for double, single in _CSS_STRING.findall(declaration):
                    self.parts.append(_css_unescape(double or single))


def _visible_text(page_html: str) -> str:
    """Return the drawable text of ``page_html`` for the glyph pre-check."""
    parser = _VisibleTextParser()
    parser.feed(page_html)
    parser.close()
    return "\n".join(parser.parts)


# --------------------------------------------------------------------------
# Second line of defence: WeasyPrint's ".notdef glyph rendered" warnings
# --------------------------------------------------------------------------


class _NotdefCatcher(logging.Handler):
    """Logging handler that records characters drawn as ``.notdef``.

    WeasyPrint logs ``.notdef glyph rendered for Unicode string unsupported by
    fonts: "%s" (U+%04X)`` with the character as first argument.
    """

    def __init__(self, forward_from_level: int | None = None) -> None:
        super().__init__(level=logging.WARNING)
        self.characters: list[str] = []
        self._forward_from_level = forward_from_level

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str) and record.msg.startswith(_NOTDEF_PREFIX):
            args = record.args if isinstance(record.args, tuple) else ()
            character = args[0] if args and isinstance(args[0], str) else "\ufffd"
            if character not in self.characters:
                self.characters.append(character)
        # When propagation had to be switched off (see _catch_notdef), pass on
        # what the parent loggers would have received.
        level = self._forward_from_level
        logger = logging.getLogger(_WEASYPRINT_LOGGER)
        if level is not None and record.levelno >= level and logger.parent is not None:
            logger.parent.handle(record)


class _catch_notdef:
    """Context manager attaching a :class:`_NotdefCatcher` to "weasyprint".

    If warnings of the "weasyprint" logger are disabled, its level is lowered
    to WARNING for the render, its propagation is switched off and the
    handler forwards the records that were enabled before to the parent
    loggers, so the application's logging output does not change.
    """

    def __enter__(self) -> _NotdefCatcher:
        self._logger = logging.getLogger(_WEASYPRINT_LOGGER)
        self._old_level = self._logger.level
        self._old_propagate = self._logger.propagate
        effective = self._logger.getEffectiveLevel()
        if effective > logging.WARNING:
            self.handler = _NotdefCatcher(
                forward_from_level=effective if self._old_propagate else None)
            self._logger.setLevel(logging.WARNING)
            self._logger.propagate = False
        else:
            self.handler = _NotdefCatcher()
        self._logger.addHandler(self.handler)
        return self.handler

    def __exit__(self, *exc_info: object) -> None:
        self._logger.removeHandler(self.handler)
        self._logger.setLevel(self._old_level)
        self._logger.propagate = self._old_propagate


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def _temporary_sibling(out_path: pathlib.Path) -> tuple[pathlib.Path, int]:
    """Create a new, exclusive temporary file next to ``out_path``."""
    for _ in range(100):
        candidate = out_path.with_name(f".{out_path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        return candidate, fd
    raise FileExistsError(f"cannot create a temporary file next to {out_path}")


def render_pdf(
    html: str,
    out_path: pathlib.Path,
    *,
    static_dir: pathlib.Path,
    base_url: str | None = None,
    text_for_glyph_check: str | None = None,
    lang: str = "en",
    stylesheets: Sequence[pathlib.Path] = (),
) -> None:
    """Render one HTML page to a PDF file.

    Steps: (1) glyph pre-check of ``text_for_glyph_check`` (or, when it is
    None, of the page's visible text, ``alt`` texts and CSS ``content``
    strings) -- :class:`MissingGlyphsError` is raised before anything is
    written; (2) rendering with a :data:`StaticFetcher` bound to
    ``static_dir`` and ``pdf_variant="pdf/ua-1"`` (tagged PDF); a logging
    handler turns WeasyPrint's ``.notdef glyph rendered`` warnings into
    :class:`MissingGlyphsError` as well; (3) atomic write: a temporary file in
    ``out_path``'s directory, fsync, then ``os.replace``.

    Args:
        html: the complete HTML page (its ``<style>`` sets ``@page { size }``
            and the footer content).
        out_path: where the PDF goes; its directory is created if missing.
        static_dir: the only directory the page may load files from.
        base_url: base for relative URLs; defaults to ``static_dir`` as a
            ``file:`` URL, so ``<img src="logo.png">`` is served from it.
        text_for_glyph_check: text to check instead of the page's own text.
        lang: the page language, for error messages.
        stylesheets: extra user stylesheets (trusted local files, read
            directly), e.g. ``(PRINT_CSS,)`` for a page that does not embed
            print.css itself; the page's own styles win over them, so its
            ``@page { size }`` and footer ``content`` stay the page's.

    Raises:
        MissingGlyphsError: a character cannot be drawn; no file is written.
        FileNotFoundError / NotADirectoryError: ``static_dir`` is unusable.
    """
    out_path = pathlib.Path(out_path)
    text = _visible_text(html) if text_for_glyph_check is None else text_for_glyph_check
    missing = uncovered_characters(text, lang)
    if missing:
        raise MissingGlyphsError(missing, lang)

    fetcher = _static_fetcher_class()(static_dir)
    if base_url is None:
        base_url = fetcher.root.as_uri().rstrip("/") + "/"

    import weasyprint
    import weasyprint.pdf

    options: dict[str, Any] = {}
    if PDF_VARIANT in getattr(weasyprint.pdf, "VARIANTS", {}):
        options["pdf_variant"] = PDF_VARIANT
    else:  # pragma: no cover - older WeasyPrint
        options["pdf_tags"] = True

    out_path.parent.mkdir(parents=True, exist_ok=True)
    with _RENDER_LOCK:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        css = [weasyprint.CSS(filename=str(path), url_fetcher=fetcher) for path in stylesheets]
        temporary, fd = _temporary_sibling(out_path)
        try:
            with os.fdopen(fd, "wb") as stream:
                with _catch_notdef() as catcher:
                    document.write_pdf(target=stream, stylesheets=css, **options)
                if catcher.characters:
                    raise MissingGlyphsError(
                        "".join(catcher.characters), lang,
                        detail="WeasyPrint rendered .notdef glyphs")
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, out_path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


# --------------------------------------------------------------------------
# Many pages
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RenderJob:
    """One page to render: the keyword arguments of :func:`render_pdf`."""

    html: str
    out_path: pathlib.Path
    static_dir: pathlib.Path
    base_url: str | None = None
    text_for_glyph_check: str | None = None
    lang: str = "en"
    stylesheets: tuple[pathlib.Path, ...] = ()


@dataclasses.dataclass(frozen=True)
class RenderResult:
    """Outcome of one :class:`RenderJob`.

    Attributes:
        out_path: the job's output path.
        ok: True when the PDF was written.
        error: ``"ExceptionType: message"`` when it was not, else None.
        error_type: the exception's class name (e.g. ``"MissingGlyphsError"``).
        seconds: wall time of the render inside its worker.
        worker: the process id of the worker that rendered it (0 when none did).
    """

    out_path: pathlib.Path
    ok: bool
    error: str | None = None
    error_type: str | None = None
    seconds: float = 0.0
    worker: int = 0


def _run_job(job: RenderJob) -> RenderResult:
    """Render one job, turning any exception into a failed :class:`RenderResult`."""
    started = time.perf_counter()
    try:
        render_pdf(
            job.html, pathlib.Path(job.out_path), static_dir=pathlib.Path(job.static_dir),
            base_url=job.base_url, text_for_glyph_check=job.text_for_glyph_check,
            lang=job.lang, stylesheets=job.stylesheets)
    except Exception as error:  # noqa: BLE001 - reported per job
        return RenderResult(
            pathlib.Path(job.out_path), False, f"{type(error).__name__}: {error}",
            type(error).__name__, time.perf_counter() - started, os.getpid())
    return RenderResult(pathlib.Path(job.out_path), True, None, None,
                        time.perf_counter() - started, os.getpid())


def _as_job(job: RenderJob | Sequence[Any]) -> RenderJob:
    """Accept a :class:`RenderJob` or a tuple of its fields in order."""
    return job if isinstance(job, RenderJob) else RenderJob(*job)


#: PDFs a worker renders before a fresh fork replaces it. A WeasyPrint process keeps
#: growing with every page (Pango, fontconfig and HarfBuzz state for each font it met):
#: one process rendering 510 PDFs in 50 locales went from ~45 to ~230 MiB of private
#: memory. benchmarks/pdf_memory.py (510 PDFs, 2 workers): never replaced, each worker
#: grew from 92 to 177 MB; replaced every 25 PDFs, none passed 142 MB (most ~100 MB),
#: at 0.91 PDFs/s against 0.86 (a busy machine: the same within its noise).
TASKS_PER_WORKER = 25


def render_many(jobs: Iterable[RenderJob | Sequence[Any]], workers: int,
                on_result: Callable[[int, RenderResult], None] | None = None,
                tasks_per_worker: int | None = TASKS_PER_WORKER) -> list[RenderResult]:
    """Render many pages; return one :class:`RenderResult` per job, in job order.

    With ``workers == 1`` (or a single job) everything runs in this process.
    Otherwise pools of forked processes are used (spawn would re-import WeasyPrint in
    every worker and be slower than sequential); WeasyPrint and the font coverage are
    loaded in the parent first so the workers inherit them. Every ``workers *
    tasks_per_worker`` jobs go to a new pool, so no worker renders more than
    ``tasks_per_worker`` PDFs and its memory stays flat (None: one pool for all).
    A worker that dies (e.g. a crash in a C library) does not hang the pool: the jobs
    it took down are retried one by one in fresh processes, so only the job that kills
    its process fails.

    Args:
        jobs: :class:`RenderJob` objects, or tuples ``(html, out_path,
            static_dir[, base_url, text_for_glyph_check, lang, stylesheets])``.
        workers: number of processes, at least 1.
        on_result: called with (job index, result) as each job ends.
        tasks_per_worker: PDFs a worker renders before it is replaced.
    """
    job_list = [_as_job(job) for job in jobs]
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if workers == 1 or len(job_list) <= 1:
        results = []
        for index, job in enumerate(job_list):
            results.append(_run_job(job))
            if on_result is not None:
                on_result(index, results[-1])
        return results

    import weasyprint  # noqa: F401 - warm the parent so forked workers inherit it

    _font_coverage()
    _static_fetcher_class()
    workers = min(workers, len(job_list))
    results = _run_in_pools(job_list, workers, on_result, tasks_per_worker)
    # A dead worker breaks its whole pool and fails every pending job with it:
    # retry those one by one in their own process to isolate the culprit.
    for index, result in enumerate(results):
        if result.error_type == "BrokenProcessPool":
            results[index] = _run_in_pools([job_list[index]], 1)[0]
    return results


class _Pools:
    """Fork-based pools in turn: each takes ``per_pool`` jobs, then the next one is
    started while the last ones finish in the old pool, whose workers then exit."""

    def __init__(self, workers: int, per_pool: int) -> None:
        self.workers, self.per_pool = workers, per_pool
        self.context = multiprocessing.get_context("fork")
        self.current: concurrent.futures.ProcessPoolExecutor | None = None
        self.retired: list[concurrent.futures.ProcessPoolExecutor] = []
        self.taken = 0

    def submit(self, job: RenderJob) -> concurrent.futures.Future[RenderResult]:
        if self.current is None or self.taken >= self.per_pool:
            self._renew()
        try:
            future = self.current.submit(_run_job, job)  # type: ignore[union-attr]
        except concurrent.futures.BrokenExecutor:  # a worker died: go on in a new pool
            self._renew()
            future = self.current.submit(_run_job, job)  # type: ignore[union-attr]
        self.taken += 1
        return future

    def _renew(self) -> None:
        if self.current is not None:
            self.current.shutdown(wait=False)  # its queued jobs still run, then its workers exit
            self.retired.append(self.current)
        self.current = concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context)
        self.taken = 0

    def close(self) -> None:
        for pool in [*self.retired, *([self.current] if self.current else [])]:
            pool.shutdown(wait=True)


def _run_in_pools(job_list: list[RenderJob], workers: int,
                  on_result: Callable[[int, RenderResult], None] | None = None,
                  tasks_per_worker: int | None = None) -> list[RenderResult]:
    """Run jobs in fork-based pools (see :class:`_Pools`); exceptions become results.

    At most two jobs a worker are handed out at a time, so that a new pool starts
    while the old one finishes its last jobs, and none waits in a pool being retired.
    """
    per_pool = workers * tasks_per_worker if tasks_per_worker else len(job_list)
    pools = _Pools(workers, per_pool)
    results: list[RenderResult | None] = [None] * len(job_list)
    waiting = iter(range(len(job_list)))
    running: dict[concurrent.futures.Future[RenderResult], int] = {}

    def hand_out() -> None:
        index = next(waiting, None)
        if index is not None:
            running[pools.submit(job_list[index])] = index

    try:
        for _ in range(2 * workers):
            hand_out()
        while running:
            done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                index = running.pop(future)
                try:
                    results[index] = future.result()
                except Exception as error:  # noqa: BLE001 - e.g. BrokenProcessPool
                    results[index] = RenderResult(
                        pathlib.Path(job_list[index].out_path), False,
                        f"{type(error).__name__}: {error}", type(error).__name__)
                if on_result is not None:
                    on_result(index, results[index])  # type: ignore[arg-type]
                hand_out()
    finally:
        pools.close()
    return [result for result in results if result is not None]
