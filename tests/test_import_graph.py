"""The import graph: no module imports, however indirectly, a module that imports it.

lint-imports (pyproject.toml) checks the layers; this checks cycles between single modules, which
its contracts check only between siblings. Imports under TYPE_CHECKING and inside functions count:
a cycle hidden in a function is still two modules that cannot be understood one without the other.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    """Each import `a → b` where b leads back to a: the edges that close a cycle."""
    return sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles(grimp.build_graph("bot", "handlers", "storage")) == []


def test_the_check_finds_a_cycle_when_there_is_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text("def f():\n    from cyclic import c\n")
    (package / "c.py").write_text("from cyclic import a\n")
    (package / "d.py").write_text("from cyclic import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles(grimp.build_graph("cyclic")) == [
        ("cyclic.a", "cyclic.b"),
        ("cyclic.b", "cyclic.c"),
        ("cyclic.c", "cyclic.a"),
    ]
