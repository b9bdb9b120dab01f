"""What the student knows: the Leitner schedule and the SQLite file that remembers it.

The rule (the README states it too):

* A card never answered is *new*. Answered cards sit in boxes 1 to 5.
* A right answer moves a card up one box (a new card to box 1, box 5 stays 5) and makes
  it due again after 1, 2, 4, 8 or 16 days (box 1 to 5).
* A wrong answer sends it back to box 1, due at once: missed cards are asked first.
* Boxes 1 to 3 are *learning*, boxes 4 and 5 are *known*.

The store is ``progress.sqlite3`` in the data directory. Every answer is written in its
own short transaction as soon as it is given (WAL journal, a busy timeout), so several
quiz processes may run at once and a killed one loses at most the answer being written.
A corrupt file is set aside (renamed, never deleted) with a warning and a new one
started; a store that cannot be written (read-only file or directory, no directory)
is read if it can be, and the quiz runs without saving, with a warning. Nothing here
raises for a storage problem.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable

BOXES = 5
INTERVAL_DAYS = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}
KNOWN_FROM = 4
DAY = 86400.0
FILENAME = "progress.sqlite3"
BUSY_MS = 10_000

_COLUMNS = "box, due, right, wrong, last_right, seen"
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

_SCHEMA = """
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


# ---- the rule ---------------------------------------------------------------------------


def next_state(box: int, right: bool, now: float) -> tuple[int, float]:
    """(box, due) after an answer to a card in ``box`` (0: new) at time ``now``."""
    if not right:
        return 1, now
    box = min(max(box, 0) + 1, BOXES)
    return box, now + INTERVAL_DAYS[box] * DAY


def status(box: int) -> str:
    """``new``, ``learning`` or ``known``."""
    if box <= 0:
        return "new"
    return "known" if box >= KNOWN_FROM else "learning"


def blank() -> dict:
    """The state of a card never answered."""
    return {"box": 0, "due": 0.0, "right": 0, "wrong": 0, "last_right": True, "seen": 0.0}


# ---- the store --------------------------------------------------------------------------


def _code(e: sqlite3.Error) -> int:
    return getattr(e, "sqlite_errorcode", 0) & 0xFF


def _corrupt(e: sqlite3.Error) -> bool:
    return _code(e) in _CORRUPT or "not a database" in str(e) or "malformed" in str(e)


class Store:
    """Card states and answers; in memory only when the file cannot be used."""

    def __init__(self, folder: str | None, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self.path = os.path.join(folder, FILENAME) if folder else None
        self.saving = False
        self._conn: sqlite3.Connection | None = None
        self._states: dict[str, dict] = {}
        self.session = uuid.uuid4().hex
        if not folder:  # then self.path is None
            warn("progress is not saved: no data directory (AWSREF_DATA_DIR is empty or there is no home)")
            return
        self._open(folder)

    # -- opening

    def _connect(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=BUSY_MS / 1000, isolation_level=None, uri=uri)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return conn

    def _open(self, folder: str) -> None:
        assert self.path is not None
        for attempt in range(2):
            try:
                os.makedirs(folder, exist_ok=True)
                inode = _inode(self.path)
                conn = self._connect(self.path)
            except (OSError, sqlite3.Error) as e:
                self._read_only(f"cannot open {self.path}: {_reason(e)}")
                return
            try:
                self._prepare(conn)
            except sqlite3.Error as e:
                conn.close()
                if _corrupt(e) and attempt == 0:
                    self._set_aside(inode, e)
                    continue
                self._read_only(f"cannot write {self.path}: {_reason(e)}")
                return
            self._conn = conn
            self.saving = True
            self._states = self._load(conn)
            return

    def _prepare(self, conn: sqlite3.Connection) -> None:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError(f"database disk image is malformed ({rows[0][0]})")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            # A real write, so that a read-only file is found out now, not at the first answer.
            conn.execute(
                "INSERT OR REPLACE INTO meta (name, value) VALUES ('opened', ?)", (str(time.time()),)
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _set_aside(self, inode: int | None, e: sqlite3.Error) -> None:
        """Rename a corrupt file (and its journal files) out of the way, keeping it."""
        assert self.path is not None
        if inode is not None and _inode(self.path) != inode:
            return  # another process already replaced it
        aside = f"{self.path}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        try:
            os.replace(self.path, aside)
        except OSError:
            return
        for suffix in ("-wal", "-shm"):
            try:
                os.replace(self.path + suffix, aside + suffix)
            except OSError:
                pass
        self._warn(f"{self.path} is corrupt ({_reason(e)}); set aside as {aside}, a new one started")

    def _read_only(self, reason: str) -> None:
        """Read what can be read (for the schedule) and carry on without saving."""
        assert self.path is not None
        self._warn(f"progress will not be saved: {reason}")
        if not os.path.exists(self.path):
            return
        for target in (f"file:{self.path}?mode=ro", f"file:{self.path}?immutable=1"):
            try:
                conn = self._connect(target, uri=True)
                try:
                    self._states = self._load(conn)
                finally:
                    conn.close()
                return
            except sqlite3.Error:
                continue

    @staticmethod
    def _load(conn: sqlite3.Connection) -> dict[str, dict]:
        rows = conn.execute(f"SELECT card, {_COLUMNS} FROM cards").fetchall()
        return {r[0]: _state(r[1:]) for r in rows}

    # -- using it

    def states(self) -> dict[str, dict]:
        """Every answered card's state: box, due, right, wrong, last_right, seen."""
        return self._states

    def state(self, card: str) -> dict:
        return self._states.get(card) or blank()

    def _write(self, what: str, fn: Callable[[sqlite3.Connection], object]) -> None:
        if not self.saving or self._conn is None:
            return
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            self.saving = False
            self._warn(f"progress is no longer saved: cannot {what} in {self.path}: {_reason(e)}")

    def start(self, seed: int, args: str, now: float) -> None:
        """Record the start of a quiz session."""
        self._write(
            "start a session",
            lambda c: c.execute(
                "INSERT INTO sessions (id, started, seed, args) VALUES (?, ?, ?, ?)",
                (self.session, now, seed, args),
            ),
        )

    def record(self, card: str, kind: str, right: bool, reply: str, now: float) -> dict:
        """Move ``card`` by the rule and save the answer at once; returns its new state."""
        result: dict = {}

        def apply(current: dict) -> dict:
            box, due = next_state(current["box"], right, now)
            return {
                "box": box,
                "due": due,
                "right": current["right"] + right,
                "wrong": current["wrong"] + (not right),
                "last_right": right,
                "seen": now,
            }

        def write(c: sqlite3.Connection) -> None:
            row = c.execute(f"SELECT {_COLUMNS} FROM cards WHERE card = ?", (card,)).fetchone()
            new = apply(_state(row) if row else blank())
            c.execute(
                f"INSERT OR REPLACE INTO cards (card, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (card, new["box"], new["due"], new["right"], new["wrong"], int(new["last_right"]), now),
            )
            c.execute(
                "INSERT INTO answers (session, card, kind, right, reply, at) VALUES (?, ?, ?, ?, ?, ?)",
                (self.session, card, kind, int(right), reply, now),
            )
            c.execute(
                "UPDATE sessions SET asked = asked + 1, right = right + ?, ended = ? WHERE id = ?",
                (int(right), now, self.session),
            )
            result.update(new)

        self._write("save an answer", write)
        if not result:
            result.update(apply(self.state(card)))
        self._states[card] = result
        return result

    def finish(self, complete: bool, now: float) -> None:
        """Mark the session ended (``complete``: every question was asked)."""
        self._write(
            "end the session",
            lambda c: c.execute(
                "UPDATE sessions SET ended = ?, finished = ? WHERE id = ?", (now, int(complete), self.session)
            ),
        )

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None


def _state(row: tuple) -> dict:
    box, due, right, wrong, last_right, seen = row
    return {
        "box": box,
        "due": due,
        "right": right,
        "wrong": wrong,
        "last_right": bool(last_right),
        "seen": seen,
    }


def _inode(path: str) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError):
        return e.strerror or str(e)
    return str(e)
