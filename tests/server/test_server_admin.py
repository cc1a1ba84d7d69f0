"""`python -m server admin ...` as an administrator runs it, against a running server."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from server.cli import main
from tests.server.conftest import Env, pull_all, server_records
from tests.server_harness import login, run_admin, sqlite_url

PASSWORD = "kia kaha 2026"


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_district_and_user_commands(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    assert "Created district" in _ok(run_admin(url, "create-district", "Te Tai Tokerau"))
    assert "already exists" in _refused(run_admin(url, "create-district", "te tai tokerau"))

    created = _ok(
        run_admin(
            url,
            "create-user",
            "officer.rua",
            "--role",
            "officer",
            "--district",
            "Te Tai Tokerau",
            password=PASSWORD,
        )
    )
    assert "officer.rua" in created and PASSWORD not in created
    duplicate = run_admin(
        url,
        "create-user",
        "Officer.Rua",
        "--role",
        "officer",
        "--district",
        "Te Tai Tokerau",
        password=PASSWORD,
    )
    assert "already exists" in _refused(duplicate)
    unknown = run_admin(
        url, "create-user", "x", "--role", "officer", "--district", "Atlantis", password=PASSWORD
    )
    assert "no district called “Atlantis”" in _refused(unknown)
    assert "Te Tai Tokerau" in unknown.stderr  # it lists the districts that exist
    short = run_admin(
        url, "create-user", "y", "--role", "admin", "--district", "Te Tai Tokerau", password="short"
    )
    assert "at least 8" in _refused(short)
    # No password given and no terminal: refused, never created with an empty password.
    assert (
        run_admin(
            url, "create-user", "z", "--role", "admin", "--district", "Te Tai Tokerau"
        ).returncode
        != 0
    )
    bad_role = run_admin(url, "create-user", "w", "--role", "chief", "--district", "Te Tai Tokerau")
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr


@pytest.mark.parametrize(
    "action",
    ["create-district", "create-user", "import-schools", "assign", "list-devices", "revoke-device"],
)
def test_every_admin_command_has_help(action: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["admin", action, "--help"])
    assert exited.value.code == 0
    assert f"usage: python -m server admin {action}" in capsys.readouterr().out


def test_serve_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out and "--database-url" in out


def test_import_schools_and_assign_bring_schools_to_the_officer(
    sqlite_env: Env, tmp_path: Path
) -> None:
    server, users = sqlite_env.server, sqlite_env.users
    csv_file = tmp_path / "schools.csv"
    csv_file.write_text(
        "name,moe_number,school_type,roll,address,phone\n"
        "Ōrewa Primary School,4101,full_primary,512,1 Main Rd,09 426 0000\n"
        "Whangaparāoa College,4102,Secondary (Years 9–13),1450,,\n"
        "Silverdale School,,,,,\n",
        encoding="utf-8",
    )
    out = _ok(
        run_admin(
            server.database_url, "import-schools", str(csv_file), "--district", users.district
        )
    )
    assert "Imported 3" in out
    again = _ok(
        run_admin(
            server.database_url, "import-schools", str(csv_file), "--district", users.district
        )
    )
    assert "Imported 0" in again and "skipped 3" in again

    [orewa] = [
        r
        for r in server_records(server.database_url, table_name="schools")
        if r.fields["name"] == "Ōrewa Primary School"
    ]
    assert orewa.fields["moe_number"] == 4101
    assert orewa.fields["roll"] == 512
    assert orewa.fields["district"] == users.district
    assert orewa.fields["archived"] is False
    assert orewa.row_version == 1
    [college] = [
        r
        for r in server_records(server.database_url, table_name="schools")
        if r.fields["name"] == "Whangaparāoa College"
    ]
    assert college.fields["school_type"] == "secondary"  # the label was accepted

    # The supervisor sees imported schools at once; the officer once assigned.
    officer = sqlite_env.client("officer")
    assert orewa.row_id in sqlite_env.client("supervisor").get("/sync/summary").json()["schools"]
    assert orewa.row_id not in officer.get("/sync/summary").json()["schools"]
    _ok(run_admin(server.database_url, "assign", users.officer, "4101"))
    _ok(run_admin(server.database_url, "assign", users.officer, "whangaparāoa college"))
    assert "already" in _ok(run_admin(server.database_url, "assign", users.officer, orewa.row_id))
    names = {r["fields"]["name"] for r in pull_all(officer) if r["table"] == "schools"}
    assert {"Ōrewa Primary School", "Whangaparāoa College"} <= names
    assert "Silverdale School" not in names

    assert "no user" in _refused(run_admin(server.database_url, "assign", "ghost", "4101"))
    assert "no school" in _refused(run_admin(server.database_url, "assign", users.officer, "9999"))


def test_assign_finds_schools_only_in_the_users_district(sqlite_env: Env, tmp_path: Path) -> None:
    server, users = sqlite_env.server, sqlite_env.users
    url = server.database_url
    theirs = tmp_path / "theirs.csv"
    theirs.write_text(
        "name,moe_number\nKaipātiki School,4301\nTe Kura Tahi,4302\n", encoding="utf-8"
    )
    ours = tmp_path / "ours.csv"
    ours.write_text("name,moe_number\nTe Kura Tahi,4303\n", encoding="utf-8")
    _ok(run_admin(url, "import-schools", str(theirs), "--district", users.other_district))
    _ok(run_admin(url, "import-schools", str(ours), "--district", users.district))
    [elsewhere] = [
        r
        for r in server_records(url, table_name="schools")
        if r.fields["name"] == "Kaipātiki School"
    ]

    for key in ("Kaipātiki School", "4301", elsewhere.row_id):
        refused = _refused(run_admin(url, "assign", users.officer, key))
        assert f"is not a school of {users.district}" in refused
        assert "only schools of their own district" in refused
    officer = sqlite_env.client("officer")
    assert elsewhere.row_id not in officer.get("/sync/summary").json()["schools"]

    # A name two districts share means the officer's own district's school.
    assert "Assigned Te Kura Tahi" in _ok(run_admin(url, "assign", users.officer, "te kura tahi"))
    numbers = {
        r["fields"]["moe_number"]
        for r in pull_all(officer)
        if r["table"] == "schools" and r["fields"]["name"] == "Te Kura Tahi"
    }
    assert numbers == {4303}


def test_import_refuses_bad_rows_and_imports_nothing(sqlite_env: Env, tmp_path: Path) -> None:
    server, users = sqlite_env.server, sqlite_env.users
    before = len(server_records(server.database_url, table_name="schools"))
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        "name,moe_number,roll\nGood School,4201,10\nBad Roll School,4202,lots\n,4203,\n",
        encoding="utf-8",
    )
    message = _refused(
        run_admin(
            server.database_url, "import-schools", str(csv_file), "--district", users.district
        )
    )
    assert "Nothing was imported" in message
    assert "row 3: Roll" in message and "row 4: School name" in message
    assert len(server_records(server.database_url, table_name="schools")) == before

    unknown_column = tmp_path / "columns.csv"
    unknown_column.write_text("name,principal\nA School,Someone\n", encoding="utf-8")
    assert "principal" in _refused(
        run_admin(
            server.database_url, "import-schools", str(unknown_column), "--district", users.district
        )
    )
    assert "Cannot read" in _refused(
        run_admin(
            server.database_url,
            "import-schools",
            str(tmp_path / "missing.csv"),
            "--district",
            users.district,
        )
    )
    assert "no district" in _refused(
        run_admin(server.database_url, "import-schools", str(csv_file), "--district", "Nowhere")
    )


def test_revoke_unknown_device_is_refused(sqlite_env: Env) -> None:
    login(sqlite_env.server, sqlite_env.users.admin)
    assert "no device with id 99999" in _refused(
        run_admin(sqlite_env.server.database_url, "revoke-device", "99999")
    )


def test_admin_commands_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    _ok(run_admin(postgres_url, "create-district", "Waikato"))
    _ok(
        run_admin(
            postgres_url,
            "create-user",
            "sgt.kiri",
            "--role",
            "supervisor",
            "--district",
            "Waikato",
            password=PASSWORD,
        )
    )
    csv_file = tmp_path / "schools.csv"
    csv_file.write_text("name,moe_number\nHamilton East School,1701\n", encoding="utf-8")
    assert "Imported 1" in _ok(
        run_admin(postgres_url, "import-schools", str(csv_file), "--district", "Waikato")
    )
    _ok(run_admin(postgres_url, "assign", "sgt.kiri", "1701"))
    [record] = server_records(postgres_url, table_name="schools")
    assert record.fields["name"] == "Hamilton East School"
    assert record.seq == 1


def test_an_unreachable_database_is_reported_without_its_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://lpc:s3cret-pw@127.0.0.1:1/lpc"
    result = run_admin(url, "list-devices")
    assert result.returncode == 2
    assert "Cannot open the database" in result.stderr
    assert "s3cret-pw" not in result.stderr + result.stdout
