"""The no-op check of `build`: is everything exactly as the last successful build left it?

Runs before anything else is imported (only `os` and `sys`): it compares the
size and modification time of every input (configuration, sources, catalogs,
releases, templates, the package's own code, installed distributions, font
folders) and of every output with what the last successful build recorded.
Any difference, even a touched file with the same bytes, falls through to the
real build, which decides by content what to render again; so this check can
only save work, never skip work that is due.
"""

from __future__ import annotations

import os
import sys

__all__ = ["signature", "unchanged", "remember"]

RECORD = os.path.join(".cache", "noop.txt")
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _walk(top: str, suffixes: tuple[str, ...], out: list[str]) -> None:
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith(suffixes):
                st = entry.stat()
                out.append(f"{entry.path}\t{st.st_size}\t{st.st_mtime_ns}")


def _templates_dir(root: str) -> str:
    """The configured `templates-dir`, found without a TOML parser (a miss only costs a build)."""
    try:
        with open(os.path.join(root, "pyproject.toml"), encoding="utf-8") as handle:
            for line in handle:
                key, sep, value = line.partition("=")
                if sep and key.strip() == "templates-dir":
                    return os.path.join(root, value.strip().strip("\"'"))
    except OSError:
        pass
    return os.path.join(root, "templates")


def signature(root: str, options: str) -> str:
    """One line per input: path, size, mtime (plus the command's options)."""
    lines = [options]
    try:
        st = os.stat(os.path.join(root, "pyproject.toml"))
        lines.append(f"pyproject.toml\t{st.st_size}\t{st.st_mtime_ns}")
    except OSError:
        lines.append("pyproject.toml\tmissing")
    _walk(os.path.join(root, "source"), (".md",), lines)
    _walk(os.path.join(root, "locales"), (".po", ".pot", ".jsonl"), lines)
    _walk(os.path.join(root, "releases"), (".json", ".md", ".po"), lines)
    _walk(_templates_dir(root), (".j2", ".css"), lines)
    _walk(_PACKAGE, (".py", ".j2", ".css"), lines)
    for entry in sys.path:  # installed distributions: WeasyPrint's version among them
        if entry.endswith("site-packages") and os.path.isdir(entry):
            lines.append(" ".join(sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))))
    for fonts in ("/usr/share/fonts", "/usr/local/share/fonts"):
        _dir_stats(fonts, lines)
    return "\n".join(lines)


def _dir_stats(top: str, out: list[str]) -> None:
    """Font folders by their own mtime: installing or removing a font changes it."""
    try:
        with os.scandir(top) as it:
            for entry in sorted(it, key=lambda e: e.name):
                out.append(f"{entry.path}\t{entry.stat().st_mtime_ns}")
    except OSError:
        pass


def _outputs_ok(root: str, lines: list[str]) -> bool:
    for line in lines:
        path, size, mtime = line.split("\t")
        try:
            st = os.stat(os.path.join(root, "output", path))
        except OSError:
            return False
        if f"{st.st_size}" != size or f"{st.st_mtime_ns}" != mtime:
            return False
    return True


def unchanged(root: str, options: str, now: str | None = None) -> bool:
    """The last build succeeded with these exact inputs (``now``: their :func:`signature`,
    if already taken) and its outputs are untouched."""
    try:
        with open(os.path.join(root, RECORD), encoding="utf-8", errors="surrogateescape") as handle:
            recorded = handle.read()
    except OSError:
        return False
    inputs, sep, outputs = recorded.partition("\n\n")
    if not sep or inputs != (now if now is not None else signature(root, options)):
        return False
    return _outputs_ok(root, outputs.splitlines())


def remember(root: str, options: str, before: str) -> None:
    """Record a successful build: its inputs' signature, taken before it read them, and its outputs.

    An input changed while the build ran needs no second look: it no longer matches
    ``before``, so the next build does its work (the real build decides what by content).
    """
    out_dir = os.path.join(root, "output")
    outputs: list[str] = []
    stack = [out_dir]
    while stack:
        directory = stack.pop()
        with os.scandir(directory) as it:
            for entry in sorted(it, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif not entry.name.startswith("."):
                    st = entry.stat()
                    outputs.append(f"{os.path.relpath(entry.path, out_dir)}\t{st.st_size}\t{st.st_mtime_ns}")
    path = os.path.join(root, RECORD)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(before + "\n\n" + "\n".join(outputs))
    os.replace(tmp, path)
