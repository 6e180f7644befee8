"""The error catalogue, read from the source with `ast`: every code defined once and raised somewhere, and no
error built anywhere but in the align/errors package."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from tests.fixtures.paths import REPO

ERRORS = REPO / "align" / "errors"
CODE = re.compile(r"E\d{3}")


def _tree(path: Path) -> ast.Module:
    """One module's tree; for the error package, all its modules as one."""
    if path.is_dir():
        return ast.Module(body=[node for p in sorted(path.glob("*.py")) for node in _tree(p).body], type_ignores=[])
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _error_classes(tree: ast.Module) -> set[str]:
    """TmbuildError and every class in the module derived from it (directly or not)."""
    classes = {"TmbuildError"}
    grew = True
    while grew:
        grew = False
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name not in classes and any(
                    isinstance(b, ast.Name) and b.id in classes for b in node.bases):
                classes.add(node.name)
                grew = True
    return classes


def _called_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _code_of(call: ast.Call) -> str | None:
    for kw in call.keywords:
        if kw.arg == "code" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value
    return None


def _factories(tree: ast.Module, classes: set[str]) -> dict[str, list[tuple[str, ast.Call]]]:
    """Each top-level function of the error module with the error constructions it holds."""
    out: dict[str, list[tuple[str, ast.Call]]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = [(_called_name(c) or "", c) for c in ast.walk(node)
                              if isinstance(c, ast.Call) and _called_name(c) in classes]
    return out


def _warning_codes(tree: ast.Module) -> dict[str, list[str]]:
    """Each warning factory with the literal codes it passes to _warning."""
    return {node.name: [c.args[0].value for c in ast.walk(node) if isinstance(c, ast.Call)
                        and _called_name(c) == "_warning" and c.args and isinstance(c.args[0], ast.Constant)]
            for node in tree.body if isinstance(node, ast.FunctionDef) and node.name != "_warning"}


def _os_table_codes(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "_OS_PROBLEMS" for t in targets):
                assert isinstance(node.value, ast.Dict)
                return [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
    raise AssertionError("the error package has no _OS_PROBLEMS table")


def _string_constants(tree: ast.Module, name: str) -> list[str]:
    return [n.value.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]


def _sources() -> list[Path]:
    return [p for top in ("align", "tm", "ui") for p in sorted((REPO / top).rglob("*.py"))
            if ERRORS not in p.parents]


def _calls_outside() -> Counter[str]:
    """How often each name is called (as f(...) or module.f(...)) in align/, tm/ and ui/ outside the error module."""
    names: Counter[str] = Counter()
    for path in _sources():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and (name := _called_name(node)):
                names[name] += 1
    return names


def test_every_error_built_in_the_module_carries_a_literal_code() -> None:
    tree = _tree(ERRORS)
    classes = _error_classes(tree)
    # os_problem alone takes its code from the _OS_PROBLEMS table, whose codes the next test checks.
    missing = [f"{fn}: {cls}(...) without code=" for fn, built in _factories(tree, classes).items()
               if fn != "os_problem" for cls, call in built if not CODE.fullmatch(_code_of(call) or "")]
    assert not missing, missing


def test_every_code_is_defined_once() -> None:
    tree = _tree(ERRORS)
    classes = _error_classes(tree)
    codes = [c for built in _factories(tree, classes).values() for _, call in built if (c := _code_of(call))]
    codes += _os_table_codes(tree) + _string_constants(tree, "_OTHER_OS_PROBLEM")
    codes += [c for found in _warning_codes(tree).values() for c in found]
    assert all(re.fullmatch(r"[EW]\d{3}", c) for c in codes), codes
    # The classes' own codes (E100, E500, …) are categories, shown only if a factory forgot its code.
    categories = [n.value.value for cls in tree.body if isinstance(cls, ast.ClassDef) and cls.name in classes
                  for n in cls.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
                  and any(isinstance(t, ast.Name) and t.id == "code" for t in n.targets)]
    assert len(codes) > len(categories) > 0
    duplicates = {c: n for c, n in Counter(codes + categories).items() if n > 1}
    assert not duplicates, duplicates


def test_every_code_is_raised_somewhere() -> None:
    tree = _tree(ERRORS)
    called = _calls_outside()
    unused = [f"{fn} ({_code_of(built[0][1])})" for fn, built in _factories(tree, _error_classes(tree)).items()
              if built and not called[fn]]
    assert not unused, f"factories no module of align/, tm/ or ui/ calls: {unused}"
    assert called["os_problem"], "the file-system codes are reached through os_problem only"
    unused_warnings = [fn for fn, found in _warning_codes(_tree(ERRORS)).items() if found and not called[fn]]
    assert not unused_warnings, unused_warnings


def test_no_error_is_built_outside_the_error_module() -> None:
    classes = _error_classes(_tree(ERRORS))
    inline = [f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:80]}"
              for path in _sources() for node in ast.walk(_tree(path))
              if isinstance(node, ast.Call) and _called_name(node) in classes]
    assert not inline, inline


def test_no_error_class_is_defined_outside_the_error_module() -> None:
    classes = _error_classes(_tree(ERRORS))
    elsewhere = [f"{path.relative_to(REPO)}: class {node.name}" for path in _sources()
                 for node in ast.walk(_tree(path)) if isinstance(node, ast.ClassDef)
                 and any((b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")) in classes for b in node.bases)]
    assert not elsewhere, elsewhere
