"""The progress store's layout, and how an open checks it for damage without reading it all.

``progress_store`` opens the file; this module says what must be in it (``LAYOUT``, created
by ``SCHEMA``, numbered ``VERSION``), sets it up in one transaction, keeps the answers log's
summary (the newest answer's id, updated by every answer in the same transaction) and
decides how much of the file an open checks.
"""

from __future__ import annotations

import sqlite3
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypedDict

    class State(TypedDict):
        """What the store remembers of one card."""

        box: int
        due: float
        right: int
        wrong: int
        last_right: bool
        seen: float


BOXES = 5  # the Leitner boxes a card state may be in (0: new)
BUSY_MS = 10_000  # how long an open or a write waits for another process's lock (AWSREF_LOCK_WAIT)
MAX_LOCK_WAIT = 3600.0  # AWSREF_LOCK_WAIT: at most an hour
COLUMNS = "box, due, right, wrong, last_right, seen"
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_FULL = 13  # SQLITE_FULL
SUMMARY = "last_answer"  # meta row: the id of the newest answer, updated with every answer
CHECKED = "checked_to"  # meta row: the newest answer's id when the whole file was last checked
CHECK_EVERY = 1000  # answers between whole-file checks: 45 ms at 100,000 answers, once per 1,000
VERSION = 1  # PRAGMA user_version of the layout below; 0 is the same layout, before versions
# The columns each table must have for this awsref to read and write it.
LAYOUT = {
    "cards": {"card", "box", "due", "right", "wrong", "last_right", "seen"},
    "answers": {"id", "session", "card", "kind", "right", "reply", "at"},
    "sessions": {"id", "started", "ended", "asked", "right", "finished", "seed", "args"},
    "meta": {"name", "value"},
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS cards (
    card TEXT PRIMARY KEY,
    box INTEGER NOT NULL,
    due REAL NOT NULL,
    right INTEGER NOT NULL DEFAULT 0,
    wrong INTEGER NOT NULL DEFAULT 0,
    last_right INTEGER NOT NULL DEFAULT 0,
    seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    session TEXT NOT NULL,
    card TEXT NOT NULL,
    kind TEXT NOT NULL,
    right INTEGER NOT NULL,
    reply TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    started REAL NOT NULL,
    ended REAL,
    asked INTEGER NOT NULL DEFAULT 0,
    right INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    seed INTEGER,
    args TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def set_up(conn: sqlite3.Connection, version: int, summary_ok: bool, complete: bool) -> None:
    """Create or migrate the layout, in WAL mode, in one transaction that also proves the
    file writable now rather than at the first answer (``complete``: every table is there).

    When nothing needs creating, migrating or summarising, that transaction is rolled back
    after its write succeeded: an open that changes nothing writes nothing, so closing it
    has nothing to checkpoint. A transaction that does change the file is not synced
    (``synchronous = OFF``): it holds nothing the user gave, every later answer's commit is
    synced (``FULL``), which makes it durable too, and lost, it is simply done again.
    """
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        if version < VERSION:  # migrations: 0 -> 1 only numbers the existing layout
            conn.execute(f"PRAGMA user_version = {VERSION}")
        if not summary_ok:  # the whole file was just checked: the summary starts again from it
            last = last_answer(conn)
            write_summary(conn, last)
            conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (CHECKED, str(last)))
        conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('opened', ?)", (str(time.time()),))
        conn.execute("COMMIT" if version < VERSION or not summary_ok or not complete else "ROLLBACK")
    except BaseException:
        rollback(conn)
        raise
    finally:
        conn.execute("PRAGMA synchronous = FULL")


def last_answer(conn: sqlite3.Connection) -> int:
    """The id of the newest answer (0: none): read down the right edge of the table, not the
    whole of it."""
    return conn.execute("SELECT coalesce(max(id), 0) FROM answers").fetchone()[0]


def write_summary(conn: sqlite3.Connection, last: int | None) -> None:
    """Record the newest answer's id: written in the same transaction as the answer itself."""
    conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (SUMMARY, str(last or 0)))


def _meta_number(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row is not None and isinstance(row[0], str) and row[0].isdigit() else None


def _needs_whole_check(conn: sqlite3.Connection, layout: dict[str, set[str]]) -> bool:
    """Whether this open checks the whole file: the answers log does not end where the
    summary says the last write left it, or it grew by ``CHECK_EVERY`` since the last check."""
    if not layout.keys() >= {"answers", "meta"}:
        return True
    last, checked = _meta_number(conn, SUMMARY), _meta_number(conn, CHECKED)
    return last is None or checked is None or last != last_answer(conn) or last - checked >= CHECK_EVERY


def checked(conn: sqlite3.Connection, layout: dict[str, set[str]]) -> bool:
    """Look for damage without reading the whole file; a DatabaseError when there is some.

    The tables awsref reads (cards, sessions, meta) are checked in full, indexes included;
    the answers log, which only grows and is never read back, is checked at its end, where
    every write goes, against the summary each write leaves in ``meta``. The whole file is
    checked, as every open once did, when the two disagree (a store from before the summary,
    or a file changed behind awsref's back) and after every ``CHECK_EVERY`` answers.
    Returns whether the summary held (False: the whole file was checked).
    """
    whole = _needs_whole_check(conn, layout)
    targets = [""] if whole else [f'("{t}")' for t in sorted(layout) if t != "answers"]
    for target in targets:
        rows = conn.execute(f"PRAGMA integrity_check{target}").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError(f"database disk image is malformed ({rows[0][0]})")
    return not whole


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def layout_of(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The columns of each table of ``LAYOUT`` the file has."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables if t in LAYOUT}


def error_code(e: sqlite3.Error) -> int:
    """SQLite's primary result code of ``e`` (0: unknown)."""
    return getattr(e, "sqlite_errorcode", 0) & 0xFF


def is_corrupt(e: sqlite3.Error) -> bool:
    return error_code(e) in _CORRUPT or "not a database" in str(e) or "malformed" in str(e)


def is_busy(e: sqlite3.Error) -> bool:
    return error_code(e) in _BUSY


def lock_wait() -> float:
    """Seconds an open or a write waits for another process's lock: ``AWSREF_LOCK_WAIT``, else
    BUSY_MS (a slow or shared disk may want longer); out of range is a usage error."""
    from awsref.errors import env_number

    return env_number("AWSREF_LOCK_WAIT", BUSY_MS / 1000, 0.001, MAX_LOCK_WAIT)


def reason(e: BaseException) -> str:
    """What went wrong, in words for a one-line warning."""
    if isinstance(e, OSError):
        return e.strerror or str(e)
    if isinstance(e, sqlite3.Error) and error_code(e) == _FULL:
        return "the disk is full (No space left on device)"
    if isinstance(e, sqlite3.Error) and is_busy(e):
        return f"it is locked by another program (waited {lock_wait():g} s)"
    return str(e) or type(e).__name__


_NUMBER_TYPES = (int, float)


def valid_state(row: tuple[object, ...]) -> State | None:
    """A card's state from its row, or None when the row holds nonsense (edited by hand)."""
    box, due, right, wrong, last_right, seen = row
    if not (type(box) is int and type(right) is int and type(wrong) is int and type(last_right) is int):
        return None
    if type(due) not in _NUMBER_TYPES or type(seen) not in _NUMBER_TYPES:
        return None
    assert isinstance(due, (int, float)) and isinstance(seen, (int, float))
    if not (0 <= box <= BOXES and right >= 0 and wrong >= 0 and -1e12 < due < 1e12 and -1e12 < seen < 1e12):
        return None
    return {
        "box": box,
        "due": float(due),
        "right": right,
        "wrong": wrong,
        "last_right": bool(last_right),
        "seen": float(seen),
    }
