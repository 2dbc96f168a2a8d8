"""`build --shard K/N`: every shard timed as its own process on a fresh copy; balanced and disjoint."""

from __future__ import annotations

import resource
from pathlib import Path

from harness import CLI, JOBS, REPO, Options, Row, build_state, clean_outputs, corpus, fresh_clone, fresh_copy, log, \
    med, run

TOLERANCE = 0.20  # every shard within 20 % of the mean


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process and its descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _shard_runs(clean: Path, n: int, reps: int) -> list[tuple[float, float, set[str]]]:
    """Each shard K/N's median time and median CPU time over ``reps`` fresh copies, and the
    outputs it rendered. The shards take turns (1..N, then again), so a drift of the
    machine's speed during the runs falls on all of them alike rather than on the last ones."""
    times: list[list[float]] = [[] for _ in range(n)]
    cpu: list[list[float]] = [[] for _ in range(n)]
    rendered: list[set[str]] = [set() for _ in range(n)]
    for _ in range(reps):
        for k in range(1, n + 1):
            copy = fresh_copy(clean, f"shard-{clean.name}")
            before = _children_cpu()
            times[k - 1].append(run([CLI, "build", "--shard", f"{k}/{n}", "--jobs", JOBS], cwd=copy))
            cpu[k - 1].append(_children_cpu() - before)
            rendered[k - 1] = set(build_state(copy))
    return [(med(t), med(c), r) for t, c, r in zip(times, cpu, rendered)]


def _spread(values: list[float]) -> tuple[float, float]:
    """The mean and the worst deviation from it, as a share of the mean."""
    mean = sum(values) / len(values)
    return mean, max(abs(v - mean) for v in values) / mean


def _rows_for(label: str, clean: Path, reps: int, full: set[str] | None) -> list[Row]:
    rows = []
    for n in (2, 3, 4):
        results = _shard_runs(clean, n, reps)
        times = [t for t, _, _ in results]
        mean, spread = _spread(times)
        cpu_mean, cpu_spread = _spread([c for _, c, _ in results])
        sets = [s for _, _, s in results]
        twice = sorted(p for i, s in enumerate(sets) for p in s if any(p in o for o in sets[i + 1:]))
        union = set().union(*sets)
        missing = sorted(full - union) if full is not None else []
        log(f"shards {label} N={n}: {[f'{t:.2f}' for t in times]} s, CPU {[f'{c:.2f}' for _, c, _ in results]} s, "
            f"outputs {[len(s) for s in sets]}")
        verdict = [f"rendered twice: {len(twice)}" + (f" ({', '.join(twice[:3])}…)" if twice else "")]
        if full is not None:
            verdict.append(f"missing from every shard: {len(missing)}" + (f" ({', '.join(missing[:3])}…)"
                                                                            if missing else ""))
        rows.append(Row(f"build --shard K/{n}, {label}: each shard's time (outputs rendered)",
                        f"every shard within {TOLERANCE:.0%} of the mean; no output rendered twice",
                        " / ".join(f"{t:.2f} s ({len(s)})" for t, _, s in results) + f"; worst ±{spread:.0%}",
                        f"mean {mean:.2f} s; CPU time (all processes) "
                        + " / ".join(f"{c:.2f} s" for _, c, _ in results)
                        + f", mean {cpu_mean:.2f} s, worst ±{cpu_spread:.0%}; " + "; ".join(verdict),
                        spread <= TOLERANCE and not twice and not missing))
    return rows


def bench_shards(options: Options) -> list[Row]:
    """On this project (a clone: its real content) and on the corpus; for this project the
    union of the shards is also compared with a full build's outputs (less the dashboard
    and status pages, which `manifest merge` writes)."""
    project = fresh_clone(REPO, "shards-project")
    clean_outputs(project)
    full_copy = fresh_copy(project, "shards-project-full")
    run([CLI, "build", "--jobs", JOBS], cwd=full_copy)
    full = {p for p in build_state(full_copy) if p != "index.html" and not p.startswith("status/")}
    rows = _rows_for("this project", project, options.reps(1, 5), full)
    rows += _rows_for("corpus", fresh_clone(corpus(options), "shards-corpus"), 1, None)
    return rows
