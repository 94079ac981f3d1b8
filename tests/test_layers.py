"""The import structure stays one-way (docs/architecture.md).

Read from the source text, so nothing is imported: feature packages under `incidents/` form
no cycle, `workflows/` stays pure, imports run views -> operations -> models, and an import
inside a function says why in a comment.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_FORBIDDEN = ("incidents", "flask", "flask_babel", "flask_login", "sqlalchemy", "wtforms")


def _modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def _absolute(module, node):
    """The module an ImportFrom names, with relative imports (`from . import x`) resolved."""
    if node.level == 0:
        return node.module
    base = module.split(".")[: -node.level]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(path, module=None, with_names=False):
    """(imported module, line, is inside a function or class) for each import statement; with
    `with_names`, also `package.name` for each name taken from a package (it may be a module)."""
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level == 0 or module):
            target = _absolute(module, node)
            names = [target] + ([f"{target}.{alias.name}" for alias in node.names] if with_names else [])
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            yield name, node.lineno, node.col_offset > 0


def _package(module):
    """incidents.cases.models -> cases; incidents.setup -> setup."""
    parts = module.split(".")
    return parts[1] if parts[0] == "incidents" and len(parts) > 1 else None


def package_graph():
    graph = defaultdict(set)
    for module, path in _modules("incidents"):
        source = _package(module)
        for name, _line, _inner in _imports(path):
            target = _package(name)
            if source and target and target != source:
                graph[source].add(target)
    return graph


def find_cycle(graph):
    """One cycle as a list of packages, or None (depth-first search)."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def module_graph():
    """Module -> the project modules it imports, type-checking-only imports included."""
    modules = dict(item for package in ("incidents", "workflows") for item in _modules(package))
    graph = defaultdict(set)
    for module, path in modules.items():
        for name, _line, _inner in _imports(path, module, with_names=True):
            target = name if name in modules else f"{name}.__init__" if f"{name}.__init__" in modules else None
            if target and target != module and not target.endswith(".__init__"):
                graph[module].add(target)
    return graph


def test_modules_import_each_other_in_no_cycle():
    cycle = find_cycle(module_graph())
    assert cycle is None, "import cycle between modules: " + " -> ".join(cycle)


def test_feature_packages_form_no_cycle():
    cycle = find_cycle(package_graph())
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle)


def test_the_base_layers_import_no_feature():
    """core, extensions, schools and people.models sit below every feature."""
    graph = package_graph()
    assert graph["core"] <= {"extensions"}
    assert graph["schools"] <= {"extensions"}
    assert graph["people"] <= {"extensions", "core", "schools"}


@pytest.mark.parametrize("module,path", list(_modules("workflows")), ids=lambda v: str(v).rsplit("/", 1)[-1])
def test_workflows_stay_pure(module, path):
    for name, line, _inner in _imports(path):
        assert name.split(".")[0] not in PURE_FORBIDDEN, f"{module}:{line} imports {name}"


def _kind(module):
    last = module.rsplit(".", 1)[-1]
    if last == "views" or last.endswith("_views"):
        return "view"
    if last == "operations":
        return "operation"
    if last == "models":
        return "model"
    return None


def test_imports_run_from_views_to_operations_to_models():
    rank = {"view": 3, "operation": 2, "model": 1}
    wrong = []
    for module, path in _modules("incidents"):
        kind = _kind(module)
        for name, line, _inner in _imports(path):
            target = _kind(name) if name.startswith("incidents.") else None
            if kind and target and rank[target] > rank[kind]:
                wrong.append(f"{module}:{line} ({kind}) imports {name} ({target})")
    assert not wrong, "\n".join(wrong)


def test_imports_inside_functions_say_why():
    silent = []
    for package in ("incidents", "workflows"):
        for module, path in _modules(package):
            lines = path.read_text().splitlines()
            for name, line, inner in _imports(path):
                if not inner:
                    continue
                here, above = lines[line - 1], lines[line - 2] if line > 1 else ""
                if "#" not in here and not above.strip().startswith("#"):
                    silent.append(f"{module}:{line} imports {name} inside a function without a comment")
    assert not silent, "\n".join(silent)
