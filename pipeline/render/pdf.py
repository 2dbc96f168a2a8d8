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

Thread safety: WeasyPrint's logger is shared by the whole process, so renders
inside one process are serialised by a lock (use :func:`.pdf_pool.render_many`
for parallelism).
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import os
import pathlib
import secrets
import stat
import threading
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .glyphs import REMEDY, describe_characters, uncovered_characters, visible_text

if TYPE_CHECKING:  # pragma: no cover - typing only, never imported at runtime
    import weasyprint.urls

__all__ = [
    "DEFAULT_STATIC_DIR",
    "PRINT_CSS",
    "FetchRefusedError",
    "MissingGlyphsError",
    "StaticFetcher",
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
def static_fetcher_class() -> type[weasyprint.urls.URLFetcher]:
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
        return static_fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    text = visible_text(html) if text_for_glyph_check is None else text_for_glyph_check
    missing = uncovered_characters(text, lang)
    if missing:
        raise MissingGlyphsError(missing, lang)

    fetcher = static_fetcher_class()(static_dir)
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
