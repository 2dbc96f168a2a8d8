"""Every error of the translator's workflow: one line `path:line: what` on stderr, no traceback,
exit 2, and every file of the project byte for byte as it was."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import Project, make_project

DOC = "source/privacy-policy.md"
PO = "locales/de/LC_MESSAGES/privacy-policy.po"


#: the error is about a file, at some line we do not pin down here
ANY_LINE = -1


@dataclass
class Case:
    #: what the test sets up; returns (path, line, a fragment of the message); line None: the
    #: path is a directory (or `policy-l10n` for a command-line value): `path: what`
    setup: Callable[[Project], tuple[str, int | None, str]]
    commands: tuple[tuple[str, ...], ...] = (("update",), ("status",))


def line_of(text: str, needle: str) -> int:
    idx = text.index(needle)
    return text[:idx].count("\n") + 1


def replace_in(p: Project, rel: str, old: str, new: str) -> int:
    """Replace ``old`` (once) and return the line the replacement starts on."""
    text = p.read(rel)
    assert text.count(old) == 1, old
    p.write(rel, text.replace(old, new))
    return line_of(text, old)


# --------------------------------------------------------------------------- cases

def front_matter_unclosed(p):
    replace_in(p, DOC, "updated: 2026-02-01\n---\n", "updated: 2026-02-01\n\n")
    return DOC, 1, "front matter is not closed"


def front_matter_yaml(p):
    line = replace_in(p, DOC, "title: Privacy Policy", "title: [Privacy Policy")
    return DOC, line + 1, "invalid front matter"


def front_matter_date(p):
    line = replace_in(p, DOC, "updated: 2026-02-01", "updated: 2026-02-31")
    return DOC, line, "invalid date"


def front_matter_missing(p):
    p.write(DOC, p.read(DOC).split("---\n", 2)[2])
    return DOC, 1, "missing front matter"


def duplicate_section_id(p):
    line = replace_in(p, DOC, "## Your Rights {#your-rights}", "## Your Rights {#data-retention}")
    first = line_of(p.read(DOC), "## Data Retention")
    return DOC, line, f"duplicate section id 'data-retention' (first at line {first})"


def invalid_section_id(p):
    line = replace_in(p, DOC, "{#your-rights}", "{#../your-rights}")
    return DOC, line, "invalid section id '../your-rights'"


def unknown_region(p):
    line = replace_in(p, DOC, "{#your-rights}", '{#your-rights regions="eu"}')
    return DOC, line, "unknown region 'eu'"


def source_not_utf8(p):
    text = p.read(DOC)
    p.path(DOC).write_bytes(text.replace("your privacy", "votre vie privée").encode("latin-1"))
    return DOC, line_of(text, "your privacy"), "not valid UTF-8"


def po_unterminated_string(p):
    line = replace_in(p, PO, 'msgid "Data Retention"', 'msgid "Data Retention')
    return PO, line, "unterminated string"


def po_bad_escape(p):
    line = replace_in(p, PO, 'msgstr "Aufbewahrung"', 'msgstr "Auf\\bewahrung \\q"')
    return PO, line, "invalid escape sequence '\\q'"


def po_duplicate_entry(p):
    text = p.read(PO)
    dup = '\nmsgctxt "introduction.title"\nmsgid "Introduction"\nmsgstr "Noch einmal"\n'
    p.write(PO, text + dup)
    first = line_of(text, 'msgctxt "introduction.title"')
    return PO, text.count("\n") + 2, f"(first at line {first})"


def po_duplicate_msgctxt(p):
    text = p.read(PO)
    p.write(PO, text + '\nmsgctxt "introduction.title"\nmsgid "Intro"\nmsgstr "Einleitung"\n')
    return PO, text.count("\n") + 2, "duplicate msgctxt 'introduction.title'"


def po_without_msgstr(p):
    text = p.read(PO)
    line = line_of(text, 'msgctxt "introduction.title"')
    replace_in(p, PO, 'msgid "Introduction"\nmsgstr ""\n', 'msgid "Introduction"\n')
    return PO, line, "no msgstr"


def po_not_utf8(p):
    text = p.read(PO)
    p.path(PO).write_bytes(text.encode("utf-8").replace(b'msgstr "Aufbewahrung"',
                                                        b'msgstr "Aufbewahrung f\xfcr immer"'))
    return PO, line_of(text, 'msgstr "Aufbewahrung"'), "UTF-8"


def po_unknown_keyword(p):
    line = replace_in(p, PO, 'msgstr "Aufbewahrung"', 'msgstring "Aufbewahrung"')
    return PO, line, "msgstring"


def pot_malformed(p):
    rel = "locales/privacy-policy.pot"
    line = replace_in(p, rel, 'msgid "Data Retention"', 'msgid "Data Retention\\"')
    return rel, line, "unterminated string"


def source_dir_missing(p):
    shutil.rmtree(p.path("source"))
    return "source", None, "missing source/ directory"


def source_dir_empty(p):
    p.path(DOC).unlink()
    return "source", None, "no *.md file in source/"


def config_unknown_locale(p):
    line = replace_in(p, "pyproject.toml", 'locales = ["de"]', 'locales = ["de", "xx"]')
    return "pyproject.toml", line, "unknown locale 'xx'"


def config_bad_toml(p):
    replace_in(p, "pyproject.toml", 'keep = ["AImonitor"]', 'keep = ["AImonitor"')
    return "pyproject.toml", ANY_LINE, "invalid TOML"


def config_fallback_cycle(p):
    replace_in(p, "pyproject.toml", 'locales = ["de"]', 'locales = ["de", "de_CH"]')
    text = p.read("pyproject.toml") + '[tool.policy-l10n.fallbacks]\nde = ["de_CH"]\nde_CH = ["de"]\n'
    p.write("pyproject.toml", text)
    return "pyproject.toml", ANY_LINE, "fallback cycle"


def locales_is_a_file(p):
    shutil.rmtree(p.path("locales"))
    p.path("locales").write_text("not a directory\n")
    return "locales", None, "not a directory"


CASES = {
    "front matter not closed": Case(front_matter_unclosed, (("update",), ("status",), ("extract",), ("init", "fr"),
                                                           ("build", "--no-pdf"))),
    "front matter not YAML": Case(front_matter_yaml, (("update",), ("status",), ("build", "--no-pdf"))),
    "front matter date": Case(front_matter_date, (("update",), ("status",), ("build", "--no-pdf"))),
    "front matter missing": Case(front_matter_missing, (("update",), ("status",), ("build", "--no-pdf"))),
    "duplicate section id": Case(duplicate_section_id, (("update",), ("status",), ("extract",), ("init", "fr"),
                                                        ("build", "--no-pdf"))),
    "invalid section id": Case(invalid_section_id, (("update",), ("status",), ("build", "--no-pdf"))),
    "unknown region": Case(unknown_region, (("update",), ("status",), ("build", "--no-pdf"))),
    "source not UTF-8": Case(source_not_utf8, (("update",), ("status",), ("build", "--no-pdf"))),
    "po unterminated string": Case(po_unterminated_string),
    "po bad escape": Case(po_bad_escape),
    "po duplicate entry": Case(po_duplicate_entry),
    "po duplicate msgctxt": Case(po_duplicate_msgctxt),
    "po entry without msgstr": Case(po_without_msgstr),
    "po not UTF-8": Case(po_not_utf8),
    "po unknown keyword": Case(po_unknown_keyword),
    "pot malformed": Case(pot_malformed, (("update",), ("extract",))),
    "source/ missing": Case(source_dir_missing, (("update",), ("status",), ("extract",), ("init", "fr"),
                                                 ("build", "--no-pdf"))),
    "source/ empty": Case(source_dir_empty, (("update",), ("status",), ("build", "--no-pdf"))),
    "unknown locale in config": Case(config_unknown_locale, (("update",), ("status",), ("init", "fr"),
                                                             ("build", "--no-pdf"))),
    "pyproject not TOML": Case(config_bad_toml, (("update",), ("status",), ("build", "--no-pdf"))),
    "fallback cycle": Case(config_fallback_cycle, (("update",), ("status",), ("build", "--no-pdf"))),
    "locales/ is a file": Case(locales_is_a_file, (("update",), ("extract",), ("init", "fr"))),
}


@pytest.fixture(scope="module")
def ready_template(tmp_path_factory) -> Path:
    """A project after `init de` and `update`, with some translations (built once)."""
    p = make_project(tmp_path_factory.mktemp("errors") / "proj")
    assert p.run("init", "de", "--translator", "Anna Beispiel <anna@example.com>").code == 0
    assert p.run("update").code == 0
    p.translate("de", {"data-retention.title": "Aufbewahrung",
                       "introduction": "AImonitor schützt Ihre Privatsphäre."})
    return p.root


@pytest.fixture
def ready(ready_template, tmp_path) -> Project:
    """A fresh copy of the template project for one test."""
    shutil.copytree(ready_template, tmp_path / "proj", symlinks=True)
    return Project(tmp_path / "proj")


def assert_one_error(r, path: str, line: int | None, fragment: str) -> str:
    assert r.code == 2, (r.code, r.err)
    assert "Traceback" not in r.err and "Traceback" not in r.out
    assert r.err.endswith("\n") and r.err.count("\n") == 1, r.err
    err = r.err[:-1]
    if line is None:
        assert err.startswith(f"{path}: ") and not re.match(r"\d+:", err[len(path) + 2:]), err
    elif line == ANY_LINE:
        assert re.match(rf"{re.escape(path)}:[1-9]\d*: \S", err), err
    else:
        assert err.startswith(f"{path}:{line}: "), err
    assert fragment in err, err
    return err


@pytest.mark.parametrize("name, command", [
    pytest.param(name, command, id=f"{name} | {' '.join(command)}")
    for name, case in CASES.items() for command in case.commands])
def test_error_is_one_line_exit_2_and_nothing_changes(ready, name, command):
    where = CASES[name].setup(ready)
    before = ready.snapshot()
    r = ready.run(*command)
    assert_one_error(r, *where)
    assert ready.snapshot() == before


def test_init_of_an_unknown_locale(ready):
    before = ready.snapshot()
    r = ready.run("init", "fr", "xx")
    err = assert_one_error(r, "policy-l10n", None, "unknown locale 'xx'")
    assert err.startswith("policy-l10n: ")
    assert ready.snapshot() == before and not ready.path("locales/fr").exists()


def test_usage_errors_are_one_line(ready):
    before = ready.snapshot()
    for args in (("update", "--locale", "fr"), ("status", "--format", "yaml"), ("frobnicate",),
                 ("update", "--document", "terms"), ("init", "en"), ("status", "--locale")):
        r = ready.run(*args)
        assert_one_error(r, "policy-l10n", None, "")
    r = Project(ready.root / "nowhere").run("status")
    assert_one_error(r, "policy-l10n", None, "is not a directory")
    assert ready.snapshot() == before


def test_unwritable_locale_directory_writes_no_file(ready):
    """A target that cannot be written stops `update` before any file is replaced."""
    text = ready.read("pyproject.toml")
    ready.write("pyproject.toml", text.replace('locales = ["de"]', 'locales = ["de", "fr"]'))
    # a directory that cannot be created, even by root: a link into /proc
    ready.path("locales/fr").symlink_to("/proc/policy-l10n-test/fr")
    ready.write(DOC, ready.read(DOC).replace("90 days", "30 days"))  # pot and de would change
    before = ready.snapshot()
    r = ready.run("update")
    assert_one_error(r, "locales/fr", None, "not a directory")
    assert ready.snapshot() == before
    assert not [x for x in ready.root.rglob("*.tmp")]          # no temp file left behind
    r = ready.run("init", "fr")
    assert_one_error(r, "locales/fr", None, "not a directory")
    assert ready.snapshot() == before


