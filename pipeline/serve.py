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
import os
import queue
import re
import secrets
import signal
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import L10nError, UsageError

__all__ = ["PREVIEW_DIR", "Preview", "serve", "inject_reload"]

PREVIEW_DIR = ".preview"
#: how long a `/__reload` request waits for a change before answering "no change"
POLL_SECONDS = 25.0

RELOAD_JS = """\
(function () {
  "use strict";
  var me = document.currentScript;
  var boot = me.getAttribute("data-boot"), gen = me.getAttribute("data-gen");
  var page = location.pathname;
  function poll(delay) {
    setTimeout(function () {
      fetch("/__reload?boot=" + encodeURIComponent(boot) + "&v=" + encodeURIComponent(gen) +
            "&path=" + encodeURIComponent(page), {cache: "no-store"})
        .then(function (r) { return r.json(); })
        .then(function (d) { if (d.reload) { location.reload(); } else { poll(0); } })
        .catch(function () { poll(1000); });
    }, delay);
  }
  poll(0);
})();
"""

_CSP_RE = re.compile(r'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.I)
_BODY_END_RE = re.compile(r"</body\s*>", re.I)


def inject_reload(page: str, boot: str, gen: int) -> str:
    """The page as served by the preview: reload script added, CSP widened just for it.

    >>> out = inject_reload('<meta http-equiv="Content-Security-Policy" content="default-src \\'none\\'">'
    ...                     '<body><p>x</p></body>', "b", 3)
    >>> "script-src 'self'" in out and out.index("__reload.js") < out.index("</body>")
    True
    """
    page = _CSP_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}; script-src 'self'; connect-src 'self'{m.group(3)}",
                       page, count=1)
    tag = f'<script src="/__reload.js" data-boot="{boot}" data-gen="{gen}"></script>\n'
    ends = list(_BODY_END_RE.finditer(page))
    if ends:
        at = ends[-1].start()
        return page[:at] + tag + page[at:]
    return page + tag


def _preview_page(title: str, body: str, style: str = "") -> str:
    """A page of the preview server itself (English, no script: the reload is injected)."""
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{html.escape(title)}</title>
{f"<style>{style}</style>" if style else ""}
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


_ERROR_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
h1 { color: #8a1c1c; }
li { margin: .4rem 0; }
code { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; }
"""


def _error_page(problems: list[str], boot: str, gen: int) -> str:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    body = ("<h1>The preview cannot be built</h1>\n"
            "<p>Fix the file named below; this page reloads by itself when the build works again.</p>\n"
            f'<ul class="build-errors">\n{items}\n</ul>')
    return inject_reload(_preview_page("Preview: build error", body, _ERROR_STYLE), boot, gen)


class Preview:
    """Builds `.preview/`, remembers which page changed in which build, and the errors."""

    def __init__(self, root: Path, *, show_states: bool = False,
                 log: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.out_dir = root / PREVIEW_DIR
        self.show_states = show_states
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.boot = secrets.token_hex(6)
        self.cond = threading.Condition()
        self.gen = 0
        self.page_gen: dict[str, int] = {}
        self.error_gen = 0
        self.errors: list[str] = []
        self.ready = threading.Event()
        self.templates_dirs: list[Path] = []

    # ------------------------------------------------------------------ building

    def rebuild(self) -> None:
        """Run the incremental build into `.preview/`; never raises."""
        from .config import load_config
        from .output import build

        started = time.monotonic()
        written: list[str] = []
        try:
            config = load_config(self.root)
            self.templates_dirs = self._template_dirs(config)
            self.out_dir.mkdir(parents=True, exist_ok=True)
            ignore = self.out_dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            result = build(config, pdf=False, out_dir=self.out_dir, show_states=self.show_states)
            written = list(result.written)
            errors = list(result.problems) if result.exit_code or result.withheld else []
        except L10nError as exc:
            errors = [str(exc)]
        except Exception as exc:  # a bug of ours: keep serving, say what happened in one line
            errors = [f"policy-l10n: internal error while building the preview: {type(exc).__name__}: {exc}"]
        with self.cond:
            self.gen += 1
            for rel in written:
                self.page_gen[rel] = self.gen
            if errors != self.errors:
                self.errors = errors
                self.error_gen = self.gen
            self.cond.notify_all()
        self.ready.set()
        took = time.monotonic() - started
        pages = sum(1 for p in written if p.endswith(".html"))
        if errors:
            for line in errors:
                self.log(line)
            self.log(f"preview: build has errors ({took:.2f} s); pages show them until fixed")
        else:
            self.log(f"preview: {pages} page(s) rebuilt in {took:.2f} s")

    def initial_template_dirs(self) -> list[Path]:
        """The template folders to watch before the first build (the package's if the config is bad)."""
        from .config import load_config

        try:
            return self._template_dirs(load_config(self.root))
        except Exception:
            from .render import PACKAGE_TEMPLATES, STATIC_DIR

            return [PACKAGE_TEMPLATES, STATIC_DIR]

    @staticmethod
    def _template_dirs(config: Any) -> list[Path]:
        from .render import STATIC_DIR, template_dirs

        return [*template_dirs(config), STATIC_DIR]

    # ------------------------------------------------------------------ what the server asks

    def snapshot(self) -> tuple[int, list[str]]:
        with self.cond:
            return self.gen, list(self.errors)

    def wait_change(self, rel: str, since: int, timeout: float) -> bool:
        """True as soon as ``rel`` or the error state changed after generation ``since``."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if max(self.page_gen.get(rel, 0), self.error_gen) > since:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)


# --------------------------------------------------------------------------- watching

class Watcher:
    """Two watchfiles loops feeding one builder thread.

    The tree loop watches the input folders recursively; the root loop watches the
    project folder itself (not recursively) for `pyproject.toml` and for input folders
    that appear or vanish, and then restarts the tree loop with the new set. Both loops
    are watching before the first build starts, so no edit is ever missed; after a
    restart of the tree loop one more (incremental) build catches up.
    """

    #: watchfiles hands back control this often when idle (ms): how a loop says it is watching
    TICK_MS = 100

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.root = preview.root
        self.stopping = threading.Event()
        self.requests: "queue.Queue[str]" = queue.Queue()
        self._rewatch = threading.Event()
        self._watched: list[Path] = []
        self._tree_ready = threading.Event()
        self._root_ready = threading.Event()

    def start(self) -> None:
        for target, name in ((self._builder, "preview-build"), (self._tree_loop, "preview-watch"),
                             (self._root_loop, "preview-watch-root")):
            threading.Thread(target=target, name=name, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        self._rewatch.set()
        self.requests.put("stop")

    def _dirs(self) -> list[Path]:
        dirs = [self.root / "source", self.root / "locales", self.root / "releases",
                *self.preview.templates_dirs]
        return [d for d in dict.fromkeys(dirs) if d.is_dir()]

    def _builder(self) -> None:
        self._tree_ready.wait(5)
        self._root_ready.wait(5)
        self.requests.put("start")
        while not self.stopping.is_set():
            self.requests.get()
            while True:  # coalesce a burst of changes into one build
                try:
                    self.requests.get_nowait()
                except queue.Empty:
                    break
            if self.stopping.is_set():
                return
            self.preview.rebuild()
            if self._dirs() != self._watched:
                self._rewatch.set()

    @staticmethod
    def _relevant(change: Any, path: str) -> bool:
        name = os.path.basename(path)
        return not name.startswith(".") and not name.endswith((".tmp", "~")) and "__pycache__" not in path

    def _tree_loop(self) -> None:
        import watchfiles

        self.preview.templates_dirs = self.preview.initial_template_dirs()
        sessions = 0
        while not self.stopping.is_set():
            self._rewatch.clear()
            self._watched = dirs = self._dirs()
            sessions += 1
            if not dirs:
                self._tree_ready.set()
                self._rewatch.wait(1.0)
                continue
            started = False
            try:
                for changes in watchfiles.watch(*dirs, watch_filter=self._relevant, stop_event=self._rewatch,
                                                debounce=400, step=30, rust_timeout=self.TICK_MS,
                                                yield_on_timeout=True, raise_interrupt=False):
                    if not started:
                        started = True
                        self._tree_ready.set()
                        if sessions > 1:
                            self.requests.put("rewatch")  # catch up on edits made while re-watching
                    if changes:
                        self.requests.put("tree")
            except Exception as exc:  # a folder vanished under the watcher: watch again
                if self.stopping.is_set():
                    return
                self.preview.log(f"preview: watching again ({type(exc).__name__})")
                time.sleep(0.2)

    def _root_loop(self) -> None:
        import watchfiles

        names = {"pyproject.toml", "source", "locales", "releases"}

        def relevant(change: Any, path: str) -> bool:
            p = Path(path)
            return p.name in names or any(p == d for d in self.preview.templates_dirs)

        while not self.stopping.is_set():
            try:
                for changes in watchfiles.watch(self.root, watch_filter=relevant, stop_event=self.stopping,
                                                recursive=False, debounce=400, step=30,
                                                rust_timeout=self.TICK_MS, yield_on_timeout=True,
                                                raise_interrupt=False):
                    self._root_ready.set()
                    if changes:
                        self.requests.put("root")
                        if any(os.path.basename(p) != "pyproject.toml" for _, p in changes):
                            self._rewatch.set()
            except Exception:
                if self.stopping.is_set():
                    return
                self._root_ready.set()
                time.sleep(0.5)


# --------------------------------------------------------------------------- HTTP

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
            return self._send(500, _error_page(errors, preview.boot, gen).encode("utf-8"),
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
    page = _preview_page(title, f"<h1>{html.escape(title)}</h1>\n<ul>\n{items}\n</ul>")
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
