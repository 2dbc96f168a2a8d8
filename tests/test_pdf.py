"""Tests for pipeline/render/pdf.py: real renders, read back with poppler-utils.

No mocks: WeasyPrint writes real PDFs, and `pdftotext`, `pdffonts`, `pdfinfo`,
`pdfdetach` and `pdfimages` read them back.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import zlib

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from pipeline.render import pdf, pdf_pool  # noqa: E402


# pdftotext wraps Arabic runs mixed with digits or punctuation in bidi controls
# (FACTS.md): turn them into spaces and compare word by word.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")

ARABIC_SENTENCE = "نحن نجمع أقل قدر ممكن من البيانات الشخصية"
PAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Privacy Policy", "size": "letter", "dir": "",
        "footer": '"Page " counter(page) " of " counter(pages)',
        "para": "We collect as little personal data as possible.",
    },
    "ja": {
        "title": "プライバシーポリシー", "size": "A4", "dir": "",
        "footer": 'counter(pages) " ページ中 " counter(page) " ページ"',
        "para": "私たちは可能な限り少ない個人データを収集します。",
    },
    "zh-Hans": {
        "title": "隐私政策", "size": "A4", "dir": "",
        "footer": '"第 " counter(page) " 页，共 " counter(pages) " 页"',
        "para": "我们尽可能少地收集个人数据。",
    },
    "ar": {
        "title": "سياسة الخصوصية", "size": "A4", "dir": "rtl",
        "footer": '"صفحة " counter(page) " من " counter(pages)',
        "para": ARABIC_SENTENCE + ".",
    },
}


def make_page(lang: str, body: str | None = None, repeat: int = 45, embed_print_css: bool = True) -> str:
    """An HTML page as the pipeline produces it (html.py / page.html.j2): print.css
    embedded in ``@media print``, then the page size and footer in its <style>."""
    spec = PAGES[lang]
    print_css = f"@media print {{\n{pdf.PRINT_CSS.read_text(encoding='utf-8')}\n}}\n" if embed_print_css else ""
    direction = f' dir="{spec["dir"]}"' if spec["dir"] else ""
    if body is None:
        body = f"<p>{spec['para']}</p>" * repeat
    return (
        f'<!doctype html><html lang="{lang}"{direction}><head><meta charset="utf-8">'
        f"<title>{spec['title']}</title>"
        f"<style>{print_css}@page {{ size: {spec['size']}; @bottom-center {{ content: {spec['footer']} }} }}</style>"
        f'</head><body><h1 class="doc-title">{spec["title"]}</h1>{body}</body></html>')


def run(*args: str | os.PathLike[str]) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True,
                          timeout=30).stdout


def pdfinfo(path: pathlib.Path) -> dict[str, str]:
    info = {}
    for line in run("pdfinfo", path).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def tiny_png() -> bytes:
    """A valid 1x1 red PNG, built with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("static")
    (root / "logo.png").write_bytes(tiny_png())
    (root / "sub").mkdir()
    (root / "sub" / "inner.png").write_bytes(tiny_png())
    secret = tmp_path_factory.mktemp("outside") / "secret.png"
    secret.write_bytes(tiny_png())
    (root / "escape.png").symlink_to(secret)
    return root


@pytest.fixture(scope="module")
def rendered(static_dir: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    out = tmp_path_factory.mktemp("pdf")
    paths = {}
    for lang in PAGES:
        paths[lang] = out / f"{lang}.pdf"
        pdf.render_pdf(make_page(lang), paths[lang], static_dir=static_dir, lang=lang)
    return paths


# ---------------------------------------------------------------- the four pages


@pytest.mark.parametrize("lang", list(PAGES))
def test_text_fonts_and_metadata(rendered: dict[str, pathlib.Path], lang: str) -> None:
    path = rendered[lang]
    spec = PAGES[lang]
    info = pdfinfo(path)
    assert info["Title"] == spec["title"]
    assert info["Tagged"] == "yes"
    assert info["Pages"] == "2"
    expected_size = "(letter)" if spec["size"] == "letter" else "(A4)"
    assert info["Page size"].endswith(expected_size), info["Page size"]

    font_rows = run("pdffonts", path).splitlines()[2:]
    assert font_rows
    for row in font_rows:
        # columns: name type encoding emb sub uni object ID; type may contain spaces
        emb = row.split()[-5]
        assert emb == "yes", row

    text = run("pdftotext", path, "-").translate(BIDI_CONTROLS)
    if lang == "ar":
        words = set(text.split())
        for word in ARABIC_SENTENCE.split() + spec["title"].split():
            assert word in words, word
        assert re.search(r"صفحة\s+2\s+من\s+2", text)
    else:
        assert spec["para"] in text
        assert spec["title"] in text
    page_two = run("pdftotext", "-f", "2", "-l", "2", path, "-").translate(BIDI_CONTROLS)
    # the running header (string-set from .doc-title) repeats on page 2
    assert all(word in page_two for word in spec["title"].split())
    if lang == "en":
        assert "Page 2 of 2" in page_two
    elif lang == "ja":
        assert "2 ページ中 2 ページ" in page_two


def test_script_fonts(rendered: dict[str, pathlib.Path]) -> None:
    def fonts(lang: str) -> str:
        return run("pdffonts", rendered[lang])
    assert "Noto-Sans-CJK-JP" in fonts("ja")
    zh = fonts("zh-Hans")
    assert "Noto-Sans-CJK-SC" in zh and "CJK-JP" not in zh  # Simplified forms, header included
    assert "Noto-Sans-Arabic" in fonts("ar")
    assert "Noto-Sans" in fonts("en") and "CJK" not in fonts("en")


def first_heading_box(path: pathlib.Path) -> tuple[float, float, float]:
    """(xMin, xMax, page width) of the large (h1) words on page 1."""
    xml = run("pdftotext", "-f", "1", "-l", "1", "-bbox", path, "-")
    width = float(re.search(r'<page width="([\d.]+)"', xml).group(1))
    boxes = [tuple(map(float, m)) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', xml)]
    big = [b for b in boxes if b[3] - b[1] > 20]
    return min(b[0] for b in big), max(b[2] for b in big), width


def test_rtl_page_is_laid_out_right_to_left(rendered: dict[str, pathlib.Path]) -> None:
    x_min, x_max, width = first_heading_box(rendered["ar"])
    assert x_min > width / 2  # short title hugs the right margin
    assert x_max == pytest.approx(width - 18 / 25.4 * 72, abs=2)
    x_min, _, width = first_heading_box(rendered["en"])
    assert x_min == pytest.approx(18 / 25.4 * 72, abs=2)


# ---------------------------------------------------------------- glyph coverage


def test_uncovered_characters_ignores_only_whitespace_and_cc() -> None:
    # U+0378 is unassigned (Cn) and U+10FFFD private use (Co): both must be reported.
    text = "a b\t\n\x07\x1b\u3000\u00a0日本語عربي\u0378\U0010fffd\u0378"
    assert pdf.uncovered_characters(text, "en") == "\u0378\U0010fffd"
    assert pdf.uncovered_characters("", "ja") == ""


def test_missing_glyph_raises_and_writes_nothing(static_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "bad.pdf"
    page = make_page("en", body="<p>Private: \U0010fffd, unassigned: \u0378.</p>")
    with pytest.raises(pdf.MissingGlyphsError) as caught:
        pdf.render_pdf(page, out, static_dir=static_dir)
    assert caught.value.characters == "\U0010fffd\u0378"
    message = str(caught.value)
    assert "U+10FFFD" in message and "U+0378" in message and "\U0010fffd" in message
    assert list(tmp_path.iterdir()) == []


def test_notdef_warning_is_second_line_of_defence(static_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"previous version")
    page = make_page("en", body="<p>unassigned: \u0378</p>")
    with pytest.raises(pdf.MissingGlyphsError, match=r"U\+0378"):
        # an empty pre-check text skips the first line of defence
        pdf.render_pdf(page, out, static_dir=static_dir, text_for_glyph_check="")
    assert out.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]


def test_missing_glyph_in_css_footer_is_caught(static_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    page = make_page("en").replace('"Page "', '"Page \U0010fffd "')
    with pytest.raises(pdf.MissingGlyphsError, match=r"U\+10FFFD"):
        pdf.render_pdf(page, tmp_path / "x.pdf", static_dir=static_dir)


# ---------------------------------------------------------------- fetching


class SilentServer:
    """A TCP listener that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self._held.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for conn in self._held:
            conn.close()
        self.sock.close()


def test_nothing_outside_static_dir_is_fetched(static_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    server = SilentServer()
    try:
        silent = f"http://127.0.0.1:{server.port}"
        body = (
            '<p><img src="file:///etc/passwd" alt="no image"></p>'
            '<p><a rel="attachment" href="file:///etc/passwd">passwd</a></p>'
            f'<p><img src="{silent}/img.png" alt="no remote image"></p>'
            '<p><img src="../outside/secret.png" alt="no parent"></p>'
            '<p><img src="escape.png" alt="no symlink"></p>'
            '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="no data"></p>'
            '<p style="background: url(http://127.0.0.1:9/x)">bg</p>'
            f'<p style="background: url({silent}/bg.png)">bg2</p>'
        )
        page = make_page("en", body=body).replace(
            "</head>",
            f'<link rel="attachment" href="file:///etc/passwd">'
            f'<link rel="stylesheet" href="{silent}/x.css">'
            f'<style>@import url("{silent}/y.css"); @font-face {{ font-family: X; src: url({silent}/f.woff) }}'
            f' h1 {{ font-family: X, "Noto Sans" }}</style></head>')
        out = tmp_path / "fetch.pdf"
        pdf.render_pdf(page, out, static_dir=static_dir)
    finally:
        server.close()
    assert server.connections == 0  # never asked: the silent server cannot stall the render
    assert "0 embedded files" in run("pdfdetach", "-list", out)
    assert run("pdfimages", "-list", out).count("\n") == 2  # header lines only: no image
    assert b"root:" not in out.read_bytes()
    assert "no image" in run("pdftotext", out, "-")  # alt text shown instead


def test_static_files_are_served(static_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "logo.pdf"
    body = '<p><img src="logo.png" alt="logo"> <img src="sub/inner.png" alt="inner"></p>'
    pdf.render_pdf(make_page("en", body=body), out, static_dir=static_dir)
    assert run("pdfimages", "-list", out).count("\n") == 4  # 2 header lines + 2 images


def test_static_fetcher_directly(static_dir: pathlib.Path) -> None:
    fetcher = pdf.StaticFetcher(static_dir)
    import weasyprint.urls

    assert isinstance(fetcher, weasyprint.urls.URLFetcher)
    root = static_dir.resolve().as_uri()
    response = fetcher(f"{root}/logo.png")
    assert response.read() == tiny_png() and response.content_type == "image/png"
    refused = [
        f"{root}/../outside/secret.png", f"{root}/sub/%2e%2e/%2e%2e/outside/secret.png",
        f"{root}/escape.png", f"{root}/missing.png", f"{root}/sub", f"{root}/sub/",
        "file:///etc/passwd", "file://example.org/etc/passwd", "http://127.0.0.1:9/x",
        "https://example.org/x.css", "data:text/plain,hello", "ftp://example.org/x",
        "file:///dev/zero",
    ]
    for url in refused:
        with pytest.raises(pdf.FetchRefusedError):
            fetcher(url)
    assert fetcher.refused == refused


# ---------------------------------------------------------------- many pages


def test_render_many_two_workers(static_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    jobs = [pdf_pool.RenderJob(make_page(lang, repeat=5), tmp_path / f"{lang}.pdf", static_dir, lang=lang)
            for lang in PAGES]
    jobs.insert(2, pdf_pool.RenderJob(make_page("en", body="<p>\U0010fffd</p>"), tmp_path / "bad.pdf", static_dir))
    results = pdf_pool.render_many(jobs, workers=2)
    assert [r.out_path for r in results] == [j.out_path for j in jobs]
    assert [r.ok for r in results] == [True, True, False, True, True]
    assert results[2].error_type == "MissingGlyphsError" and "U+10FFFD" in results[2].error
    assert not (tmp_path / "bad.pdf").exists()
    for lang in PAGES:
        assert pdfinfo(tmp_path / f"{lang}.pdf")["Title"] == PAGES[lang]["title"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{lang}.pdf" for lang in PAGES)


def test_render_many_in_process_accepts_tuples(static_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    # a page without print.css of its own gets it as a user stylesheet
    page = make_page("en", repeat=60, embed_print_css=False)
    job = (page, tmp_path / "one.pdf", static_dir, None, None, "en", (pdf.PRINT_CSS,))
    results = pdf_pool.render_many([job], workers=1)
    assert results == [pdf_pool.RenderResult(tmp_path / "one.pdf", True, seconds=results[0].seconds, worker=os.getpid())]
    assert (tmp_path / "one.pdf").read_bytes().startswith(b"%PDF-1.7")
    page_two = run("pdftotext", "-f", "2", "-l", "2", tmp_path / "one.pdf", "-")
    assert page_two.lstrip().startswith("Privacy Policy")  # running header from print.css
    with pytest.raises(ValueError):
        pdf_pool.render_many([], workers=0)


def test_module_import_leaves_weasyprint_unloaded() -> None:
    """WeasyPrint is imported by the first render, not by importing the module (a build
    without PDFs never loads it; what that saves is measured in benchmarks/)."""
    code = ("import sys; sys.path.insert(0, %r); import pipeline.render.pdf as pdf; "
            "assert 'weasyprint' not in sys.modules; pdf.StaticFetcher; "
            "print('weasyprint' in sys.modules)" % str(pathlib.Path(__file__).resolve().parents[1]))
    assert run(sys.executable, "-c", code).strip() == "True"
