"""Messages: what each document (and the `ui` templates) asks translators to translate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..config import Config
from ..errors import TemplateError
from ..pofile import Entry
from ..source import Document, section_numbers


UI_DOMAIN = "ui"


#: format flags come from the template; every other flag is the translator's
FORMAT_FLAGS = ("python-brace-format", "no-python-brace-format", "python-format", "no-python-format")
BRACE_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Message:
    """One translatable message of a template catalog."""

    msgctxt: str
    msgid: str
    #: `#.` extracted comments for translators
    comments: tuple[str, ...] = ()
    #: `#:` references `path:line`
    occurrences: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


def _markdown_hints(body: str) -> list[str]:
    hints = []
    if "**" in body:
        hints.append("**bold**")
    if re.search(r"^\s*[-*+] ", body, re.M):
        hints.append("one '- ' line per list item")
    if re.search(r"^\s*\d+[.)] ", body, re.M):
        hints.append("numbered items")
    if "](" in body:
        hints.append("[link text](target) with the target unchanged")
    if re.search(r"<[^<>@\s]+@[^<>\s]+>|<https?://", body):
        hints.append("<address> links unchanged")
    if "`" in body:
        hints.append("`code` unchanged")
    return hints


def document_messages(doc: Document, config: Config | None = None) -> list[Message]:
    """The messages of a document in source order (DESIGN.md's table)."""
    numbers = section_numbers(doc.sections)
    messages = [Message("document.title", doc.title, ("Document title.",),
                        (f"{doc.path}:{doc.title_line}",))]
    if doc.preamble:
        messages.append(Message("document.preamble", doc.preamble,
                                ("Text before the first section. Markdown.",),
                                (f"{doc.path}:{doc.preamble_line}",)))
    for sec in doc.sections:
        where = f"Section {numbers[sec.id]} “{sec.title}”" if numbers[sec.id] else f"Section “{sec.title}”"
        regions = f" Only in regions: {', '.join(sec.regions)}." if sec.regions else ""
        messages.append(Message(f"{sec.id}.title", sec.title,
                                (f"{where}: heading.{regions}",), (f"{doc.path}:{sec.line}",)))
        if sec.body:
            hints = _markdown_hints(sec.body)
            keep = f" Keep the Markdown: {', '.join(hints)}." if hints else ""
            messages.append(Message(sec.id, sec.body, (f"{where}: body (Markdown).{regions}{keep}",),
                                    (f"{doc.path}:{sec.body_line}",)))
    return messages


def extract_ui_from_templates(template_files: Sequence[tuple[Path, str]]) -> list[Message]:
    """`pgettext("ctx", "English {name}")` calls in Jinja2 templates, via Babel's extractor.

    ``template_files`` are (file, project-relative path) pairs; the first
    occurrence of a context wins, later ones add references.
    """
    from babel.messages.extract import extract
    from jinja2 import TemplateSyntaxError

    found: dict[str, tuple[str, list[str]]] = {}
    order: list[str] = []
    for path, rel in template_files:
        with path.open("rb") as handle:
            # silent=false: a template that does not parse is an error, not a template without
            # strings (which would make every translation of its strings obsolete)
            try:
                calls = list(extract(
                    "jinja2", handle, keywords={"pgettext": ((1, "c"), 2), "css_pgettext": ((1, "c"), 2)},
                    options={"extensions": "jinja2.ext.i18n", "trimmed": "false", "silent": "false"}))
            except TemplateSyntaxError as exc:
                raise TemplateError(f"template error: {exc.message}", rel, exc.lineno) from None
            for lineno, text, _comments, _ctx in calls:
                context, msgid = (_ctx, text) if _ctx else (None, text)
                if context is None or not isinstance(msgid, str):
                    continue
                if context not in found:
                    found[context] = (msgid, [])
                    order.append(context)
                ref = f"{rel}:{lineno}"
                if ref not in found[context][1]:  # GNU lists a reference once
                    found[context][1].append(ref)
    messages = []
    for context in order:
        msgid, refs = found[context]
        flags = ("python-brace-format",) if BRACE_RE.search(msgid) else ()
        names = sorted(set(BRACE_RE.findall(msgid)))
        note = f"Keep the placeholders {', '.join('{' + n + '}' for n in names)}." if names else ""
        messages.append(Message(context, msgid, tuple(x for x in ("Page template text.", note) if x),
                                tuple(refs), flags))
    return messages


#: the `ui.pot` header recording which templates (and extractor) it was extracted from
TEMPLATES_HEADER = "X-Policy-Templates"


#: bump when extract_ui_from_templates() changes what it produces from the same templates
UI_EXTRACTOR_VERSION = "1"


def templates_digest(files: Sequence[tuple[Path, str]]) -> str:
    """sha256 of the template files and the extractor's version."""
    import hashlib

    h = hashlib.sha256(f"ui-extractor {UI_EXTRACTOR_VERSION}\n".encode())
    for path, shown in files:
        h.update(shown.encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()


def entry_from_message(message: Message) -> Entry:
    return Entry(msgid=message.msgid, msgctxt=message.msgctxt, comments=list(message.comments),
                 occurrences=list(message.occurrences), flags=list(message.flags))
