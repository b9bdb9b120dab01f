"""The progress store holds against what may be at its path: planted links, other users'
files, damage SQLite's quick check misses, other layouts, a full disk and a lock.

Every test runs ``awsref quiz`` or ``awsref progress`` as a real process and checks that
nothing the user keeps is lost or rewritten, and that each fault is one clear line.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import proc

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534
ANSWERS = "a\nb\n"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "study"


def quiz(data_dir: Path, answers: str = ANSWERS, **kwargs: object) -> subprocess.CompletedProcess:
    return proc(
        "quiz",
        "sqs",
        "-n",
        "2",
        "--seed",
        "1",
        input=answers,
        env={"AWSREF_DATA_DIR": str(data_dir)},
        **kwargs,
    )


def progress(data_dir: Path) -> subprocess.CompletedProcess:
    return proc("progress", "sqs", "-o", "json", env={"AWSREF_DATA_DIR": str(data_dir)})


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def one_warning_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("awsref: warning:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def a_store(data_dir: Path) -> Path:
    """A real store with two answers in it."""
    assert quiz(data_dir).returncode == 0
    return data_dir / "progress.sqlite3"


# ---- 3. what is at the path -------------------------------------------------------------------


@POSIX
def test_a_planted_symlink_to_another_database_is_refused_and_that_database_untouched(
    data_dir: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "mine.db"
    conn = sqlite3.connect(victim)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = victim.read_bytes()
    data_dir.mkdir(mode=0o700)
    (data_dir / "progress.sqlite3").symlink_to(victim)
    result = quiz(data_dir)
    assert result.returncode == 0, result.stderr
    assert "is a symbolic link" in one_warning_line(result.stderr)
    assert victim.read_bytes() == before
    assert rows(victim, "PRAGMA journal_mode") == [("delete",)]
    assert not Path(f"{victim}-wal").exists()


@POSIX
def test_a_dangling_symlink_never_creates_a_database_where_it_points(data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / "progress.sqlite3").symlink_to(tmp_path / "elsewhere.db")
    result = quiz(data_dir)
    assert result.returncode == 0 and "is a symbolic link" in one_warning_line(result.stderr)
    assert not (tmp_path / "elsewhere.db").exists()


@POSIX
@pytest.mark.skipif(not ROOT, reason="needs root to make a store another user owns")
def test_a_store_owned_by_another_user_is_not_used(data_dir: Path) -> None:
    store = a_store(data_dir)
    os.chown(store, NOBODY, NOBODY)
    before = store.read_bytes()
    result = quiz(data_dir)
    assert result.returncode == 0 and "belongs to another user" in one_warning_line(result.stderr)
    assert store.read_bytes() == before


@POSIX
def test_a_data_directory_others_can_write_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    data_dir.chmod(0o777)
    result = quiz(data_dir)
    assert result.returncode == 0 and "writable by other users" in one_warning_line(result.stderr)
    assert not (data_dir / "progress.sqlite3").exists()


@POSIX
def test_the_data_directory_is_0700_and_the_store_0600(data_dir: Path) -> None:
    result = quiz(data_dir, preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for name in ("progress.sqlite3", "progress.sqlite3-wal", "progress.sqlite3-shm"):
        path = data_dir / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name


@POSIX
def test_an_old_world_readable_store_is_made_private(data_dir: Path) -> None:
    store = a_store(data_dir)
    store.chmod(0o644)
    assert progress(data_dir).returncode == 0
    assert stat.S_IMODE(store.stat().st_mode) == 0o600


# ---- 4. damage is noticed and set aside, never silently rewritten -----------------------------


def _aside(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]


def _checkpointed(store: Path) -> None:
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_damaged_index_is_noticed_and_the_store_set_aside(data_dir: Path) -> None:
    store = a_store(data_dir)
    _checkpointed(store)
    root, page = (
        rows(store, "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_cards_1'")[0][0],
        rows(store, "PRAGMA page_size")[0][0],
    )
    with open(store, "r+b") as f:  # one byte of the cards index
        at = (root - 1) * page + page - 20
        f.seek(at)
        byte = f.read(1)
        f.seek(at)
        f.write(bytes([byte[0] ^ 0x5A]))
    damaged = store.read_bytes()
    assert rows(store, "PRAGMA quick_check") == [("ok",)]  # what the old check saw
    result = quiz(data_dir)
    assert result.returncode == 0, result.stderr
    assert "is corrupt" in one_warning_line(result.stderr) and "set aside" in result.stderr
    (aside,) = _aside(data_dir)
    assert aside.read_bytes() == damaged
    assert rows(store, "SELECT count(*) FROM answers") == [(2,)]


def test_a_store_one_byte_short_is_noticed_and_set_aside(data_dir: Path) -> None:
    store = a_store(data_dir)
    _checkpointed(store)
    with open(store, "r+b") as f:
        f.truncate(store.stat().st_size - 1)
    short = store.read_bytes()
    result = quiz(data_dir)
    assert result.returncode == 0, result.stderr
    assert "not a whole number of" in one_warning_line(result.stderr)
    (aside,) = _aside(data_dir)
    assert aside.read_bytes() == short


# ---- 4. other layouts and versions --------------------------------------------------------------


def test_a_store_missing_a_column_is_refused_with_a_clear_message_and_kept(data_dir: Path) -> None:
    store = a_store(data_dir)
    conn = sqlite3.connect(store)
    conn.execute("ALTER TABLE cards DROP COLUMN seen")
    conn.commit()
    conn.close()
    before = store.read_bytes()
    for result in (quiz(data_dir), progress(data_dir)):
        assert result.returncode == 0, result.stderr
        assert "layout this awsref does not know (missing cards.seen)" in one_warning_line(result.stderr)
    assert store.read_bytes() == before


def test_nonsense_in_a_card_state_counts_as_new_with_a_warning(data_dir: Path) -> None:
    store = a_store(data_dir)
    conn = sqlite3.connect(store)
    conn.execute("UPDATE cards SET due = 'tomorrow'")
    conn.commit()
    conn.close()
    result = progress(data_dir)
    assert result.returncode == 0, result.stderr
    assert "not valid (edited by hand?)" in one_warning_line(result.stderr)
    again = quiz(data_dir)
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert rows(store, "SELECT count(*) FROM answers") == [(4,)]


def test_the_store_carries_a_version_and_an_unversioned_one_is_migrated(data_dir: Path) -> None:
    store = a_store(data_dir)
    assert rows(store, "PRAGMA user_version") == [(1,)]
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA user_version = 0")  # a store from before versions
    conn.close()
    result = quiz(data_dir)
    assert result.returncode == 0 and "warning" not in result.stderr
    assert rows(store, "PRAGMA user_version") == [(1,)]
    assert rows(store, "SELECT count(*) FROM answers") == [(4,)]


def test_a_newer_awsrefs_store_is_read_but_never_written(data_dir: Path) -> None:
    store = a_store(data_dir)
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    _checkpointed(store)
    before = store.read_bytes()
    result = progress(data_dir)
    assert result.returncode == 0
    assert "written by a newer awsref (store version 7" in one_warning_line(result.stderr)
    assert '"learning": ' in result.stdout
    quizzed = quiz(data_dir)
    assert quizzed.returncode == 0
    assert store.read_bytes() == before


# ---- 4. a full disk and a lock -----------------------------------------------------------------


@POSIX
@pytest.mark.skipif(not ROOT or shutil.which("unshare") is None, reason="needs root and unshare -m")
def test_a_full_disk_during_a_quiz_is_one_clear_line_and_the_quiz_goes_on() -> None:
    awsref = f"AWSREF_DATA_DIR=/mnt/study {sys.executable} -m awsref quiz sqs"
    script = (
        "mount -t tmpfs -o size=400k none /mnt || exit 99; "
        f"{awsref} -n 1 --seed 1 </dev/null >/dev/null 2>&1; "
        "head -c 10000000 /dev/zero > /mnt/filler 2>/dev/null; "
        f"printf 'a\\nb\\nc\\n' | {awsref} -n 3 --seed 2; "
        'echo "rc=$?"'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env)
    if "rc=" not in result.stdout:
        pytest.skip(f"no private tmpfs: {result.stderr[-200:]}")
    assert result.stdout.rstrip().endswith("rc=0"), result.stderr
    assert "cannot rollback" not in result.stderr and "Traceback" not in result.stderr
    assert "the disk is full (No space left on device)" in one_warning_line(result.stderr)
    assert "Score: " in result.stdout


@POSIX
def test_the_lock_wait_is_10_s_unless_awsref_lock_wait_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from awsref.store_layout import lock_wait

    monkeypatch.delenv("AWSREF_LOCK_WAIT", raising=False)
    assert lock_wait() == 10
    monkeypatch.setenv("AWSREF_LOCK_WAIT", "2.5")
    assert lock_wait() == 2.5


@POSIX
def test_a_locked_store_waits_the_lock_wait_once(data_dir: Path) -> None:
    store = a_store(data_dir)
    locker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(store)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode = EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
            "c.execute(\"INSERT INTO meta VALUES ('lock', 'x')\")\n"
            "print('locked', flush=True); time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        start = time.monotonic()
        result = proc(
            "progress", "sqs", "-o", "json", env={"AWSREF_DATA_DIR": str(data_dir), "AWSREF_LOCK_WAIT": "2"}
        )
        took = time.monotonic() - start
    finally:
        locker.kill()
        locker.wait()
    assert result.returncode == 0
    assert "locked by another program (waited 2 s)" in one_warning_line(result.stderr)
    assert 1.8 <= took < 7


# ---- 5. opening reads what it needs, not the whole file ------------------------------------------


def _statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the stores opened from now on run."""
    from awsref.progress_store import Store

    seen: list[str] = []
    real = Store._connect

    def traced(self: Store, target: str, *, uri: bool = False) -> sqlite3.Connection:
        conn = real(self, target, uri=uri)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(Store, "_connect", traced)
    return seen


def _whole_checks(statements: list[str]) -> int:
    return sum(s.strip() == "PRAGMA integrity_check" for s in statements)


def test_a_store_is_opened_without_checking_its_whole_answers_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from awsref.progress_store import Store

    seen = _statements(monkeypatch)
    store = Store(str(tmp_path), pytest.fail)
    store.start(1, "", 0.0)
    for i in range(3):
        store.record(f"term:t{i}", "term", True, "a", float(i))
    store.close()
    assert _whole_checks(seen) == 1  # the new file, once
    seen.clear()
    again = Store(str(tmp_path), pytest.fail)
    assert set(again.states()) == {"term:t0", "term:t1", "term:t2"}
    again.close()
    assert _whole_checks(seen) == 0
    assert 'PRAGMA integrity_check("cards")' in seen


def test_a_store_from_before_the_summary_is_checked_whole_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from awsref.progress_store import Store
    from awsref.store_layout import SUMMARY

    store = Store(str(tmp_path), pytest.fail)
    store.record("term:gsi", "term", True, "a", 0.0)
    store.close()
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE name = ?", (SUMMARY,))
    conn.commit()
    conn.close()
    seen = _statements(monkeypatch)
    for _ in range(2):
        Store(str(tmp_path), pytest.fail).close()
    assert _whole_checks(seen) == 1
    assert rows(path, f"SELECT value FROM meta WHERE name = '{SUMMARY}'") == [("1",)]


def test_the_whole_file_is_checked_again_after_every_thousand_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from awsref.progress_store import Store
    from awsref.store_layout import CHECK_EVERY

    store = Store(str(tmp_path), pytest.fail)
    for i in range(CHECK_EVERY):
        store.record(f"term:t{i % 7}", "term", True, "a", float(i))
    store.close()
    seen = _statements(monkeypatch)
    for _ in range(2):
        Store(str(tmp_path), pytest.fail).close()
    assert _whole_checks(seen) == 1


def test_damage_in_the_answers_log_is_found_when_the_summary_disagrees(data_dir: Path) -> None:
    store = a_store(data_dir)
    _checkpointed(store)
    conn = sqlite3.connect(store)
    conn.execute(
        "INSERT INTO answers (session, card, kind, right, reply, at) VALUES ('x', 'y', 'z', 0, '', 0)"
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    root, page = (
        rows(store, "SELECT rootpage FROM sqlite_master WHERE name = 'answers'")[0][0],
        rows(store, "PRAGMA page_size")[0][0],
    )
    with open(store, "r+b") as f:  # the page type byte of the answers table's page
        f.seek((root - 1) * page)
        f.write(b"\x57")
    damaged = store.read_bytes()
    result = quiz(data_dir)
    assert result.returncode == 0, result.stderr
    assert "is corrupt" in one_warning_line(result.stderr) and "set aside" in result.stderr
    (aside,) = _aside(data_dir)
    assert aside.read_bytes() == damaged


def test_progress_reads_the_store_without_writing_or_creating_anything(data_dir: Path) -> None:
    assert progress(data_dir).returncode == 0
    assert not data_dir.exists()
    store = a_store(data_dir)
    _checkpointed(store)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    result = progress(data_dir)
    assert result.returncode == 0 and "warning" not in result.stderr
    total = json.loads(result.stdout)["result"]["total"]
    assert total["learning"] + total["known"] == 2  # the two cards a_store answered
    assert store.read_bytes() == before["progress.sqlite3"]
