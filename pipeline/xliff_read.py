"""Reading a vendor's XLIFF back: safe parsing, the OASIS schemas, decoding targets to Markdown.

Every fault is one :class:`~pipeline.xliff.XliffError` naming the file and line:
not well-formed XML, not XLIFF, not valid against its schema, not exported by
policy-l10n (no marker), an inline code the unit never had.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from .inline import Code, codes, tokenize
from .xliff import (MARK_NS, MARKDOWN_SOURCE, MARKDOWN_TARGET, SCHEMAS, TOOL, XLIFF2_NS, XLIFF12_NS,
                    ReturnedFile, ReturnedUnit, XliffError, _align, sha256)

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["read_xliff", "schema_errors", "parse_xml"]

#: a returned file bigger than this is refused unread (a document's units are a few hundred kB)
MAX_XLIFF_BYTES = 32 * 1024 * 1024


def parse_xml(data: bytes, path: str) -> "etree._ElementTree":
    """Parse without DTDs, entities or network (a vendor's file is untrusted)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=False)
    try:
        return etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = re.sub(r", line \d+, column \d+$", "", str(exc.msg or exc))
        raise XliffError(f"not well-formed XML: {message}", path, line) from None


class _LocalSchemas:
    """Resolves the W3C `xml.xsd` web address to the shipped copy (no network)."""

    @staticmethod
    def resolver():  # -> etree.Resolver
        from lxml import etree

        class Local(etree.Resolver):
            def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
                if url and url.endswith("/2001/xml.xsd"):
                    return self.resolve_filename(str(SCHEMAS / "xliff-1.2" / "xml.xsd"), context)
                return None

        return Local()


@lru_cache(maxsize=None)
def _schema(version: str):  # -> etree.XMLSchema
    from lxml import etree

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas.resolver())
    path = SCHEMAS / ("xliff-1.2/xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff-2.0/xliff_core_2.0.xsd")
    return etree.XMLSchema(etree.parse(str(path), parser))


def schema_errors(tree: "etree._ElementTree") -> list[tuple[int, str]]:
    """(line, message) of every violation of the OASIS schema of the tree's XLIFF version."""
    root = tree.getroot()
    version = "1.2" if root.tag == f"{{{XLIFF12_NS}}}xliff" else "2"
    schema = _schema(version)
    if schema.validate(tree):
        return []
    return [(e.line, e.message) for e in schema.error_log]


def read_xliff(data: bytes, path: str, english: Callable[[str, str], str | None] | None = None) -> ReturnedFile:
    """A returned file's units; any fault is one XliffError at its line.

    ``english(document, msgctxt)``: today's English of a message, the Markdown behind an XLIFF
    1.2 unit's codes when a CAT tool dropped the copy the unit kept (if its hash still matches).
    """
    if len(data) > MAX_XLIFF_BYTES:
        raise XliffError(f"file too large ({len(data) / 1e6:.1f} MB)", path, 1)
    tree = parse_xml(data, path)
    root = tree.getroot()
    if root.tag not in (f"{{{XLIFF2_NS}}}xliff", f"{{{XLIFF12_NS}}}xliff"):
        raise XliffError(f"not an XLIFF file (root element <{_local(root.tag)}>)", path, root.sourceline or 1)
    errors = schema_errors(tree)
    if errors:
        line, message = errors[0]
        raise XliffError(f"not valid XLIFF {root.get('version')}: {message}", path, line or 1)
    files = [el for el in root if _local(el.tag) == "file"]
    if len(files) != 1:
        raise XliffError(f"expected one <file> (policy-l10n writes one per document), found {len(files)}",
                         path, root.sourceline or 1)
    if root.tag == f"{{{XLIFF2_NS}}}xliff":
        return _read2(root, files[0], path)
    return _read12(root, files[0], path, english)


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2] if isinstance(tag, str) else "#comment"


def _foreign(el: "etree._Element", path: str) -> XliffError:
    return XliffError("not exported by policy-l10n (no document marker): import only takes back files "
                      "that `policy-l10n export` wrote", path, el.sourceline or 1)


# --------------------------------------------------------------------------- XLIFF 2.x

def _read2(root: "etree._Element", f: "etree._Element", path: str) -> ReturnedFile:
    document, locale = f.get(f"{{{MARK_NS}}}document"), f.get(f"{{{MARK_NS}}}locale")
    if not document or not locale or f.get(f"{{{MARK_NS}}}tool") != TOOL:
        raise _foreign(f, path)
    ns = f"{{{XLIFF2_NS}}}"
    units = []
    for u in f.iter(ns + "unit"):
        data = {d.get("id"): _flat_text(d) for d in u.iter(ns + "data")}
        segments = list(u.iter(ns + "segment"))
        source = "".join(_decode2(s.find(ns + "source"), data, path) for s in segments)
        targets = [s.find(ns + "target") for s in segments]
        target = None
        if any(t is not None for t in targets):
            target = "".join(_decode2(t, data, path) if t is not None else "" for t in targets)
        # a CAT tool may split a unit into segments: the unit is done when every segment is
        states = [s.get("state", "initial") for s in segments]
        state = min(states, key=["initial", "translated", "reviewed", "final"].index) if states else "initial"
        line = next((t.sourceline for t in targets if t is not None), u.sourceline) or 1
        units.append(ReturnedUnit(u.get("id"), source, target, state, line,
                                  u.get(f"{{{MARK_NS}}}sourceSha256"), u.get(f"{{{MARK_NS}}}targetSha256"),
                                  u.get(f"{{{MARK_NS}}}state")))
    return ReturnedFile(path, root.get("version", ""), document, locale, tuple(units))


def _flat_text(el: "etree._Element") -> str:
    """A `<data>` element's text, `<cp>` code points included."""
    out = [el.text or ""]
    for child in el:
        if _local(child.tag) == "cp":
            out.append(chr(int(child.get("hex"), 16)))
        out.append(child.tail or "")
    return "".join(out)


def _decode2(el: "etree._Element | None", data: dict[str | None, str], path: str) -> str:
    """Markdown of a `<source>`/`<target>`: text, codes' original data, `<cp>`, `<mrk>` content."""
    if el is None:
        return ""
    out = [el.text or ""]
    for child in el:
        name = _local(child.tag)
        if name == "ph":
            out.append(_data(data, child.get("dataRef"), child, path))
        elif name == "pc":
            out.append(_data(data, child.get("dataRefStart"), child, path))
            out.append(_decode2(child, data, path))
            out.append(_data(data, child.get("dataRefEnd"), child, path))
        elif name in ("sc", "ec"):
            out.append(_data(data, child.get("dataRef"), child, path))
        elif name == "cp":
            out.append(chr(int(child.get("hex"), 16)))
        elif name == "mrk":
            out.append(_decode2(child, data, path))
        elif name not in ("sm", "em", "#comment"):
            raise XliffError(f"unexpected <{name}> in <{_local(el.tag)}>", path, child.sourceline or 1)
        out.append(child.tail or "")
    return "".join(out)


def _data(data: dict[str | None, str], ref: str | None, el: "etree._Element", path: str) -> str:
    if ref is None or ref not in data:
        raise XliffError(f"inline code <{_local(el.tag)} id={el.get('id')!r}> refers to no original data "
                         f"({ref!r}): the code was not in the exported unit", path, el.sourceline or 1)
    return data[ref]


# --------------------------------------------------------------------------- XLIFF 1.2

_EXTRA_RE = re.compile(r"(state|source-sha256|target-sha256)=(\S+)")


def _read12(root: "etree._Element", f: "etree._Element", path: str,
            english: Callable[[str, str], str | None] | None) -> ReturnedFile:
    document, locale = f.get("product-name"), f.get("category")
    if f.get("tool-id") != TOOL or not document or not locale:
        raise _foreign(f, path)
    ns = f"{{{XLIFF12_NS}}}"
    units = []
    for tu in f.iter(ns + "trans-unit"):
        extra = dict(_EXTRA_RE.findall(tu.get("extradata", "")))
        contexts = {c.get("context-type"): c.text or "" for c in tu.iter(ns + "context")}
        source_md = contexts.get(MARKDOWN_SOURCE)
        if source_md is None and english is not None:
            today = english(document, tu.get("id", ""))
            if today is not None and sha256(today) == extra.get("source-sha256"):
                source_md = today
        natives = _natives12(source_md, contexts.get(MARKDOWN_TARGET))
        target_el = tu.find(ns + "target")
        source = _decode12(tu.find(ns + "source"), natives, path)
        # an empty 1.2 target (state "new") is no target
        target = _decode12(target_el, natives, path) or None if target_el is not None else None
        state = target_el.get("state", "new") if target_el is not None else "new"
        line = (target_el if target_el is not None else tu).sourceline or 1
        units.append(ReturnedUnit(tu.get("id"), source, target, state, line, extra.get("source-sha256"),
                                  extra.get("target-sha256"), extra.get("state")))
    return ReturnedFile(path, "1.2", document, locale, tuple(units))


def _natives12(source_md: str | None, target_md: str | None) -> dict[str, Code]:
    """The Markdown behind each code id, from the Markdown the unit recorded at export."""
    if source_md is None:
        return {}
    source = tokenize(source_md)
    out = {c.id: c for c in codes(source)}
    if target_md is not None:
        for c in codes(_align(source, tokenize(target_md))):
            out.setdefault(c.id, c)
    return out


def _decode12(el: "etree._Element | None", natives: dict[str, Code], path: str) -> str:
    if el is None:
        return ""
    out = [el.text or ""]
    for child in el:
        name = _local(child.tag)
        if name == "ph":
            out.append(child.text or "")
        elif name in ("g", "x", "bx", "ex"):
            code = natives.get(child.get("id", ""))
            if code is None:
                raise XliffError(f"inline code <{name} id={child.get('id')!r}> is not one of the unit's codes",
                                 path, child.sourceline or 1)
            if name == "g":
                out.append(code.start + _decode12(child, natives, path) + code.end)
            elif name == "ex":
                out.append(code.end)
            else:
                out.append(code.start)
        elif name == "mrk":
            out.append(_decode12(child, natives, path))
        elif name != "#comment":
            raise XliffError(f"unexpected <{name}> in <{_local(el.tag)}>", path, child.sourceline or 1)
        out.append(child.tail or "")
    return "".join(out)
