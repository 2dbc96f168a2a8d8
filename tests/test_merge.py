"""DESIGN.md "Update (merge) semantics" on real .po files, through the real CLI.

Every catalog is read back with polib (an independent reader) and checked with GNU gettext.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from conftest import SMALL_SOURCE, Project, make_project, msgfmt_check
from pipeline.pofile import read_po, render_po

DOC = "source/privacy-policy.md"
DR_EN = "We retain data for 90 days. Contact <privacy@aimonitor.dev>."
DR_DE = "Wir speichern Daten 90 Tage. Kontakt <privacy@aimonitor.dev>."
INTRO_EN = "AImonitor is committed to protecting your privacy."
RIGHTS_EN = "You may have the right to:\n\n- Access your data\n- Delete your data"


# --------------------------------------------------------------------------- helpers

def edit_source(p: Project, old: str, new: str) -> None:
    text = p.read(DOC)
    assert old in text, old
    p.write(DOC, text.replace(old, new))


def edit_po(p: Project, locale: str, fn, domain: str = "privacy-policy") -> None:
    """Change a catalog as a translator's tool would (our own writer, GNU layout)."""
    path = p.po(locale, domain)
    cat = read_po(path, str(path))
    fn(cat)
    path.write_text(render_po(cat), encoding="utf-8")


def active(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in polib.pofile(str(path)) if not e.obsolete}


def obsolete(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in polib.pofile(str(path)).obsolete_entries()}


def catalogs(p: Project) -> list[Path]:
    return sorted(x for x in (p.root / "locales").rglob("*") if x.suffix in (".po", ".pot"))


def assert_gnu(p: Project) -> None:
    """`msgfmt -c` accepts every catalog, and each is already in msgcat's layout."""
    for path in catalogs(p):
        msgfmt_check(path)
        out = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert out == path.read_bytes(), f"{path} is not in msgcat's layout"
        polib.pofile(str(path))


def mtimes(p: Project) -> dict[str, int]:
    return {x.relative_to(p.root).as_posix(): x.stat().st_mtime_ns
            for x in p.root.rglob("*") if x.is_file()}


def all_paths(root: Path) -> set[str]:
    return {x.relative_to(root).as_posix() for x in root.rglob("*")}


def entry_block(text: str, msgctxt: str) -> str:
    """The lines of the (active) entry with ``msgctxt`` in a PO file's text."""
    for block in text.split("\n\n"):
        if f'\nmsgctxt "{msgctxt}"\n' in f"\n{block}\n":
            return block
    raise AssertionError(f"no entry {msgctxt!r}")


def header_line(text: str, key: str) -> str:
    m = re.search(rf'^"{re.escape(key)}: (.*)\\n"$', text, re.M)
    assert m, key
    return m.group(1)


def status_json(p: Project, *args: str) -> dict:
    r = p.run("status", "--format", "json", *args)
    assert r.code == 0, r.err
    return json.loads(r.out)


def section_state(p: Project, section: str, locale: str = "de") -> dict:
    doc = status_json(p)["documents"][0]
    loc = next(x for x in doc["locales"] if x["locale"] == locale)
    return next(s for s in loc["sections"] if s["id"] == section)


def update(p: Project, *args: str) -> str:
    r = p.run("update", *args)
    assert r.code == 0 and r.err == "", r.err
    return r.out


# --------------------------------------------------------------------------- msgid rules

def test_same_msgid_is_untouched(project):
    project.translate("de", {"introduction": "AImonitor schützt Ihre Privatsphäre.",
                             "data-retention": DR_DE})

    def annotate(cat):
        e = next(x for x in cat.entries if x.msgctxt == "introduction")
        e.tcomments = ["Anna: checked with legal", ""]
        e.flags.append("no-wrap")

    edit_po(project, "de", annotate)
    block_before = entry_block(project.po("de").read_text(), "introduction")
    edit_source(project, "90 days", "30 days")
    update(project)

    text = project.po("de").read_text()
    assert entry_block(text, "introduction") == block_before
    e = active(project.po("de"))["introduction"]
    assert (e.msgid, e.msgstr) == (INTRO_EN, "AImonitor schützt Ihre Privatsphäre.")
    assert e.tcomment == "Anna: checked with legal\n"
    assert e.flags == ["no-wrap"] and e.previous_msgid is None
    assert_gnu(project)


def test_changed_english_becomes_fuzzy_with_previous_msgid(project):
    project.translate("de", {"data-retention": DR_DE})
    edit_source(project, "90 days", "30 days")
    update(project)
    e = active(project.po("de"))["data-retention"]
    assert e.msgid == DR_EN.replace("90", "30")
    assert e.msgstr == DR_DE
    assert "fuzzy" in e.flags
    assert e.previous_msgid == DR_EN
    assert "#| msgid \"We retain data for 90 days." in project.po("de").read_text()
    assert_gnu(project)


def test_a_b_c_keeps_the_english_last_translated(project):
    project.translate("de", {"data-retention": DR_DE})
    edit_source(project, "90 days", "30 days")   # A → B
    update(project)
    edit_source(project, "30 days", "60 days")   # B → C
    update(project)
    e = active(project.po("de"))["data-retention"]
    assert e.msgid == DR_EN.replace("90", "60")
    assert e.previous_msgid == DR_EN              # still A, not B
    assert "fuzzy" in e.flags and e.msgstr == DR_DE
    assert_gnu(project)


def test_a_b_a_drops_fuzzy_and_previous(project):
    project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung"})
    edit_source(project, "90 days", "30 days")
    update(project)
    edit_source(project, "30 days", "90 days")
    update(project)
    e = active(project.po("de"))["data-retention"]
    assert (e.msgid, e.msgstr, e.flags, e.previous_msgid) == (DR_EN, DR_DE, [], None)
    text = project.po("de").read_text()
    assert "#|" not in text and "fuzzy" not in text
    assert section_state(project, "data-retention")["state"] == "current"
    assert_gnu(project)


def test_untranslated_entry_just_takes_the_new_msgid(project):
    edit_source(project, "90 days", "30 days")
    update(project)
    e = active(project.po("de"))["data-retention"]
    assert (e.msgid, e.msgstr, e.flags, e.previous_msgid) == (DR_EN.replace("90", "30"), "", [], None)
    assert "#|" not in project.po("de").read_text()


# --------------------------------------------------------------------------- msgctxt rules

REMOVED = SMALL_SOURCE.replace("## Data Retention {#data-retention}\n\n" + DR_EN + "\n\n", "")


def test_removed_section_becomes_obsolete_after_active_entries(project):
    project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung",
                             "your-rights.title": "Ihre Rechte"})
    project.write(DOC, REMOVED)
    update(project)
    po = project.po("de")
    assert "data-retention" not in active(po)
    gone = obsolete(po)
    assert gone["data-retention"].msgstr == DR_DE
    assert gone["data-retention.title"].msgstr == "Aufbewahrung"
    lines = po.read_text().splitlines()
    first_obsolete = next(i for i, line in enumerate(lines) if line.startswith("#~"))
    assert all(not line.startswith(("msgctxt", "msgid", "msgstr")) for line in lines[first_obsolete:])
    assert lines[first_obsolete - 1] == ""
    # the template has no trace of it
    assert "data-retention" not in project.read("locales/privacy-policy.pot")
    assert section_ids(project) == ["introduction", "your-rights"]
    assert_gnu(project)


def test_removed_untranslated_entries_leave_no_empty_obsolete_entry(project):
    """Nothing to keep (no translation): dropped, as msgmerge and msgcat do (GNU layout)."""
    project.write(DOC, REMOVED)
    update(project)
    assert obsolete(project.po("de")) == {}
    assert "#~" not in project.po("de").read_text()
    assert_gnu(project)


def section_ids(p: Project) -> list[str]:
    return [s["id"] for s in status_json(p)["documents"][0]["locales"][0]["sections"]]


def test_restored_section_is_revived_with_its_translation(project):
    project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung"})
    project.write(DOC, REMOVED)
    update(project)
    project.write(DOC, SMALL_SOURCE)
    update(project)
    po = project.po("de")
    assert obsolete(po) == {}
    e = active(po)["data-retention"]
    assert (e.msgid, e.msgstr, e.flags, e.previous_msgid) == (DR_EN, DR_DE, [], None)
    assert e.occurrences == [(DOC, "12")] and e.comment  # comments come back from the source
    assert list(active(po)) == ["document.title", "introduction.title", "introduction",
                                "data-retention.title", "data-retention", "your-rights.title",
                                "your-rights"]  # source order
    assert section_state(project, "data-retention")["state"] == "current"
    assert_gnu(project)


def test_restored_section_with_new_english_is_revived_fuzzy(project):
    project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung"})
    project.write(DOC, REMOVED)
    update(project)
    project.write(DOC, SMALL_SOURCE.replace("90 days", "30 days"))
    update(project)
    e = active(project.po("de"))["data-retention"]
    assert (e.msgstr, e.previous_msgid, "fuzzy" in e.flags) == (DR_DE, DR_EN, True)
    assert section_state(project, "data-retention")["state"] == "stale"


def test_renamed_section_carries_its_translation_for_review(project):
    project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung"})
    edit_source(project, "{#data-retention}", "{#retention}")
    update(project)
    po = project.po("de")
    new = active(po)
    assert "data-retention" not in new
    for ctx, de in (("retention", DR_DE), ("retention.title", "Aufbewahrung")):
        assert new[ctx].msgstr == de
        assert "fuzzy" in new[ctx].flags and new[ctx].previous_msgid is None
    # the old entries stay, obsolete: nothing is lost
    assert obsolete(po)["data-retention"].msgstr == DR_DE
    st = section_state(project, "retention")
    assert st["state"] == "review" and "previous_source" not in st
    # where it came from, as the memory says it (not "person": nobody confirmed it under this id)
    assert "provenance: memory privacy-policy/data-retention, 100% match" in new["retention"].tcomment
    assert st["provenance"] == {"kind": "memory", "detail": "privacy-policy/data-retention, 100% match"}
    assert_gnu(project)


def test_renamed_stale_section_stays_stale(project):
    """A carried-over translation of older English keeps that English as `#| msgid`."""
    project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung"})
    edit_source(project, "90 days", "30 days")
    update(project)
    edit_source(project, "{#data-retention}", "{#retention}")
    update(project)
    e = active(project.po("de"))["retention"]
    assert (e.msgstr, e.previous_msgid, "fuzzy" in e.flags) == (DR_DE, DR_EN, True)
    st = section_state(project, "retention")
    assert (st["state"], st["previous_source"]) == ("stale", DR_EN)
    assert_gnu(project)


def test_reworded_title_with_same_id_keeps_the_section(project):
    project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung"})
    edit_source(project, "## Data Retention {#data-retention}", "## How Long We Keep Data {#data-retention}")
    update(project)
    po = project.po("de")
    entries = active(po)
    title, body = entries["data-retention.title"], entries["data-retention"]
    assert (title.msgid, title.msgstr, title.previous_msgid) == ("How Long We Keep Data", "Aufbewahrung",
                                                                 "Data Retention")
    assert "fuzzy" in title.flags
    assert (body.msgstr, body.flags, body.previous_msgid) == (DR_DE, [], None)
    assert obsolete(po) == {}
    st = section_state(project, "data-retention")
    assert (st["state"], st["source"], st["previous_source"]) == ("stale", "How Long We Keep Data",
                                                                   "Data Retention")


# --------------------------------------------------------------------------- writing

def test_second_update_changes_no_byte(project):
    project.translate("de", {"data-retention": DR_DE, "your-rights": "Sie haben das Recht."})
    edit_source(project, "90 days", "30 days")
    edit_source(project, "## Your Rights {#your-rights}", "## Rights {#rights}")
    update(project)
    before, times = project.snapshot(), mtimes(project)
    out = update(project)
    assert out == "catalogs up to date\n"
    assert project.snapshot() == before
    assert mtimes(project) == times          # not even rewritten with the same bytes
    assert project.run("extract").out == "templates up to date\n"
    assert project.snapshot() == before


def test_pot_creation_date_changes_only_with_content(project):
    update(project)
    old_pot = "2020-01-01 00:00+0000"
    for rel in ("locales/privacy-policy.pot", "locales/de/LC_MESSAGES/privacy-policy.po"):
        text = project.read(rel)
        project.write(rel, re.sub(r'"POT-Creation-Date: [^\\]*\\n"', f'"POT-Creation-Date: {old_pot}\\\\n"', text))
    project.write("locales/de/LC_MESSAGES/privacy-policy.po",
                  re.sub(r'"PO-Revision-Date: [^\\]*\\n"', '"PO-Revision-Date: 2021-05-05 10:00+0200\\\\n"',
                         project.read("locales/de/LC_MESSAGES/privacy-policy.po")))
    before = project.snapshot()
    update(project)
    assert project.snapshot() == before      # nothing changed: the old date stays

    edit_source(project, "90 days", "30 days")
    start = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    update(project)
    end = dt.datetime.now(dt.timezone.utc)
    for rel in ("locales/privacy-policy.pot", "locales/de/LC_MESSAGES/privacy-policy.po"):
        stamp = header_line(project.read(rel), "POT-Creation-Date")
        when = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M%z")
        assert start <= when <= end, (rel, stamp)   # the current UTC minute
    po = project.read("locales/de/LC_MESSAGES/privacy-policy.po")
    assert header_line(po, "PO-Revision-Date") == "2021-05-05 10:00+0200"
    # ui catalogs did not change: their dates did not move
    assert project.read("locales/ui.pot") == before["locales/ui.pot"].decode()


def test_update_never_touches_translator_fields(project):
    project.translate("de", {"data-retention": DR_DE, "your-rights": "Sie haben Rechte.",
                             "introduction": "Einleitung."})

    def as_translator(cat):
        cat.header_comments = ["German translation of the privacy policy.",
                               "Copyright (C) 2026 Anna Beispiel", ""]
        cat.set_header("PO-Revision-Date", "2021-05-05 10:00+0200")
        cat.set_header("Last-Translator", "Bea Muster <bea@example.com>")
        cat.set_header("Language-Team", "Deutsch <de@li.example.org>")
        cat.set_header("X-Generator", "Poedit 3.4.2")
        cat.set_header("X-Reviewed-By", "Carl")
        for e in cat.entries:
            if e.msgctxt in ("data-retention", "your-rights", "introduction"):
                e.tcomments = [f"note on {e.msgctxt}"]

    edit_po(project, "de", as_translator)
    meta_before = polib.pofile(str(project.po("de"))).metadata
    edit_source(project, "90 days", "30 days")                    # fuzzy
    edit_source(project, "## Your Rights {#your-rights}\n\n" + RIGHTS_EN + "\n", "")  # obsolete
    update(project)

    po = polib.pofile(str(project.po("de")))
    for key in ("PO-Revision-Date", "Last-Translator", "Language-Team", "X-Generator", "X-Reviewed-By"):
        assert po.metadata[key] == meta_before[key]
    assert po.header == "German translation of the privacy policy.\nCopyright (C) 2026 Anna Beispiel\n"
    by_ctx = {e.msgctxt: e for e in po}
    assert by_ctx["introduction"].tcomment == "note on introduction"
    assert by_ctx["data-retention"].tcomment == "note on data-retention"
    assert "fuzzy" in by_ctx["data-retention"].flags
    assert obsolete(project.po("de"))["your-rights"].tcomment == "note on your-rights"
    assert_gnu(project)


def test_msgcat_normalised_catalog_stays_byte_identical(project):
    long_de = ("Wir speichern Ihre personenbezogenen Daten so lange, wie Ihr Konto aktiv ist oder "
               "wie es erforderlich ist, um Ihnen Dienste bereitzustellen. \"Zitat\" und \\ Backslash.")
    project.translate("de", {"data-retention": long_de, "your-rights": "Sie haben:\n\n- A\n- B"})
    edit_source(project, "90 days", "30 days")
    update(project)
    project.translate("de", {"introduction": "日本語ではなく、ドイツ語の翻訳です。" * 6})
    for path in catalogs(project):   # as a translator's tool (msgcat, Poedit) saves them
        subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    before, times = project.snapshot(), mtimes(project)
    assert update(project) == "catalogs up to date\n"
    assert project.snapshot() == before and mtimes(project) == times


def test_every_transition_writes_gnu_catalogs(project):
    """`msgfmt -c` accepts every file written, in msgcat's layout, through fuzzy/obsolete/revive."""
    steps = [
        lambda: project.translate("de", {"data-retention": DR_DE, "data-retention.title": "Aufbewahrung",
                                         "your-rights": "Sie haben das Recht:\n\n- Zugang\n- Löschung",
                                         "document.title": "Datenschutzerklärung"}),
        lambda: edit_source(project, "90 days", "30 days, or as long as the law of the country where "
                            "you live requires us to keep them, whichever is longer"),
        lambda: edit_source(project, "## Your Rights {#your-rights}", "## Your Rights {#rights}"),
        lambda: project.write(DOC, REMOVED),
        lambda: project.write(DOC, SMALL_SOURCE.replace("title: Privacy Policy", 'title: "Privacy \\"Policy\\""')),
    ]
    for step in steps:
        step()
        update(project)
        assert_gnu(project)


# --------------------------------------------------------------------------- --dry-run

def test_dry_run_writes_nothing_and_prints_the_diff(project, tmp_path):
    project.translate("de", {"data-retention": DR_DE})
    update(project)
    edit_source(project, "90 days", "30 days")
    copy = Project(tmp_path / "copy")
    shutil.copytree(project.root, copy.root)
    before, paths = project.snapshot(), all_paths(project.root)

    r = project.run("update", "--dry-run")
    assert (r.code, r.err) == (0, "")
    assert project.snapshot() == before and all_paths(project.root) == paths
    for rel in ("locales/privacy-policy.pot", "locales/de/LC_MESSAGES/privacy-policy.po"):
        assert f"--- a/{rel}\n+++ b/{rel}\n" in r.out
    assert "+#, fuzzy\n" in r.out
    assert f'+#| msgid "{DR_EN}"\n' in r.out
    assert "ui.po" not in r.out   # only what would change

    # the diff is exactly what `update` writes
    subprocess.run(["patch", "-p1", "-s", "-d", str(copy.root)], input=r.out, text=True, check=True)
    update(project)
    strip = lambda snap: {k: re.sub(rb"POT-Creation-Date: [^\\]*", b"", v) for k, v in snap.items()}
    assert strip(copy.snapshot()) == strip(project.snapshot())


def test_dry_run_on_a_fresh_project_creates_nothing(new_project):
    p = new_project(locales=("de",))
    paths = all_paths(p.root)
    r = p.run("update", "--dry-run")
    assert r.code == 0
    assert all_paths(p.root) == paths        # not even locales/ or its lock
    for rel in ("locales/privacy-policy.pot", "locales/ui.pot", "locales/de/LC_MESSAGES/privacy-policy.po",
                "locales/de/LC_MESSAGES/ui.po"):
        assert f"--- a/{rel}\n+++ b/{rel}\n" in r.out


def test_dry_run_with_nothing_to_do(project):
    update(project)
    before = project.snapshot()
    r = project.run("update", "--dry-run")
    assert (r.code, r.out) == (0, "nothing to update\n")
    assert project.snapshot() == before


# --------------------------------------------------------------------------- locales, init

def test_update_of_an_unconfigured_locale_is_exit_2(project):
    before = project.snapshot()
    r = project.run("update", "--locale", "fr")
    assert r.code == 2 and r.out == ""
    assert r.err == "policy-l10n: locale 'fr' is not configured in [tool.policy-l10n] locales (de)\n"
    assert project.snapshot() == before


def test_update_creates_missing_catalogs_of_configured_locales(new_project):
    p = new_project(locales=("de", "fr"))
    assert p.run("init", "de").code == 0
    out = update(p, "--locale", "fr")
    assert "created locales/fr/LC_MESSAGES/privacy-policy.po" in out  # a new file is said to be one
    assert "Created by `policy-l10n update`" in p.po("fr").read_text(encoding="utf-8")
    assert "locales/de/" not in out
    assert polib.pofile(str(p.po("fr"))).metadata["Language"] == "fr"
    assert polib.pofile(str(p.po("fr", "ui"))).metadata["Language"] == "fr"
    assert_gnu(p)


@pytest.mark.parametrize("code", ["xx", "de_XX", "tlh"])
def test_init_unknown_locale_is_exit_2(new_project, code):
    p = new_project()
    before = p.snapshot()
    r = p.run("init", code)
    assert r.code == 2 and r.out == ""
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert r.err.startswith(f"policy-l10n: unknown locale {code!r}")   # Babel does not know it
    assert p.snapshot() == before and not p.path("locales").exists()


def test_init_leaves_existing_catalogs_untouched_and_says_so(project):
    project.translate("de", {"data-retention": DR_DE})
    pyproject = project.read("pyproject.toml")
    before = project.snapshot()
    r = project.run("init", "de", "fr", "--translator", "Someone Else <x@example.com>")
    assert r.code == 0, r.err
    assert "kept locales/de/LC_MESSAGES/privacy-policy.po (exists; left untouched)" in r.out
    assert "kept locales/de/LC_MESSAGES/ui.po (exists; left untouched)" in r.out
    assert "created locales/fr/LC_MESSAGES/privacy-policy.po" in r.out
    assert "'fr'" in r.out.splitlines()[-1]                     # a note to configure fr
    after = project.snapshot()
    assert {k: v for k, v in after.items() if "/fr/" not in k} == before
    assert project.read("pyproject.toml") == pyproject         # never edits pyproject.toml
    assert polib.pofile(str(project.po("fr"))).metadata["Last-Translator"] == "Someone Else <x@example.com>"


def test_init_header_fields(project):
    meta = polib.pofile(str(project.po("de"))).metadata
    assert meta["Last-Translator"] == "Anna Beispiel <anna@example.com>"
    assert meta["Language-Team"] == "German"
    assert meta["Language"] == "de"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    for path in catalogs(project):
        msgfmt_check(path)


@pytest.mark.parametrize("locale, nplurals", [("ja", 1), ("ar", 6), ("de", 2), ("zh_Hans", 1), ("pl", 3),
                                              ("fr", None), ("pt_BR", None)])  # CLDR-version dependent
def test_language_and_plural_forms_come_from_babel(new_project, locale, nplurals):
    p = new_project(locales=(locale,))
    assert p.run("init", locale).code == 0
    for domain in ("privacy-policy", "ui"):
        meta = polib.pofile(str(p.po(locale, domain))).metadata
        assert meta["Language"] == locale
        assert meta["Plural-Forms"] == get_plural(locale).plural_forms
        if nplurals is not None:
            assert meta["Plural-Forms"].startswith(f"nplurals={nplurals};")
        msgfmt_check(p.po(locale, domain))


def test_update_restores_plural_forms_and_never_evaluates_them(new_project, tmp_path):
    p = new_project(locales=("ja",))
    assert p.run("init", "ja").code == 0
    marker = tmp_path / "evaluated"
    evil = f"nplurals=2; plural=__import__('os').system('touch {marker}');"

    def tamper(cat):
        cat.set_header("Plural-Forms", evil)
        cat.set_header("Language", "de")

    edit_po(p, "ja", tamper)
    assert p.run("status").code == 0
    update(p)
    meta = polib.pofile(str(p.po("ja"))).metadata
    assert (meta["Language"], meta["Plural-Forms"]) == ("ja", "nplurals=1; plural=0;")
    assert not marker.exists()
    assert_gnu(p)


def test_a_rewritten_catalog_takes_its_template_s_creation_date(new_project):
    """As msgmerge does: a `.po` that `update` rewrites (here: a Plural-Forms a tool removed) gets
    the `.pot`'s POT-Creation-Date, not the minute of the run (no header that matches no template)."""
    p = new_project(locales=("de",))
    assert p.run("init", "de").code == 0
    assert p.run("update").code == 0
    pot = p.path("locales/privacy-policy.pot")
    stamp = next(line for line in pot.read_text(encoding="utf-8").splitlines() if "POT-Creation-Date" in line)
    pot.write_text(pot.read_text(encoding="utf-8").replace(stamp, '"POT-Creation-Date: 2020-01-01 00:00+0000\\n"'),
                   encoding="utf-8")
    po = p.po("de")
    po.write_text("".join(line for line in po.read_text(encoding="utf-8").splitlines(keepends=True)
                          if "Plural-Forms" not in line), encoding="utf-8")
    out = update(p)
    assert "updated locales/de/LC_MESSAGES/privacy-policy.po" in out and "privacy-policy.pot" not in out
    meta = polib.pofile(str(po)).metadata
    assert meta["POT-Creation-Date"] == "2020-01-01 00:00+0000" and meta["Plural-Forms"]
    assert_gnu(p)
