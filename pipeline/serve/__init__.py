"""`policy-l10n serve`: a live preview of the HTML pages.

The pages are built (HTML only) into the ignored folder ``.preview/``, never
``output/``, and served with the standard library's ``http.server`` on loopback
unless ``--host`` names another address. A watcher (watchfiles) follows
``source/``, ``locales/``, ``releases/``, the templates and ``pyproject.toml``;
each change runs the incremental build, which renders again only the pages
whose inputs changed.

The files in ``.preview/`` carry no script. When an HTML page is *served*, the
server adds one ``<script src="/__reload.js">`` and widens the page's CSP meta
by ``script-src 'self'; connect-src 'self'``: the script long-polls
``/__reload`` and reloads the page when that page was rewritten or the build's
error state changed. While an input is broken (malformed ``.po``, source,
configuration) every page request gets an error page (HTTP 500) listing the
problems as ``path:line: message``; fixing the file brings the pages back.
"""

from __future__ import annotations

import html
import json
import signal
import socket
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import UsageError
from .preview import POLL_SECONDS, PREVIEW_DIR, RELOAD_JS, Preview, error_page, inject_reload, preview_page
from .watch import Watcher

__all__ = ["PREVIEW_DIR", "Preview", "serve", "inject_reload"]


class _Handler(SimpleHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(kwargs.pop("directory")), **kwargs)

    # quiet: the terminal shows builds, not requests
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        preview = self.server.preview
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == "/__reload.js":
            return self._send(200, RELOAD_JS.encode(), "text/javascript; charset=utf-8")
        if path == "/__reload":
            return self._poll(parse_qs(url.query))
        preview.ready.wait(120)
        rel = _relpath(path)
        if rel is None:
            return self._send(404, b"not found\n", "text/plain; charset=utf-8")
        gen, errors = preview.snapshot()
        target = preview.out_dir / rel if rel else preview.out_dir
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if (target / "index.html").is_file():
                rel, target = (f"{rel}/index.html" if rel else "index.html"), target / "index.html"
        is_page = rel == "" or rel.endswith(".html") or target.is_dir()
        if errors and is_page:
            return self._send(500, error_page(errors, preview.boot, gen).encode("utf-8"),
                              "text/html; charset=utf-8")
        if target.is_dir():
            return self._send(200, _listing(preview, target, path, gen).encode("utf-8"),
                              "text/html; charset=utf-8")
        if not target.is_file():
            return self._send(404, b"not found\n", "text/plain; charset=utf-8")
        data = target.read_bytes()
        if rel.endswith(".html"):
            page = inject_reload(data.decode("utf-8", "replace"), preview.boot, gen)
            return self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
        return self._send(200, data, self.guess_type(str(target)))

    def _poll(self, query: dict[str, list[str]]) -> None:
        preview = self.server.preview
        boot = (query.get("boot") or [""])[0]
        page = unquote((query.get("path") or ["/"])[0])
        try:
            since = int((query.get("v") or ["0"])[0])
        except ValueError:
            since = 0
        rel = _relpath(page) or ""
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        changed = boot != preview.boot or preview.wait_change(rel, since, POLL_SECONDS)
        body = json.dumps({"reload": changed}).encode()
        self._send(200, body, "application/json")


def _relpath(url_path: str) -> str | None:
    """The path under `.preview/` of a URL path; None for hidden or escaping paths."""
    parts = [p for p in url_path.split("/") if p]
    if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    return "/".join(parts)


def _listing(preview: Preview, directory: Path, url_path: str, gen: int) -> str:
    pages = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*.html")
                   if not any(part.startswith(".") for part in p.relative_to(preview.out_dir).parts))
    items = "\n".join(f'<li><a href="{html.escape(p)}">{html.escape(p)}</a></li>' for p in pages)
    title = f"Preview pages in {url_path}"
    page = preview_page(title, f"<h1>{html.escape(title)}</h1>\n<ul>\n{items}\n</ul>")
    return inject_reload(page, preview.boot, gen)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    preview: Preview

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # a browser that navigated away mid-answer
        print(f"policy-l10n: preview request failed: {type(exc).__name__}: {exc}", file=sys.stderr)


class _Server6(_Server):
    address_family = socket.AF_INET6


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, show_states: bool = False) -> int:
    """Build `.preview/`, serve it and rebuild on changes until Ctrl-C; returns the exit code."""
    if not (0 <= port <= 65535):
        raise UsageError(f"--port must be between 0 and 65535 (got {port})")
    preview = Preview(root, show_states=show_states)
    server_cls = _Server6 if ":" in host else _Server
    directory = preview.out_dir

    def handler(*args: Any) -> _Handler:
        return _Handler(*args, directory=directory)

    try:
        server = server_cls((host, port), handler)
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"cannot listen on {host}:{port}: {reason}") from None
    server.preview = preview
    watcher = Watcher(preview)
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    stop_requested = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        # No KeyboardInterrupt: raised inside an eval() (e.g. a namedtuple made during an
        # import), CPython 3.11 remembers it and the process dies by SIGINT even when caught.
        if not stop_requested.is_set():
            stop_requested.set()
            threading.Thread(target=server.shutdown, name="preview-stop", daemon=True).start()

    try:
        # Ctrl-C stops the server even when started with SIGINT ignored (a background job)
        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        bound_host, bound_port = server.server_address[:2]
        print(f"Serving {_url(str(bound_host), int(bound_port))}", flush=True)
        watcher.start()
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        server.server_close()
        for sig, handler_ in previous.items():
            signal.signal(sig, handler_)
    print("preview: stopped", file=sys.stderr, flush=True)
    return 0
