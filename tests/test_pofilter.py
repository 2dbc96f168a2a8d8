"""`check` against Translate Toolkit's pofilter on the same seeded catalogs.

One entry per fault. For the faults pofilter's urls, emails, numbers,
pythonbraceformat and xmltags tests find, `policy-l10n check` must report the
corresponding check at the entry's line. Where the two disagree by design the
test pins the difference (see COMPARISON, printed with -s):

- we also say what only a Markdown-aware checker can: which link target is
  not allowed (a `javascript:` link that pofilter sees only as a missing URL),
  and that links swapped their targets (a warning, as word order may move them);
- pofilter's false positives on correct translations we do not report (a
  sentence's full stop glued to a URL, a decimal comma, full-width digits).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import Project

DOC = "privacy-policy"
PO = f"locales/de/LC_MESSAGES/{DOC}.po"
UI_PO = "locales/de/LC_MESSAGES/ui.po"
POFILTER_TESTS = ("urls", "emails", "numbers", "pythonbraceformat", "xmltags")

#: section id -> (English body, German body); one fault a section (or none: "ok-*")
BODIES = {
    "url": ("Read the terms at https://aimonitor.dev/terms now.",
            "Lesen Sie die Bedingungen unter https://aimonitor.de/terms jetzt."),
    "link-url": ("Read our [terms](https://aimonitor.dev/terms) now.",
                 "Lesen Sie unsere [Bedingungen](https://aimonitor.dev/agb) jetzt."),
    "email": ("Write to privacy@aimonitor.dev for help.",
              "Schreiben Sie an datenschutz@aimonitor.dev für Hilfe."),
    "email-autolink": ("Write to <privacy@aimonitor.dev> for help.",
                       "Schreiben Sie an <privacy@aimonitor.de> für Hilfe."),
    "number": ("We keep usage data for 90 days.",
               "Wir speichern Nutzungsdaten 60 Tage lang."),
    "decimal": ("We use TLS 1.3 in transit.",
                "Wir verwenden TLS 1.2 bei der Übertragung."),
    "tag": ("Your data is safe with us.",
            "Ihre Daten sind bei uns <b>sicher</b>."),
    "tag-script": ("Contact our support team.",
                   "Kontaktieren Sie unser Support-Team.<script>alert(1)</script>"),
    "tag-unparsed": ("Contact our support team.",
                     "Kontaktieren Sie unser Support-Team. <svg/onload=alert(1)>"),
    "javascript-link": ("See the [help page](https://aimonitor.dev/help).",
                        "Siehe die [Hilfeseite](javascript:alert(1)) https://aimonitor.dev/help."),
    "swapped-link": ("See [help](https://aimonitor.dev/help) and [terms](https://aimonitor.dev/terms).",
                     "Siehe [Hilfe](https://aimonitor.dev/terms) und [Bedingungen](https://aimonitor.dev/help)."),
    # correct translations
    "ok-url-at-end": ("See https://aimonitor.dev/legal for details.",
                      "Einzelheiten unter https://aimonitor.dev/legal."),
    "ok-decimal-comma": ("We use TLS 1.3 in transit.",
                         "Wir verwenden TLS 1,3 bei der Übertragung."),
    "ok-fullwidth": ("Retention is 7 days.",
                     "保存期間は７日です。"),
}

#: ui msgctxt -> German with a placeholder fault
UI_FAULTS = {
    "pdf.page-of": "Seite {page}",                                   # {pages} missing
    "page.last-updated": "Zuletzt aktualisiert: {datum}",            # renamed
    "page.version": "Version {version} von {date}",                  # extra
    "page.effective": "Gültig ab {date.year}",                       # not a plain placeholder
    "page.latest-changes": "Was sich seit Version {version} geändert hat",  # correct
}

#: (entry, pofilter tests expected, our checks expected) — the comparison table
COMPARISON = [
    ("url", {"urls"}, {"url"}),
    ("link-url", {"urls"}, {"url", "link-target"}),
    ("email", {"emails"}, {"email"}),
    ("email-autolink", {"emails"}, {"email", "link-target"}),
    ("number", {"numbers"}, {"number"}),
    ("decimal", {"numbers"}, {"number"}),
    ("tag", {"xmltags"}, {"html"}),
    ("tag-script", {"xmltags"}, {"html", "number"}),  # alert(1): a figure the English lacks
    ("tag-unparsed", {"xmltags"}, {"html", "number"}),
    ("javascript-link", {"urls"}, {"link-target", "link-scheme", "number"}),
    ("swapped-link", {"urls"}, {"link-target"}),  # a warning: word order may move links
    ("ok-url-at-end", {"urls"}, set()),
    ("ok-decimal-comma", {"numbers"}, set()),
    ("ok-fullwidth", {"numbers"}, set()),
    ("pdf.page-of", {"pythonbraceformat"}, {"placeholder"}),
    ("page.last-updated", {"pythonbraceformat"}, {"placeholder"}),
    ("page.version", {"pythonbraceformat"}, {"placeholder"}),
    ("page.effective", {"pythonbraceformat"}, {"placeholder"}),
    ("page.latest-changes", set(), set()),
]

#: which of our checks answers each pofilter test
EQUIVALENT = {"urls": {"url", "link-target", "link-scheme"}, "emails": {"email"}, "numbers": {"number"},
              "pythonbraceformat": {"placeholder"}, "xmltags": {"html"}}


def _source() -> str:
    parts = ["---\ntitle: Privacy Policy\nupdated: 2026-02-01\n---\n"]
    for sid, (en, _) in BODIES.items():
        parts.append(f"## Section {sid} {{#{sid}}}\n\n{en}\n")
    return "\n".join(parts)


def _pofilter() -> str:
    exe = Path(sys.executable).parent / "pofilter"
    if not exe.exists():  # the test extra of pyproject.toml installs translate-toolkit
        raise AssertionError("pofilter missing: install translate-toolkit (pip install -e '.[test]')")
    return str(exe)


def run_pofilter(path: Path, out: Path) -> dict[str, set[str]]:
    """msgctxt -> the pofilter tests that fail on it."""
    from pipeline.pofile import read_po

    args = [_pofilter(), "--progress=none", "--nofuzzy", *(f"-t{t}" for t in POFILTER_TESTS),
            "-i", str(path), "-o", str(out)]
    proc = subprocess.run(args, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    found: dict[str, set[str]] = defaultdict(set)
    if not out.exists():  # nothing failed
        return found
    for entry in read_po(out, out.name).entries:
        for comment in entry.tcomments:
            if comment.startswith("(pofilter) "):
                found[entry.msgctxt].add(comment[len("(pofilter) "):].split(":", 1)[0])
    return found


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Project:
    from conftest import make_project

    p = make_project(tmp_path_factory.mktemp("pofilter") / "proj", source=_source())
    assert p.run("init", "de").code == 0
    translations = {f"{sid}.title": f"Abschnitt {sid}" for sid in BODIES}
    translations.update({sid: de for sid, (_, de) in BODIES.items()})
    translations["document.title"] = "Datenschutzerklärung"
    p.translate("de", translations)
    p.translate("de", UI_FAULTS, domain="ui")
    return p


@pytest.fixture(scope="module")
def both(seeded: Project, tmp_path_factory) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, int]]:
    """(pofilter's tests by msgctxt, our checks by msgctxt, our finding lines by msgctxt)."""
    import json

    out = tmp_path_factory.mktemp("pofilter-out")
    pf: dict[str, set[str]] = defaultdict(set)
    for rel in (PO, UI_PO):
        for ctx, tests in run_pofilter(seeded.path(rel), out / Path(rel).name).items():
            pf[ctx] |= tests
    r = seeded.run("check", "--format", "json")
    assert r.code == 1, r.err
    ours: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, int] = {}
    for f in json.loads(r.out):
        if f["check"] not in ("untranslated", "whitespace", "heading-id"):
            ours[f["msgctxt"]].add(f["check"])
            lines[f["msgctxt"]] = f["line"]
    return pf, ours, lines


def test_pofilter_is_installed_and_runs(seeded: Project, tmp_path: Path) -> None:
    shutil.copy(seeded.path(PO), tmp_path / "copy.po")
    run_pofilter(tmp_path / "copy.po", tmp_path / "out.po")


@pytest.mark.parametrize("entry,pofilter_expected,ours_expected", COMPARISON, ids=[c[0] for c in COMPARISON])
def test_comparison_with_pofilter(both, seeded: Project, entry: str, pofilter_expected: set[str],
                                  ours_expected: set[str]) -> None:
    pf, ours, lines = both
    assert pf.get(entry, set()) == pofilter_expected, f"pofilter on {entry}: {pf.get(entry)}"
    got = {c for c in ours.get(entry, set()) if c != "untranslated"}
    assert got == ours_expected, f"check on {entry}: {got}"
    if ours_expected:  # at the line of the entry
        rel = UI_PO if "." in entry else PO
        line = next(i for i, l in enumerate(seeded.read(rel).splitlines(), 1) if l == f'msgctxt "{entry}"')
        assert lines[entry] == line


def test_every_pofilter_finding_of_the_five_tests_is_ours_too(both) -> None:
    """On the seeded faults (not pofilter's false positives), each pofilter finding has our equivalent."""
    pf, ours, _ = both
    missed = []
    for ctx, tests in pf.items():
        if ctx.startswith("ok-"):
            continue
        for test in tests:
            if not EQUIVALENT[test] & ours.get(ctx, set()):
                missed.append((ctx, test))
    assert not missed, missed


def test_comparison_table_covers_every_finding(both) -> None:
    """COMPARISON (printed with -s) is complete: every seeded entry is in it once, and no
    entry outside it has a finding of either tool (nothing goes unreported in the table)."""
    pf, ours, _ = both
    entries = [entry for entry, _, _ in COMPARISON]
    assert sorted(entries) == sorted([*BODIES, *UI_FAULTS])
    assert {ctx for ctx, tests in pf.items() if tests} <= set(entries), dict(pf)
    assert {ctx for ctx, checks in ours.items() if checks - {"untranslated"}} <= set(entries), dict(ours)
    rows = [f"{'entry':22} {'pofilter':28} policy-l10n check"]
    for entry in entries:
        rows.append(f"{entry:22} {', '.join(sorted(pf.get(entry, ()))) or '—':28} "
                    f"{', '.join(sorted(ours.get(entry, set()) - {'untranslated'})) or '—'}")
    print("\n" + "\n".join(rows))
