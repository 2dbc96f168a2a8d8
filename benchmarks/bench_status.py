"""`status` at 100 documents × 60 locales, cold: a fresh clone each run, no cache."""

from __future__ import annotations

import subprocess
from pathlib import Path

from harness import BENCH, CLI, PY, WORK, Options, Row, fresh_clone, med, run

DOCUMENTS, LOCALES = 100, 60


def status_project() -> Path:
    """benchmarks/generate.py's synthetic project (10 sections a document), made once, committed."""
    gen = WORK / f"gen-{DOCUMENTS}x{LOCALES}"
    if not (gen / ".git").exists():
        subprocess.run([str(PY), str(BENCH / "generate.py"), str(gen), "--documents", str(DOCUMENTS),
                        "--locales", str(LOCALES)], check=True)
        git = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]
        subprocess.run(["git", "init", "-q"], cwd=gen, check=True)
        subprocess.run(["git", "add", "-A"], cwd=gen, check=True)
        subprocess.run([*git, "commit", "-qm", "bench"], cwd=gen, check=True)
    return gen


def cold_status(cli: list[str], fmt: str = "table") -> float:
    """One cold `status` (exit 1 is a --fail-on verdict, not a failure: none is asked here)."""
    clone = fresh_clone(status_project(), "status-clone")
    return run([*cli, "status", "--format", fmt], cwd=clone)


def bench_status(options: Options) -> list[Row]:
    reps = options.reps(3, 7)
    table = med([cold_status([str(CLI)]) for _ in range(reps)])
    as_json = med([cold_status([str(CLI)], "json") for _ in range(reps)])
    return [Row(f"status, {DOCUMENTS} documents × {LOCALES} locales, cold (fresh clone)", "< 1 s", f"{table:.2f} s",
                f"--format json: {as_json:.2f} s", table < 1.0)]

