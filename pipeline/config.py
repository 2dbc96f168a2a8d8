"""`[tool.policy-l10n]` in pyproject.toml → a frozen :class:`Config`.

Every locale is validated with Babel; locale ids stay in Babel's form
(``pt_BR``, ``zh_Hans``) and :func:`bcp47` gives the web form (``pt-BR``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

__all__ = ["Config", "Region", "load_config", "bcp47", "validate_locale", "NAME_RE"]

#: ids of documents, sections and regions
NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
PAPER_SIZES = ("A4", "A5", "A3", "letter", "legal", "B5")
ON_STALE = ("source", "translation")


@dataclass(frozen=True, slots=True)
class Region:
    """A region: the locales its pages are built in and their paper size."""

    name: str
    #: locales of the region, in configured order (may include the source locale)
    locales: tuple[str, ...]
    #: CSS page size of its PDFs
    paper: str = "A4"


@dataclass(frozen=True, slots=True)
class Config:
    """The content project's settings."""

    #: project root (absolute)
    root: Path
    source_locale: str = "en"
    #: translated locales, in configured order
    locales: tuple[str, ...] = ()
    #: locale -> locales it takes missing translations from, in order
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: region name -> Region, in configured order (empty: no regions)
    regions: dict[str, Region] = field(default_factory=dict)
    on_stale: str = "source"
    keep: tuple[str, ...] = ()
    base_url: str | None = None
    templates_dir: Path | None = None
    #: site paths whose next segment names a document (`/legal/` makes `/legal/terms` a link to `terms`)
    link_prefixes: tuple[str, ...] = ()
    #: the raw table, for the build's input hash
    raw: str = ""

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def releases_dir(self) -> Path:
        return self.root / "releases"

    def fallback_chain(self, locale: str) -> tuple[str, ...]:
        """``locale`` then its fallbacks, depth first, without repeats or the source locale."""
        chain: list[str] = []

        def visit(loc: str) -> None:
            if loc in chain or loc == self.source_locale:
                return
            chain.append(loc)
            for nxt in self.fallbacks.get(loc, ()):
                visit(nxt)

        visit(locale)
        return tuple(chain)

    def all_page_locales(self) -> tuple[str, ...]:
        """The source locale followed by every configured locale."""
        return (self.source_locale, *self.locales)

    def region_locales(self, region: str | None) -> tuple[str, ...]:
        """The locales with a page in ``region`` (every page locale without regions)."""
        return tuple(self.regions[region].locales) if region else self.all_page_locales()


def bcp47(locale: str) -> str:
    """Babel's ``pt_BR`` → BCP 47 ``pt-BR`` (for `lang` and output paths)."""
    return locale.replace("_", "-")


def _babel_ships(code: str) -> bool:
    """Whether ``code`` is one of the identifiers Babel has locale data for, exactly as Babel
    writes it (not `babel.localedata.exists`, which a case-insensitive file system would
    answer yes for "de_ch" too)."""
    from babel.localedata import locale_identifiers

    return code in locale_identifiers()  # a list Babel reads once and caches


def validate_locale(code: str, *, path: str | None = None, line: int | None = None) -> str:
    """Return ``code`` if Babel knows it, else raise with Babel's reason."""
    if not re.fullmatch(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})*", code):
        raise ConfigError(f"invalid locale identifier {code!r} (write Babel's form, e.g. de, pt_BR, zh_Hans)",
                          path, line)
    if _babel_ships(code):
        return code
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise ConfigError(f"unknown locale {code!r} (Babel has no data for it)", path, line) from None
    if str(parsed) != code and code.replace("-", "_") != str(parsed):
        # e.g. "pt_br": Babel accepts it but we want one spelling on disk
        raise ConfigError(f"locale {code!r} should be written {str(parsed)!r}", path, line)
    return code


def _line_of(text: str, *needles: str, table: str | None = None) -> int:
    """1-based line of the first line containing every needle (1 if none does).

    With ``table`` (e.g. ``"fallbacks"``), lines inside ``[tool.policy-l10n.<table>]``
    (or a table below it) are preferred, then lines naming the table inline.
    """
    lines = text.splitlines()
    if table is not None:
        header = re.compile(r"\s*\[\s*tool\s*\.\s*[\"']?policy-l10n[\"']?\s*\.\s*(.*?)\s*\]\s*(#.*)?\Z")
        current: str | None = None
        for number, line in enumerate(lines, 1):
            m = header.match(line)
            if m:
                current = re.sub(r"[\s\"']", "", m.group(1))
                continue
            if line.lstrip().startswith("["):
                current = None
            if current is not None and (current == table or current.startswith(table + ".")) \
                    and all(n in line for n in needles):
                return number
        for number, line in enumerate(lines, 1):
            if table.split(".")[0] in line and all(n in line for n in needles):
                return number
    for number, line in enumerate(lines, 1):
        if all(n in line for n in needles):
            return number
    return 1


def load_config(root: Path) -> Config:
    """Read and validate ``root/pyproject.toml``; a missing table gives the defaults."""
    root = root.resolve()
    path = root / "pyproject.toml"
    rel = "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no pyproject.toml: not a policy-l10n project (see --root)", rel, 1) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", rel, 1) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"invalid TOML: {exc}", rel, int(m.group(1)) if m else 1) from None
    table = data.get("tool", {}).get("policy-l10n", {})
    return _parse_table(root, table, text)


def _expect(cond: bool, message: str, text: str, *needles: str, table: str | None = None) -> None:
    if not cond:
        raise ConfigError(message, "pyproject.toml", _line_of(text, *needles, table=table))


def _parse_table(root: Path, table: dict, text: str) -> Config:
    known = {"source-locale", "locales", "fallbacks", "regions", "on-stale", "keep",
             "base-url", "templates-dir", "link-prefixes"}
    for key in table:
        _expect(key in known, f"unknown setting {key!r} in [tool.policy-l10n]", text, key)

    source_locale = table.get("source-locale", "en")
    _expect(isinstance(source_locale, str), "source-locale must be a string", text, "source-locale")
    validate_locale(source_locale, path="pyproject.toml", line=_line_of(text, "source-locale"))

    locales = table.get("locales", [])
    _expect(isinstance(locales, list) and all(isinstance(x, str) for x in locales),
            "locales must be a list of strings", text, "locales")
    for loc in locales:
        validate_locale(loc, path="pyproject.toml", line=_line_of(text, f'"{loc}"'))
        _expect(loc != source_locale, f"locale {loc!r} is the source locale", text, f'"{loc}"')
    _expect(len(set(locales)) == len(locales), "locales lists a locale twice", text, "locales")

    fallbacks_raw = table.get("fallbacks", {})
    _expect(isinstance(fallbacks_raw, dict), "fallbacks must be a table", text, "fallbacks")
    fallbacks: dict[str, tuple[str, ...]] = {}
    for loc, chain in fallbacks_raw.items():
        _expect(loc in locales, f"fallbacks: {loc!r} is not a configured locale", text, loc,
                table="fallbacks")
        if isinstance(chain, str):
            chain = [chain]
        _expect(isinstance(chain, list) and all(isinstance(x, str) for x in chain),
                f"fallbacks.{loc} must be a list of locales", text, loc, table="fallbacks")
        for target in chain:
            _expect(target in locales or target == source_locale,
                    f"fallbacks.{loc}: {target!r} is not a configured locale", text, loc, target,
                    table="fallbacks")
        fallbacks[loc] = tuple(chain)
    _check_fallback_cycles(fallbacks, text)

    regions: dict[str, Region] = {}
    regions_raw = table.get("regions", {})
    _expect(isinstance(regions_raw, dict), "regions must be a table", text, "regions")
    for name, spec in regions_raw.items():
        where = f"regions.{name}"
        _expect(bool(NAME_RE.match(name)) and name != "status",
                f"invalid region name {name!r}: use [a-z0-9][a-z0-9-]*, not 'status'", text, name,
                table="regions")
        _expect(isinstance(spec, dict), f"{where} must be a table", text, name, table="regions")
        rlocales = spec.get("locales", [])
        _expect(isinstance(rlocales, list) and bool(rlocales)
                and all(isinstance(x, str) for x in rlocales),
                f"{where}.locales must be a non-empty list of locales", text, "locales", table=where)
        for loc in rlocales:
            _expect(loc in locales or loc == source_locale,
                    f"{where}: locale {loc!r} is not configured", text, f'"{loc}"', table=where)
        paper = spec.get("paper", "A4")
        _expect(paper in PAPER_SIZES, f"{where}.paper must be one of {', '.join(PAPER_SIZES)}",
                text, "paper", table=where)
        for key in spec:
            _expect(key in ("locales", "paper"), f"unknown setting {key!r} in {where}", text, key,
                    table=where)
        regions[name] = Region(name, tuple(rlocales), paper)

    on_stale = table.get("on-stale", "source")
    _expect(on_stale in ON_STALE, 'on-stale must be "source" or "translation"', text, "on-stale")

    keep = table.get("keep", [])
    _expect(isinstance(keep, list) and all(isinstance(x, str) and x for x in keep),
            "keep must be a list of terms", text, "keep")

    base_url = table.get("base-url")
    if base_url is not None:
        _expect(isinstance(base_url, str) and bool(re.match(r"https?://[^\s\"'<>]+\Z", base_url)),
                "base-url must be an http(s) URL", text, "base-url")
        base_url = base_url.rstrip("/")

    templates_dir = table.get("templates-dir")
    if templates_dir is not None:
        _expect(isinstance(templates_dir, str), "templates-dir must be a path", text, "templates-dir")
        resolved = (root / templates_dir).resolve()
        _expect(resolved.is_relative_to(root),
                f"templates-dir {templates_dir!r} resolves outside the project", text, "templates-dir")
        templates_dir = resolved

    link_prefixes = table.get("link-prefixes", [])
    _expect(isinstance(link_prefixes, list) and all(isinstance(x, str) and re.fullmatch(r"/[^\s#?]*", x)
                                                    for x in link_prefixes),
            'link-prefixes must be a list of site paths starting with "/", e.g. ["/legal/"]', text,
            "link-prefixes")

    raw = repr(sorted(table.items(), key=lambda kv: kv[0]))
    return Config(root=root, source_locale=source_locale, locales=tuple(locales),
                  fallbacks=fallbacks, regions=regions, on_stale=on_stale, keep=tuple(keep),
                  base_url=base_url, templates_dir=templates_dir,
                  link_prefixes=tuple(p if p.endswith("/") else p + "/" for p in link_prefixes), raw=raw)


def _check_fallback_cycles(fallbacks: dict[str, tuple[str, ...]], text: str) -> None:
    def walk(loc: str, seen: tuple[str, ...]) -> None:
        for nxt in fallbacks.get(loc, ()):
            if nxt in seen:
                cycle = " → ".join((*seen, nxt))
                raise ConfigError(f"fallback cycle: {cycle}", "pyproject.toml",
                                  _line_of(text, seen[0], table="fallbacks"))
            walk(nxt, (*seen, nxt))

    for loc in fallbacks:
        walk(loc, (loc,))
