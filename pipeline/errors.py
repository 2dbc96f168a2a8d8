"""User errors: one class per kind, each carrying the file and line it is about.

The CLI catches :class:`L10nError` once and prints ``str(error)`` as a single
line on stderr, exiting with ``error.exit_code``.
"""

from __future__ import annotations

__all__ = [
    "L10nError",
    "SourceError",
    "DuplicateIdError",
    "PoError",
    "ConfigError",
    "UsageError",
    "WriteError",
    "ReleaseError",
    "RefusedError",
    "TemplateError",
]


class L10nError(Exception):
    """Base class of every error a user can cause; never a bug of ours."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return f"policy-l10n: {self.message}"
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"

    def __reduce__(self):  # keep path and line when sent across a process pool
        return (self.__class__, (self.message, self.path, self.line))


class SourceError(L10nError):
    """A malformed English source file (front matter, headings, ids)."""


class DuplicateIdError(SourceError):
    """A heading whose id (derived from its words, not written) an earlier heading has:
    ``free_id`` is one no heading before it has (what `ids --write` gives it)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, free_id: str = "") -> None:
        super().__init__(message, path, line)
        self.free_id = free_id

    def __reduce__(self):
        return (self.__class__, (self.message, self.path, self.line, self.free_id))


class PoError(L10nError):
    """A `.po`/`.pot` file that cannot be read: syntax, escapes, encoding, duplicates."""


class ConfigError(L10nError):
    """A bad `[tool.policy-l10n]` table or project layout."""


class UsageError(L10nError):
    """A bad command-line value."""


class WriteError(L10nError):
    """A file or directory that cannot be written."""


class ReleaseError(L10nError):
    """A refused `release`, `update --minor` or similar operation."""


class TemplateError(L10nError):
    """A template (the package's or the project's `templates-dir`) that Jinja2 cannot compile or render."""


class RefusedError(L10nError):
    """An operation refused for a reason of state, not of input (exit 1), e.g. `approve`."""

    exit_code = 1
