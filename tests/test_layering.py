"""The package has no import cycles: module-level imports form a DAG (lazy imports inside
functions and ``TYPE_CHECKING`` blocks are left out: they never run at import time)."""

from __future__ import annotations

import ast
from pathlib import Path

import awsref

PACKAGE = Path(awsref.__file__).parent


def module_imports(path: Path) -> set[str]:
    """The awsref modules ``path`` imports at module level."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "awsref":
                found |= {a.name for a in node.names if (PACKAGE / f"{a.name}.py").exists()}
            elif node.module.startswith("awsref."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("awsref.")}
    return found


GRAPH = {p.stem: module_imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__main__"}


def test_module_level_imports_have_no_cycle() -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        assert state.get(name) != 1, "import cycle: " + " -> ".join([*path, name])
        state[name] = 1
        for dep in sorted(GRAPH.get(name, ())):
            visit(dep, [*path, name])
        state[name] = 2

    for name in sorted(GRAPH):
        visit(name, [])


def test_the_spec_and_the_leaves_import_nothing_of_awsref() -> None:
    for leaf in ("spec", "answer", "buckets", "text", "page", "display", "wrap", "field_rules"):
        assert GRAPH[leaf] == set(), (leaf, GRAPH[leaf])


def test_the_spec_of_the_commands_imports_only_the_spec() -> None:
    assert GRAPH["spec_commands"] == {"spec"}, GRAPH["spec_commands"]


def test_renderers_never_import_the_lookups() -> None:
    for name in GRAPH:
        if name.startswith("render_") or name in ("views", "records"):
            assert "lookup" not in GRAPH[name] and "commands" not in GRAPH[name], name


# The answering layer, lowest first: each module imports only modules before it (and the
# knowledge base, the resolver, the spec and the leaves); ``lookup`` is every command's
# entry point and nothing below it imports it.
ANSWERING = ("shape", "names", "limits", "compare", "lookup")


def test_the_answering_modules_import_only_the_ones_below_them() -> None:
    for i, name in enumerate(ANSWERING):
        above = set(ANSWERING[i + 1 :])
        assert not GRAPH[name] & above, (name, sorted(GRAPH[name] & above))


def test_answer_shaping_needs_no_matching() -> None:
    # catalogue: which limits are the quota catalogue's (a leaf that imports nothing)
    assert GRAPH["shape"] <= {"answer", "text", "catalogue"}, GRAPH["shape"]


def test_renderers_never_import_the_answering_modules() -> None:
    for name in GRAPH:
        if name.startswith("render_") or name in ("views", "records"):
            assert not GRAPH[name] & set(ANSWERING), (name, GRAPH[name] & set(ANSWERING))


def test_the_compare_engine_loads_only_when_a_comparison_is_asked() -> None:
    # ``lookup.compare`` imports it inside the function: a limit lookup never reads it.
    assert not any("compare" in GRAPH[name] for name in GRAPH), [n for n in GRAPH if "compare" in GRAPH[n]]


MAX_LINES = 400  # a module a newcomer reads in one sitting (issue 20)


def test_no_module_is_over_four_hundred_lines() -> None:
    long = {
        p.stem: n
        for p in PACKAGE.glob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these by job: {long}"
