"""The other engineers' benchmark scripts, run as subprocesses; their one-line results go
into the table (each script's own README section or docstring says what it measures)."""

from __future__ import annotations

import re
import subprocess
import time

from harness import BENCH, PY, Options, Row, log


def _script(name: str, args: list[str]) -> tuple[int, list[str], float] | None:
    """(exit code, stdout lines, seconds), or None when the script is not there."""
    path = BENCH / name
    if not path.exists():
        return None
    start = time.perf_counter()
    proc = subprocess.run([str(PY), str(path), *args], capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        log(f"{name} failed ({proc.returncode}):\n{proc.stderr[-1500:]}")
    return proc.returncode, [line for line in proc.stdout.splitlines() if line.strip()], took


def _absent(name: str, target: str) -> list[Row]:
    return [Row(f"benchmarks/{name}", target, "script not present", "", None)]


def bench_po_layout(options: Options) -> list[Row]:
    """Our PO layout against `msgcat` on generated strings (exit 1 on any mismatch)."""
    name, target = "po_layout.py", "0 mismatches with msgcat on ≥ 100,000 strings"
    got = _script(name, ["--count", "2000"] if options.quick else [])
    if got is None:
        return _absent(name, target)
    code, lines, took = got
    first = lines[0] if lines else "(no output)"
    count = re.match(r"(\d+) strings, (\d+) mismatches", first)
    enough = count is not None and int(count.group(1)) >= 100_000
    return [Row("PO layout = msgcat's, generated strings (benchmarks/po_layout.py)", target, first,
                f"{took:.0f} s in all", code == 0 and (enough or options.quick))]


def bench_pdf_memory(options: Options) -> list[Row]:
    """Memory of a long PDF build (its script says what it measures; exit 0 = its target met)."""
    name, target = "pdf_memory.py", "every PDF worker ≤ 200 MB, flat over a 510-PDF build"
    got = _script(name, ["--documents", "2", "--locales", "4", "--no-before"] if options.quick else [])
    if got is None:
        return _absent(name, target)
    code, lines, took = got
    summary = [line for line in lines if line.startswith(("throughput", "FAIL"))] or \
        [line.strip("= ") for line in lines if line.startswith("==")] or ["(no output)"]
    return [Row("PDF workers' memory (benchmarks/pdf_memory.py)", target, summary[-1],
                f"{took:.0f} s in all; exit {code}", code == 0)]


def bench_adopt(options: Options) -> list[Row]:
    """`adopt`'s precision and recall (its table's "all" row)."""
    name, target = "adopt.py", "precision 100 %, recall ≥ 95 %"
    got = _script(name, ["--seeds", "1"] if options.quick else [])
    if got is None:
        return _absent(name, target)
    code, lines, took = got
    total = next((line for line in lines if "**all**" in line), None)
    if total is None:
        return [Row("adopt: pairing precision and recall (benchmarks/adopt.py)", target, "(no result row)",
                    f"exit {code}", False)]
    cells = [c.strip() for c in total.strip("|").split("|")]
    found = [re.match(r"([\d.]+)", c) for c in cells[2:4]]
    precision, recall = (float(m.group(1)) if m else -1.0 for m in found)
    met = precision == 100.0 and recall >= 95.0
    return [Row("adopt: pairing precision and recall (benchmarks/adopt.py)", target,
                f"{cells[1]} cases: precision {cells[2]}, recall {cells[3]}", f"{took:.0f} s in all; exit {code}",
                met)]
