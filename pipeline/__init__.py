"""policy-l10n: English Markdown policies → per-section gettext catalogs → localized HTML and PDF.

Stages, one module each: :mod:`.source` (Markdown → document model),
:mod:`.catalog` (messages, `.pot`/`.po` merge), :mod:`.freshness` (per-section
state), :mod:`.render` (HTML, PDF) and :mod:`.output` (the build).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
