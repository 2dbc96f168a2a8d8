"""Rendering: localized HTML pages (:mod:`.html`) and PDFs (:mod:`.pdf`)."""

from __future__ import annotations

from ..templates import PACKAGE_TEMPLATES, STATIC_DIR, template_dirs, template_error, template_files

__all__ = ["PACKAGE_TEMPLATES", "STATIC_DIR", "template_dirs", "template_files", "template_error"]
