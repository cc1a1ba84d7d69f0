"""The screens hold no database work: sessions, transactions and SQL live in app/services,
and app/ui only calls the service functions that open them."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"


def _database_work(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.parent.name}/{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            ("sqlalchemy", "app.services.unit_of_work")
        ):
            found.append(f"{where} imports {node.module}")
        elif isinstance(node, ast.Import):
            found += [f"{where} imports {a.name}" for a in node.names if a.name == "sqlalchemy"]
        elif isinstance(node, ast.Name) and node.id == "UnitOfWork":
            found.append(f"{where} uses UnitOfWork")
        elif isinstance(node, ast.Attribute) and node.attr == "session":
            found.append(f"{where} opens a session")
    return found


def test_no_screen_opens_a_session_or_a_transaction() -> None:
    found = [hit for path in sorted(UI.rglob("*.py")) for hit in _database_work(path)]
    assert found == []


def test_the_check_finds_database_work(tmp_path: Path) -> None:
    """The check itself works: a screen that opens a session is caught."""
    bad = tmp_path / "screen.py"
    bad.write_text(
        "from app.services.unit_of_work import UnitOfWork\n"
        "def read(store):\n    with store.session() as s:\n        return s\n",
        encoding="utf-8",
    )
    hits = _database_work(bad)
    assert len(hits) == 2 and "opens a session" in hits[1]
