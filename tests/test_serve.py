"""`policy-l10n serve`: a real server subprocess, fetched with urllib.

Each test starts `python -m pipeline --root P serve --port 0` (the Python running the
tests), reads the URL from the first line of stdout and talks HTTP to it; files are
edited the way an editor would, and the served pages must follow (how fast is measured
in benchmarks/, not asserted here).
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from preview_server import CLI, PATIENCE, REPO, PreviewServer

PO = "locales/de/LC_MESSAGES/privacy-policy.po"
DE_PAGE = "de/privacy-policy.html"

GERMAN = {
    "document.title": "Datenschutzerklärung",
    "introduction.title": "Einleitung",
    "introduction": "AImonitor verpflichtet sich, Ihre Privatsphäre zu schützen.",
}


@pytest.fixture
def translated(project):
    project.translate("de", GERMAN)
    return project


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _break_po(project) -> int:
    """Make the German introduction's msgstr an unterminated string; return its line."""
    text = project.read(PO)
    good = f'msgstr "{GERMAN["introduction"]}"'
    line = _line_of(text, good)
    project.write(PO, text.replace(good, good[:-1], 1))
    return line


def test_serves_preview_and_follows_po_edits(translated):
    with PreviewServer(translated.root) as server:
        assert server.url.startswith("http://127.0.0.1:")
        status, body = server.get(DE_PAGE)
        assert status == 200
        assert GERMAN["introduction"] in body
        assert '<html lang="de"' in body

        # the reload script is added when serving, only to the preview
        assert 'src="/__reload.js"' in body
        assert "script-src 'self'" in body
        on_disk = (translated.root / ".preview" / DE_PAGE).read_text(encoding="utf-8")
        assert "<script" not in on_disk and "script-src" not in on_disk
        status, js = server.get("__reload.js")
        assert status == 200 and "location.reload" in js

        # an edit of the .po shows up
        text = translated.read(PO)
        translated.write(PO, text.replace(GERMAN["introduction"], "AImonitor schützt Ihre Daten sorgfältig."))
        server.wait_for(DE_PAGE, lambda s, b: "sorgfältig" in b)

        # the root shows the dashboard, which links to the preview pages
        status, index = server.get("")
        assert status == 200 and DE_PAGE in index

        assert server.proc.poll() is None
        assert server.interrupt() == 0, server.stderr()
    assert (translated.root / ".preview" / DE_PAGE).is_file()
    assert not (translated.root / "output").exists()
    assert "Traceback" not in server.stderr()


def test_reload_long_poll_answers_when_the_open_page_changes(translated):
    with PreviewServer(translated.root) as server:
        _, body = server.get(DE_PAGE)
        boot = re.search(r'data-boot="([^"]+)"', body).group(1)
        gen = re.search(r'data-gen="(\d+)"', body).group(1)
        answers: list[dict] = []

        def poll() -> None:
            with urllib.request.urlopen(f"{server.url}__reload?boot={boot}&v={gen}&path=/{DE_PAGE}",
                                        timeout=PATIENCE) as r:
                answers.append(json.loads(r.read()))

        waiter = threading.Thread(target=poll)
        waiter.start()
        time.sleep(0.3)
        assert not answers  # nothing changed yet: the request is still waiting
        translated.translate("de", {"introduction": "Neuer Einleitungstext."})
        waiter.join(PATIENCE)
        assert answers == [{"reload": True}]

        # a page from an older server run (another boot id) reloads at once
        with urllib.request.urlopen(f"{server.url}__reload?boot=old&v=1&path=/{DE_PAGE}", timeout=PATIENCE) as r:
            assert json.loads(r.read()) == {"reload": True}
        assert server.interrupt() == 0


def test_broken_po_shows_error_page_and_recovers(translated):
    with PreviewServer(translated.root) as server:
        assert server.get(DE_PAGE)[0] == 200
        line = _break_po(translated)
        status, body = server.wait_for(DE_PAGE, lambda s, b: s == 500)
        assert f"{PO}:{line}:" in body
        assert "unterminated string" in body
        # every page request shows the error while the file is broken, the server keeps running
        for path in ("", "en/privacy-policy.html", "index.html"):
            status, body = server.get(path)
            assert status == 500 and f"{PO}:{line}:" in body, path
        assert 'src="/__reload.js"' in body  # so the error page goes away by itself
        assert server.proc.poll() is None

        translated.write(PO, translated.read(PO).replace(
            GERMAN["introduction"] + "\n", GERMAN["introduction"] + '"\n', 1))
        status, body = server.wait_for(DE_PAGE, lambda s, b: s == 200)
        assert GERMAN["introduction"] in body
        assert server.get("")[0] == 200
        assert server.interrupt() == 0
    assert "Traceback" not in server.stderr()


def test_broken_source_and_config_show_errors_then_recover(translated):
    with PreviewServer(translated.root) as server:
        assert server.get(DE_PAGE)[0] == 200

        source = translated.read("source/privacy-policy.md")
        translated.write("source/privacy-policy.md", source + "\n## Again {#introduction}\n\nDuplicate.\n")
        status, body = server.wait_for(DE_PAGE, lambda s, b: s == 500)
        assert re.search(r"source/privacy-policy\.md:\d+:", body), body
        translated.write("source/privacy-policy.md", source)
        server.wait_for(DE_PAGE, lambda s, b: s == 200)

        config = translated.read("pyproject.toml")
        translated.write("pyproject.toml", config.replace('locales = ["de"]', 'locales = ["de", "xx_NOPE"]'))
        status, body = server.wait_for(DE_PAGE, lambda s, b: s == 500)
        assert re.search(r"pyproject\.toml:\d+:", body), body
        translated.write("pyproject.toml", config)
        status, body = server.wait_for(DE_PAGE, lambda s, b: s == 200)
        assert GERMAN["introduction"] in body
        assert server.interrupt() == 0
    assert "Traceback" not in server.stderr()


def _other_local_addresses() -> list[str]:
    """Addresses of this machine other than 127.0.0.1 (127.0.0.2 is loopback too, but not bound)."""
    addrs = ["127.0.0.2"]
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            ip = s.getsockname()[0]
        if not ip.startswith("127.") and ip != "0.0.0.0":
            addrs.append(ip)
    except OSError:
        pass
    return addrs


def test_listens_on_loopback_only_by_default(translated):
    with PreviewServer(translated.root) as server:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
        for addr in _other_local_addresses():
            with pytest.raises(OSError):
                socket.create_connection((addr, port), timeout=2).close()
        assert server.interrupt() == 0


def test_states_flag_shows_badges(translated):
    with PreviewServer(translated.root, "--states") as server:
        status, body = server.get(DE_PAGE)
        assert status == 200
        badges = dict(re.findall(r'<section id="([a-z0-9-]+)".*?state-badge-([a-z]+)"', body, re.S))
        assert badges == {"introduction": "current", "data-retention": "missing", "your-rights": "missing"}
        assert server.interrupt() == 0
    with PreviewServer(translated.root) as server:  # without --states: no badge
        assert "<span class=\"state-badge" not in server.get(DE_PAGE)[1]
        assert server.interrupt() == 0


def test_bad_arguments_exit_2_with_one_line(translated, tmp_path):
    r = subprocess.run([*CLI, "--root", str(tmp_path / "nope"), "serve"],
                       capture_output=True, text=True, timeout=PATIENCE, cwd=REPO)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("policy-l10n: ")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run([*CLI, "--root", str(translated.root), "serve", "--port", str(port)],
                           capture_output=True, text=True, timeout=PATIENCE, cwd=REPO)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"policy-l10n: cannot listen on 127.0.0.1:{port}") and r.stderr.count("\n") == 1
    assert r.stdout == ""
    assert not (translated.root / ".preview").exists()


def test_template_edit_rebuilds_every_page(new_project):
    from pipeline.render import PACKAGE_TEMPLATES

    p = new_project(locales=("de",), extra_config='templates-dir = "templates"\n')
    assert p.run("init", "de").code == 0
    template = PACKAGE_TEMPLATES / "page.html.j2"
    p.write("templates/page.html.j2", template.read_text(encoding="utf-8"))
    with PreviewServer(p.root) as server:
        assert "preview-marker" not in server.get(DE_PAGE)[1]
        p.write("templates/page.html.j2", template.read_text(encoding="utf-8").replace(
            "</main>", '<p class="preview-marker">marker</p>\n</main>', 1))
        for page in (DE_PAGE, "en/privacy-policy.html"):
            server.wait_for(page, lambda s, b: "preview-marker" in b)
        assert server.interrupt() == 0
