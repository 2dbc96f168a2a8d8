"""Catalogs: each document's gettext messages, `.pot` extraction, the `.po` merge, init and update.

- :mod:`.messages`: the messages of a document and of the `ui` templates;
- :mod:`.merge`: DESIGN.md's update semantics (no translation is ever lost);
- :mod:`.store`: catalog files: paths, reading, new catalogs, planned writes, the lock.
"""

from .merge import MergeResult, catalog_digest, catalog_signature, merge
from .messages import (TEMPLATES_HEADER, UI_DOMAIN, UI_EXTRACTOR_VERSION, Message, document_messages,
                       extract_ui_from_templates, templates_digest)
from .store import (LOCALE_HEADERS, PlannedWrite, apply_writes, check_identity, load_locale_catalog,
                    locale_catalog_path, new_po_catalog, plan_extract, plan_init, plan_update,
                    plural_forms, pot_catalog, pot_path, project_lock, rel, ui_messages)

__all__ = [
    "MergeResult", "catalog_digest", "catalog_signature", "merge",
    "TEMPLATES_HEADER", "UI_DOMAIN", "UI_EXTRACTOR_VERSION", "Message", "document_messages",
    "extract_ui_from_templates", "templates_digest", "ui_messages",
    "LOCALE_HEADERS", "PlannedWrite", "apply_writes", "check_identity", "load_locale_catalog",
    "locale_catalog_path", "new_po_catalog", "plan_extract", "plan_init", "plan_update",
    "plural_forms", "pot_catalog", "pot_path", "project_lock", "rel",
]
