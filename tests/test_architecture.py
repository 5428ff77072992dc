"""The package's layers, as its docstring states them, hold for every import in the code.

Imports are read from the syntax tree, including those made inside functions,
so a lazy import cannot hide a back-edge.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import loopctl

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "loopctl"
HOOKS = Path(__file__).resolve().parent.parent / "hooks"
SITE_ENGINES = ("mkdocs", "material", "mkdocs_gen_files", "mermaid2", "pymdownx")


def declared_layers() -> dict[str, int]:
    """Map each unit named in the package docstring's layer list to its layer number."""
    layers = {}
    for number, units in re.findall(r"^(\d+)\. \w+: (.+)$", loopctl.__doc__, flags=re.MULTILINE):
        for unit in units.split(","):
            layers[unit.strip()] = int(number)
    return layers


def module_name(path: Path, src: Path = SRC) -> str:
    if not path.is_relative_to(src):
        return path.stem  # a hook file: a top-level module of its own
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit_of(module: str) -> str | None:
    """Return the unit of a ``loopctl`` module (``loopctl.render.mermaid`` -> ``render``), None for the root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imported_modules(path: Path, src: Path = SRC) -> list[tuple[str, int]]:
    """Every module a file imports, absolute, with the line of the import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path, src)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # ``from loopctl import level`` imports the unit ``level``; ``__version__`` is no unit.
            if target == "loopctl":
                found += [(f"loopctl.{alias.name}", node.lineno) for alias in node.names
                          if (src / "loopctl" / alias.name).is_dir() or (src / "loopctl" / f"{alias.name}.py").is_file()]
    return found


def engine_files(src: Path = SRC) -> list[Path]:
    return sorted((src / "loopctl").rglob("*.py"))


def unit_edges(src: Path = SRC) -> dict[tuple[str, str], list[str]]:
    """Map (importing unit, imported unit) to the places the edge is made."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in engine_files(src):
        source = unit_of(module_name(path, src))
        for target, line in imported_modules(path, src):
            if not target.startswith("loopctl."):
                continue
            imported = unit_of(target)
            if source and imported and imported != source:
                edges.setdefault((source, imported), []).append(f"{path.relative_to(src)}:{line}")
    return edges


def test_every_unit_of_the_package_has_a_declared_layer():
    layers = declared_layers()
    units = {unit_of(module_name(path)) for path in engine_files()} - {None}
    assert units - set(layers) == set(), "add these units to the layer list in src/loopctl/__init__.py"
    assert set(layers) - units == set(), "the layer list names units that do not exist"


def test_no_unit_imports_a_unit_of_a_higher_layer():
    layers = declared_layers()
    upward = [f"{source} (layer {layers[source]}) imports {target} (layer {layers[target]}) at {', '.join(places)}"
              for (source, target), places in unit_edges().items() if layers[target] > layers[source]]
    assert upward == []


def test_no_two_units_depend_on_each_other_even_indirectly():
    graph: dict[str, set[str]] = {}
    for source, target in unit_edges():
        graph.setdefault(source, set()).add(target)
    cycles = []
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycles.append(" -> ".join((*path, start)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, (*path, nxt)))
    assert cycles == []


@pytest.mark.parametrize("path", engine_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_the_engine_never_imports_the_site_generator(path):
    offending = [f"{target} at line {line}" for target, line in imported_modules(path)
                 if target.split(".")[0] in SITE_ENGINES]
    assert offending == []


def test_only_the_entry_points_import_the_command_line():
    importers = sorted({place for (source, target), places in unit_edges().items() if target == "cli"
                        and source != "__main__" for place in places})
    assert importers == []


def test_the_hooks_are_adapters_that_never_parse_yaml():
    for path in sorted(HOOKS.glob("*.py")):
        assert not [t for t, _ in imported_modules(path) if t.split(".")[0] == "yaml"], path.name


def test_a_lazy_upward_import_is_found(tmp_path):
    """The checks above can fail: an import written inside a function is an edge like any other."""
    package = tmp_path / "loopctl"
    (package / "render").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "render" / "__init__.py").write_text("", encoding="utf-8")
    (package / "model.py").write_text("def f():\n    from .render import mermaid\n", encoding="utf-8")
    assert unit_edges(tmp_path) == {("model", "render"): ["loopctl/model.py:2"]}


def test_the_readme_layout_names_every_unit():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):readme.index("## `loopctl` commands")]
    missing = [unit for unit in declared_layers() if unit != "__main__"
               and f"`{unit}`" not in layout and f"`{unit}/`" not in layout]
    assert missing == []
