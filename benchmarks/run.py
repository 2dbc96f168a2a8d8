"""Benchmarks of policy-l10n: whole processes, timed side by side in one run.

    .venv/bin/python benchmarks/run.py [--quick] [--only NAME]...

Prints the machine and one table (benchmark, target, measured, baseline, met); exits 1
when a target is not met. `--quick` uses small sizes and few repetitions (to check that
every benchmark works, not to judge a target). Work folders live in benchmarks/work/
(ignored by git). benchmarks/README.md says what each row measures.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from harness import WORK, Options, Row, compile_bytecode, log  # noqa: E402


def _benchmarks() -> dict[str, Callable[[Options], list[Row]]]:
    """Name -> benchmark, in the table's order."""
    from bench_before import bench_before
    from bench_html import bench_html
    from bench_others import bench_adopt, bench_pdf_memory, bench_po_layout
    from bench_pdf import bench_full_pdf, bench_po_edit
    from bench_serve import bench_serve
    from bench_shards import bench_shards
    from bench_status import bench_status

    return {"pdf": bench_full_pdf, "po-edit": bench_po_edit, "serve": bench_serve, "status": bench_status,
            "html": bench_html, "shards": bench_shards, "before": bench_before, "po-layout": bench_po_layout,
            "pdf-memory": bench_pdf_memory, "adopt": bench_adopt}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               "?")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import weasyprint

    return (f"machine: {platform.platform()}, {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
            f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
            f"load average {os.getloadavg()[0]:.1f}")


def table(rows: list[Row]) -> str:
    verdict = {True: "yes", False: "**NO**", None: "(recorded)"}
    lines = ["| benchmark | target | measured | baseline | met |", "|---|---|---|---|---|"]
    lines += [f"| {r.name} | {r.target} | {r.measured} | {r.baseline} | {verdict[r.met]} |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    benchmarks = _benchmarks()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions (development)")
    parser.add_argument("--only", action="append", choices=list(benchmarks), metavar="NAME",
                        help=f"run only this benchmark (repeatable): {', '.join(benchmarks)}")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    options = Options(quick=args.quick)
    rows: list[Row] = []
    started = time.monotonic()
    compile_bytecode()  # every row times our commands with their bytecode written, as a user runs them
    for name, bench in benchmarks.items():
        if args.only and name not in args.only:
            continue
        log(f"== {name}")
        t = time.monotonic()
        rows += bench(options)
        log(f"== {name}: {time.monotonic() - t:.0f} s")
    print(machine() + (" — QUICK RUN (small sizes): not a measurement of the targets" if args.quick else ""))
    print(f"benchmarks took {time.monotonic() - started:.0f} s")
    print()
    print(table(rows))
    return 1 if any(r.met is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
