"""Compiled templates kept between runs: Jinja2's own `FileSystemBytecodeCache`, in the
user's cache folder (:func:`pipeline.usercache.user_cache_home`, then `policy-l10n/`).

Compiling the package's templates is ~75 ms of a ~0.5 s cold build; loading them compiled
takes ~2 ms (benchmarks/README.md). Jinja2 names an entry after the template's path and
checks it against a hash of the template's source, so an edited template (the package's or
a project's override) is compiled again; the folder's name carries Jinja2's version and the
environment's options, on which the compiled code depends. The cache may be lost at any
time: an entry that cannot be read or written, or a folder that cannot be made, means the
template is compiled as if there were no cache, never a failed build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import CodeType
from typing import Any, Mapping

from jinja2 import FileSystemBytecodeCache, __version__
from jinja2.bccache import Bucket

__all__ = ["bytecode_cache"]


class ForgivingBytecodeCache(FileSystemBytecodeCache):
    """Jinja2's file cache, where a bad entry or a failed write means compiling, not failing."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, truncated or not Jinja2's (pickle/marshal errors)
            bucket.reset()
        if not isinstance(bucket.code, CodeType):  # garbage that happened to unmarshal
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # read-only, full, or the folder went away: compiled again next run
            pass


def bytecode_cache(cache_home: str | None, options: Mapping[str, Any]) -> ForgivingBytecodeCache | None:
    """The cache for an environment made with ``options``, or None (no cache) when its folder
    cannot be made."""
    if cache_home is None:
        return None
    tag = hashlib.sha256(repr(sorted(options.items())).encode()).hexdigest()[:12]
    folder = Path(cache_home) / "policy-l10n" / f"jinja2-{__version__}-{tag}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:  # e.g. a file where the folder should be, or a read-only home
        return None
    return ForgivingBytecodeCache(str(folder), "%s.cache")
