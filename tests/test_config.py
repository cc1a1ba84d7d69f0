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


def test_two_threads_writing_different_settings_lose_neither(tmp_path: Path) -> None:
    """The UI saves Preferences while the network thread saves a sign-in: neither write
    undoes the other's (a key never goes back to an older value), and the file is whole
    at every moment a third thread reads it."""
    import json
    import threading

    from app.config import AppSettings

    paths = AppPaths(tmp_path).ensure()
    settings = AppSettings(paths)
    keys = ("officer_name", "username")
    rounds = 300
    start = threading.Barrier(3)
    done = threading.Event()
    problems: list[str] = []

    def write(key: str) -> None:
        start.wait()
        for i in range(1, rounds + 1):
            settings.update(**{key: str(i)})

    def read() -> None:
        start.wait()
        newest = dict.fromkeys(keys, 0)
        while not done.is_set():
            try:
                saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
            except FileNotFoundError:
                continue
            except json.JSONDecodeError as exc:
                problems.append(f"torn file: {exc}")
                continue
            for key in keys:
                value = int(saved[key] or 0)
                if value < newest[key]:
                    problems.append(f"{key} went back from {newest[key]} to {value}")
                newest[key] = value

    threads = [threading.Thread(target=write, args=(k,)) for k in keys]
    threads.append(threading.Thread(target=read))
    for t in threads:
        t.start()
    for t in threads[:2]:
        t.join()
    done.set()
    threads[2].join()
    for seen in (settings.get(), load_settings(paths), AppSettings(paths).get()):
        assert (seen.officer_name, seen.username) == (str(rounds), str(rounds))
    assert problems == []


def test_settings_object_keeps_keys_another_writer_saved_and_refuses_unknown_ones(
    tmp_path: Path,
) -> None:
    from app.config import AppSettings

    paths = AppPaths(tmp_path).ensure()
    ui, network = AppSettings(paths), AppSettings(paths)  # e.g. another window's copy
    network.update(server_url="https://district.example", username="aroha")
    ui.update(officer_name="Const. Aroha Ngata")
    saved = load_settings(paths)
    assert (saved.server_url, saved.username, saved.officer_name) == (
        "https://district.example",
        "aroha",
        "Const. Aroha Ngata",
    )
    assert ui.actor() == "Const. Aroha Ngata"
    copy = ui.get()
    copy.officer_name = "changed by a caller"
    assert ui.get().officer_name == "Const. Aroha Ngata"  # a copy, not the live value
    with pytest.raises(TypeError, match="not a setting: officer"):
        ui.update(officer="x")
