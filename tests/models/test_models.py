from __future__ import annotations

import subprocess
import sys

from sqlalchemy import inspect

from app.models import MODEL_BY_TABLE, SYNC_COLUMNS, SYNCED_MODELS, Base, spec_of
from app.models.vocabulary import Role, Stage


def test_every_synced_table_carries_sync_bookkeeping() -> None:
    for model in SYNCED_MODELS:
        columns = set(model.__table__.columns.keys())  # type: ignore[attr-defined]
        assert columns >= SYNC_COLUMNS, model
        pk = inspect(model).primary_key
        assert [c.name for c in pk] == ["id"], model


def test_every_child_row_names_its_school() -> None:
    """The server authorises by school; a row without school_id could not be scoped."""
    for table, model in MODEL_BY_TABLE.items():
        if table == "schools":
            continue
        assert "school_id" in model.__table__.columns, table  # type: ignore[attr-defined]


def test_content_columns_have_labels() -> None:
    for model in SYNCED_MODELS:
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            if (
                column.key in SYNC_COLUMNS
                or column.foreign_keys
                or column.key
                in (
                    "position",
                    "stage",
                    "archived",
                )
            ):
                continue
            spec = spec_of(model, column.key)
            assert spec is not None, f"{model.__name__}.{column.key} has no FieldSpec"
            assert spec.label[0].isupper(), spec.label


def test_constraint_names_are_stable() -> None:
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"


def test_vocabulary_speaks_te_reo_with_macrons() -> None:
    assert Role.IWI_LIAISON_OFFICER.label == "Iwi Liaison Officer"
    assert spec_of(SYNCED_MODELS[0], "cluster").label == "Cluster / Kāhui Ako"  # type: ignore[union-attr]
    assert [s.sara for s in Stage] == ["Scan", "Analyse", "Respond", "Assess"]


def test_models_and_services_do_not_import_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, app.models, app.services\n"
        "for pkg in (app.models, app.services):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
