"""docs/security.md maps the OWASP ASVS requirements to tests; every test it names must exist."""

import ast
import re
from pathlib import Path

import pytest

# Reads documents and test files, never the database under test: `make test` runs it once.
pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"
CITED = re.compile(r"(tests/[\w/]+\.py)::(test_\w+)")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test_")}


def test_every_test_the_security_page_names_exists():
    cited = CITED.findall(DOC.read_text(encoding="utf-8"))
    assert len(cited) > 50
    missing = [f"{file}::{name}" for file, name in cited
               if not (ROOT / file).exists() or name not in _tests_in(ROOT / file)]
    assert missing == []


def test_every_asvs_chapter_is_accounted_for():
    text = DOC.read_text(encoding="utf-8")
    assert [int(n) for n in re.findall(r"^## V(\d+) ", text, flags=re.M)] == list(range(1, 18))
