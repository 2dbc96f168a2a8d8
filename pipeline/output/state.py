"""What a build remembers: the key of every output's inputs, so unchanged outputs are not rendered again."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..config import Config
from .plan import PageJob


STATE_FILE = ".cache/build-state.json"


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
    #: (path, why) of each output of an earlier build this one deleted
    removed: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, message: str, code: int) -> None:
        self.problems.append(message)
        self.exit_code = max(self.exit_code, code)


class BuildState:
    """Recorded input keys and output digests of the previous build, and the outputs of
    this build waiting to be written (:meth:`stage`, :meth:`commit`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data: dict[str, dict[str, Any]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self.pending: dict[str, bytes] = {}

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

    def record(self, out_dir: Path, rel: str, key: str, sha: str, page: str | None = None) -> None:
        """An output written by this build (``page``: the digest of the page a PDF was made from)."""
        st = (out_dir / rel).stat()
        self.data[rel] = {"key": key, "sha256": sha, "stat": f"{st.st_size}:{st.st_mtime_ns}"}
        if page is not None:
            self.data[rel]["page"] = page

    def stage(self, rel: str, key: str, data: bytes, states: Mapping[str, str]) -> None:
        """An output rendered by this build, written by :meth:`commit` once every output has
        rendered (a template error midway then leaves the output folder as it was)."""
        self.pending[rel] = data
        self.data[rel] = {"key": key, "sha256": sha256_bytes(data), "stat": None, "states": dict(states)}

    def commit(self, out_dir: Path, result: "BuildResult") -> None:
        """Write the staged outputs whose bytes changed and record them all (one rendered again
        to the same bytes, e.g. after an upgrade, is unchanged)."""
        for rel, data in self.pending.items():
            if write_if_changed(out_dir, rel, data):
                result.written.append(rel)
            else:
                result.kept.append(rel)
            st = (out_dir / rel).stat()
            self.data[rel]["stat"] = f"{st.st_size}:{st.st_mtime_ns}"
        self.pending.clear()

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
    path = os.path.join(out_dir, rel)
    try:
        with open(path, "rb") as old:
            if old.read() == data:
                return False
    except OSError:
        pass
    folder, name = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{name}.tmp")
    with open(tmp, "wb") as new:
        new.write(data)
    os.replace(tmp, path)
    return True


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


#: the package's files that shape an output: its code, templates and CSS
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_PACKAGE_SUFFIXES = (".py", ".j2", ".css")


@functools.cache
def code_key() -> str:
    """This package's code, templates and CSS, and every installed distribution's name and
    version (Babel, Jinja2, markdown-it-py, WeasyPrint and what they use): a change to any of
    them renders every output again. One key for pages, release pages, the dashboard and PDFs."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.suffix in _PACKAGE_SUFFIXES and "__pycache__" not in path.parts:
            h.update(path.relative_to(_PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _installed_distributions():
        h.update(name.encode() + b"\n")
    return h.hexdigest()


def _installed_distributions() -> list[str]:
    """The ``name-version.dist-info`` (or ``.egg-info``) folders in the folders of ``sys.path``,
    where `importlib.metadata` finds them: every installed distribution with its version, a
    superset of what the package uses. Read from the folder names: importing
    `importlib.metadata` alone was ~40 ms of a ~0.45 s cold HTML build."""
    names: list[str] = []
    for entry in sys.path:
        try:
            names += [n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:  # a zip file, or a folder that is not there
            continue
    return sorted(names)


def environment_key(config: Config) -> str:
    """The package (:func:`code_key`), the project's templates and CSS, its configuration:
    inputs of every page."""
    h = hashlib.sha256(f"{code_key()}\n{config.raw}\n".encode())
    _add_project_templates(h, config)
    return h.hexdigest()


def _add_project_templates(h: Any, config: Config) -> None:
    """The project's own templates and CSS (`templates-dir`), into the digest ``h``."""
    from ..render import template_dirs

    for directory in template_dirs(config):
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.suffix in (".j2", ".css"):
                    h.update(path.name.encode() + b"\0" + path.read_bytes())


def pdf_environment_key() -> str:
    """The package and its dependencies (WeasyPrint among them), and the installed fonts
    (cheap: the stats of fontconfig's font folders, as /etc/fonts/fonts.conf lists them)."""
    h = hashlib.sha256(f"{code_key()}\n".encode())
    user_fonts = os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "fonts")
    for base in ("/usr/share/fonts", "/usr/local/share/fonts", user_fonts, os.path.expanduser("~/.fonts")):
        if os.path.isdir(base):
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames.sort()
                st = os.stat(dirpath)
                h.update(f"{dirpath}:{st.st_mtime_ns}:{len(filenames)}\n".encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Inputs:
    """Raw bytes of everything pages depend on, read once."""

    sources: dict[str, bytes]
    catalogs: dict[tuple[str, str], bytes]  # (locale, domain) -> bytes (b"" if absent)
    releases: dict[str, bytes]
    env: str


def read_inputs(config: Config, doc_ids: Sequence[str], locales: Sequence[str],
                 catalog_bytes: Mapping[tuple[str, str], bytes | None]) -> Inputs:
    """The inputs' bytes; the catalogs' as the build read them (``catalog_bytes``, None:
    missing or unreadable), so that the keys are of the bytes the build used."""
    sources = {d: _file_bytes(config.source_dir / f"{d}.md") for d in doc_ids}
    catalogs = {(loc, domain): catalog_bytes[(loc, domain)] or b""
                for loc in locales if loc != config.source_locale for domain in (*doc_ids, "ui")}
    releases = {d: _file_bytes(config.releases_dir / d / "index.json") for d in doc_ids}
    return Inputs(sources, catalogs, releases, environment_key(config))


def content_key(config: Config, inputs: Inputs) -> str:
    """The content a build renders (configuration, the project's templates and CSS, sources,
    catalogs, release indexes): the shards of one site share it, and `manifest merge` refuses
    a shard made from another."""
    h = hashlib.sha256(config.raw.encode())
    _add_project_templates(h, config)
    for kind, parts in (("source", inputs.sources), ("release", inputs.releases)):
        for name, data in sorted(parts.items()):
            h.update(f"\0{kind} {name}\0".encode() + data)
    for (loc, domain), data in sorted(inputs.catalogs.items()):
        h.update(f"\0catalog {loc}/{domain}\0".encode() + data)
    return h.hexdigest()


def page_key(inputs: Inputs, config: Config, job: PageJob) -> str:
    h = hashlib.sha256(f"{inputs.env}\n{job.html_path}\n".encode())
    h.update(inputs.sources[job.doc_id])
    h.update(inputs.releases.get(job.doc_id, b""))
    if job.locale != config.source_locale:
        for loc in config.fallback_chain(job.locale):
            for domain in (job.doc_id, "ui"):
                h.update(f"\0{loc}/{domain}\0".encode())
                h.update(inputs.catalogs.get((loc, domain), b""))
    return h.hexdigest()
