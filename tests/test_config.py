from __future__ import annotations

from pathlib import Path

import pytest

from app.config import AppPaths, Settings, load_settings, resolve_data_dir, save_settings


def test_data_dir_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LPC_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("LPC_DATA_DIR")
    assert "lpc-partnerships" in str(resolve_data_dir(None))


def test_settings_merge_with_defaults_and_ignore_junk(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path).ensure()
    assert load_settings(paths) == Settings()
    paths.settings_file.write_text('{"server_url": "http://127.0.0.1:1", "bogus": 1}')
    loaded = load_settings(paths)
    assert loaded.server_url == "http://127.0.0.1:1" and loaded.idle_lock_minutes == 10
    paths.settings_file.write_text("{not json")
    assert load_settings(paths) == Settings()
    save_settings(paths, Settings(officer_name="Const. Tūhoe"))
    assert load_settings(paths).officer_name == "Const. Tūhoe"


def test_audit_actor_prefers_the_officer_name_then_the_sync_user() -> None:
    from app.config import audit_actor, os_user

    assert audit_actor(Settings(officer_name=" Const. Tūhoe ", username="t.h")) == "Const. Tūhoe"
    assert audit_actor(Settings(username="t.h")) == "t.h"
    assert audit_actor(Settings()) == os_user()


def test_the_default_data_folder_does_not_roam() -> None:
    """The key is in this computer's keyring, so on Windows the store lives in local app
    data (%LOCALAPPDATA%), not in the roaming profile (%APPDATA%) that follows the user."""
    from app.config import default_data_dir, platform_dirs

    dirs = platform_dirs()
    assert dirs.roaming is False
    assert default_data_dir() == Path(dirs.user_data_dir)
    assert default_data_dir().name == "lpc-partnerships"


def test_a_store_already_in_the_roaming_folder_keeps_being_used(tmp_path: Path) -> None:
    from app.config import choose_data_dir

    local, roaming = tmp_path / "Local" / "lpc", tmp_path / "Roaming" / "lpc"
    assert choose_data_dir(local, roaming) == local  # a new officer
    roaming.mkdir(parents=True)
    (roaming / "lpc.db").write_bytes(b"x")
    assert choose_data_dir(local, roaming) == roaming  # upgraded from an earlier build
    local.mkdir(parents=True)
    (local / "lpc.db").write_bytes(b"x")
    assert choose_data_dir(local, roaming) == local
    assert choose_data_dir(local, local) == local
