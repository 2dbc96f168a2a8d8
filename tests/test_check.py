"""`policy-l10n check`: each QA check on its own, through the real CLI.

Every case starts from a clean translation (no finding at all), seeds exactly one
fault and expects its finding at the line of the entry in the `.po`, so removing
a check (or weakening it) fails the case that seeds its fault.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import Project

DOC = "privacy-policy"
PO = f"locales/de/LC_MESSAGES/{DOC}.po"
UI_PO = "locales/de/LC_MESSAGES/ui.po"

SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy. Read our [terms](https://aimonitor.dev/terms) and [your rights](#your-rights).

## Data Retention {#data-retention}

We retain data for 90 days and encrypt it with AES-256. Contact <privacy@aimonitor.dev> or see https://aimonitor.dev/retention for details.

## Your Rights {#your-rights}

You may have the right to:

- Access your data
- Delete your data
"""

GOOD = {
    "document.title": "Datenschutzerklärung",
    "introduction.title": "Einleitung",
    "introduction": "AImonitor verpflichtet sich zum Schutz Ihrer Privatsphäre. Lesen Sie unsere "
                    "[Bedingungen](https://aimonitor.dev/terms) und [Ihre Rechte](#your-rights).",
    "data-retention.title": "Datenaufbewahrung",
    "data-retention": "Wir speichern Daten 90 Tage lang und verschlüsseln sie mit AES-256. Kontakt: "
                      "<privacy@aimonitor.dev>, Einzelheiten unter https://aimonitor.dev/retention.",
    "your-rights.title": "Ihre Rechte",
    "your-rights": "Sie haben möglicherweise das Recht:\n\n- Ihre Daten einzusehen\n- Ihre Daten zu löschen",
}
GOOD_UI = {
    "pdf.page-of": "Seite {page} von {pages}",
    "page.last-updated": "Zuletzt aktualisiert: {date}",
    "page.contents": "Inhalt",
}

KEEP = 'keep = ["AImonitor", "AES-256"]'


def make(new_project, locales=("de",)) -> Project:
    p = new_project(locales=locales, source=SOURCE)
    p.write("pyproject.toml", p.read("pyproject.toml").replace('keep = ["AImonitor"]', KEEP))
    for loc in locales:
        assert p.run("init", loc).code == 0
    p.translate("de", GOOD)
    p.translate("de", GOOD_UI, domain="ui")
    return p


def entry_line(p: Project, rel: str, msgctxt: str) -> int:
    """1-based line of `msgctxt "<msgctxt>"` in the file: the line a finding must name."""
    for number, line in enumerate(p.read(rel).splitlines(), 1):
        if line == f'msgctxt "{msgctxt}"':
            return number
    raise AssertionError(f"no entry {msgctxt} in {rel}")


def header_line(p: Project, rel: str, key: str) -> int:
    for number, line in enumerate(p.read(rel).splitlines(), 1):
        if line.startswith(f'"{key}:'):
            return number
    raise AssertionError(f"no header {key} in {rel}")


FINDING_RE = re.compile(r"(?P<path>[^:]+):(?P<line>\d+): (?P<severity>error|warning): \[(?P<check>[a-z-]+)\] (?P<message>.+)")


def findings(out: str) -> list[dict]:
    rows = []
    for line in out.splitlines():
        m = FINDING_RE.fullmatch(line)
        assert m, f"not a finding line: {line!r}"
        rows.append({**m.groupdict(), "line": int(m.group("line"))})
    return rows


@pytest.fixture
def clean(new_project) -> Project:
    return make(new_project)


def test_clean_translation_has_no_finding(clean: Project) -> None:
    r = clean.run("check")
    assert r.code == 0, r.out + r.err
    assert r.out == ""
    assert r.err.strip() == "0 error(s), 0 warning(s)"


# (msgctxt, domain, translation, check id, severity, message that must appear)
ERROR_CASES = [
    # a URL or e-mail address of the English missing or altered
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace(" https://aimonitor.dev/retention", " unserer Website"),
                 "url", "error", "URL https://aimonitor.dev/retention of the English is missing or altered", id="url-missing"),
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace("https://aimonitor.dev/retention", "https://aimonitor.de/retention"),
                 "url", "error", "URL https://aimonitor.de/retention is not in the English", id="url-altered"),
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace("<privacy@aimonitor.dev>", "unser Datenschutzteam"),
                 "email", "error", "e-mail address privacy@aimonitor.dev of the English is missing or altered", id="email-missing"),
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace("privacy@aimonitor.dev", "datenschutz@aimonitor.dev"),
                 "email", "error", "e-mail address datenschutz@aimonitor.dev is not in the English", id="email-altered"),
    # a link target changed
    pytest.param("introduction", DOC, GOOD["introduction"].replace("(#your-rights)", "(#data-retention)"),
                 "link-target", "error", "link target '#your-rights' of the English is missing or changed", id="link-target-changed"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " [Mehr](https://aimonitor.dev/more)",
                 "link-target", "error", "link target 'https://aimonitor.dev/more' is not in the English", id="link-added"),
    pytest.param("introduction", DOC, GOOD["introduction"].replace("(https://aimonitor.dev/terms)", "[t]")
                 + "\n\n[t]: https://evil.example/terms", "link-target", "error",
                 "link target 'https://evil.example/terms' is not in the English", id="link-target-by-reference"),
    # a link with a scheme other than http/https/mailto (however it is spelt)
    pytest.param("introduction", DOC, GOOD["introduction"] + " [x](javascript:alert(1))",
                 "link-scheme", "error", "link 'javascript:alert(1)': only http, https, mailto and #section links are allowed",
                 id="scheme-javascript"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " [x](<JavaScript:alert(1)>)",
                 "link-scheme", "error", "link 'JavaScript:alert(1)'", id="scheme-javascript-case"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " [x](java&#115;cript:alert(1))",
                 "link-scheme", "error", "link 'javascript:alert(1)'", id="scheme-entity"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " [x][r]\n\n[r]: vbscript:msgbox",
                 "link-scheme", "error", "link 'vbscript:msgbox'", id="scheme-reference-definition"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " <file:///etc/passwd>",
                 "link-scheme", "error", "link 'file:///etc/passwd'", id="scheme-file-autolink"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " [x](data:text/html,hi)",
                 "link-scheme", "error", "link 'data:text/html,hi'", id="scheme-data"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " [weg](#nowhere)",
                 "link-scheme", "error", "link to '#nowhere': no section of this document has that id", id="anchor-unknown"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " ![Logo](https://aimonitor.dev/terms)",
                 "link-target", "error", "an image that the English does not have", id="image-added"),
    # raw HTML in a translation
    pytest.param("introduction", DOC, GOOD["introduction"].replace("AImonitor", "<b>AImonitor</b>"),
                 "html", "error", "raw HTML '<b>' in the translation", id="html-inline"),
    pytest.param("introduction", DOC, GOOD["introduction"] + " <svg/onload=alert(1)>",
                 "html", "error", "raw HTML '<svg/onload=alert(1)>'", id="html-malformed-tag"),
    # a comment would not be shown, but hidden text has no place in a translation
    pytest.param("introduction", DOC, GOOD["introduction"] + "\n\n<!-- versteckt -->",
                 "html", "error", "raw HTML '<!'", id="html-comment"),
    pytest.param("introduction.title", DOC, "Einleitung <!-- x -->",
                 "html", "error", "raw HTML '<!'", id="html-comment-in-title"),
    pytest.param("introduction.title", DOC, "<i>Einleitung</i>",
                 "html", "error", "raw HTML '<i>'", id="html-title"),
    pytest.param("page.contents", "ui", "<script>alert(1)</script>Inhalt",
                 "html", "error", "raw HTML '<script>'", id="html-ui"),
    # a placeholder of a ui string missing, extra or renamed
    pytest.param("pdf.page-of", "ui", "Seite {page}", "placeholder", "error", "placeholder {pages} is missing",
                 id="placeholder-missing"),
    pytest.param("pdf.page-of", "ui", "Seite {page} von {pages} ({date})", "placeholder", "error",
                 "placeholder {date} is not in the English", id="placeholder-extra"),
    pytest.param("page.last-updated", "ui", "Zuletzt aktualisiert: {datum}", "placeholder", "error",
                 "placeholder {date} is missing", id="placeholder-renamed"),
    pytest.param("page.last-updated", "ui", "Zuletzt aktualisiert: {date.__class__}", "placeholder", "error",
                 "malformed placeholder '{date.__class__}'", id="placeholder-attribute"),
    # a Markdown structure that differs
    pytest.param("your-rights", DOC, GOOD["your-rights"] + "\n- Ihre Daten zu übertragen", "markdown", "error",
                 "3 list items where the English has 2", id="list-items"),
    pytest.param("your-rights", DOC, "Sie haben möglicherweise das Recht: Ihre Daten einzusehen und zu löschen.",
                 "markdown", "error", "0 list items where the English has 2", id="list-flattened"),
    pytest.param("your-rights", DOC, GOOD["your-rights"].replace("Sie haben", "## Sie haben"), "markdown", "error",
                 "a heading inside the text", id="paragraph-to-heading"),
    pytest.param("your-rights", DOC, GOOD["your-rights"].replace("das Recht:", "das Recht:\n---"), "markdown", "error",
                 "a heading inside the text", id="paragraph-to-setext-heading"),
    pytest.param("data-retention", DOC, GOOD["data-retention"] + "\n\n### Mehr\n\nText.", "markdown", "error",
                 "a heading inside the text", id="heading-in-body"),
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace(". Kontakt:", ".\n\nKontakt:"), "markdown", "error",
                 "2 blocks where the English has 1", id="paragraph-split"),
    pytest.param("data-retention", DOC, GOOD["data-retention"] + "\n\n```\ncode\n```", "markdown", "error",
                 "1 code blocks where the English has 0", id="code-fence"),
    # a do-not-translate term missing (configured keep = [...])
    pytest.param("introduction", DOC, GOOD["introduction"].replace("AImonitor", "AI-Monitor"), "keep", "error",
                 "'AImonitor' must be kept verbatim", id="keep-product"),
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace("AES-256", "AES 256"), "keep", "error",
                 "'AES-256' must be kept verbatim", id="keep-configured-term"),
]

WARNING_CASES = [
    # figures that differ (7, 90, 1.3, 256)
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace("90 Tage", "60 Tage"), "number", "warning",
                 "figures differ from the English (missing: 90; extra: 60)", id="number-changed"),
    pytest.param("data-retention", DOC, GOOD["data-retention"].replace("90 Tage", "neunzig Tage"), "number", "warning",
                 "figures differ from the English (missing: 90; extra: none)", id="number-dropped"),
    # leading/trailing whitespace or final newline that differ
    pytest.param("introduction.title", DOC, "Einleitung\n", "whitespace", "warning",
                 "leading/trailing whitespace or final newline differs from the English", id="final-newline"),
    pytest.param("data-retention.title", DOC, " Datenaufbewahrung", "whitespace", "warning",
                 "leading/trailing whitespace", id="leading-space"),
    # links that swapped their targets (word order may move links: a warning)
    pytest.param("introduction", DOC, "AImonitor schützt Ihre Privatsphäre. Lesen Sie unsere [Bedingungen](#your-rights) "
                 "und [Ihre Rechte](https://aimonitor.dev/terms).", "link-target", "warning",
                 "links in another order than in the English", id="links-swapped"),
    # inline Markdown the English does not have (or lost: tests/test_check.py, lost formatting)
    pytest.param("introduction.title", DOC, "**Einleitung**", "formatting", "warning",
                 "1 bold spans (**...**) where the English has 0", id="bold-added"),
    pytest.param("data-retention.title", DOC, "`Datenaufbewahrung`", "formatting", "warning",
                 "1 code spans (`...`) where the English has 0", id="code-added"),
    # an untranslated copy of the English
    pytest.param("data-retention.title", DOC, "Data Retention", "untranslated", "warning",
                 "the translation is a copy of the English", id="untranslated-title"),
    pytest.param("page.last-updated", "ui", "Last updated: {date}", "untranslated", "warning",
                 "the translation is a copy of the English", id="untranslated-ui"),
]


def _seed(p: Project, msgctxt: str, domain: str, text: str) -> str:
    p.translate("de", {msgctxt: text}, domain=domain)
    return UI_PO if domain == "ui" else PO


@pytest.mark.parametrize("msgctxt,domain,text,check,severity,message", ERROR_CASES + WARNING_CASES)
def test_each_fault_is_reported_at_its_entry(clean: Project, msgctxt, domain, text, check, severity, message) -> None:
    rel = _seed(clean, msgctxt, domain, text)
    r = clean.run("check")
    assert r.code == (1 if severity == "error" else 0), r.out + r.err
    rows = findings(r.out)
    line = entry_line(clean, rel, msgctxt)
    # every finding is about the seeded entry, at its line
    assert rows and all((f["path"], f["line"]) == (rel, line) for f in rows), r.out
    hits = [f for f in rows if f["check"] == check and f["severity"] == severity and message in f["message"]]
    assert hits, f"expected [{check}] {message!r} in:\n{r.out}"
    if severity == "warning":
        assert all(f["severity"] == "warning" for f in rows), r.out


@pytest.mark.parametrize("msgctxt,domain,text,check,severity,message", ERROR_CASES)
def test_json_findings_carry_the_contract_keys(clean: Project, msgctxt, domain, text, check, severity, message) -> None:
    rel = _seed(clean, msgctxt, domain, text)
    r = clean.run("check", "--format", "json")
    assert r.code == 1
    data = json.loads(r.out)
    assert isinstance(data, list) and data
    for f in data:
        assert {"path", "line", "severity", "check", "locale", "msgctxt", "message"} <= set(f)
        assert (f["path"], f["line"], f["locale"], f["msgctxt"]) == (rel, entry_line(clean, rel, msgctxt), "de", msgctxt)
    assert any(f["check"] == check and message in f["message"] for f in data)


def test_fuzzy_entry_is_checked_against_the_english_it_was_made_for(clean: Project) -> None:
    """A stale translation is judged against its `#| msgid`, not against today's English."""
    clean.write(f"source/{DOC}.md", SOURCE.replace("for 90 days", "for 30 days"))
    assert clean.run("update").code == 0
    assert "#| msgid" in clean.read(PO)
    r = clean.run("check")
    assert r.code == 0 and r.out == "", r.out  # 90 in the old English and in the translation


def _stale_with_a_bad_link(p: Project) -> None:
    """The English of `introduction` changes (its entry goes fuzzy, `#|` kept) and the stale
    translation has a link no page may show."""
    p.translate("de", {"introduction": GOOD["introduction"] + " [x](javascript:alert(1))"})
    p.write(f"source/{DOC}.md", SOURCE.replace("committed to protecting", "dedicated to protecting"))
    assert p.run("update").code == 0
    assert "#| msgid" in p.read(PO)


def test_a_fuzzy_entry_no_page_shows_warns_and_does_not_withhold(clean: Project) -> None:
    """With `on-stale = "source"` (the default) a stale section shows the English: a fault of its
    translation cannot reach a page, so it is a warning until the entry is confirmed."""
    _stale_with_a_bad_link(clean)
    r = clean.run("check")
    assert r.code == 0, r.out + r.err
    rows = [row for row in findings(r.out) if row["check"] == "link-scheme"]
    assert rows and all(row["severity"] == "warning" and row["line"] == entry_line(clean, PO, "introduction")
                        and row["message"].endswith("(fuzzy: no page shows it until it is confirmed; fix it then)")
                        for row in rows), r.out
    built = clean.run("build", "--no-pdf")
    assert built.code == 0 and "withheld" not in built.out, built.out + built.err
    page = clean.read(f"output/de/{DOC}.html")
    assert "Datenaufbewahrung" in page and "javascript" not in page and "dedicated to protecting" in page
    clean.translate("de", {"introduction": GOOD["introduction"] + " [x](javascript:alert(1))"})  # confirmed
    again = clean.run("check")
    assert again.code == 1 and ": error: [link-scheme]" in again.out, again.out


def test_a_fuzzy_entry_whose_english_came_back_is_shown_so_its_faults_are_errors(clean: Project) -> None:
    """The English went A → B → A before `update` ran again: the entry (fuzzy, `#|` = A) is
    current, pages show it, and its faults withhold the locale."""
    _stale_with_a_bad_link(clean)  # A → B, updated: fuzzy with `#|` = A
    clean.write(f"source/{DOC}.md", SOURCE)  # back to A; no update yet
    r = clean.run("check")
    assert r.code == 1 and ": error: [link-scheme]" in r.out and "(fuzzy: " not in r.out, r.out


def test_a_build_sees_the_english_come_back_to_a_fuzzy_entry(clean: Project) -> None:
    """The build remembers each catalog's findings; with fuzzy entries, they depend on the English."""
    _stale_with_a_bad_link(clean)
    assert clean.run("build", "--no-pdf").code == 0  # the stale entry is not shown: not withheld
    clean.write(f"source/{DOC}.md", SOURCE)  # the English is back: the entry is current again
    r = clean.run("build", "--no-pdf")
    assert r.code == 1 and "withheld: de" in r.out, (r.out, r.err)


def test_a_fuzzy_entry_a_page_shows_is_an_error(clean: Project) -> None:
    """With `on-stale = "translation"` pages show stale translations: their faults withhold."""
    clean.write("pyproject.toml", clean.read("pyproject.toml") + 'on-stale = "translation"\n')
    _stale_with_a_bad_link(clean)
    r = clean.run("check")
    assert r.code == 1 and ": error: [link-scheme]" in r.out, r.out
    built = clean.run("build", "--no-pdf")
    assert built.code == 1 and "withheld: de" in built.out, built.out + built.err


def test_a_fuzzy_ui_message_never_withholds(clean: Project) -> None:
    """Templates show only a current `ui` translation, whatever `on-stale` says."""
    clean.write("pyproject.toml", clean.read("pyproject.toml") + 'on-stale = "translation"\n')
    clean.translate("de", {"page.contents": "Inhalt {x}"}, domain="ui", fuzzy=True)
    r = clean.run("check")
    assert r.code == 0 and ": warning: [placeholder]" in r.out and "(fuzzy: " in r.out, r.out


# ----------------------------------------------------------------------------- headers

@pytest.mark.parametrize("key,bad,message", [
    ("Language", "fr", "Language header is 'fr'; Babel's locale is 'de' (run update)"),
    ("Language", "de_DE", "Language header is 'de_DE'; Babel's locale is 'de'"),
    ("Plural-Forms", "nplurals=1; plural=0;", "Plural-Forms is 'nplurals=1; plural=0;'; Babel's rule for de is "
                                              "'nplurals=2; plural=(n != 1);' (run update)"),
    ("Plural-Forms", "nplurals=2; plural=(__import__('os').system('id'));", "Plural-Forms is"),
])
def test_header_that_disagrees_with_babel_is_an_error(clean: Project, key: str, bad: str, message: str) -> None:
    text = clean.read(PO)
    text = re.sub(rf'^"{key}: [^"]*\\n"$', f'"{key}: {bad}\\\\n"', text, count=1, flags=re.M)
    assert f"{key}: {bad}" in text
    clean.write(PO, text)
    r = clean.run("check")
    assert r.code == 1
    (line,) = r.out.splitlines()
    assert line.startswith(f"{PO}:{header_line(clean, PO, key)}: error: [header] {message}"), r.out


def test_missing_language_header_is_an_error_at_the_header_entry(clean: Project) -> None:
    text = re.sub(r'^"Language: de\\n"\n', "", clean.read(PO), flags=re.M)
    clean.write(PO, text)
    r = clean.run("check")
    assert r.code == 1
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l == 'msgid ""')
    assert r.out.splitlines() == [f"{PO}:{line}: error: [header] Language header is ''; Babel's locale is 'de' (run update)"]


def test_zh_hans_and_pt_br_headers_from_update_pass(new_project) -> None:
    p = new_project(locales=("zh_Hans", "pt_BR", "ar"), source=SOURCE)
    assert p.run("update").code == 0
    r = p.run("check")
    assert r.code == 0 and r.out == "", r.out


# ----------------------------------------------------------------------------- source warnings

def test_heading_without_explicit_id_is_a_warning_on_the_source_line(new_project) -> None:
    p = new_project(source=SOURCE.replace("## Your Rights {#your-rights}", "## Your Rights"))
    assert p.run("init", "de").code == 0
    r = p.run("check", "--format", "json")
    assert r.code == 0
    line = SOURCE.splitlines().index("## Your Rights {#your-rights}") + 1
    assert json.loads(r.out) == [{
        "path": f"source/{DOC}.md", "line": line, "severity": "warning", "check": "heading-id", "locale": None,
        "msgctxt": "your-rights",
        "message": "heading without an explicit id: add {#your-rights} so rewording it keeps translations"}]
    text = p.run("check")
    assert text.out == (f"source/{DOC}.md:{line}: warning: [heading-id] heading without an explicit id: "
                        "add {#your-rights} so rewording it keeps translations\n")


def test_keep_terms_are_configurable(new_project) -> None:
    p = make(new_project)
    assert p.run("check").code == 0
    p.write("pyproject.toml", p.read("pyproject.toml").replace(KEEP, 'keep = ["AImonitor", "Privacy Policy"]'))
    r = p.run("check")
    assert r.code == 1
    assert findings(r.out) == [{"path": PO, "line": entry_line(p, PO, "document.title"), "severity": "error",
                                "check": "keep", "message": "'Privacy Policy' must be kept verbatim"}]


def test_locale_option_limits_the_check(new_project) -> None:
    p = make(new_project, locales=("de", "fr"))
    p.translate("fr", {"introduction.title": "<b>Introduction</b>"})
    assert p.run("check", "--locale", "de").code == 0
    r = p.run("check", "--locale", "fr")
    assert r.code == 1 and "locales/fr/LC_MESSAGES" in r.out
    r = p.run("check", "--locale", "xx")
    assert r.code == 2 and r.err.startswith("policy-l10n: locale 'xx' is not configured")


def test_real_project_catalogs_have_no_error(real_project: Project) -> None:
    r = real_project.run("check")
    assert r.code == 0, r.out
    assert not [f for f in findings(r.out) if f["severity"] == "error"]


# ----------------------------------------------------------------------------- build withholds

def test_build_refuses_a_locale_with_errors_and_builds_the_others(new_project) -> None:
    p = make(new_project, locales=("de", "fr"))
    p.translate("fr", {"document.title": "Politique de confidentialité"})
    assert p.run("build", "--no-pdf").code == 0
    before = {rel: data for rel, data in p.snapshot().items() if rel.startswith("output/de/")}
    assert f"output/de/{DOC}.html" in before

    p.translate("de", {"introduction": GOOD["introduction"] + " [x](javascript:alert(1))",
                       "document.title": "Datenschutz"})
    p.translate("fr", {"document.title": "Confidentialité"})
    r = p.run("build", "--no-pdf")
    assert r.code == 1, r.err
    line = entry_line(p, PO, "introduction")
    errors = [l for l in r.err.splitlines() if ": error: " in l]
    assert errors and all(l.startswith(f"{PO}:{line}: error: [") for l in errors), r.err
    assert any("[link-scheme]" in l for l in errors)
    assert "withheld: de" in r.out
    after = {rel: data for rel, data in p.snapshot().items() if rel.startswith("output/de/")}
    assert after == before  # the previous output of de stays byte for byte
    assert "Confidentialité" in p.read(f"output/fr/{DOC}.html")  # fr still built

    p.translate("de", {"introduction": GOOD["introduction"]})
    r = p.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert "Datenschutz" in p.read(f"output/de/{DOC}.html")


def test_build_withholds_for_errors_only_not_warnings(clean: Project) -> None:
    clean.translate("de", {"data-retention.title": "Data Retention"})  # an untranslated copy: a warning
    r = clean.run("build", "--no-pdf")
    assert r.code == 0, r.err
    assert clean.path(f"output/de/{DOC}.html").is_file()


def test_build_withholds_a_locale_whose_header_disagrees_with_babel(clean: Project) -> None:
    clean.write(UI_PO, clean.read(UI_PO).replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                                                 '"Plural-Forms: nplurals=3; plural=n%3;\\n"'))
    r = clean.run("build", "--no-pdf")
    assert r.code == 1
    assert f"{UI_PO}:{header_line(clean, UI_PO, 'Plural-Forms')}: error: [header]" in r.err
    assert not clean.path(f"output/de/{DOC}.html").exists()
    assert clean.path(f"output/en/{DOC}.html").is_file()


def test_lost_inline_formatting_is_a_warning() -> None:
    """A cookie's name in code, a **label:**, an *emphasised* sentence: kept, or said so."""
    from pipeline.check_messages import CHECKS, Context

    ctx = Context("cookies", DOC, (), frozenset())
    english = "**Short version:** we set `tz` and `_gh_sess`. *We do not sell data.* ~~old~~"
    assert list(CHECKS["formatting"](english, english.replace("old", "alt"), ctx)) == []
    lost = "Kurz: wir setzen tz und `_gh_sess`. Wir verkaufen keine Daten."
    assert [message for _, message in CHECKS["formatting"](english, lost, ctx)] == [
        "1 code spans (`...`) where the English has 2", "0 bold spans (**...**) where the English has 1",
        "0 emphasis spans (*...*) where the English has 1", "0 struck spans (~~...~~) where the English has 1"]


def test_a_locale_no_region_shows_is_warned_at_the_locales_line(new_project) -> None:
    """With regions, a locale is published only where a region lists it: `ru` added to `locales`
    alone would never be built. A locale others fall back to (`de` for `de_CH`) needs no region."""
    p = new_project(locales=("de", "de_CH", "ru"), extra_config=(
        '\n[tool.policy-l10n.fallbacks]\nde_CH = ["de"]\n\n'
        '[tool.policy-l10n.regions.ch]\nlocales = ["de_CH", "en"]\n'))
    assert p.run("init", "de", "de_CH", "ru").code == 0
    r = p.run("check", "--format", "json")
    found = [(f["path"], f["line"], f["locale"], f["message"]) for f in json.loads(r.out) if f["check"] == "config"]
    line = p.read("pyproject.toml").splitlines().index('locales = ["de", "de_CH", "ru"]') + 1
    assert found == [("pyproject.toml", line, "ru",
                      "locale 'ru' is in no region: no page is built for it (add it to a region's locales)")]
    assert r.code == 0  # a warning


def test_a_locale_folder_not_configured_is_warned(new_project) -> None:
    """A translator's `it` catalogs, with `it` not in `locales`, would be left out of every build."""
    p = new_project(locales=("de",))
    assert p.run("init", "de").code == 0
    p.write("locales/it/LC_MESSAGES/privacy-policy.po", p.read("locales/de/LC_MESSAGES/privacy-policy.po"))
    r = p.run("check", "--format", "json")
    found = [(f["path"], f["line"], f["message"]) for f in json.loads(r.out) if f["check"] == "config"]
    assert found == [("locales/it/LC_MESSAGES/privacy-policy.po", 1,
                      "locale 'it' is not configured: its translations are not published (add it to locales in "
                      "pyproject.toml)")]
