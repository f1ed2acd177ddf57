"""The domain packages hold no demo code: none imports ``demo``, none carries long prose."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ("forum", "moderation", "synthesis")
# A paragraph of written prose: longer than this, in sentences. Translatable messages
# (English msgids inside _(), _l()…) are the interface, not prose of a demo.
PROSE = 300
SENTENCE_END = re.compile(r"[.!?»]\s+[A-ZÀ-ÝÉ«*]")
GETTEXT = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext"}


def _modules():
    for package in DOMAIN:
        yield from sorted((ROOT / package).rglob("*.py"))


def _not_prose(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings or translatable messages."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT
        ):
            found.update(id(arg) for arg in node.args)
    return found


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_neither_imports_demo_nor_holds_prose(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module)
    assert not {name for name in imported if name == "demo" or name.startswith("demo.")}
    skipped = _not_prose(tree)
    prose = [
        node.value[:60]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and len(node.value) > PROSE
        and len(SENTENCE_END.findall(node.value)) >= 2
        and id(node) not in skipped
    ]
    assert prose == []
