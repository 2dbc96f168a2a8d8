"""Real catalogs of other projects through our PO reader and writer, against GNU msgcat.

    .venv/bin/python benchmarks/po_real.py DIR...

Every `*.po` under the folders is laid out by `msgcat` and by `render_po(parse_po(...))`; prints
how many are equal, differ or are refused (a charset other than UTF-8 or ASCII: `parse_po`'s
one-line error), shows the first lines that differ of each differing file, and exits 1 if any
does. Catalogs to try come with many packages, for instance (not kept in this repository: they
are other projects' work):

    pip download --no-deps --no-binary :all: Trac==1.6 gramps roundup deluge
    pip download --no-deps Django Sphinx weblate mailman trytond deform
    apt-get download gettext-doc          # gettext's example programs, in 43 languages

Session 9 ran it on 3,522 catalogs from these (see benchmarks/README.md, "PO layout").
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.errors import PoError  # noqa: E402
from pipeline.pofile import parse_po, render_po  # noqa: E402


def compare(path: Path) -> tuple[str, str]:
    """("equal" | "differs" | "refused" | "msgcat refuses", detail) for one catalog."""
    expected = subprocess.run(["msgcat", str(path)], capture_output=True)
    if expected.returncode != 0:
        return "msgcat refuses", expected.stderr.decode("utf-8", "replace").strip().splitlines()[0]
    try:
        ours = render_po(parse_po(path.read_bytes(), str(path))).encode("utf-8")
    except PoError as exc:
        return "refused", str(exc)
    if ours == expected.stdout:
        return "equal", ""
    diff = difflib.unified_diff(expected.stdout.decode("utf-8", "replace").splitlines(),
                                ours.decode("utf-8", "replace").splitlines(), "msgcat", "ours", n=0, lineterm="")
    return "differs", "\n".join(list(diff)[:12])


def main(folders: list[str]) -> int:
    counts: dict[str, int] = {}
    for path in sorted(p for folder in folders for p in Path(folder).rglob("*.po")):
        verdict, detail = compare(path)
        counts[verdict] = counts.get(verdict, 0) + 1
        if verdict in ("differs", "refused"):
            print(f"{path}: {verdict}\n{detail}\n")
    print(", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items())) or "no catalog found")
    return 1 if counts.get("differs") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
