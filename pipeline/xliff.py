"""XLIFF 2.x and 1.2 files for translation vendors: writing, reading back, validating.

One file holds one document's units for one locale. Each unit is one message
(unit id = msgctxt); its Markdown is split into text and inline codes
(:mod:`pipeline.inline`), so a CAT tool protects links, bold labels and figures.
The file carries a marker of what was exported (document, locale, and per unit
the sha256 of the English and of the offered translation), so that `import`
can tell what changed since. Files are validated against the OASIS schemas in
``pipeline/schemas/`` (see its README).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .errors import L10nError
from .inline import Code, Part, codes, tokenize

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["XliffError", "ExportUnit", "ExportFile", "ReturnedUnit", "ReturnedFile", "write_xliff", "sha256",
           "XLIFF2_NS", "XLIFF12_NS", "MARK_NS", "VERSIONS"]

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
#: our marker attributes (XLIFF 2 lets tools add attributes of other namespaces, and keeps them)
MARK_NS = "urn:policy-l10n:xliff:1"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("2.1", "2.0", "1.2")
TOOL = "policy-l10n"
SCHEMAS = Path(__file__).parent / "schemas"

#: segment state a unit is offered in, by freshness state (XLIFF 2.x, XLIFF 1.2)
EXPORT_STATE = {"missing": ("initial", "new"), "stale": ("initial", "needs-review-translation"),
                "review": ("translated", "translated"), "current": ("final", "final")}
#: returned states that mean "this target is done"
DONE_STATES = {"translated", "reviewed", "final", "signed-off"}

#: XLIFF 2 type/subType and XLIFF 1.2 ctype of each inline code label
_TYPE2 = {"bold": ("fmt", "xlf:b"), "em": ("fmt", "xlf:i"), "link": ("link", None), "image": ("image", None),
          "block": ("fmt", "xlf:lb"), "code": ("fmt", "xlf:code"), "number": ("other", "pl:number"),
          "url": ("link", "pl:url"), "email": ("link", "pl:email"), "autolink": ("link", "pl:autolink"),
          "placeholder": ("other", "pl:placeholder"), "escape": ("other", "pl:escape"),
          "marker": ("fmt", "pl:marker"), "cell": ("fmt", "pl:cell")}
MARKDOWN_SOURCE, MARKDOWN_TARGET = "x-policy-l10n-markdown", "x-policy-l10n-target-markdown"
_CTYPE12 = {"bold": "bold", "em": "italic", "link": "link", "image": "x-image", "block": "lb"}


class XliffError(L10nError):
    """A malformed, foreign or unusable XLIFF file."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ExportUnit:
    """One message offered to a vendor."""

    msgctxt: str
    #: today's English
    source: str
    #: freshness state: missing, stale or review
    state: str
    #: the translation to start from (None: none)
    target: str | None = None
    #: the English the translation was made for (stale units)
    previous: str | None = None
    #: what the translator should know (the catalog's extracted comment)
    context: str = ""
    #: a word diff of ``previous`` → ``source`` (`[-old-]{+new+}`)
    diff: str = ""


@dataclass(frozen=True, slots=True)
class ExportFile:
    document: str
    locale: str
    #: BCP 47 tags of the source and target languages
    source_lang: str
    target_lang: str
    #: project-relative path of the English source
    original: str
    units: tuple[ExportUnit, ...]


@dataclass(frozen=True, slots=True)
class ReturnedUnit:
    """A unit as it came back from a vendor."""

    msgctxt: str
    #: the English in the file (decoded Markdown)
    source: str
    #: the target as Markdown (None: no target)
    target: str | None
    #: the segment's state (XLIFF 2 names; 1.2's are kept as written)
    state: str
    #: the line of the target (else of the unit) in the file
    line: int
    #: what export recorded: sha256 of the English and of the offered target, and the freshness state
    source_sha256: str | None
    target_sha256: str | None
    exported_state: str | None

    @property
    def done(self) -> bool:
        return bool(self.target) and self.state in DONE_STATES

    @property
    def edited(self) -> bool:
        """Whether the vendor confirmed or changed the target since export."""
        if self.target is None:
            return False
        offered = EXPORT_STATE.get(self.exported_state or "", ("", ""))
        return sha256(self.target) != self.target_sha256 or self.state not in offered


@dataclass(frozen=True, slots=True)
class ReturnedFile:
    path: str
    version: str
    document: str
    locale: str
    units: tuple[ReturnedUnit, ...]


# --------------------------------------------------------------------------- writing

def write_xliff(export: ExportFile, version: str = "2.1") -> bytes:
    """The XLIFF file of ``export`` (2.1, 2.0 or 1.2), UTF-8 with an XML declaration."""
    from lxml import etree

    root = _xliff2(export, version) if version.startswith("2") else _xliff12(export)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


#: elements without text content: only these are indented (lxml's pretty_print would also
#: indent a <source> that holds nothing but codes, changing its text)
_STRUCTURAL = {"xliff", "file", "unit", "notes", "originalData", "segment", "header", "body", "trans-unit",
               "context-group", "group"}


def _indent(el: "etree._Element", level: int = 0) -> None:
    if el.tag.rpartition("}")[2] not in _STRUCTURAL or not len(el):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


def _m(name: str) -> str:
    return f"{{{MARK_NS}}}{name}"


def _xliff2(export: ExportFile, version: str) -> "etree._Element":
    from lxml import etree

    ns = f"{{{XLIFF2_NS}}}"
    root = etree.Element(ns + "xliff", nsmap={None: XLIFF2_NS, "pl": MARK_NS},
                         version=version, srcLang=export.source_lang, trgLang=export.target_lang)
    f = etree.SubElement(root, ns + "file", id="f1", original=export.original)
    f.set(f"{{{XML_NS}}}space", "preserve")
    f.set(_m("document"), export.document)
    f.set(_m("locale"), export.locale)
    f.set(_m("tool"), TOOL)
    for unit in export.units:
        u = etree.SubElement(f, ns + "unit", id=unit.msgctxt, name=unit.msgctxt)
        u.set(_m("state"), unit.state)
        u.set(_m("sourceSha256"), sha256(unit.source))
        if unit.target is not None:
            u.set(_m("targetSha256"), sha256(unit.target))
        _notes2(u, unit)
        source_parts = tokenize(unit.source)
        target_parts = _align(source_parts, tokenize(unit.target)) if unit.target is not None else None
        data = _original_data(source_parts, target_parts or [])
        if data:
            od = etree.SubElement(u, ns + "originalData")
            for data_id, native in data.items():
                d = etree.SubElement(od, ns + "data", id=data_id)
                _text2(d, native, ns)
        seg = etree.SubElement(u, ns + "segment", state=EXPORT_STATE[unit.state][0])
        _parts2(etree.SubElement(seg, ns + "source"), source_parts, ns)
        if target_parts is not None:
            _parts2(etree.SubElement(seg, ns + "target"), target_parts, ns)
    return root


def _notes2(unit_el: "etree._Element", unit: ExportUnit) -> None:
    from lxml import etree

    notes = [(c, t) for c, t in (("context", unit.context), ("previous-source", unit.previous),
                                 ("word-diff", unit.diff), ("state", _state_note(unit))) if t]
    if not notes:
        return
    holder = etree.SubElement(unit_el, f"{{{XLIFF2_NS}}}notes")
    for category, text in notes:
        etree.SubElement(holder, f"{{{XLIFF2_NS}}}note", category=category).text = _xml_safe(text)


def _state_note(unit: ExportUnit) -> str:
    return {"missing": "New: not translated yet.",
            "stale": "The English changed since this was translated: update the translation "
                     "(previous English and word diff in the other notes).",
            "review": "A suggested translation nobody has confirmed: review it."}.get(unit.state, "")


def _original_data(source: Sequence[Part], target: Sequence[Part]) -> dict[str, str]:
    """`<data>` of every code: ``d<id>`` (a placeholder, a pair's start) and ``d<id>e`` (a pair's end)."""
    data: dict[str, str] = {}
    for parts in (source, target):
        for code in codes(parts):
            data.setdefault(f"d{code.id}", code.start)
            if code.kind == "pc":
                data.setdefault(f"d{code.id}e", code.end)
    return data


def _align(source: Sequence[Part], target: Sequence[Part]) -> list[Part]:
    """Give a translation's codes the ids of the source's codes with the same Markdown
    (in order); a code the English lacks gets a new id beyond the source's."""
    pool: dict[tuple[str, str, str], list[str]] = {}
    for code in codes(source):
        pool.setdefault((code.kind, code.start, code.end), []).append(code.id)
    used = {c.id for c in codes(source)}
    counter = [max((int(i) for i in used), default=0)]

    def fresh() -> str:
        counter[0] += 1
        return str(counter[0])

    def walk(parts: Sequence[Part]) -> list[Part]:
        out: list[Part] = []
        for p in parts:
            if isinstance(p, str):
                out.append(p)
                continue
            ids = pool.get((p.kind, p.start, p.end))
            new_id = ids.pop(0) if ids else fresh()
            out.append(Code(new_id, p.kind, p.label, p.start, p.end, tuple(walk(p.children))))
        return out

    return walk(target)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_BAD.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _text2(el: "etree._Element", text: str, ns: str) -> None:
    """Append text to ``el``; characters XML cannot hold become `<cp hex>`."""
    from lxml import etree

    pieces = _XML_BAD.split(text)
    bad = _XML_BAD.findall(text)
    _append_text(el, pieces[0])
    for ch, piece in zip(bad, pieces[1:]):
        etree.SubElement(el, ns + "cp", hex=f"{ord(ch):04X}")
        _append_text(el, piece)


def _append_text(el: "etree._Element", text: str) -> None:
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _parts2(el: "etree._Element", parts: Sequence[Part], ns: str) -> None:
    from lxml import etree

    for p in parts:
        if isinstance(p, str):
            _text2(el, p, ns)
            continue
        kind, sub = _TYPE2[p.label]
        if p.kind == "ph":
            c = etree.SubElement(el, ns + "ph", id=p.id, dataRef=f"d{p.id}", type=kind, disp=_xml_safe(p.start))
            c.set("canDelete", "no")
        else:
            c = etree.SubElement(el, ns + "pc", id=p.id, dataRefStart=f"d{p.id}", dataRefEnd=f"d{p.id}e",
                                 type=kind, dispStart=_xml_safe(p.start), dispEnd=_xml_safe(p.end))
            _parts2(c, p.children, ns)
        if sub:
            c.set("subType", sub)


def _xliff12(export: ExportFile) -> "etree._Element":
    from lxml import etree

    ns = f"{{{XLIFF12_NS}}}"
    root = etree.Element(ns + "xliff", nsmap={None: XLIFF12_NS}, version="1.2")
    f = etree.SubElement(root, ns + "file", original=export.original, datatype="x-markdown",
                         **{"source-language": export.source_lang, "target-language": export.target_lang,
                            "tool-id": TOOL, "product-name": export.document, "category": export.locale})
    header = etree.SubElement(f, ns + "header")
    etree.SubElement(header, ns + "tool", **{"tool-id": TOOL, "tool-name": TOOL})
    body = etree.SubElement(f, ns + "body")
    for unit in export.units:
        extradata = f"{TOOL} state={unit.state} source-sha256={sha256(unit.source)}"
        if unit.target is not None:
            extradata += f" target-sha256={sha256(unit.target)}"
        tu = etree.SubElement(body, ns + "trans-unit", id=unit.msgctxt, resname=unit.msgctxt, extradata=extradata)
        tu.set(f"{{{XML_NS}}}space", "preserve")
        source_parts = tokenize(unit.source)
        _parts12(etree.SubElement(tu, ns + "source"), source_parts, ns, unit.msgctxt)
        target = etree.SubElement(tu, ns + "target", state=EXPORT_STATE[unit.state][1])
        if unit.target is not None:
            _parts12(target, _align(source_parts, tokenize(unit.target)), ns, unit.msgctxt)
        # XLIFF 1.2 pairs (<g>) and breaks (<x/>) do not hold their Markdown: the unit keeps it
        group = etree.SubElement(tu, ns + "context-group", purpose="information")
        etree.SubElement(group, ns + "context", **{"context-type": MARKDOWN_SOURCE}).text = _xml_safe(unit.source)
        if unit.target is not None:
            etree.SubElement(group, ns + "context", **{"context-type": MARKDOWN_TARGET}).text = _xml_safe(unit.target)
        for annotates, text in (("general", unit.context), ("source", _previous_note(unit)),
                                ("source", unit.diff and f"Word diff: {unit.diff}"), ("general", _state_note(unit))):
            if text:
                etree.SubElement(tu, ns + "note", annotates=annotates, **{"from": TOOL}).text = _xml_safe(text)
    return root


def _previous_note(unit: ExportUnit) -> str:
    return f"Previous English: {unit.previous}" if unit.previous else ""


def _parts12(el: "etree._Element", parts: Sequence[Part], ns: str, msgctxt: str) -> None:
    from lxml import etree

    for p in parts:
        if isinstance(p, str):
            bad = _XML_BAD.search(p)
            if bad:
                raise XliffError(f"{msgctxt}: a character XLIFF 1.2 cannot hold "
                                 f"({_xml_safe(bad.group(0))}); export XLIFF 2.1 instead")
            _append_text(el, p)
        elif p.kind == "pc":
            g = etree.SubElement(el, ns + "g", id=p.id, ctype=_CTYPE12.get(p.label, f"x-{p.label}"))
            _parts12(g, p.children, ns, msgctxt)
        elif p.label == "block":
            etree.SubElement(el, ns + "x", id=p.id, ctype="lb")
        else:  # the native code is the content of a 1.2 placeholder
            ph = etree.SubElement(el, ns + "ph", id=p.id, ctype=f"x-{p.label}")
            ph.text = _xml_safe(p.start)
