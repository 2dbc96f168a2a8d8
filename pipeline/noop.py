"""The no-op check of `build`: is everything exactly as the last successful build left it?

Runs before anything heavy is imported (no Babel, Jinja2, WeasyPrint): one hash
over the bytes of every input (configuration, sources, catalogs, releases,
templates, the package itself) and a stat of every recorded output. A build
that would change nothing then costs a few milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

__all__ = ["fingerprint", "unchanged", "remember"]

STATE = ".cache/build-state.json"
_PACKAGE = Path(__file__).resolve().parent


def _walk(top: Path, suffixes: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    stack = [str(top)]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.name.endswith(suffixes) and not entry.name.startswith("."):
                        found.append(entry.path)
        except FileNotFoundError:
            continue
    return sorted(found)


def fingerprint(root: Path, options: str) -> str:
    """A digest of every input of a build with these options (and of this package's code)."""
    h = hashlib.sha256(options.encode("utf-8"))
    files = [str(root / "pyproject.toml")]
    files += _walk(root / "source", (".md",))
    files += _walk(root / "locales", (".po", ".pot", ".jsonl"))
    files += _walk(root / "releases", (".json", ".md", ".po"))
    files += _walk(_templates_dir(root), (".j2", ".css"))
    files += _walk(_PACKAGE, (".py", ".j2", ".css"))
    h.update(_environment().encode("utf-8"))
    for path in files:
        h.update(path.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as handle:
                h.update(handle.read())
        except OSError:
            h.update(b"\1missing")
    return h.hexdigest()


def _templates_dir(root: Path) -> Path:
    """The configured `templates-dir` (read cheaply; a bad value just never matches)."""
    import tomllib

    try:
        with open(root / "pyproject.toml", "rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("policy-l10n", {})
        return root / str(table.get("templates-dir", "templates"))
    except (OSError, ValueError):
        return root / "templates"


def _environment() -> str:
    """Installed distributions (WeasyPrint's version among them) and font folders, by stat."""
    import sys

    parts = []
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            parts.append(" ".join(sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))))
    for fonts in ("/usr/share/fonts", "/usr/local/share/fonts"):
        try:
            with os.scandir(fonts) as it:
                parts.extend(f"{e.path}:{e.stat().st_mtime_ns}" for e in it)
        except OSError:
            pass
    return "\n".join(parts)


def _state(root: Path) -> dict:
    try:
        with open(root / STATE, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def unchanged(root: Path, key: str) -> bool:
    """The last build succeeded with these exact inputs and its outputs are untouched."""
    state = _state(root)
    if state.get("__fingerprint__", {}).get("key") != key:
        return False
    out = root / "output"
    for rel, rec in state.items():
        if rel.startswith("__") or not isinstance(rec, dict) or "stat" not in rec:
            continue
        try:
            st = os.stat(out / rel)
        except OSError:
            return False
        if rec["stat"] != f"{st.st_size}:{st.st_mtime_ns}":
            return False
    return True


def remember(root: Path, key: str) -> None:
    """Record a successful build's fingerprint beside its output records."""
    path = root / STATE
    state = _state(root)
    state["__fingerprint__"] = {"key": key}
    tmp = path.with_name(path.name + ".tmp")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
