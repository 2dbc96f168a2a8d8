"""`export` / `import`: XLIFF 2.1 and 1.2 on the real project, validated against the OASIS schemas,
read back by Translate Toolkit, merged back into the `.po` without touching anything else."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

from conftest import msgfmt_check

X2 = "urn:oasis:names:tc:xliff:document:2.0"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
SCHEMAS = Path(__file__).resolve().parent.parent / "pipeline" / "schemas"

CHILDREN = """
## Children {#children}

Our services are not directed to children under **16**. See [your rights](#your-rights) or write to <privacy@aimonitor.dev>.
"""
OLD_SENTENCE = "You may request deletion of your data at any time."
NEW_SENTENCE = "You may request deletion of your data at any time by e-mail."


class _XmlXsd(etree.Resolver):
    """The 1.2 schema imports W3C's xml.xsd by its web address: use the shipped copy (offline)."""

    def resolve(self, url, pubid, context):
        if url and url.endswith("/2001/xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xliff-1.2" / "xml.xsd"), context)
        return None


def oasis_schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_XmlXsd())
    name = "xliff-1.2/xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff-2.0/xliff_core_2.0.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def assert_valid(path: Path, version: str) -> None:
    schema = oasis_schema(version)
    doc = etree.parse(str(path))
    assert schema.validate(doc), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)


@pytest.fixture
def vendor_project(real_project):
    """The real project with one section changed (stale) and one added (missing), after `update`."""
    p = real_project
    src = p.read("source/privacy-policy.md")
    assert OLD_SENTENCE in src
    p.write("source/privacy-policy.md", src.replace(OLD_SENTENCE, NEW_SENTENCE).rstrip("\n") + "\n" + CHILDREN)
    r = p.run("update", "--locale", "de", "--locale", "fr", "--locale", "ja")
    assert r.code == 0, r.err
    return p


def export(p, *args: str) -> Path:
    out = p.root / "out"
    r = p.run("export", *args, "--out", str(out))
    assert r.code == 0, r.err
    return out


def units2(path: Path) -> dict[str, etree._Element]:
    return {u.get("id"): u for u in etree.parse(str(path)).iter(f"{{{X2}}}unit")}


def test_export_xliff21_is_valid_and_holds_only_what_needs_work(vendor_project):
    out = export(vendor_project, "de", "fr", "ja")
    files = sorted(p.name for p in out.iterdir())
    assert files == ["privacy-policy.de.xlf", "privacy-policy.fr.xlf", "privacy-policy.ja.xlf"]
    path = out / "privacy-policy.de.xlf"
    assert_valid(path, "2.1")
    root = etree.parse(str(path)).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "en", "de")
    units = units2(path)
    assert list(units) == ["data-retention", "children.title", "children"]
    # the stale unit: today's English as source, the translation as target, previous English and diff as notes
    stale = units["data-retention"]
    seg = stale.find(f"{{{X2}}}segment")
    assert seg.get("state") == "initial"
    assert "".join(seg.find(f"{{{X2}}}source").itertext()).endswith("by e-mail.")
    assert "Löschung" in "".join(seg.find(f"{{{X2}}}target").itertext())
    notes = {n.get("category"): n.text for n in stale.iter(f"{{{X2}}}note")}
    assert notes["previous-source"].endswith(OLD_SENTENCE)
    assert "[-time.-]{+time by e-mail.+}" in notes["word-diff"]
    # the marker: document, locale, the English's hash
    f = root.find(f"{{{X2}}}file")
    assert f.get("{urn:policy-l10n:xliff:1}document") == "privacy-policy"
    assert f.get("{urn:policy-l10n:xliff:1}locale") == "de"
    import hashlib
    english = [m for m in polib.pofile(str(vendor_project.po("de"))) if m.msgctxt == "children"][0].msgid
    assert units["children"].get("{urn:policy-l10n:xliff:1}sourceSha256") == hashlib.sha256(english.encode()).hexdigest()
    # a missing unit has no target
    assert units["children"].find(f"{{{X2}}}segment/{{{X2}}}target") is None


def test_markdown_is_kept_as_inline_codes(vendor_project):
    out = export(vendor_project, "de")
    unit = units2(out / "privacy-policy.de.xlf")["children"]
    data = {d.get("id"): d.text for d in unit.iter(f"{{{X2}}}data")}
    source = unit.find(f"{{{X2}}}segment/{{{X2}}}source")
    pcs = source.findall(f".//{{{X2}}}pc")
    phs = source.findall(f".//{{{X2}}}ph")
    bold, link = pcs
    assert (bold.get("subType"), data[bold.get("dataRefStart")], data[bold.get("dataRefEnd")]) == ("xlf:b", "**", "**")
    assert (link.get("type"), data[link.get("dataRefStart")], data[link.get("dataRefEnd")]) == ("link", "[", "](#your-rights)")
    assert link.text == "your rights"  # the link text is translatable, its target is protected
    assert [data[ph.get("dataRef")] for ph in phs] == ["16", "<privacy@aimonitor.dev>"]
    # the translatable text holds no Markdown at all
    text = (source.text or "") + "".join((e.text or "") + (e.tail or "") for e in source.iter() if e is not source)
    assert "**" not in text and "](" not in text and "<privacy" not in text


def test_translate_toolkit_reads_xliff21(vendor_project):
    from translate.storage.xliff2 import Xliff2File

    out = export(vendor_project, "de")
    store = Xliff2File.parsefile(str(out / "privacy-policy.de.xlf"))
    units = {u.getid(): u for u in store.units}
    assert set(units) == {"data-retention", "children.title", "children"}
    assert units["children.title"].source == "Children"
    assert str(units["data-retention"].source).endswith("at any time by e-mail.")
    assert "Löschung" in str(units["data-retention"].target)


def test_export_xliff12_is_valid_and_read_by_xliff2po(vendor_project, tmp_path):
    out = export(vendor_project, "de", "--xliff-version", "1.2")
    path = out / "privacy-policy.de.xlf"
    assert_valid(path, "1.2")
    tus = {t.get("id"): t for t in etree.parse(str(path)).iter(f"{{{X12}}}trans-unit")}
    assert tus["data-retention"].find(f"{{{X12}}}target").get("state") == "needs-review-translation"
    assert tus["children"].find(f"{{{X12}}}target").get("state") == "new"
    assert [g.get("ctype") for g in tus["children"].iter(f"{{{X12}}}g")] == ["bold", "link"]
    xliff2po = Path(sys.executable).parent / "xliff2po"
    po_out = tmp_path / "back.po"
    proc = subprocess.run([str(xliff2po), str(path), str(po_out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    back = {e.msgid: e for e in polib.pofile(str(po_out))}
    assert "Children" in back
    children = [m for m in back if m.startswith("Our services")]
    assert children == ["Our services are not directed to children under 16. See your rights or write to "
                        "<privacy@aimonitor.dev>."]
    stale = [e for m, e in back.items() if m.endswith("by e-mail.")][0]
    assert "Löschung" in stale.msgstr and stale.fuzzy  # needs-review-translation reads as fuzzy


def fill_targets(path: Path, prefix: str, state: str = "translated", only: set[str] | None = None) -> None:
    """A CAT tool's edit: every target becomes the source (codes kept) with a prefix, confirmed."""
    tree = etree.parse(str(path))
    ns = tree.getroot().nsmap[None]
    if ns == X2:
        for seg in tree.iter(f"{{{X2}}}segment"):
            if only is not None and seg.getparent().get("id") not in only:
                continue
            target = copy.deepcopy(seg.find(f"{{{X2}}}source"))
            target.tag = f"{{{X2}}}target"
            target.text = prefix + (target.text or "")
            old = seg.find(f"{{{X2}}}target")
            seg.replace(old, target) if old is not None else seg.append(target)
            seg.set("state", state)
    else:
        for tu in tree.iter(f"{{{X12}}}trans-unit"):
            if only is not None and tu.get("id") not in only:
                continue
            target = copy.deepcopy(tu.find(f"{{{X12}}}source"))
            target.tag = f"{{{X12}}}target"
            target.text = prefix + (target.text or "")
            target.set("state", state)
            tu.replace(tu.find(f"{{{X12}}}target"), target)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def po_blocks(text: str) -> dict[str, str]:
    """Entry text by msgctxt line (the header under "")."""
    out = {}
    for block in text.split("\n\n"):
        key = next((line for line in block.splitlines() if line.startswith(("msgctxt", "#~ msgctxt"))), "")
        out[key] = block
    return out


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_round_trip_is_lossless_and_touches_nothing_else(vendor_project, version):
    p = vendor_project
    before = p.po("de").read_text(encoding="utf-8")
    out = export(p, "de", "--xliff-version", version)
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ")
    assert_valid(path, version)
    r = p.run("import", str(path))
    assert r.code == 0, r.err
    msgfmt_check(p.po("de"))
    english = {m.msgctxt: m.msgid for m in polib.pofile(str(p.po("de")))}
    after = {m.msgctxt: m for m in polib.pofile(str(p.po("de")))}
    for ctx in ("data-retention", "children.title", "children"):
        # the CAT tool's target, codes and all, is the English's Markdown exactly (plus the prefix)
        assert after[ctx].msgstr == "DE: " + english[ctx], ctx
        assert not after[ctx].fuzzy and after[ctx].previous_msgid is None
        assert after[ctx].tcomment.startswith("provenance: import privacy-policy.de.xlf ")
    # no byte of any other entry changed; in the header only PO-Revision-Date
    old_blocks, new_blocks = po_blocks(before), po_blocks(p.po("de").read_text(encoding="utf-8"))
    touched = {f'msgctxt "{c}"' for c in ("data-retention", "children.title", "children")}
    assert set(old_blocks) == set(new_blocks)
    for key, block in old_blocks.items():
        if key not in touched and key:
            assert new_blocks[key] == block, key
    changed = [a for a, b in zip(old_blocks[""].splitlines(), new_blocks[""].splitlines()) if a != b]
    assert len(changed) == 1 and changed[0].startswith('"PO-Revision-Date:')
    # other locales are untouched; importing the same file again writes nothing
    snapshot = p.snapshot()
    r = p.run("import", str(path))
    assert r.code == 0 and "import: 0 applied" in r.out
    assert p.snapshot() == snapshot
    status = p.run("status", "--locale", "de", "--format", "json")
    import json
    sections = {s["id"]: s for s in json.loads(status.out)["documents"][0]["locales"][0]["sections"]}
    assert sections["children"]["state"] == "current"
    assert sections["children"]["provenance"]["kind"] == "import"
    assert sections["introduction"]["provenance"] == {"kind": "person", "detail": ""}


def test_english_changed_since_export_is_imported_as_stale(vendor_project):
    p = vendor_project
    out = export(p, "de")
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ")
    exported = {m.msgctxt: m.msgid for m in polib.pofile(str(p.po("de")))}["children"]
    p.write("source/privacy-policy.md", p.read("source/privacy-policy.md").replace("under **16**", "under **13**"))
    r = p.run("import", str(path))
    assert r.code == 0, r.err
    assert "children: imported as stale" in r.out
    entry = {m.msgctxt: m for m in polib.pofile(str(p.po("de")))}["children"]
    assert entry.fuzzy and entry.previous_msgid == exported
    assert entry.msgstr == "DE: " + exported  # the vendor's text, kept for review
    assert "under **13**" in entry.msgid
    msgfmt_check(p.po("de"))
    import json
    status = json.loads(p.run("status", "--locale", "de", "--format", "json").out)
    state = {s["id"]: s["state"] for s in status["documents"][0]["locales"][0]["sections"]}
    assert state["children"] == "stale"


def test_units_the_vendor_left_alone_are_not_applied(vendor_project):
    p = vendor_project
    out = export(p, "de")
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ", only={"children.title"})
    snapshot_fr = p.po("fr").read_bytes()
    r = p.run("import", str(path))
    assert r.code == 0, r.err
    entries = {m.msgctxt: m for m in polib.pofile(str(p.po("de")))}
    assert entries["children.title"].msgstr == "DE: Children"
    assert entries["children"].msgstr == ""  # no target came back
    assert entries["data-retention"].fuzzy  # offered, not confirmed: still stale
    assert p.po("fr").read_bytes() == snapshot_fr


def test_a_target_failing_check_is_refused_and_the_others_applied(vendor_project):
    p = vendor_project
    out = export(p, "de")
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ")
    tree = etree.parse(str(path))
    target = [u for u in tree.iter(f"{{{X2}}}unit") if u.get("id") == "children"][0].find(f".//{{{X2}}}target")
    for pc in target.findall(f"{{{X2}}}pc"):  # the vendor dropped the link and the bold code
        pc.getparent().remove(pc)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    r = p.run("import", str(path))
    assert r.code == 1
    line = target.sourceline
    assert f"out/privacy-policy.de.xlf:{line}: error: [" in r.err and "children" in r.err
    entries = {m.msgctxt: m for m in polib.pofile(str(p.po("de")))}
    assert entries["children"].msgstr == ""
    assert entries["children.title"].msgstr == "DE: Children"


@pytest.mark.parametrize("fault, line, message", [
    ("malformed", 5, "not well-formed XML"),
    ("foreign", 3, "not exported by policy-l10n"),
    ("not-xliff", 2, "not an XLIFF file"),
    ("unknown-unit", None, "unknown unit 'no-such-section'"),
    ("invalid", None, "not valid XLIFF 2.1"),
])
def test_bad_files_are_one_error_and_nothing_is_written(vendor_project, fault, line, message):
    p = vendor_project
    out = export(p, "de")
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ")
    text = path.read_text(encoding="utf-8")
    if fault == "malformed":
        lines = text.splitlines()
        lines.insert(4, "<unit id=unquoted>")
        text = "\n".join(lines)
    elif fault == "foreign":
        text = text.replace(' pl:tool="policy-l10n"', "")
    elif fault == "not-xliff":
        text = "<?xml version='1.0'?>\n<html/>\n"
    elif fault == "unknown-unit":
        text = text.replace('<unit id="children" name="children"', '<unit id="no-such-section" name="children"')
        line = next(i for i, l in enumerate(text.splitlines(), 1) if 'id="no-such-section"' in l)
    elif fault == "invalid":
        text = text.replace('<segment state="translated">', '<segment state="done">', 1)
        line = next(i for i, l in enumerate(text.splitlines(), 1) if 'state="done"' in l)
    path.write_text(text, encoding="utf-8")
    snapshot = p.snapshot()
    r = p.run("import", str(path))
    assert r.code == 2, (r.out, r.err)
    err = r.err.strip().splitlines()
    assert len(err) == 1, err
    shown = path.relative_to(p.root).as_posix()
    if fault == "unknown-unit":  # the unit's target line
        assert err[0].startswith(f"{shown}:") and message in err[0], err
    else:
        assert err[0].startswith(f"{shown}:{line}: ") and message in err[0], err
    assert p.snapshot() == snapshot


def test_export_cli_refuses_bad_states(vendor_project):
    r = vendor_project.run("export", "de", "--states", "stale,done")
    assert r.code == 2 and "--states" in r.err


def test_a_cat_tool_may_write_pairs_as_sc_ec(vendor_project):
    """XLIFF 2 lets a tool turn <pc> into <sc/>…<ec/>: the Markdown comes back the same."""
    p = vendor_project
    out = export(p, "de")
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ", only={"children"})
    tree = etree.parse(str(path))
    target = [u for u in tree.iter(f"{{{X2}}}unit") if u.get("id") == "children"][0].find(f".//{{{X2}}}target")
    link = target.findall(f"{{{X2}}}pc")[1]
    sc = etree.Element(f"{{{X2}}}sc", id=link.get("id"), dataRef=link.get("dataRefStart"))
    ec = etree.Element(f"{{{X2}}}ec", startRef=link.get("id"), dataRef=link.get("dataRefEnd"))
    sc.tail, ec.tail = link.text, link.tail
    parent, index = link.getparent(), list(link.getparent()).index(link)
    parent.remove(link)
    parent.insert(index, sc)
    parent.insert(index + 1, ec)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert_valid(path, "2.1")
    r = p.run("import", str(path))
    assert r.code == 0, r.err
    english = {m.msgctxt: m.msgid for m in polib.pofile(str(p.po("de")))}["children"]
    assert {m.msgctxt: m.msgstr for m in polib.pofile(str(p.po("de")))}["children"] == "DE: " + english


def test_a_code_without_original_data_is_an_error(vendor_project):
    p = vendor_project
    out = export(p, "de")
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ", only={"children"})
    tree = etree.parse(str(path))
    target = [u for u in tree.iter(f"{{{X2}}}unit") if u.get("id") == "children"][0].find(f".//{{{X2}}}target")
    etree.SubElement(target, f"{{{X2}}}ph", id="99", dataRef="d99")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    line = etree.parse(str(path)).xpath("//*[@id='99']")[0].sourceline
    snapshot = p.snapshot()
    r = p.run("import", str(path))
    assert r.code == 2
    assert r.err.startswith(f"out/privacy-policy.de.xlf:{line}: inline code <ph id='99'> refers to no original data")
    assert p.snapshot() == snapshot


# ---------------------------------------------------------------------------- lossless by construction

from hypothesis import given, strategies as st  # noqa: E402

from pipeline.inline import render, tokenize  # noqa: E402
from pipeline.xliff import ExportFile, ExportUnit, write_xliff  # noqa: E402
from pipeline.xliff_read import read_xliff  # noqa: E402

MARKDOWNISH = st.text(alphabet=st.sampled_from(list("ab Zé日 *_[]()<>`!\\\n\t-1.,#{}@:/~|\"'&\r\x0b")), max_size=60)


@given(MARKDOWNISH)
def test_inline_codes_render_back_to_the_same_markdown(text):
    assert render(tokenize(text)) == text


@given(MARKDOWNISH, MARKDOWNISH, st.sampled_from(["2.1", "1.2"]))
def test_xliff_gives_back_the_exact_english_and_translation(source, target, version):
    if version == "1.2" and any(ch in source + target for ch in "\x0b"):
        return  # XLIFF 1.2 cannot hold it: export refuses (XLIFF 2 writes <cp/>)
    unit = ExportUnit("s", source, "review", target or None)
    data = write_xliff(ExportFile("d", "de", "en", "de", "source/d.md", (unit,)), version)
    back = read_xliff(data, "f.xlf").units[0]
    assert (back.source, back.target) == (source, target or None)


def test_xliff12_without_the_kept_markdown_uses_todays_english(vendor_project):
    """A CAT tool that drops the unit's <context-group>: codes are rebuilt from today's English
    when its hash still matches the export's."""
    p = vendor_project
    out = export(p, "de", "--xliff-version", "1.2")
    path = out / "privacy-policy.de.xlf"
    fill_targets(path, "DE: ", only={"children"})
    tree = etree.parse(str(path))
    for group in tree.iter(f"{{{X12}}}context-group"):
        group.getparent().remove(group)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert_valid(path, "1.2")
    r = p.run("import", str(path))
    assert r.code == 0, r.err
    entries = {m.msgctxt: m for m in polib.pofile(str(p.po("de")))}
    assert entries["children"].msgstr == "DE: " + entries["children"].msgid


def test_a_table_and_a_heading_number_are_codes_and_only_line_breaks_are_typed_as_such():
    """A CAT tool protects a table's borders and rule row; a heading's own "2. " is no line break."""
    table = "| Category | Source |\n| --- | :-: |\n| Identifiers | Providers |"
    units = (ExportUnit("data", table, "missing", None), ExportUnit("fees.title", "2. Fees", "missing", None))
    root = etree.fromstring(write_xliff(ExportFile("d", "de", "en", "de", "source/d.md", units), "2.1"))
    sources = {u.get("id"): u.find(f"{{{X2}}}segment/{{{X2}}}source") for u in root.iter(f"{{{X2}}}unit")}
    pieces = [sources["data"].text or ""] + [e.tail or "" for e in sources["data"]]
    assert [piece for piece in pieces if piece] == ["Category", "Source", "Identifiers", "Providers"]
    heading = sources["fees.title"].findall(f"{{{X2}}}ph")
    assert [(ph.get("type"), ph.get("subType")) for ph in heading] == [("fmt", "pl:marker")]
    line_breaks = [ph for ph in sources["data"].findall(f"{{{X2}}}ph") if ph.get("subType") == "xlf:lb"]
    assert len(line_breaks) == 2  # before the rule row (which it holds) and before the last row
