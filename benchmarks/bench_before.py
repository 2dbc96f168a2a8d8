"""What each removed speed trick cost: the code before the simplification (3088a79) against
today's, and the old code with one trick at a time switched off, all whole processes,
interleaved run by run.

The old code runs from a git worktree in benchmarks/work/before (PYTHONPATH points at it;
same venv), its Jinja2 templates compiled as its `make` did. Both sides start the same
way, `python -c` calling the console script's function (the old `launch.run`, today's
`cli.run`), so the numbers compare the code, not two wrappers. A trick is switched off
by a few statements before that call (monkeypatches of the old code, listed in ABLATIONS),
or, for the compiled templates, by moving them away for the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bench_status import status_project
from harness import JOBS, PY, REPO, WORK, Options, Row, clean_outputs, fresh_clone, interleaved, log, med, run

BEFORE_COMMIT = "3088a79"
BEFORE = WORK / "before"
COMPILED = BEFORE / "pipeline" / "render" / "__pycache__" / "templates"

_OLD_RUN = "from pipeline.launch import run; run()"
_NEW_RUN = "from pipeline.cli import run; run()"


@dataclass(frozen=True)
class Variant:
    """A way to run a command: which code, and what is switched off first."""

    name: str
    code: str
    before_code: bool = True
    no_compiled_templates: bool = False

    def command(self, args: list[str]) -> list[str]:
        # -P: the working directory (a clone of this repository holds a `pipeline/`) is not on sys.path
        return [str(PY), "-P", "-c", f"import sys; sys.argv[0] = 'policy-l10n'; {self.code}", *args]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        if self.before_code:
            env["PYTHONPATH"] = str(BEFORE)
        return env


BEFORE_V = Variant("before (3088a79)", _OLD_RUN)
AFTER_V = Variant("after (today)", _NEW_RUN, before_code=False)
#: each removal, as the old code with only that trick switched off
ABLATIONS = {
    "launcher fork + Babel child": Variant(
        "no launcher fork", "import pipeline.launch as m; m._fork_locale_facts = lambda root: None; " + _OLD_RUN),
    "forked half-build (and status's forked half)": Variant(
        "no fork", "import pipeline.forking as m; m.can_fork = lambda: False; " + _OLD_RUN),
    "compiled templates": Variant("no compiled templates", _OLD_RUN, no_compiled_templates=True),
    "deferred tempfile": Variant("tempfile imported", "import tempfile; " + _OLD_RUN),
    "gc.disable + os._exit": Variant(
        "gc on, normal exit", "import gc; gc.disable = lambda: None; from pipeline.launch import main; "
        "sys.exit(main())"),
    "light PO reader (pofast)": Variant(
        "strict reader only", "import pipeline.pofast as m; m.light_parse = lambda text: None; "
        "m.fast_parse = lambda text, path='': None; " + _OLD_RUN),
    "no-op record": Variant(
        "no no-op record", "import pipeline.noop as m; m.unchanged = lambda *a, **k: False; " + _OLD_RUN),
}
#: which removals can change which measurement
RELEVANT = {
    "cold HTML build": ["launcher fork + Babel child", "forked half-build (and status's forked half)",
                        "compiled templates", "deferred tempfile", "gc.disable + os._exit",
                        "light PO reader (pofast)"],
    "no-op rebuild": ["no-op record", "gc.disable + os._exit"],
    "status 100 × 60, cold": ["forked half-build (and status's forked half)", "gc.disable + os._exit",
                              "light PO reader (pofast)"],
    "full build with PDFs": [],
}


def prepare_before() -> None:
    """The worktree of the old code, its bytecode and templates compiled as its `make` did."""
    if not (BEFORE / "pipeline").is_dir():
        subprocess.run(["git", "worktree", "prune"], cwd=REPO, check=True)
        subprocess.run(["git", "worktree", "add", "-f", "--detach", str(BEFORE), BEFORE_COMMIT], cwd=REPO,
                       check=True, capture_output=True)
    env = BEFORE_V.env()
    subprocess.run([str(PY), "-m", "compileall", "-q", "-f", str(BEFORE / "pipeline")], check=True, env=env)
    subprocess.run([str(PY), "-c", "from pipeline.render.html import compile_package_templates as c; c()"],
                   check=True, env=env, cwd=BEFORE)
    subprocess.run([str(PY), "-m", "compileall", "-q", str(REPO / "pipeline")], check=True)


def timed(variant: Variant, args: list[str], cwd: Path, before: Callable[[], None] | None = None
          ) -> Callable[[], float]:
    def once() -> float:
        if before:
            before()
        moved = COMPILED.with_name("templates.off")
        if variant.no_compiled_templates:
            COMPILED.rename(moved)
        try:
            return run(variant.command(args), cwd=cwd, env=variant.env(), ok=(0, 1))
        finally:
            if variant.no_compiled_templates:
                moved.rename(COMPILED)
    return once


def _measure(label: str, args: list[str], cwd: Path, rounds: int, before: Callable[[], None] | None = None,
             cwd_of: Callable[[], Path] | None = None) -> dict[str, float]:
    """Median seconds of before, after and each relevant ablation, interleaved."""
    variants = {"before": BEFORE_V, "after": AFTER_V, **{name: ABLATIONS[name] for name in RELEVANT[label]}}
    def contender(variant: Variant) -> Callable[[], float]:
        if cwd_of is None:
            return timed(variant, args, cwd, before)
        return lambda: timed(variant, args, cwd_of(), before)()  # a fresh directory each run

    contenders = {name: contender(v) for name, v in variants.items()}
    times = interleaved(contenders, rounds)
    result = {name: med(ts) for name, ts in times.items()}
    log(f"before/after {label}: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.items()))
    return result


def bench_before(options: Options) -> list[Row]:
    prepare_before()
    proj = fresh_clone(REPO, "before-proj")
    results: dict[str, dict[str, float]] = {}
    results["cold HTML build"] = _measure("cold HTML build", ["build", "--no-pdf"], proj, options.reps(3, 15),
                                          before=lambda: clean_outputs(proj))
    noop_projects = {}  # each side's own built project (their build records differ)
    for side, variant in (("before", BEFORE_V), ("after", AFTER_V)):
        noop_projects[side] = fresh_clone(REPO, f"before-noop-{side}")
        run(variant.command(["build", "--jobs", str(JOBS)]), cwd=noop_projects[side], env=variant.env())
        run(variant.command(["build", "--jobs", str(JOBS)]), cwd=noop_projects[side], env=variant.env())
    results["no-op rebuild"] = _noop(noop_projects, options.reps(5, 30))
    results["status 100 × 60, cold"] = _measure(
        "status 100 × 60, cold", ["status"], proj, options.reps(2, 5),
        cwd_of=lambda: fresh_clone(status_project(), "before-status-clone"))
    results["full build with PDFs"] = _measure("full build with PDFs", ["build", "--jobs", str(JOBS)], proj,
                                               options.reps(1, 3), before=lambda: clean_outputs(proj))
    return _rows(results)


def _noop(projects: dict[str, Path], rounds: int) -> dict[str, float]:
    """No-op rebuilds; each variant of the old code on the old code's built project."""
    variants = {"before": BEFORE_V, "after": AFTER_V, **{n: ABLATIONS[n] for n in RELEVANT["no-op rebuild"]}}
    contenders = {name: timed(v, ["build", "--jobs", str(JOBS)], projects["after" if name == "after" else "before"])
                  for name, v in variants.items()}
    times = interleaved(contenders, rounds)
    result = {name: med(ts) for name, ts in times.items()}
    log("before/after no-op rebuild: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.items()))
    return result


def _rows(results: dict[str, dict[str, float]]) -> list[Row]:
    rows = []
    for label, r in results.items():
        b, a = r["before"], r["after"]
        rows.append(Row(f"before vs after the simplification: {label}", "(recorded)", f"after {_fmt(a)}",
                        f"before {_fmt(b)} ({(a - b) / b:+.0%})", None))
        for name in RELEVANT[label]:
            cost = r[name] - b
            verdict = "under 10 %" if cost / b < 0.10 else "10 % or more"
            rows.append(Row(f"  removal of {name}: {label}", "(recorded: costs < 10 %?)",
                            f"{_fmt(r[name])} without it", f"with it {_fmt(b)}: the removal costs "
                            f"{cost * 1000:+.0f} ms ({cost / b:+.0%}): {verdict}", None))
    return rows


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 2 else f"{seconds:.2f} s"
