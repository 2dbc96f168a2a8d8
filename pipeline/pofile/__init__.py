"""Reading and writing gettext PO files, strictly and fast.

We read with our own parser because translators' files must fail with the exact
line of the fault (unterminated string, bad escape, duplicate entry), and
``status`` reads thousands of catalogs cold. We write GNU gettext's layout
(see :mod:`pipeline.polayout`), so a file saved by Poedit or ``msgcat`` is not
reflowed. polib remains the independent reader the tests check us against.
"""

from __future__ import annotations

from .model import Catalog, Entry
from .read import MAX_PO_BYTES, parse_po, read_po
from .write import commit_staged, discard_staged, po_lines, render_po, stage_atomic, write_all_atomic, write_atomic

__all__ = ["Entry", "Catalog", "parse_po", "read_po", "po_lines", "render_po", "write_atomic",
           "stage_atomic", "commit_staged", "discard_staged", "write_all_atomic", "MAX_PO_BYTES"]
