"""Documents → gettext messages; `.pot` extraction; the `.po` merge; init/update.

The merge (:func:`merge`) implements DESIGN.md's rules so that no translation is
ever lost and every stale one keeps, as ``#| msgid``, the English it was made for::

    >>> po = Catalog(entries=[Entry(msgctxt="s", msgid="A", msgstr="a")])
    >>> merged = merge(po, [Message("s", "B")]).catalog.entries[0]
    >>> (merged.msgid, merged.previous_msgid, merged.fuzzy)
    ('B', 'A', True)
    >>> again = merge(Catalog(entries=[merged]), [Message("s", "C")]).catalog.entries[0]
    >>> (again.msgid, again.previous_msgid, again.fuzzy)
    ('C', 'A', True)
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import fcntl
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .config import Config
from .errors import PoError, UsageError, WriteError
from .pofile import Catalog, Entry, read_po, render_po, write_atomic
from .source import Document, section_numbers

__all__ = ["Message", "MergeResult", "document_messages", "ui_messages", "merge", "pot_catalog",
           "new_po_catalog", "plural_forms", "locale_catalog_path", "pot_path", "load_locale_catalog",
           "PlannedWrite", "plan_update", "plan_init", "apply_writes", "UI_DOMAIN", "catalog_digest",
           "project_lock", "extract_ui_from_templates", "domains"]

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


@dataclass(slots=True)
class MergeResult:
    """A merged catalog and what happened to its entries."""

    catalog: Catalog
    added: list[str] = field(default_factory=list)
    fuzzied: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)


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
        where = f"Section {numbers[sec.id]} “{sec.title}”"
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

    found: dict[str, tuple[str, list[str]]] = {}
    order: list[str] = []
    for path, rel in template_files:
        with path.open("rb") as handle:
            for lineno, text, _comments, _ctx in extract(
                "jinja2", handle, keywords={"pgettext": ((1, "c"), 2), "css_pgettext": ((1, "c"), 2)},
                options={"extensions": "jinja2.ext.i18n", "trimmed": "false"},
            ):
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


def ui_messages(config: Config) -> list[Message]:
    """The `ui` domain: strings of the package's templates and the project's overrides.

    Extraction parses every template with Jinja2 (~0.1 s); when `locales/ui.pot` is
    newer than every template and than this module, it holds exactly that result.
    """
    from .render import template_files

    files = template_files(config)
    cached = _ui_messages_from_pot(config, files)
    return cached if cached is not None else extract_ui_from_templates(files)


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


def _template_files(config: Config) -> list[tuple[Path, str]]:
    from .render import template_files

    return template_files(config)


def _ui_messages_from_pot(config: Config, files: Sequence[tuple[Path, str]]) -> list[Message] | None:
    """The `ui` messages as `locales/ui.pot` records them, when it was extracted from these very templates.

    Extraction parses every template with Jinja2 (~0.1 s); the digest makes reuse exact.
    """
    path = pot_path(config, UI_DOMAIN)
    if not path.exists():
        return None
    try:
        cat = _read_catalog(path, rel(config, path))
    except PoError:
        return None
    if cat.header_value(TEMPLATES_HEADER) != templates_digest(files):
        return None
    return [Message(e.msgctxt, e.msgid, tuple(e.comments), tuple(e.occurrences), tuple(e.flags))
            for e in cat.entries if not e.obsolete and e.msgctxt is not None]


def plural_forms(locale: str) -> str:
    """`Plural-Forms` for a locale, from Babel's CLDR data."""
    from babel.messages.plurals import get_plural

    return get_plural(locale).plural_forms


def _format_date(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M+0000")


def pot_catalog(domain: str, messages: Iterable[Message], now: dt.datetime,
                extra_header: Sequence[tuple[str, str]] = ()) -> Catalog:
    """A template catalog with GNU's header fields (no placeholders msgfmt warns about)."""
    cat = Catalog(
        header_comments=[f"Translation template for {domain} (policy-l10n).",
                         "This file is generated by `policy-l10n extract`; do not edit."],
        header=[("Project-Id-Version", domain), ("Report-Msgid-Bugs-To", ""),
                ("POT-Creation-Date", _format_date(now)), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
                *extra_header],
    )
    cat.entries = [_entry_from_message(m) for m in messages]
    return cat


def _entry_from_message(message: Message) -> Entry:
    return Entry(msgid=message.msgid, msgctxt=message.msgctxt, comments=list(message.comments),
                 occurrences=list(message.occurrences), flags=list(message.flags))


def new_po_catalog(domain: str, locale: str, messages: Iterable[Message], now: dt.datetime,
                   translator: str | None = None, team: str | None = None) -> Catalog:
    """A fresh translation catalog for ``locale`` with Babel's locale facts."""
    from babel import Locale

    language_name = Locale.parse(locale).get_display_name("en") or locale
    cat = Catalog(
        header_comments=[f"{language_name} translation of {domain}.",
                         "Created by `policy-l10n init`; edit the msgstr lines."],
        header=[("Project-Id-Version", domain), ("Report-Msgid-Bugs-To", ""),
                ("POT-Creation-Date", _format_date(now)), ("PO-Revision-Date", _format_date(now)),
                ("Last-Translator", translator or ""), ("Language-Team", team or language_name),
                ("Language", locale), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
                ("Plural-Forms", plural_forms(locale))],
    )
    cat.entries = [_entry_from_message(m) for m in messages]
    return cat


# --------------------------------------------------------------------------- merge

def _update_comments(entry: Entry, message: Message) -> None:
    entry.comments = list(message.comments)
    entry.occurrences = list(message.occurrences)
    fuzzy = entry.fuzzy
    others = [f for f in entry.flags if f != "fuzzy" and f not in FORMAT_FLAGS]
    entry.flags = (["fuzzy"] if fuzzy else []) + list(message.flags) + others


def _retarget(entry: Entry, new_msgid: str) -> bool:
    """Point a kept entry at new English; returns whether it became (or stays) fuzzy-stale."""
    if entry.msgid == new_msgid:
        return False
    if not entry.translated:
        entry.msgid = new_msgid
        entry.previous_msgid = None
        entry.set_fuzzy(False)
        return False
    # the English last actually translated: an older #| survives A → B → C
    last_translated = entry.previous_msgid if (entry.fuzzy and entry.previous_msgid is not None) else entry.msgid
    entry.msgid = new_msgid
    if last_translated == new_msgid:  # A → B → A: back to what was translated
        entry.previous_msgid = None
        entry.set_fuzzy(False)
        return False
    entry.previous_msgid = last_translated
    entry.set_fuzzy(True)
    return True


def merge(po: Catalog, messages: Sequence[Message]) -> MergeResult:
    """Merge template ``messages`` into a copy of ``po`` (DESIGN.md's update semantics)."""
    old = copy.deepcopy(po)
    active = {e.msgctxt: e for e in old.entries if not e.obsolete}
    obsolete = {}
    for e in old.entries:
        if e.obsolete:
            obsolete.setdefault(e.msgctxt, e)
    wanted = {m.msgctxt for m in messages}
    vanished = [e for e in old.entries if not e.obsolete and e.msgctxt not in wanted]
    vanished_by_msgid = {e.msgid: e for e in vanished if e.translated}
    result = MergeResult(catalog=old)
    entries: list[Entry] = []
    for m in messages:
        entry = active.get(m.msgctxt)
        if entry is None and m.msgctxt in obsolete:
            entry = obsolete.pop(m.msgctxt)
            entry.obsolete = False
            result.revived.append(m.msgctxt)
        if entry is not None:
            if _retarget(entry, m.msgid):
                result.fuzzied.append(m.msgctxt)
            _update_comments(entry, m)
        else:
            entry = _entry_from_message(m)
            donor = vanished_by_msgid.get(m.msgid)
            if donor is not None:  # a section renamed: carry the translation, unconfirmed
                entry.msgstr = donor.msgstr
                entry.tcomments = list(donor.tcomments)
                entry.set_fuzzy(True)
                if donor.fuzzy and donor.previous_msgid is not None:
                    # a stale translation stays stale: keep the English it was made for
                    entry.previous_msgid = donor.previous_msgid
            result.added.append(m.msgctxt)
        entry.line = 0
        entries.append(entry)
    still_obsolete = [e for e in old.entries if e.obsolete and obsolete.get(e.msgctxt) is e]
    # an entry with no translation has nothing to keep: GNU's msgmerge and msgcat drop it
    # rather than write an empty `#~` entry, and so do we (GNU layout, nothing lost)
    vanished = [e for e in vanished if e.translated]
    for e in vanished:
        e.obsolete = True
        # references and extracted comments describe the source; an obsolete entry has none
        e.comments, e.occurrences = [], []
        result.obsoleted.append(str(e.msgctxt))
    old.entries = entries + still_obsolete + vanished
    return result


def catalog_signature(cat: Catalog, *, headers: Iterable[str] = ()) -> tuple:
    """What decides whether a catalog must be rewritten: entries, comments, some headers."""
    wanted = {h.lower() for h in headers}
    return (
        tuple(cat.header_comments), tuple(cat.header_flags),
        tuple((k, v) for k, v in cat.header if k.lower() in wanted),
        tuple(
            (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, tuple(sorted(e.msgstr_plural.items())),
             tuple(e.tcomments), tuple(e.comments), tuple(e.occurrences), tuple(e.flags),
             e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural, e.obsolete)
            for e in sorted(cat.entries, key=lambda e: e.obsolete)
        ),
    )


def catalog_digest(cat: Catalog) -> str:
    """sha256 of every active entry's msgctxt, msgid, msgstr and fuzzy flag (for approvals)."""
    import hashlib
    import json

    rows = [[e.msgctxt, e.msgid, e.msgstr, e.fuzzy] for e in cat.entries if not e.obsolete]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- paths and loading

def pot_path(config: Config, domain: str) -> Path:
    return config.locales_dir / f"{domain}.pot"


def locale_catalog_path(config: Config, locale: str, domain: str) -> Path:
    return config.locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def rel(config: Config, path: Path) -> str:
    return path.relative_to(config.root).as_posix()


#: catalogs read in this process, by path: (size, mtime_ns, catalog). Callers never mutate them.
_CATALOG_CACHE: dict[Path, tuple[int, int, Catalog]] = {}


def load_locale_catalog(config: Config, locale: str, domain: str) -> Catalog | None:
    """Read `locales/<locale>/LC_MESSAGES/<domain>.po`, or None when it does not exist.

    The result is shared (read once per process and file version): copy it before changing it.
    """
    path = locale_catalog_path(config, locale, domain)
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PoError(f"cannot read: {exc.strerror}", rel(config, path), 1) from None
    cached = _CATALOG_CACHE.get(path)
    if cached is not None and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
        return cached[2]
    cat = _read_catalog(path, rel(config, path))
    check_identity(cat, rel(config, path))
    _CATALOG_CACHE[path] = (st.st_size, st.st_mtime_ns, cat)
    return cat


def load_status_catalog(config: Config, locale: str, domain: str):  # -> LightCatalog | None
    """A read-only status view of a catalog (states, approvals): faster than a full read."""
    from .pofast import LightCatalog, light_parse
    from .pofile import MAX_PO_BYTES

    relpath = f"locales/{locale}/LC_MESSAGES/{domain}.po"  # plain strings: called thousands of times
    try:
        with open(f"{config.root}/{relpath}", "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_PO_BYTES:  # refused by its size, unread
                return LightCatalog.from_catalog(read_po(Path(handle.name), relpath))
            data = handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PoError(f"cannot read: {exc.strerror}", relpath, 1) from None
    if 0 < len(data) <= MAX_PO_BYTES and b"\x00" not in data:
        try:
            light = light_parse(data.decode("utf-8"))
        except UnicodeDecodeError:
            light = None
        if light is not None:
            return light
    from .pofile import parse_po

    cat = parse_po(data, relpath)
    check_identity(cat, relpath)
    return LightCatalog.from_catalog(cat)


def _read_catalog(path: Path, relpath: str) -> Catalog:
    """The fast reader for plain GNU layout; the strict parser for anything else (and errors)."""
    from .pofast import fast_parse
    from .pofile import MAX_PO_BYTES

    try:
        if path.stat().st_size > MAX_PO_BYTES:  # read_po refuses it by its size, unread
            return read_po(path, relpath)
        data = path.read_bytes()
    except OSError as exc:
        raise PoError(f"cannot read: {exc.strerror}", relpath, 1) from None
    if 0 < len(data) <= MAX_PO_BYTES and b"\x00" not in data:
        try:
            cat = fast_parse(data.decode("utf-8"), relpath)
        except (UnicodeDecodeError, PoError):
            cat = None
        if cat is not None:
            return cat
    from .pofile import parse_po

    return parse_po(data, relpath)


def check_identity(cat: Catalog, path: str) -> None:
    """msgctxt is a message's identity: two active entries may not share one."""
    seen: dict[str | None, int] = {}
    for e in cat.entries:
        if e.obsolete:
            continue
        if e.msgctxt in seen:
            raise PoError(f"duplicate msgctxt {e.msgctxt!r} (first at line {seen[e.msgctxt]})", path, e.line)
        seen[e.msgctxt] = e.line


def domains(docs: Sequence[Document]) -> list[str]:
    return [d.id for d in docs] + [UI_DOMAIN]


# --------------------------------------------------------------------------- planning writes

@dataclass(frozen=True, slots=True)
class PlannedWrite:
    """A file a command would write: its path, old text (None: new file) and new text."""

    path: Path
    rel: str
    old: str | None
    new: str

    def diff(self) -> str:
        old = self.old.splitlines(keepends=True) if self.old is not None else []
        lines = difflib.unified_diff(old, self.new.splitlines(keepends=True),
                                     fromfile=f"a/{self.rel}", tofile=f"b/{self.rel}")
        return "".join(lines)


def _planned(config: Config, path: Path, new: str) -> PlannedWrite:
    old = path.read_text(encoding="utf-8") if path.exists() else None
    return PlannedWrite(path, rel(config, path), old, new)


def _domain_messages(config: Config, docs: Sequence[Document]) -> dict[str, list[Message]]:
    out = {d.id: document_messages(d, config) for d in docs}
    out[UI_DOMAIN] = ui_messages(config)
    return out


def plan_extract(config: Config, docs: Sequence[Document], now: dt.datetime,
                 messages: dict[str, list[Message]] | None = None) -> list[PlannedWrite]:
    """`.pot` files whose messages changed (POT-Creation-Date alone never rewrites one)."""
    messages = messages or _domain_messages(config, docs)
    writes = []
    for domain, msgs in messages.items():
        path = pot_path(config, domain)
        extra = [(TEMPLATES_HEADER, templates_digest(_template_files(config)))] if domain == UI_DOMAIN else []
        new = pot_catalog(domain, msgs, now, extra)
        if path.exists():
            old = read_po(path, rel(config, path))
            if catalog_signature(old, headers=[TEMPLATES_HEADER]) == catalog_signature(new, headers=[TEMPLATES_HEADER]):
                continue
        writes.append(_planned(config, path, render_po(new)))
    return writes


LOCALE_HEADERS = ("Language", "Plural-Forms", "Content-Type")


def _locale_headers(cat: Catalog, locale: str) -> None:
    cat.set_header("Language", locale)
    cat.set_header("Plural-Forms", plural_forms(locale))
    cat.set_header("Content-Type", "text/plain; charset=UTF-8")


def plan_update(config: Config, docs: Sequence[Document], locales: Sequence[str], now: dt.datetime,
                transform=None) -> list[PlannedWrite]:
    """Every `.pot` and `.po` that `update` would write (reads everything first).

    ``transform(domain, locale, old_catalog, merged_catalog)`` may adjust a merged
    catalog before it is compared (used by ``--minor``).
    """
    messages = _domain_messages(config, docs)
    writes = plan_extract(config, docs, now, messages)
    stamp = _format_date(now)
    for locale in locales:
        for domain, msgs in messages.items():
            path = locale_catalog_path(config, locale, domain)
            old = load_locale_catalog(config, locale, domain)
            if old is None:
                new = new_po_catalog(domain, locale, msgs, now)
                if transform is not None:
                    transform(domain, locale, None, new)
                writes.append(_planned(config, path, render_po(new)))
                continue
            merged = merge(old, msgs).catalog
            _locale_headers(merged, locale)
            if transform is not None:
                transform(domain, locale, old, merged)
            if catalog_signature(old, headers=LOCALE_HEADERS) == catalog_signature(merged, headers=LOCALE_HEADERS):
                continue
            merged.set_header("POT-Creation-Date", stamp)
            writes.append(_planned(config, path, render_po(merged)))
    return writes


def plan_init(config: Config, docs: Sequence[Document], locales: Sequence[str], now: dt.datetime,
              translator: str | None, team: str | None) -> tuple[list[PlannedWrite], list[str]]:
    """Catalogs `init` would create, and the existing ones it leaves alone."""
    messages = _domain_messages(config, docs)
    writes, kept = [], []
    for locale in locales:
        for domain, msgs in messages.items():
            path = locale_catalog_path(config, locale, domain)
            if path.exists():
                kept.append(rel(config, path))
                continue
            cat = new_po_catalog(domain, locale, msgs, now, translator, team)
            writes.append(PlannedWrite(path, rel(config, path), None, render_po(cat)))
    return writes, kept


def apply_writes(writes: Sequence[PlannedWrite]) -> None:
    """Write every planned file atomically (each is all-or-nothing).

    Every file is staged beside its target before any target is replaced, so a
    directory that cannot be written stops the command with every file as it was.
    """
    from .pofile import commit_staged, discard_staged, stage_atomic

    staged: list[tuple[str, Path, str]] = []
    try:
        for w in writes:
            staged.append(stage_atomic(w.path, w.new, w.rel))
    except BaseException:
        discard_staged(staged)
        raise
    commit_staged(staged)


@contextmanager
def project_lock(config: Config) -> Iterator[None]:
    """Serialise writers of `locales/` (two `update`s at once wait for each other)."""
    lock_dir = config.locales_dir
    if os.path.lexists(lock_dir) and not lock_dir.is_dir():
        raise WriteError("not a directory", "locales", None)
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
        handle = open(lock_dir / ".lock", "a+")
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror}", "locales", None) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
