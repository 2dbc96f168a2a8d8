"""What every benchmark shares: whole-process timing, fresh project copies, result rows."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
WORK = BENCH / "work"
PY = REPO / ".venv" / "bin" / "python"
CLI = REPO / ".venv" / "bin" / "policy-l10n"
#: the pool size of our PDF builds and of bare WeasyPrint
JOBS = os.cpu_count() or 1


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    name: str
    target: str
    measured: str
    baseline: str
    #: True / False, or None for a row that records a number without a target
    met: bool | None


@dataclass(frozen=True)
class Options:
    """The run's options: ``quick`` = small sizes and few repetitions (development)."""

    quick: bool

    def reps(self, quick: int, full: int) -> int:
        return quick if self.quick else full


def user_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a timed command runs in: ``env`` (default: this one) without
    PYTHONDONTWRITEBYTECODE. A user's Python writes each module's bytecode once and reuses
    it; a shell that forbids writing it would time the compilation of every module of ours
    (~0.05-0.1 s a run) instead of the command."""
    out = dict(os.environ if env is None else env)
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def compile_bytecode() -> None:
    """Bytecode of our package and of the venv's site-packages (Sphinx's included) written
    before anything is timed, as an installed package has it (pip compiles at install; an
    editable install compiles on first use)."""
    site_packages = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    subprocess.run([str(PY), "-m", "compileall", "-q", "-j", "0", str(REPO / "pipeline"), *site_packages],
                   check=True, stdout=subprocess.DEVNULL, env=user_env())


def run(cmd: Sequence[object], cwd: Path | None = None, env: Mapping[str, str] | None = None,
        ok: Sequence[int] = (0,)) -> float:
    """Run a whole process as a user runs it (:func:`user_env`); its wall time in seconds.
    Output is discarded; a failure stops the run."""
    start = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=user_env(env))
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok or b"Traceback (most recent call last)" in proc.stderr:
        raise SystemExit(f"{' '.join(map(str, cmd))} (in {cwd}) failed with {proc.returncode}:\n"
                         f"{proc.stderr.decode(errors='replace')[-1500:]}")
    return elapsed


def interleaved(contenders: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Time each contender once a round, in turn (the machine's speed drifts over minutes,
    so one after the other would compare different machines), each round starting with the
    next one: on this VM the second of two runs back to back was ~5-8 % slower than the first,
    so a fixed order favours whoever goes first (benchmarks/README.md, session 7)."""
    names = list(contenders)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            times[name].append(contenders[name]())
    return times


def med(values: Sequence[float]) -> float:
    return statistics.median(values)


def clean_outputs(project: Path) -> None:
    """Cold: no output, no build state, no preview."""
    for name in ("output", ".cache", ".preview"):
        shutil.rmtree(project / name, ignore_errors=True)


def fresh_clone(src: Path, name: str) -> Path:
    """A fresh clone of ``src`` (committed content only) at WORK/name."""
    dest = WORK / name
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(["git", "clone", "-q", str(src), str(dest)], check=True)
    return dest


def fresh_copy(src: Path, name: str) -> Path:
    """A copy of ``src`` as it is (outputs and build state included) at WORK/name."""
    dest = WORK / name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, symlinks=True)
    return dest


def build_state(project: Path) -> dict[str, dict]:
    try:
        return json.loads((project / ".cache" / "build-state.json").read_text(encoding="utf-8"))
    except OSError:
        return {}


def rendered_since(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """Outputs a build rendered: their input key changed (or they are new) in build-state.json."""
    return sorted(path for path, rec in after.items() if before.get(path, {}).get("key") != rec.get("key"))


def startup(reps: int) -> float:
    """Start-up: `.venv/bin/python -c pass` of the same venv."""
    return med([run([PY, "-c", "pass"]) for _ in range(reps)])


def corpus(options: Options) -> Path:
    """The real-sized corpus (benchmarks/corpus.py), generated once per size and kept in WORK."""
    from corpus import generate

    documents = 4 if options.quick else 50
    dest = WORK / f"corpus-{documents}"
    if not (dest / ".git").exists():
        print(f"generating the corpus ({documents} documents) in {dest}", file=sys.stderr)
        generate(dest, documents)
    return dest


def pdf_pages_of(project: Path) -> list[str]:
    """The PDFs of the project's last build (paths under output/, from its manifest)."""
    manifest = json.loads((project / "output" / "manifest.json").read_text(encoding="utf-8"))
    return sorted(item["path"] for item in manifest["outputs"] if item["kind"] == "pdf")


def bare_weasyprint(html_files: Sequence[Path], out_dir: Path) -> float:
    """Bare WeasyPrint in a fresh process, a fork pool of JOBS, on these HTML files."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    listing = out_dir / "files.txt"
    listing.write_text("\n".join(str(p) for p in html_files), encoding="utf-8")
    return run([PY, BENCH / "bare_weasyprint.py", str(JOBS), listing, out_dir])


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
