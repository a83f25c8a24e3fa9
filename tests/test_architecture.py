"""The app graph stays straight: read from the source (ASTs), so that it holds for code written later too.

- No pair of apps of logis/ imports each other, nor does any cycle of apps (the graph is ordered, base to top).
- No import of `logis.*` inside a function or method: an import made late to dodge a cycle is a hard-wired effect;
  register it instead (logis.core.effects).
- The base (logis.core) imports no other app; no app imports the top (logis.home).
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "logis"
BASE, TOP = "core", "home"


def _imports(tree: ast.AST):
    """(module imported, line, inside a function) for every absolute import of `logis.*` in `tree`."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                modules = [child.module]
            elif isinstance(child, ast.Import):
                modules = [alias.name for alias in child.names]
            elif (
                isinstance(child, ast.Call)
                and getattr(child.func, "attr", getattr(child.func, "id", "")) == "import_module"
                and child.args
                and isinstance(child.args[0], ast.Constant)
                and isinstance(child.args[0].value, str)
            ):
                modules = [child.args[0].value]  # importlib.import_module("logis.x"): the same import, hidden
            else:
                modules = []
            found.extend((m, child.lineno, in_function) for m in modules if m == "logis" or m.startswith("logis."))
            visit(child, inner)

    visit(tree, False)
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) < 2:
            continue
        yield relative.parts[0], f"logis/{relative}", ast.parse(path.read_text(encoding="utf-8"))


def _graph():
    edges = defaultdict(lambda: defaultdict(set))
    for app, where, tree in _modules():
        for module, _line, _local in _imports(tree):
            target = module.split(".")[1] if "." in module else ""
            if target and target != app:
                edges[app][target].add(where)
    return edges


def test_no_pair_of_apps_imports_each_other():
    edges = {app: dict(targets) for app, targets in _graph().items()}
    pairs = sorted(
        f"{a} <-> {b}: {sorted(edges[a][b])} / {sorted(edges[b][a])}"
        for a in edges
        for b in edges[a]
        if a < b and a in edges.get(b, {})
    )
    assert not pairs, "apps importing each other:\n" + "\n".join(pairs)


def _cycles(edges) -> list[set[str]]:
    """The strongly connected components of more than one app (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(app):
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for target in edges.get(app, {}):
            if target not in index:
                visit(target)
                low[app] = min(low[app], low[target])
            elif target in on_stack:
                low[app] = min(low[app], index[target])
        if low[app] == index[app]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == app:
                    break
            if len(component) > 1:
                found.append(component)

    for app in sorted(set(edges) | {t for targets in edges.values() for t in targets}):
        if app not in index:
            visit(app)
    return found


def test_the_apps_import_each_other_without_any_cycle():
    """Not even through a third app: the apps can be ordered from the base to the top."""
    edges = {app: dict(targets) for app, targets in _graph().items()}
    cycles = _cycles(edges)
    assert not cycles, "import cycles between apps:\n" + "\n".join(
        f"{sorted(cycle)}: " + "; ".join(f"{a} -> {b}" for a in sorted(cycle) for b in sorted(edges[a]) if b in cycle)
        for cycle in cycles
    )


def test_the_cycle_finder_finds_a_cycle_of_three():
    assert _cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [{"a", "b", "c"}]


def test_no_function_local_import_of_logis():
    local = [
        f"{where}:{line} imports {module}"
        for _app, where, tree in _modules()
        for module, line, in_function in _imports(tree)
        if in_function
    ]
    assert not local, "import at module level, or register an effect (logis.core.effects) instead:\n" + "\n".join(
        local
    )


def test_the_base_imports_no_other_app_and_no_app_imports_the_top():
    edges = _graph()
    assert BASE not in edges, f"logis.core imports {dict(edges.get(BASE, {}))}"
    importing_the_top = {app: sorted(targets[TOP]) for app, targets in edges.items() if TOP in targets}
    assert not importing_the_top, f"apps importing logis.home: {importing_the_top}"


def test_the_walker_sees_imports_hidden_in_functions_methods_and_import_module():
    source = (
        "import logis.geo\n"
        "from logis.offers.models import Offer\n"
        "def f():\n    from logis.commission import selectors\n"
        "class C:\n    def m(self):\n        import logis.scoring.services\n"
        "def g():\n    importlib.import_module('logis.documents.perms')\n"
        "from django.db import models\n"
    )
    found = _imports(ast.parse(source))
    assert found == [
        ("logis.geo", 1, False),
        ("logis.offers.models", 2, False),
        ("logis.commission", 4, True),
        ("logis.scoring.services", 7, True),
        ("logis.documents.perms", 9, True),
    ]
