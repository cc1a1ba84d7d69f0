"""``doctor`` notices when the final audit entries were removed, which the hash chain alone
cannot show (what is left of a cut chain is still a whole chain), and a proper restore of
an older backup is not mistaken for it."""

from __future__ import annotations

from pathlib import Path

from app.services import crypto_store, keys
from app.services.audit import ChainHead
from app.services.store import open_store
from tests.commands.app_process import NO_KEYRING, run_app
from tests.services.helpers import add_school

PASSPHRASE = "kupu huna pai rawa"


def _key(db: Path, passphrase: str | None = None) -> str:
    info = keys.read_key_info(db)
    assert info is not None
    return keys.existing_key(db, info, passphrase)


def _cut_trail(db: Path, key: str, count: int) -> int:
    """Remove the last ``count`` entries the way a tamperer must: triggers dropped first."""
    conn = crypto_store.connect(db, key)
    with conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (last - count,))
    conn.close()
    return int(last)


def _last(db: Path, key: str) -> ChainHead:
    conn = crypto_store.connect(db, key)
    seq, digest = conn.execute(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    conn.close()
    return ChainHead(seq, digest)


def test_removed_final_entries_are_found_even_after_new_changes(tmp_path: Path) -> None:
    data = tmp_path / "d"
    made = run_app("doctor", "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    db = data / "lpc.db"
    key = _key(db)
    recorded = ChainHead.decode(keys.read_anchor(keys.read_key_info(db)))
    assert recorded == _last(db, key)  # the head is kept next to the key

    last = _cut_trail(db, key, 3)
    found = run_app("doctor", "--data-dir", str(data))
    assert found.returncode == 4, found.stdout + found.stderr
    assert f"entry {last}: this computer recorded entry {last} as written, but the trail " in (
        found.stdout
    )
    assert f"here ends at {last - 3}: final entries were removed" in found.stdout

    # New changes reuse the removed places; the recorded head does not move past them.
    store = open_store(db)
    for name in ("Awatea School", "Kōwhai Grove School", "Tōtara Primary", "Rātā Kura"):
        add_school(store, name)
    store.close()
    assert _last(db, key).seq > last
    still = run_app("doctor", "--data-dir", str(data))
    assert still.returncode == 4
    assert "trail here has another entry there: final entries were removed" in still.stdout


def test_an_untouched_store_passes_after_more_changes(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run_app("doctor", "--data-dir", str(data), "--empty").returncode == 0
    db = data / "lpc.db"
    store = open_store(db)
    add_school(store, "Awatea School")
    store.close()
    assert ChainHead.decode(keys.read_anchor(keys.read_key_info(db))) == _last(db, _key(db))
    result = run_app("doctor", "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr


def test_restoring_an_older_backup_is_not_taken_for_removal(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run_app("doctor", "--data-dir", str(data)).returncode == 0
    backed = run_app("backup", "--data-dir", str(data), "--out", str(tmp_path / "bk"))
    backup = Path(backed.stdout.split("Backup written:")[1].splitlines()[0].strip())
    store = open_store(data / "lpc.db")
    add_school(store, "Added after the backup")
    store.close()
    restored = run_app("restore", "--data-dir", str(data), str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    result = run_app("doctor", "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chain intact" in result.stdout


def test_without_a_keyring_what_the_server_received_is_the_reference(tmp_path: Path) -> None:
    data = tmp_path / "d"
    env = {**NO_KEYRING, "LPC_PASSPHRASE": PASSPHRASE}
    assert run_app("doctor", "--data-dir", str(data), env=env).returncode == 0
    db = data / "lpc.db"
    key = _key(db, PASSPHRASE)
    conn = crypto_store.connect(db, key)
    with conn:  # as a sync leaves it once the server has taken the trail so far
        last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        conn.execute(
            "INSERT INTO local_settings (key, value) VALUES ('sync.audit_pushed_seq', ?)",
            (str(last),),
        )
    conn.close()
    assert run_app("doctor", "--data-dir", str(data), env=env).returncode == 0
    _cut_trail(db, key, 2)
    found = run_app("doctor", "--data-dir", str(data), env=env)
    assert found.returncode == 4
    assert f"entries up to {last} were sent to the district server, but the trail here " in (
        found.stdout
    )
