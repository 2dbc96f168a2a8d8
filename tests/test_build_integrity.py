"""A build renders again whatever an input change touches, reports every fault as one line,
and writes nothing when a template fails (issue 17: the promises behind the speed tricks)."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Project

CLI = [sys.executable, "-m", "pipeline"]


def cli(project: Project, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command in a process of its own (no POLICY_L10N_DEBUG: what a user sees),
    run from the project's folder (``env`` may put another copy of the package first)."""
    base = {k: v for k, v in os.environ.items() if k != "POLICY_L10N_DEBUG"}
    return subprocess.run([*CLI, "--root", str(project.root), *args], capture_output=True,
                          text=True, env={**base, **(env or {})}, cwd=project.root)


def page_keys(project: Project) -> dict[str, str]:
    state = json.loads(project.read(".cache/build-state.json"))
    return {path: rec["key"] for path, rec in state.items() if path.endswith(".html") and rec["key"]}


# ----------------------------------------------------------------------------- what invalidates an output

def test_a_template_dir_named_with_a_toml_comment_is_watched(new_project) -> None:
    """`templates-dir = "tpl"  # overrides`: the setting is read as TOML reads it."""
    p = new_project(locales=("de",), extra_config='templates-dir = "tpl"  # our overrides\n')
    assert p.run("init", "de").code == 0
    p.write("tpl/style.css", (REPO / "pipeline/render/static/style.css").read_text(encoding="utf-8"))
    assert p.run("build", "--no-pdf").code == 0
    page = p.read("output/de/privacy-policy.html")
    p.write("tpl/style.css", p.read("tpl/style.css") + "\nbody { color: #123456; }\n")
    again = p.run("build", "--no-pdf")
    assert again.code == 0 and "nothing changed" not in again.out, again.out
    assert "#123456" in p.read("output/de/privacy-policy.html") and page != p.read("output/de/privacy-policy.html")


def test_a_change_to_any_module_of_the_package_renders_every_page_again(project: Project, tmp_path: Path) -> None:
    """The package's code is an input of every output, not only the HTML renderer's module."""
    copy = tmp_path / "pkg"
    shutil.copytree(REPO / "pipeline", copy / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(copy)}
    assert cli(project, "build", "--no-pdf", env=env).returncode == 0
    before = page_keys(project)
    unchanged = cli(project, "build", "--no-pdf", env=env)
    assert "nothing changed" in unchanged.stdout and page_keys(project) == before
    module = copy / "pipeline" / "freshness.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# a new line of code\n", encoding="utf-8")
    again = cli(project, "build", "--no-pdf", env=env)
    assert again.returncode == 0, again.stderr
    after = page_keys(project)
    assert before.keys() == after.keys() and all(before[k] != after[k] for k in before)


def test_a_new_version_of_a_dependency_renders_every_page_again(project: Project, tmp_path: Path) -> None:
    """Babel's version (like Jinja2's, markdown-it-py's, WeasyPrint's) is an input of every page:
    a distribution found first on the path with another version stands for an upgrade."""
    assert cli(project, "build", "--no-pdf").returncode == 0
    before = page_keys(project)
    shadow = tmp_path / "shadow"
    (shadow / "babel-99.0.dist-info").mkdir(parents=True)
    (shadow / "babel-99.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: Babel\nVersion: 99.0\n")
    again = cli(project, "build", "--no-pdf", env={"PYTHONPATH": str(shadow)})
    assert again.returncode == 0, again.stderr
    assert all(before[k] != v for k, v in page_keys(project).items())


# ----------------------------------------------------------------------------- errors are one line

def test_check_errors_read_as_check_reports_them(new_project) -> None:
    """The build reports every error line of `check`, in `check`'s order, and withholds."""
    p = new_project(locales=("de", "ja"))
    assert p.run("init", "de", "ja").code == 0
    p.translate("de", {"data-retention": "Wir speichern Daten 90 Tage lang."})  # the e-mail address dropped
    p.translate("ja", {"data-retention": "データは90日間保存します。"})
    for loc in ("de", "ja"):
        po = p.po(loc)
        po.write_text(po.read_text(encoding="utf-8").replace("Plural-Forms: nplurals=", "Plural-Forms: nplurals=9; x="),
                      encoding="utf-8")
    check = p.run("check")
    build = p.run("build", "--no-pdf")
    assert build.code == 1
    errors = [line for line in check.out.splitlines() if ": error: " in line]
    assert [e.split("] ")[0].split("[")[1] for e in errors] == ["header", "email", "link-target"] * 2
    assert build.err.splitlines() == errors
    assert "withheld: de, ja" in build.out


BROKEN = "{% if %}"


@pytest.fixture
def broken(new_project) -> Project:
    from pipeline.render import PACKAGE_TEMPLATES

    p = new_project(locales=("de",), extra_config='templates-dir = "tpl"\n')
    assert p.run("init", "de").code == 0
    assert p.run("build", "--no-pdf").code == 0
    lines = (PACKAGE_TEMPLATES / "page.html.j2").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].rstrip("\n") + f" {BROKEN}\n"
    p.write("tpl/page.html.j2", "".join(lines))
    return p


@pytest.mark.parametrize("command", [("build", "--no-pdf"), ("update",), ("extract",), ("status",)])
def test_a_template_that_does_not_parse_is_one_error_and_changes_nothing(broken: Project, command) -> None:
    before = broken.snapshot()
    r = cli(broken, *command)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.splitlines() == ["tpl/page.html.j2:5: template error: Expected an expression, "
                                     "got 'end of statement block'"]
    assert broken.snapshot() == before  # ui.pot and every ui.po untouched


def test_a_template_error_while_rendering_names_the_line(new_project) -> None:
    from pipeline.render import PACKAGE_TEMPLATES

    p = new_project(locales=("de",), extra_config='templates-dir = "tpl"\n')
    assert p.run("init", "de").code == 0
    lines = (PACKAGE_TEMPLATES / "page.html.j2").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[9] = lines[9].rstrip("\n") + " {{ no_such_name.field }}\n"
    p.write("tpl/page.html.j2", "".join(lines))
    r = cli(p, "build", "--no-pdf")
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["tpl/page.html.j2:10: template error: 'no_such_name' is undefined"]


def test_a_dashboard_override_that_fails_is_one_line_and_writes_nothing(new_project) -> None:
    """The dashboard renders through the same path as the pages, before anything is written."""
    from pipeline.render import PACKAGE_TEMPLATES

    p = new_project(locales=("de",), extra_config='templates-dir = "tpl"\n')
    assert p.run("init", "de").code == 0
    assert p.run("build", "--no-pdf").code == 0
    p.translate("de", {"introduction": "AImonitor schützt Ihre Privatsphäre."})  # a page to render again
    before = {path: data for path, data in p.snapshot().items() if path.startswith("output/")}
    lines = (PACKAGE_TEMPLATES / "dashboard.html.j2").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + " {{ no_such.x }}\n"
    p.write("tpl/dashboard.html.j2", "".join(lines))
    r = cli(p, "build", "--no-pdf")
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["tpl/dashboard.html.j2:3: template error: 'no_such' is undefined"]
    assert {path: data for path, data in p.snapshot().items() if path.startswith("output/")} == before


def test_a_full_disk_on_stdout_is_one_line_not_a_traceback(project: Project) -> None:
    assert cli(project, "build", "--no-pdf").returncode == 0
    with open("/dev/full", "w") as full:
        r = subprocess.run([*CLI, "--root", str(project.root), "build", "--no-pdf"], stdout=full,
                           stderr=subprocess.PIPE, text=True, cwd=project.root,
                           env={k: v for k, v in os.environ.items() if k != "POLICY_L10N_DEBUG"})
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["policy-l10n: cannot write the output: No space left on device"]


def test_a_command_leaves_the_garbage_collector_as_it_found_it(project: Project) -> None:
    """No process-global switch in the library: `serve` and tests run commands in-process."""
    assert gc.isenabled()
    assert project.run("status").code == 0
    assert project.run("build", "--no-pdf").code == 0
    assert gc.isenabled()


def test_refusals_are_one_line(project: Project) -> None:
    first = cli(project, "build", "--no-pdf")
    assert first.returncode == 0 and first.stdout.startswith("built: "), first.stderr
    again = cli(project, "build", "--no-pdf")
    assert again.returncode == 0 and again.stdout.startswith("built: nothing changed"), again.stdout
    for args, message in ((("--jobs", "0"), "policy-l10n: --jobs must be at least 1"),
                          (("--locale", "xx"), "policy-l10n: locale 'xx' is not configured"),
                          (("--shard", "3/2"), None)):
        r = cli(project, "build", "--no-pdf", *args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert len(r.stderr.splitlines()) == 1 and (message is None or r.stderr.strip() == message), r.stderr
