"""Where the templates and CSS are: the project's `templates-dir` first, then the package's.

Below every stage: extraction reads the templates' strings (:mod:`.catalog`), rendering
uses them (:mod:`.render`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config
    from .errors import TemplateError

__all__ = ["PACKAGE_TEMPLATES", "STATIC_DIR", "template_dirs", "template_files", "template_error"]


#: the package's own templates and CSS (a project's `templates-dir` overrides them file by file)
PACKAGE_TEMPLATES = Path(__file__).parent / "render" / "templates"
STATIC_DIR = Path(__file__).parent / "render" / "static"


def template_dirs(config: "Config") -> list[Path]:
    """Template search path: the project's `templates-dir` first, then the package's."""
    dirs = [PACKAGE_TEMPLATES]
    if config.templates_dir is not None:
        dirs.insert(0, config.templates_dir)
    return dirs


def _display(path: Path, config: "Config") -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return f"pipeline/{path.relative_to(Path(__file__).parent).as_posix()}"


def template_files(config: "Config") -> list[tuple[Path, str]]:
    """Every template (``*.j2``) with the path shown in `#:` references."""
    seen: set[str] = set()
    out: list[tuple[Path, str]] = []
    for directory in template_dirs(config):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.j2")):
            if path.name in seen:
                continue
            seen.add(path.name)
            out.append((path, _display(path, config)))
    return sorted(out, key=lambda item: item[0].name)


def template_error(exc: Exception, config: "Config", name: str | None = None) -> "TemplateError":
    """Jinja2's exception as our one-line error at the template's `path:line`."""
    from .errors import TemplateError

    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:  # a rendering error: Jinja2 rewrites the traceback to the template's lines
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    where: str | None = _display(Path(filename), config) if filename else None
    if where is None:
        where = next((shown for path, shown in template_files(config) if path.name == name), name)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return TemplateError(f"template error: {message}", where, line)
