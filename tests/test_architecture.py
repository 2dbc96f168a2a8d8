"""The package's shape: data flows one way between its modules (no import cycle, function-level
imports included), and no hand-written module grows past STYLE's ~400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "pipeline"
#: generated from Unicode's data files by scripts/, not read by people
GENERATED = {"pipeline.unicode_tables"}
#: STYLE asks for ~400 lines; a little over is a judgement call, far over is a module to split
MAX_LINES = 410


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of the package that ``name`` imports, at any level of its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "pipeline":
                base = node.module or ""
            else:
                continue
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names if alias.name.split(".")[0] == "pipeline"]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    graph = {name: imported_modules(name, path, known) for name, path in mods.items()}
    # `from .x import y` names a submodule y or a name of x: keep the submodule, else x
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_walker_sees_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    graph = {"pipeline.a": {"pipeline.b"}, "pipeline.b": {"pipeline.a"}, "pipeline.c": set()}
    assert cycles(graph) == [["pipeline.a", "pipeline.b"]]
    source = "def f():\n    from .b import thing\n"
    (tmp_path / "a.py").write_text(source)
    assert imported_modules("pipeline.a", tmp_path / "a.py", {"pipeline.a", "pipeline.b"}) == {"pipeline.b"}


def test_no_import_cycle_between_the_package_modules() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_data_flows_from_source_to_output() -> None:
    """The stages import only stages before them: source → catalog → freshness → render → output."""
    order = ["pipeline.source", "pipeline.catalog", "pipeline.freshness", "pipeline.render", "pipeline.output"]
    graph = import_graph()

    def stage(module: str) -> int | None:
        return next((i for i, s in enumerate(order) if module == s or module.startswith(s + ".")), None)

    backwards = [(m, t) for m, targets in graph.items() for t in targets
                 if stage(m) is not None and stage(t) is not None and stage(t) > stage(m)]  # type: ignore[operator]
    assert not backwards, backwards


def test_no_hand_written_module_is_far_past_400_lines() -> None:
    long = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()
            if name not in GENERATED}
    assert {name: n for name, n in long.items() if n > MAX_LINES} == {}
