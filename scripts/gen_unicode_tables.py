"""Generate pipeline/unicode_tables.py from the Unicode Character Database.

    python3 scripts/gen_unicode_tables.py [--ucd /usr/share/unicode] [--output FILE]

Reads Debian's ``unicode-data`` files: LineBreak.txt (Line_Break classes, UAX #14),
EastAsianWidth.txt (UAX #11) and DerivedAge.txt. The General_Category needed for zero-width
characters is read from the comments of LineBreak.txt (the UCD writes it there on every line).

GNU msgcat 0.21 (Debian's gettext 0.21-12) lays text out by Unicode 14.0, older than Debian's
data files (15.0): observed, a character added in 15.0 lays out as an unassigned one there
(U+1FAF7 counts one column, not two), one added in 14.0 as assigned (U+1FAE0 counts two). So
characters whose Age is newer than ``AS_OF`` are treated as unassigned here, with the defaults
the data files document for unassigned code points.

Where msgcat's tables disagree with the data files otherwise, the constants below list what was
observed (every code point's width, and each run of equal Line_Break class in a few contexts,
laid out by msgcat: ``benchmarks/po_layout.py --code-points``).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AS_OF = (14, 0)
MAX_CP = 0x10FFFF

# Unassigned code points that default to something else than XX / N (see the headers of
# LineBreak.txt and EastAsianWidth.txt; the data lines do not list unassigned code points).
LB_DEFAULTS = [(0x3400, 0x4DBF, "ID"), (0x4E00, 0x9FFF, "ID"), (0xF900, 0xFAFF, "ID"),
               (0x20000, 0x2FFFD, "ID"), (0x30000, 0x3FFFD, "ID"),
               (0x1F000, 0x1FAFF, "ID"), (0x1FC00, 0x1FFFD, "ID"), (0x20A0, 0x20CF, "PR")]
EAW_DEFAULTS = [(0x3400, 0x4DBF, "W"), (0x4E00, 0x9FFF, "W"), (0xF900, 0xFAFF, "W"),
                (0x20000, 0x2FFFD, "W"), (0x30000, 0x3FFFD, "W")]

# General categories that take no column: marks, format characters, controls, separators.
ZERO_WIDTH_GC = {"Mn", "Me", "Cf", "Cc", "Zl", "Zp"}
# Observed in msgcat, not derivable from the two properties:
#  - Hangul Jungseong/Jongseong (conjoining vowels and finals, gc Lo) take no column;
#  - these combining marks count one column (Kannada, Zanabazar Square, Bhaiksuki);
#  - all of planes 2 and 3 count two columns, their noncharacters U+2FFFE/F, U+3FFFE/F too;
#  - so do the unassigned code points in these mostly wide ranges (e.g. U+3040, U+FF00).
ZERO_WIDTH_ASSIGNED = [(0x1160, 0x11FF), (0xD7B0, 0xD7FF)]
ONE_COLUMN_MARKS = [(0x0CBF, 0x0CBF), (0x0CC6, 0x0CC6), (0x11A07, 0x11A08), (0x11C3F, 0x11C3F)]
WIDE_RANGES = [(0x20000, 0x3FFFF)]
WIDE_UNASSIGNED = [(0x2E80, 0xA4CF), (0xFE10, 0xFE1F), (0xFE30, 0xFE6F), (0xFF00, 0xFF00),
                   (0x1F200, 0x1F2FF)]

# Observed: msgcat has the Line_Break values of Unicode 14 for these (changed in 15.0).
LINE_BREAK_AS_OF_14 = {0x1DCD: "CM", 0x1DFC: "CM", 0x2057: "AL"}

_LINE_RE = re.compile(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*(\w+)\s*#\s*(\S+)")


def read_property(path: Path) -> list[tuple[int, int, str, str]]:
    """(first, last, value, general category) of every data line."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE_RE.match(line)
        if m:
            first = int(m.group(1), 16)
            last = int(m.group(2), 16) if m.group(2) else first
            rows.append((first, last, m.group(3), m.group(4)))
    return rows


def read_ages(path: Path) -> list[tuple[int, int, tuple[int, int]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*(\d+)\.(\d+)", line)
        if m:
            first = int(m.group(1), 16)
            last = int(m.group(2), 16) if m.group(2) else first
            rows.append((first, last, (int(m.group(3)), int(m.group(4)))))
    return rows


def version_of(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.search(r"-(\d+\.\d+\.\d+)\.txt", first)
    if not m:
        raise SystemExit(f"{path}: no version in its first line")
    return m.group(1)


def unassigned_as_of(ucd: Path) -> bytearray:
    """For each code point: 0 if assigned by AS_OF, 1 if assigned later, 2 if unassigned."""
    unassigned = bytearray(b"\x02" * (MAX_CP + 1))
    for first, last, age in read_ages(ucd / "DerivedAge.txt"):
        unassigned[first:last + 1] = (b"\x01" if age > AS_OF else b"\x00") * (last - first + 1)
    return unassigned


def line_break_classes(ucd: Path, unassigned: bytearray) -> list[str]:
    classes = ["XX"] * (MAX_CP + 1)
    for first, last, value in LB_DEFAULTS:
        classes[first:last + 1] = [value] * (last - first + 1)
    defaults = classes[:]
    for first, last, value, _gc in read_property(ucd / "LineBreak.txt"):
        for cp in range(first, last + 1):
            classes[cp] = defaults[cp] if unassigned[cp] else value
    for cp, value in LINE_BREAK_AS_OF_14.items():
        classes[cp] = value
    return classes


def east_asian_widths(ucd: Path, unassigned: bytearray) -> list[str]:
    eaw = ["N"] * (MAX_CP + 1)
    for first, last, value in EAW_DEFAULTS:
        eaw[first:last + 1] = [value] * (last - first + 1)
    defaults = eaw[:]
    for first, last, value, _gc in read_property(ucd / "EastAsianWidth.txt"):
        for cp in range(first, last + 1):
            eaw[cp] = defaults[cp] if unassigned[cp] else value
    return eaw


def widths(ucd: Path, eaw: list[str], unassigned: bytearray) -> list[int]:
    width = [2 if value in ("W", "F") else 1 for value in eaw]
    for first, last, _value, gc in read_property(ucd / "LineBreak.txt"):
        if gc in ZERO_WIDTH_GC:
            for cp in range(first, last + 1):
                if not unassigned[cp]:
                    width[cp] = 0
    for first, last in ZERO_WIDTH_ASSIGNED:
        for cp in range(first, last + 1):
            width[cp] = 1 if unassigned[cp] else 0
    for first, last in ONE_COLUMN_MARKS:
        width[first:last + 1] = [1] * (last - first + 1)
    for first, last in WIDE_UNASSIGNED:
        for cp in range(first, last + 1):
            width[cp] = 2 if unassigned[cp] else width[cp]
    for first, last in WIDE_RANGES:
        width[first:last + 1] = [2] * (last - first + 1)
    return width


def ranges(values: list) -> tuple[list[int], list]:
    """Starts and values of the runs of equal values."""
    starts, runs = [0], [values[0]]
    for cp in range(1, len(values)):
        if values[cp] != runs[-1]:
            starts.append(cp)
            runs.append(values[cp])
    return starts, runs


def wrapped(items: list[str], width: int = 99) -> str:
    lines, line = [], ""
    for item in items:
        if line and len(line) + len(item) + 1 > width:
            lines.append(line)
            line = ""
        line += (" " if line else "") + item
    lines.append(line)
    return "\n".join(lines)


def render(ucd: Path) -> str:
    version = version_of(ucd / "LineBreak.txt")
    unassigned = unassigned_as_of(ucd)
    classes = line_break_classes(ucd, unassigned)
    eaw = east_asian_widths(ucd, unassigned)
    w_starts, w_values = ranges(widths(ucd, eaw, unassigned))
    lb_starts, lb_values = ranges(classes)
    # LB30 leaves out brackets that are East Asian Fullwidth, Wide or Halfwidth
    brackets = [cp for cp in range(MAX_CP + 1)
                if classes[cp] in ("OP", "CP") and eaw[cp] in ("F", "W", "H")]
    as_of = "%d.%d" % AS_OF
    return f'''"""Unicode tables of the PO layout. GENERATED by scripts/gen_unicode_tables.py.

Source: Unicode {version} (LineBreak.txt, EastAsianWidth.txt, DerivedAge.txt of Debian's
unicode-data), restricted to the characters assigned by Unicode {as_of}, the version GNU msgcat
0.21 (Debian's gettext 0.21-12) was observed to use: newer characters count as unassigned. A few
values follow what msgcat was observed to do (listed in the generator).

Each table is a text of "first-code-point value" pairs (hex code points): the value holds from
that code point up to the next one. Text, not tuples of literals: it imports in ~1 ms without
bytecode caches.
"""

#: Line_Break class (UAX #14) of each run of code points
LINE_BREAK = """
{wrapped([f"{start:X} {value}" for start, value in zip(lb_starts, lb_values)])}
"""

#: columns (0, 1 or 2) of each run of code points
WIDTH = """
{wrapped([f"{start:X} {value}" for start, value in zip(w_starts, w_values)])}
"""

#: OP and CP characters that are East Asian Fullwidth, Wide or Halfwidth (UAX #14 LB30)
EAST_ASIAN_BRACKETS = """
{wrapped([f"{cp:X}" for cp in brackets])}
"""
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ucd", type=Path, default=Path("/usr/share/unicode"))
    parser.add_argument("--output", type=Path, default=REPO / "pipeline" / "unicode_tables.py")
    args = parser.parse_args()
    args.output.write_text(render(args.ucd), encoding="utf-8")


if __name__ == "__main__":
    main()
