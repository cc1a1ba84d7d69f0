"""Restoring is what an officer does when the store cannot be opened, so ``restore`` must
work without opening it: the key comes from the key file, the backup is checked before
anything is replaced, and the damaged file is kept aside."""

from __future__ import annotations

import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import AppPaths
from app.services.store import StoreError, open_store, restore_command
from app.ui.launch import needs_passphrase, problem_text
from tests.commands.app_process import NO_KEYRING, run_app

PASSPHRASE = "kupu huna pai rawa"


def _store_with_backup(
    data: Path, out: Path, env: dict[str, str] | None = None
) -> tuple[Path, str]:
    made = run_app("doctor", "--data-dir", str(data), env=env)
    assert made.returncode == 0, made.stderr
    schools = next(line for line in made.stdout.splitlines() if line.startswith("Schools:"))
    backed = run_app("backup", "--data-dir", str(data), "--out", str(out), env=env)
    assert backed.returncode == 0, backed.stderr
    return Path(backed.stdout.split("Backup written:")[1].splitlines()[0].strip()), schools


def _damage(db: Path, how: str) -> bytes:
    raw = bytearray(db.read_bytes())
    if how == "first-page":
        raw[:4096] = secrets.token_bytes(4096)
    elif how == "middle-pages":
        middle = len(raw) // 2 // 4096 * 4096
        raw[middle : middle + 3 * 4096] = secrets.token_bytes(3 * 4096)
    else:
        raw = bytearray(b"notes the officer saved over the store\n" * 50)
    db.write_bytes(bytes(raw))
    return bytes(raw)


@pytest.mark.parametrize("how", ["first-page", "middle-pages", "text"])
def test_a_damaged_store_is_restored_without_opening_it(tmp_path: Path, how: str) -> None:
    data = tmp_path / "d"
    backup, schools = _store_with_backup(data, data / "backups")
    damaged = _damage(data / "lpc.db", how)
    broken = run_app("doctor", "--data-dir", str(data))
    assert broken.returncode != 0 and "Traceback" not in broken.stderr

    restored = run_app("restore", "--data-dir", str(data), str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "kept as lpc.db.before-restore" in restored.stdout
    assert (data / "lpc.db.before-restore").read_bytes() == damaged
    after = run_app("doctor", "--data-dir", str(data))
    assert after.returncode == 0, after.stderr
    assert schools in after.stdout and "Integrity:    ok" in after.stdout
    assert "chain intact" in after.stdout


def test_a_passphrase_store_is_restored_with_its_passphrase(tmp_path: Path) -> None:
    data = tmp_path / "d"
    env = {**NO_KEYRING, "LPC_PASSPHRASE": PASSPHRASE}
    backup, schools = _store_with_backup(data, tmp_path / "bk", env)
    _damage(data / "lpc.db", "first-page")

    wrong = run_app(
        "restore", "--data-dir", str(data), str(backup), "--yes",
        env={**NO_KEYRING, "LPC_PASSPHRASE": "not the passphrase"},
    )  # fmt: skip
    assert wrong.returncode == 1
    assert "passphrase was mistyped" in wrong.stderr and "Nothing was changed" in wrong.stderr
    assert not (data / "lpc.db.before-restore").exists()
    asked = run_app("restore", "--data-dir", str(data), str(backup), "--yes", env=NO_KEYRING)
    assert asked.returncode == 2 and "LPC_PASSPHRASE" in asked.stderr

    restored = run_app("restore", "--data-dir", str(data), str(backup), "--yes", env=env)
    assert restored.returncode == 0, restored.stderr
    after = run_app("doctor", "--data-dir", str(data), env=env)
    assert after.returncode == 0, after.stderr
    assert schools in after.stdout


def test_without_the_key_file_nothing_is_replaced(tmp_path: Path) -> None:
    data = tmp_path / "d"
    backup, _ = _store_with_backup(data, tmp_path / "bk")
    (data / "lpc.key.json").unlink()
    before = (data / "lpc.db").read_bytes()
    result = run_app("restore", "--data-dir", str(data), str(backup), "--yes")
    assert result.returncode == 2
    assert "key file lpc.key.json is missing" in result.stderr
    assert (data / "lpc.db").read_bytes() == before


def test_the_window_names_the_exact_restore_command_and_it_works(tmp_path: Path) -> None:
    data = tmp_path / "d"
    paths = AppPaths(data)
    _backup, schools = _store_with_backup(data, paths.backups)
    _damage(paths.database, "first-page")
    with pytest.raises(StoreError) as raised:
        open_store(paths.database, paths.backups).close()

    assert not needs_passphrase(raised.value, paths)  # a keyring store: no passphrase box
    text = problem_text(raised.value, paths)
    match = re.search(r"<code>(.*)</code>", text)
    assert match is not None, text
    command = match.group(1).replace("&#x27;", "'").replace("&quot;", '"')
    argv = shlex.split(command)
    assert argv[:3] == [sys.executable, "-m", "app"] and argv[3] == "restore"
    ran = subprocess.run(
        [*argv, "--yes"], capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL
    )
    assert ran.returncode == 0, ran.stderr
    after = run_app("doctor", "--data-dir", str(data))
    assert after.returncode == 0 and schools in after.stdout


def test_the_installed_app_names_its_console_twin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The windowed executable prints nothing to a terminal; its -cli twin does."""
    bundle = tmp_path / "LPC Partnerships"
    bundle.mkdir()
    (bundle / "lpc-partnerships.exe").write_bytes(b"")
    (bundle / "lpc-partnerships-cli.exe").write_bytes(b"")
    paths = AppPaths(tmp_path / "data").ensure()
    (paths.backups / "lpc-20261201-090000-manual.db").write_bytes(b"x")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "lpc-partnerships.exe"))
    argv = shlex.split(restore_command(paths.database, paths.backups))
    assert argv == [
        str(bundle / "lpc-partnerships-cli.exe"),
        "restore",
        "--data-dir",
        str(paths.data_dir),
        str(paths.backups / "lpc-20261201-090000-manual.db"),
    ]
