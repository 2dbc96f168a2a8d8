"""The preview's pages: built into `.preview/` by the incremental build, each served page
given the reload script, and an error page naming `path:line` while an input is broken."""

from __future__ import annotations

import html
import re
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from ..errors import L10nError

__all__ = ["PREVIEW_DIR", "POLL_SECONDS", "RELOAD_JS", "Preview", "inject_reload", "preview_page", "error_page"]

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


def preview_page(title: str, body: str, style: str = "") -> str:
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


def error_page(problems: list[str], boot: str, gen: int) -> str:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    body = ("<h1>The preview cannot be built</h1>\n"
            "<p>Fix the file named below; this page reloads by itself when the build works again.</p>\n"
            f'<ul class="build-errors">\n{items}\n</ul>')
    return inject_reload(preview_page("Preview: build error", body, _ERROR_STYLE), boot, gen)


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
        from ..config import load_config
        from ..release import build_site

        started = time.monotonic()
        written: list[str] = []
        try:
            config = load_config(self.root)
            self.templates_dirs = self._template_dirs(config)
            self.out_dir.mkdir(parents=True, exist_ok=True)
            ignore = self.out_dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            result = build_site(config, pdf=False, out_dir=self.out_dir, show_states=self.show_states)
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
        from ..config import load_config

        try:
            return self._template_dirs(load_config(self.root))
        except Exception:
            from ..render import PACKAGE_TEMPLATES, STATIC_DIR

            return [PACKAGE_TEMPLATES, STATIC_DIR]

    @staticmethod
    def _template_dirs(config: Any) -> list[Path]:
        from ..render import STATIC_DIR, template_dirs

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
