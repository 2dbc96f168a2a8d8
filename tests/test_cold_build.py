"""What makes a cold build fast must not change what it builds.

The build forks (Babel's data in one child, release pages and the dashboard in
another) and reads the package's templates compiled at install time; these tests
prove the outputs are the same bytes as a single-process build's, that check errors
read as `check` reports them, that compiled templates are only ever read, and that
a broken template is one `path:line` error that changes nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Project

DOC = "privacy-policy"
CLI = [sys.executable, "-c", "import sys; from pipeline.launch import run; sys.argv[0] = 'policy-l10n'; run()"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cli(project: Project, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "POLICY_L10N_DEBUG"}
    return subprocess.run([*CLI, "--root", str(project.root), *args], capture_output=True, text=True, env=env,
                          cwd=REPO)


# ----------------------------------------------------------------------------- forked = single process

def test_forked_build_equals_a_single_process_build(real_project: Project, tmp_path: Path, monkeypatch) -> None:
    from pipeline import forking

    forked = Project(tmp_path / "forked")
    shutil.copytree(real_project.root, forked.root)
    r = cli(forked, "build", "--no-pdf")  # the real command: forks
    assert r.returncode == 0, r.stderr

    monkeypatch.setattr(forking, "can_fork", lambda: False)
    r2 = real_project.run("build", "--no-pdf")
    assert r2.code == 0, r2.err
    assert r.stdout == r2.out
    single, both = tree(real_project.path("output")), tree(forked.path("output"))
    assert single.keys() == both.keys()
    assert [rel for rel in single if single[rel] != both[rel]] == []
    # the build records (what the next build skips) are the same, apart from file times
    import json

    def keys(p: Project) -> dict:
        return {rel: (rec.get("key"), rec.get("sha256"), rec.get("states"))
                for rel, rec in json.loads(p.read(".cache/build-state.json")).items()}

    assert keys(real_project) == keys(forked)


def test_check_errors_read_as_check_reports_them(new_project) -> None:
    """Headers are checked apart from messages (Babel's rules come from a child): the
    build still reports every error line of `check`, in `check`'s order."""
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


def test_the_split_keeps_a_locale_with_its_fallbacks_and_balances_the_work(real_project: Project) -> None:
    """A locale is withheld with its fallback, and each side checks only its own locales:
    de_CH (falling back to de) must be checked and rendered on de's side."""
    from pipeline.config import load_config
    from pipeline.output.build import _load_inputs
    from pipeline.output.split import fallback_families, locales_for_the_child
    from pipeline.output.plan import plan_pages
    from pipeline.output.state import BuildResult

    config = load_config(real_project.root)
    families = fallback_families(config)
    assert sorted(sorted(f) for f in families) == sorted([["de", "de_CH"], *([loc] for loc in config.all_page_locales()
                                                                                if loc not in ("de", "de_CH"))])
    docs, catalogs, _ = _load_inputs(config, BuildResult())
    planned = plan_pages(config, [d.id for d in docs], None, None)
    for dashboard in (True, False):
        child = locales_for_the_child(config, docs, catalogs, planned, dashboard=dashboard)
        assert ({"de", "de_CH"} <= child) or not ({"de", "de_CH"} & child)
        assert child and set(config.all_page_locales()) - child  # both sides have pages to render
    # a selection: an unselected fallback still goes with its variant (it is checked there)
    one = plan_pages(config, [d.id for d in docs], ["de_CH"], None)
    child = locales_for_the_child(config, docs, catalogs, one, dashboard=True)
    assert ("de" in child) == ("de_CH" in child)


# ----------------------------------------------------------------------------- Background

def test_background_child_receives_a_message_and_returns() -> None:
    from pipeline.forking import Background, can_fork

    assert can_fork()  # the test machine has two cores: the fork path is the one tested
    parent = os.getpid()
    job = Background(lambda receive: (os.getpid(), [x * 2 for x in receive()]))
    job.send([1, 2, 3])
    pid, doubled = job.result()
    assert pid != parent and doubled == [2, 4, 6]
    assert job.result() == (pid, doubled)  # asked again: the same answer, no second wait


def test_background_error_is_raised_in_the_parent() -> None:
    from pipeline.errors import PoError
    from pipeline.forking import Background, in_background

    def fail(receive):
        raise PoError("bad entry", "locales/de/x.po", 7)

    with pytest.raises(PoError) as info:
        Background(fail).result()
    assert str(info.value) == "locales/de/x.po:7: bad entry"
    with pytest.raises(ZeroDivisionError):
        in_background(lambda: 1 / 0)()


def test_background_that_is_never_sent_anything_ends() -> None:
    from pipeline.forking import Background

    def waits(receive):
        try:
            receive()
        except EOFError:
            return "no message"
        return "message"

    assert Background(waits).result() == "no message"


def test_background_cancel_stops_the_child() -> None:
    from pipeline.forking import Background

    job = Background(lambda receive: receive())
    pid = job._pid
    job.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left


def test_a_child_whose_parent_stopped_listening_exits_quietly() -> None:
    """A child never returns into the parent's code: not even when its result cannot be sent."""
    script = ("import os, time\n"
              "from pipeline.forking import Background\n"
              "job = Background(lambda receive: (time.sleep(0.2), 'x' * 200_000)[1])\n"
              "os.close(job._result)  # the parent gives up on the result\n"
              "pid, status = os.waitpid(job._pid, 0)\n"
              "print('child exit', os.waitstatus_to_exitcode(status))\n")
    r = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert (r.stdout, r.stderr) == ("child exit 0\n", "")


def test_the_launcher_forks_babels_child_before_importing_and_the_build_takes_it(real_project: Project) -> None:
    from pipeline import launch, localefacts
    from pipeline.config import load_config

    root = str(real_project.root)
    started = launch._fork_locale_facts(root)
    assert started is not None
    localefacts.adopt(root, *started)
    job = localefacts.take(load_config(real_project.root))
    assert job._pid == started[0]  # the child forked ahead, not a new one
    job.send([])
    facts, plurals = job.result()
    assert facts[0]["ja"] == ("ltr", "日本語") and plurals["ar"].startswith("nplurals=6;")
    assert facts[0]["ar"] == ("rtl", "العربية") and plurals["ja"] == "nplurals=1; plural=0;"

    localefacts.adopt(root, *launch._fork_locale_facts(root))  # a command that fails before building
    pid = next(iter(localefacts._STARTED.values()))._pid
    localefacts.discard()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped


def test_the_launcher_forks_nothing_without_a_second_core(monkeypatch) -> None:
    from pipeline import launch

    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert launch._fork_locale_facts(".") is None


def test_background_without_a_second_core_runs_in_process(monkeypatch) -> None:
    from pipeline import forking

    monkeypatch.setattr(forking, "can_fork", lambda: False)
    job = forking.Background(lambda receive: (os.getpid(), receive()))
    job.send("dates")
    assert job.result() == (os.getpid(), "dates")
    assert forking.split_map(lambda x: x + 1, [1, 2, 3]) == [2, 3, 4]


def test_background_when_no_process_can_be_forked_runs_in_process(monkeypatch) -> None:
    from pipeline import forking

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(forking.os, "fork", no_fork)
    job = forking.Background(lambda receive: (os.getpid(), receive()))
    job.send("dates")
    assert job.result() == (os.getpid(), "dates")


def test_split_map_keeps_order_and_the_first_error() -> None:
    from pipeline.forking import split_map

    assert split_map(lambda x: (x, os.getpid()), list(range(6)))[0][0] == 0
    assert [x for x, _ in split_map(lambda x: (x, 0), list(range(7)))] == list(range(7))

    def boom(x: int) -> int:
        if x in (1, 5):
            raise ValueError(f"item {x}")
        return x

    with pytest.raises(ValueError, match="item 1"):
        split_map(boom, list(range(6)))


# ----------------------------------------------------------------------------- compiled templates

@pytest.fixture
def compiled(tmp_path: Path, monkeypatch) -> Path:
    from pipeline.render import html

    target = tmp_path / "compiled"
    monkeypatch.setattr(html, "COMPILED_TEMPLATES", target)
    names = html.compile_package_templates()
    assert names == ["compare.html.j2", "dashboard.html.j2", "page.html.j2", "status.html.j2"]
    assert len(list(target.glob("*.jinja2"))) == len(names)
    return target


def test_package_templates_load_compiled_without_jinja_parsing(compiled: Path, project: Project,
                                                                monkeypatch) -> None:
    import jinja2

    from pipeline.config import load_config
    from pipeline.render.html import Templates

    def no_parsing(*args, **kwargs):
        raise AssertionError("a package template was parsed again")

    monkeypatch.setattr(jinja2.Environment, "_parse", no_parsing)
    Templates(load_config(project.root)).preload()


def test_an_override_is_compiled_from_its_own_source(compiled: Path, new_project, monkeypatch) -> None:
    import jinja2

    from pipeline.render import PACKAGE_TEMPLATES

    p = new_project(locales=("de",), extra_config='templates-dir = "tpl"\n')
    page = (PACKAGE_TEMPLATES / "page.html.j2").read_text(encoding="utf-8")
    p.write("tpl/page.html.j2", page.replace("</body>", "<p>override-marker</p></body>"))
    assert p.run("init", "de").code == 0
    parsed: list[str] = []
    original = jinja2.Environment._parse

    def spy(self, source, name, filename):
        parsed.append(name)
        return original(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "_parse", spy)
    before = tree(compiled)
    assert p.run("build", "--no-pdf").code == 0
    assert parsed == ["page.html.j2"]  # the override only; the others came compiled
    assert "override-marker" in p.read(f"output/de/{DOC}.html")
    assert tree(compiled) == before  # a build only reads what `make` compiled


def test_a_build_never_writes_compiled_templates(tmp_path: Path, project: Project, monkeypatch) -> None:
    from pipeline.render import html

    empty = tmp_path / "nothing-compiled"
    monkeypatch.setattr(html, "COMPILED_TEMPLATES", empty)
    assert project.run("build", "--no-pdf").code == 0
    assert not empty.exists()


# ----------------------------------------------------------------------------- broken templates

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


def _children() -> set[int]:
    """This process's live child processes (zombies included: they were not reaped)."""
    me = str(os.getpid())
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                found.add(int(entry.name))
    return found


def test_a_failed_build_leaves_no_child_behind(broken: Project) -> None:
    before = _children()
    r = broken.run("build", "--no-pdf")  # in this process: it forks, then meets the broken template
    assert r.code == 2 and "template error" in r.err
    assert not _children() - before  # (a child of an earlier build may be collected meanwhile)


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


def test_tempfile_deferred_for_jinja2_still_works_when_used() -> None:
    """Jinja2 imports `tempfile` for nothing; a build defers it, and whoever uses it gets it."""
    script = ("import sys\n"
              "assert 'tempfile' not in sys.modules\n"
              "import pipeline.render.html, jinja2\n"
              "stub = sys.modules['tempfile']\n"
              "assert 'shutil' not in sys.modules  # nothing of tempfile loaded yet\n"
              "import tempfile, os\n"
              "fd, path = tempfile.mkstemp()\n"
              "os.close(fd); os.unlink(path)\n"
              "import jinja2.bccache\n"
              "assert jinja2.bccache.tempfile.gettempdir() == tempfile.gettempdir()\n"
              "assert sys.modules['tempfile'] is not stub and sys.modules['tempfile'].mkstemp is stub.mkstemp\n"
              "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert (r.stdout, r.stderr) == ("ok\n", "")


# ----------------------------------------------------------------------------- the launcher

@pytest.mark.parametrize("argv, expected", [
    (["build"], {"root": ".", "locale": None, "region": None, "no_pdf": False, "jobs": None}),
    (["--root", "site", "build", "--no-pdf", "--locale", "de", "--locale", "fr", "--jobs", "2"],
     {"root": "site", "locale": ["de", "fr"], "region": None, "no_pdf": True, "jobs": 2}),
    (["--root=site", "build", "--region", "eu"],
     {"root": "site", "locale": None, "region": ["eu"], "no_pdf": False, "jobs": None}),
])
def test_the_launcher_reads_a_plain_build_as_argparse_would(argv, expected) -> None:
    from pipeline.launch import _plain_build

    options = _plain_build(argv)
    assert options is not None
    assert {k: options[k] for k in expected} == expected and options["shard"] is None


@pytest.mark.parametrize("argv", [["status"], ["build", "--shard", "1/2"], ["build", "--help"],
                                  ["build", "--locale"], ["build", "--locale", "--no-pdf"],
                                  ["build", "--jobs", "two"], ["build", "--jobs", "0"], ["build", "--jobs=2"],
                                  ["--verbose", "build"]])
def test_anything_else_goes_to_argparse(argv) -> None:
    from pipeline.launch import _plain_build

    assert _plain_build(argv) is None


def test_the_launcher_builds_skips_and_refuses_like_the_cli(project: Project) -> None:
    first = cli(project, "build", "--no-pdf")
    assert first.returncode == 0 and first.stdout.startswith("built: "), first.stderr
    again = cli(project, "build", "--no-pdf")
    assert (again.returncode, again.stdout) == (0, "built: nothing changed since the last build\n")
    po = project.po("de")
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # an input changed
    assert cli(project, "build", "--no-pdf").stdout.startswith("built: ")
    for args, message in ((("--jobs", "0"), "policy-l10n: --jobs must be at least 1"),
                          (("--locale", "xx"), "policy-l10n: locale 'xx' is not configured"),
                          (("--shard", "3/2"), None)):
        r = cli(project, "build", "--no-pdf", *args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert len(r.stderr.splitlines()) == 1 and (message is None or r.stderr.strip() == message), r.stderr
