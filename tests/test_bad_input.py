"""Bad input, one fault at a time: one clear `path:line: what` line, exit 2, no file touched.

The corpus is tests/fixtures/bad/{po,source,config}/, one file per fault, named by
the fault; the exact message each must produce is in the tables below. A broken
`.po` replaces `locales/de/LC_MESSAGES/privacy-policy.po` of a small project, a
broken source replaces `source/privacy-policy.md`, a broken configuration
replaces `pyproject.toml`. The 50 MB catalog is generated at test time.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import Project

BAD = Path(__file__).parent / "fixtures" / "bad"
DOC = "privacy-policy"
PO = f"locales/de/LC_MESSAGES/{DOC}.po"
SRC = f"source/{DOC}.md"

#: fixture → the message after `locales/de/LC_MESSAGES/privacy-policy.po:`
PO_CASES = {
    "unterminated-string.po": "27: unterminated string (a '\"' is missing at the end of the line)",
    "bad-escape.po": "39: invalid escape sequence '\\u' in string",
    "no-header.po": "1: no header entry (msgid \"\" with Content-Type and Language) at the top",
    "comments-only.po": "1: no header entry (msgid \"\" with Content-Type and Language) at the top",
    "wrong-charset.po": "13: charset 'ISO-8859-1' in Content-Type: catalogs must be UTF-8 (convert with `msgconv --to-code=UTF-8`)",
    "wrong-charset-declared.po": "13: charset 'ISO-8859-1' in Content-Type: catalogs must be UTF-8 (convert with `msgconv --to-code=UTF-8`)",
    "invalid-utf8.po": "33: not valid UTF-8 (catalogs must be UTF-8)",
    "duplicate-msgctxt.po": "37: duplicate msgctxt 'introduction.title' (first at line 25)",
    "duplicate-entry.po": "37: duplicate message definition (first at line 25)",
    "binary-garbage.po": "3: binary data (NUL byte): not a PO file",
    "empty.po": "1: empty file: a catalog needs at least its header entry",
    "plain-text.po": "1: syntax error: unknown keyword 'Datenschutzerklärung'",
    "unknown-keyword.po": "39: syntax error: unknown keyword 'msgstrr'",
    "missing-msgstr.po": "25: entry has no msgstr",
    "msgstr-without-msgid.po": "25: msgstr without msgid",
    "malformed-header-line.po": "11: malformed header line 'Language de' (expected 'Key: value')",
    "text-after-string.po": "21: unexpected text after the string: '(neu)'",
    "second-header.po": "17: a second header entry (msgid \"\")",
    "header-after-messages.po": "8: the header entry (msgid \"\") must come before every message",
    "plural-index-without-plural.po": "27: msgstr[N] in an entry without msgid_plural",
}

#: fixture → the message after `source/privacy-policy.md:`
SOURCE_CASES = {
    "unclosed-front-matter.md": "1: front matter is not closed by a '---' line",
    "no-front-matter.md": "1: missing front matter: the file must start with a '---' line, then title: ... and "
                          "updated: YYYY-MM-DD, then '---'",
    "invalid-yaml.md": "3: invalid front matter: did not find expected ',' or ']'",
    "bad-date.md": "3: invalid date in front matter: day is out of range for month",
    "date-not-a-date.md": "3: front matter needs 'updated' as a date YYYY-MM-DD",
    "duplicate-ids.md": "10: duplicate section id 'introduction' (first at line 6)",
    "id-with-dotdot.md": "10: invalid section id '../../../etc/passwd': use [a-z0-9][a-z0-9-]*",
    "heading-without-text.md": "10: heading has no text",
    "empty-heading.md": "10: heading has no text",
    "h1-heading.md": "6: a '#' heading is not allowed: the title comes from the front matter; start sections at '##'",
}

#: fixture → the message after `pyproject.toml:`
CONFIG_CASES = {
    "unknown-locale.toml": "7: unknown locale 'xx_YY' (Babel has no data for it)",
    "invalid-locale.toml": "7: invalid locale identifier 'klingon' (write Babel's form, e.g. de, pt_BR, zh_Hans)",
    "locale-with-path.toml": "7: invalid locale identifier '../../etc' (write Babel's form, e.g. de, pt_BR, zh_Hans)",
    "fallback-cycle.toml": "11: fallback cycle: de_CH → de_AT → de_CH",
    "region-unknown-locale.toml": "14: regions.ch: locale 'fr' is not configured",
    "region-name-with-path.toml": "10: invalid region name '../x': use [a-z0-9][a-z0-9-]*, not 'status'",
    "path-outside-project.toml": "9: templates-dir '../shared-templates' resolves outside the project",
    "absolute-path-outside.toml": "9: templates-dir '/etc' resolves outside the project",
    "bad-on-stale.toml": "9: on-stale must be \"source\" or \"translation\"",
    "bad-base-url.toml": "9: base-url must be an http(s) URL",
    "invalid-toml.toml": "8: invalid TOML: Unclosed array (at line 8, column 1)",
}

#: commands that read the catalogs and must stop before writing anything
PO_COMMANDS = [
    ("status",),
    ("status", "--format", "json"),
    ("check",),
    ("check", "--format", "json"),
    ("update",),
    ("update", "--dry-run"),
    ("approve", "de", "--by", "Rita Reviewer <rita@example.com>"),
    ("release", "1.0"),
]
#: a bad source or configuration stops every command, build included
ALL_COMMANDS = [("extract",), ("init", "fr"), *PO_COMMANDS, ("build", "--no-pdf")]


def test_corpus_and_tables_agree() -> None:
    for folder, table in (("po", PO_CASES), ("source", SOURCE_CASES), ("config", CONFIG_CASES)):
        assert sorted(p.name for p in (BAD / folder).iterdir()) == sorted(table), folder


def assert_refused(p: Project, args: tuple[str, ...], expected: str, before: dict[str, bytes]) -> None:
    r = p.run(*args)
    assert (r.code, r.err) == (2, expected + "\n"), f"{args}: exit {r.code}\n{r.err}"
    assert r.out == "", f"{args} printed {r.out!r}"
    assert p.snapshot() == before, f"{args} changed a file"


@pytest.mark.parametrize("fixture", sorted(PO_CASES))
def test_malformed_po(project: Project, fixture: str) -> None:
    shutil.copyfile(BAD / "po" / fixture, project.path(PO))
    before = project.snapshot()
    expected = f"{PO}:{PO_CASES[fixture]}"
    for args in PO_COMMANDS:
        assert_refused(project, args, expected, before)


@pytest.mark.parametrize("fixture", ["unterminated-string.po", "binary-garbage.po", "empty.po"])
def test_build_withholds_an_unreadable_catalog(project: Project, fixture: str) -> None:
    """build goes on with the other locales; the catalog's fault is one line; inputs untouched."""
    shutil.copyfile(BAD / "po" / fixture, project.path(PO))
    inputs = {k: v for k, v in project.snapshot().items() if not k.startswith(("output/", ".cache/"))}
    r = project.run("build", "--no-pdf")
    assert r.code == 2, r.err
    lines = r.err.splitlines()
    assert f"{PO}:{PO_CASES[fixture]}" in lines
    assert all(re.match(r"(\S+:\d+|policy-l10n): ", line) for line in lines), lines
    assert "Traceback" not in r.err
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(("output/", ".cache/"))} == inputs
    assert project.path(f"output/en/{DOC}.html").is_file()
    assert not project.path(f"output/de/{DOC}.html").exists()


def _break_ui(project: Project) -> str:
    ui = "locales/de/LC_MESSAGES/ui.po"
    text = project.read(ui).replace('"Language: de\\n"', '"Language: de\\q"')
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "\\q" in l)
    project.write(ui, text)
    return f"{ui}:{line}: invalid escape sequence '\\q' in string"


def test_malformed_ui_catalog(project: Project) -> None:
    expected = _break_ui(project)
    before = project.snapshot()
    # (approve signs off the document catalogs only: ui.po is not one of its inputs)
    for args in [a for a in PO_COMMANDS if a[0] not in ("approve", "release")]:
        assert_refused(project, args, expected, before)


def test_release_refuses_a_malformed_ui_catalog(project: Project) -> None:
    expected = _break_ui(project)
    assert_refused(project, ("release", "1.0"), expected, project.snapshot())


def test_50_mb_catalog_is_refused(project: Project) -> None:
    """A valid catalog, only too big: refused at line 1 before it is parsed."""
    original = project.read(PO).encode("utf-8")
    size = 50_000_000
    filler_line = b"# " + b"x" * 97 + b"\n"  # translator comments before the header: valid PO
    count, rest = divmod(size - len(original), len(filler_line))
    data = filler_line * count + b"#" + b"x" * (rest - 2) + b"\n" + original
    assert len(data) == size
    project.path(PO).write_bytes(data)
    before = project.snapshot()
    for args in [("status",), ("check",), ("update",), ("update", "--dry-run")]:
        assert_refused(project, args, f"{PO}:1: file too large (50.0 MB; a catalog may have at most 16 MiB)", before)


@pytest.mark.parametrize("fixture", sorted(SOURCE_CASES))
def test_malformed_source(project: Project, fixture: str) -> None:
    shutil.copyfile(BAD / "source" / fixture, project.path(SRC))
    before = project.snapshot()
    for args in ALL_COMMANDS:
        assert_refused(project, args, f"{SRC}:{SOURCE_CASES[fixture]}", before)


def test_document_id_with_a_dot_is_refused(project: Project) -> None:
    """Document ids come from file names; `..md` would make the id `.`."""
    shutil.copyfile(project.path(SRC), project.path("source/..md"))
    before = project.snapshot()
    for args in ALL_COMMANDS:
        assert_refused(project, args, "source/..md:1: invalid document id '.': use [a-z0-9][a-z0-9-]*, not 'ui'", before)


@pytest.mark.parametrize("fixture", sorted(CONFIG_CASES))
def test_malformed_configuration(project: Project, fixture: str) -> None:
    shutil.copyfile(BAD / "config" / fixture, project.path("pyproject.toml"))
    before = project.snapshot()
    for args in ALL_COMMANDS:
        assert_refused(project, args, f"pyproject.toml:{CONFIG_CASES[fixture]}", before)


def test_templates_dir_symlink_out_of_the_project_is_refused(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    project.path("templates").symlink_to(outside, target_is_directory=True)
    toml = project.read("pyproject.toml").replace('keep = ["AImonitor"]', 'keep = ["AImonitor"]\ntemplates-dir = "templates"')
    project.write("pyproject.toml", toml)
    line = toml.splitlines().index('templates-dir = "templates"') + 1
    before = project.snapshot()
    for args in ALL_COMMANDS:
        assert_refused(project, args, f"pyproject.toml:{line}: templates-dir 'templates' resolves outside the project", before)


@pytest.mark.parametrize("args,expected", [
    (("init", "../../etc"), "policy-l10n: invalid locale identifier '../../etc' (write Babel's form, e.g. de, pt_BR, zh_Hans)"),
    (("init", "xx_YY"), "policy-l10n: unknown locale 'xx_YY' (Babel has no data for it)"),
    (("update", "--locale", "fr"), "policy-l10n: locale 'fr' is not configured in [tool.policy-l10n] locales (de)"),
    (("status", "--locale", "../de"), "policy-l10n: locale '../de' is not configured in [tool.policy-l10n] locales (de)"),
    (("check", "--locale", "xx"), "policy-l10n: locale 'xx' is not configured in [tool.policy-l10n] locales (de)"),
])
def test_bad_command_line_values(project: Project, args, expected: str) -> None:
    before = project.snapshot()
    assert_refused(project, args, expected, before)
