"""Shared fixtures: temporary content projects and running the real CLI on them."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from pipeline.cli import main

# a bug of ours raises in tests instead of becoming one "internal error" line
os.environ.setdefault("POLICY_L10N_DEBUG", "1")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The CLI's user cache (compiled templates, pipeline/render/bytecode.py) in a folder of
    this test run, not the real ~/.cache/policy-l10n; subprocesses inherit it."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before

try:
    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=40, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("dev", max_examples=60, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
except ImportError:  # pragma: no cover
    pass

SMALL_SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy.

## Data Retention {#data-retention}

We retain data for 90 days. Contact <privacy@aimonitor.dev>.

## Your Rights {#your-rights}

You may have the right to:

- Access your data
- Delete your data
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Project:
    """A temporary content project (pyproject.toml, source/, locales/)."""

    root: Path

    def run(self, *args: str) -> Result:
        """Run `policy-l10n --root ROOT ARGS` in-process (the real CLI entry point)."""
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--root", str(self.root), *args])
        return Result(code, out.getvalue(), err.getvalue())

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def po(self, locale: str, domain: str = "privacy-policy") -> Path:
        return self.root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"

    def snapshot(self) -> dict[str, bytes]:
        """Every file under the project (to prove nothing changed)."""
        return {p.relative_to(self.root).as_posix(): p.read_bytes()
                for p in sorted(self.root.rglob("*")) if p.is_file() and ".lock" not in p.name}

    def translate(self, locale: str, translations: dict[str, str], domain: str = "privacy-policy",
                  fuzzy: bool = False) -> None:
        """Fill msgstr as a translator's editor would (and clear fuzzy)."""
        from pipeline.pofile import read_po, render_po

        path = self.po(locale, domain)
        cat = read_po(path, str(path))
        for entry in cat.entries:
            if entry.msgctxt in translations:
                entry.msgstr = translations[entry.msgctxt]
                entry.set_fuzzy(fuzzy)
                if not fuzzy:
                    entry.previous_msgid = None
        path.write_text(render_po(cat), encoding="utf-8")


def make_project(root: Path, *, locales=("de",), source: str = SMALL_SOURCE, extra_config: str = "",
                 doc_id: str = "privacy-policy") -> Project:
    root.mkdir(parents=True, exist_ok=True)
    locs = ", ".join(f'"{l}"' for l in locales)
    (root / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [project]
        name = "content"
        version = "0"

        [tool.policy-l10n]
        source-locale = "en"
        locales = [{locs}]
        keep = ["AImonitor"]
        """) + extra_config, encoding="utf-8")
    (root / "source").mkdir(exist_ok=True)
    (root / "source" / f"{doc_id}.md").write_text(source, encoding="utf-8")
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A small project with locale `de`, catalogs initialised."""
    p = make_project(tmp_path / "proj")
    r = p.run("init", "de", "--translator", "Anna Beispiel <anna@example.com>", "--team", "German")
    assert r.code == 0, r.err
    return p


@pytest.fixture
def new_project(tmp_path: Path):
    """Factory: new_project(locales=..., source=..., extra_config=...)."""
    counter = iter(range(1000))

    def factory(**kwargs) -> Project:
        return make_project(tmp_path / f"proj{next(counter)}", **kwargs)

    return factory


def msgfmt_check(path: Path) -> None:
    """GNU gettext's `msgfmt -c` must accept the file."""
    proc = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, f"msgfmt -c {path}:\n{proc.stderr}"


@pytest.fixture
def real_project(tmp_path: Path) -> Project:
    """A copy of this repository's content project (source, locales, releases, config)."""
    dest = tmp_path / "real"
    dest.mkdir()
    for name in ("source", "locales", "releases"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns(".lock"))
    shutil.copy(REPO / "pyproject.toml", dest / "pyproject.toml")
    return Project(dest)
