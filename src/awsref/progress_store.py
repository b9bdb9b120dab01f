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

The store is trusted only as far as it is checked:

* the data directory is created 0700 and must be owned by the user and writable by
  nobody else; the file is opened ``O_NOFOLLOW`` (a planted symlink is refused), must be
  a regular file owned by the user, is made 0600, and SQLite opens the same path with
  ``nofollow`` and is checked to have opened the same inode;
* damage is looked for with ``PRAGMA integrity_check`` (45 ms at 100,000 answers, 15 ms
  more than ``quick_check``, which misses a damaged index) and a size check (a file cut
  short by one byte); a damaged file is set aside (renamed with a timestamp, never
  deleted or rewritten) with a warning, and a new one started;
* ``PRAGMA user_version`` is the layout's version, migrated forward; a newer awsref's
  store is read but not written, a store of unknown layout is neither, each with a
  one-line warning; a card state edited into nonsense counts as new, with a warning;
* every SQLite error is one warning line and the quiz goes on without saving. Nothing
  here raises for a storage problem.
"""

from __future__ import annotations

import os
import sqlite3
import stat
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
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_FULL = 13  # SQLITE_FULL
VERSION = 1  # PRAGMA user_version of the layout below; 0 is the same layout, before versions
# The columns each table must have for this awsref to read and write it.
_LAYOUT = {
    "cards": {"card", "box", "due", "right", "wrong", "last_right", "seen"},
    "answers": {"id", "session", "card", "kind", "right", "reply", "at"},
    "sessions": {"id", "started", "ended", "asked", "right", "finished", "seed", "args"},
    "meta": {"name", "value"},
}

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


class Refused(Exception):
    """The store, or its directory, is not safe or not ours to use; the message says why."""


def _code(e: sqlite3.Error) -> int:
    return getattr(e, "sqlite_errorcode", 0) & 0xFF


def _corrupt(e: sqlite3.Error) -> bool:
    return _code(e) in _CORRUPT or "not a database" in str(e) or "malformed" in str(e)


def _uid() -> int | None:
    getuid = getattr(os, "getuid", None)
    return getuid() if getuid else None


def _check_folder(folder: str) -> None:
    """Create the data directory 0700; refuse one that is not ours or that others may write."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    st = os.stat(folder)
    if not stat.S_ISDIR(st.st_mode):
        raise Refused(f"{folder} is not a directory")
    uid = _uid()
    if uid is not None and st.st_uid != uid:
        raise Refused(f"{folder} belongs to another user")
    if uid is not None and st.st_mode & 0o022:
        raise Refused(f"{folder} is writable by other users (chmod 700 it)")


_OPEN = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _open_verified(path: str, *, write: bool) -> int:
    """A descriptor of ``path`` when it is a regular file this user owns (created 0600 when
    missing and ``write``); a symlink, FIFO, device or another user's file is Refused."""
    flags = (os.O_RDWR | os.O_CREAT if write else os.O_RDONLY) | _OPEN | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as e:
        if os.path.islink(path):
            raise Refused(f"{path} is a symbolic link") from None
        raise e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"{path} is not a regular file")
        uid = _uid()
        if uid is not None and st.st_uid != uid:
            raise Refused(f"{path} belongs to another user")
        if write and hasattr(os, "fchmod") and stat.S_IMODE(st.st_mode) & 0o177:
            os.fchmod(fd, 0o600)  # answers are nobody else's business
    except BaseException:
        os.close(fd)
        raise
    return fd


def _damage(fd: int) -> str | None:
    """What is wrong with the file's header or size, or None.

    ``integrity_check`` cannot see a file cut short inside its last page: SQLite reads
    the missing bytes as zeros. SQLite writes whole pages, so a size that is not a
    whole number of pages is damage (the in-header page count is not compared: another
    process's checkpoint may have written page 1 before the pages after it).
    """
    st = os.fstat(fd)
    if st.st_size == 0:
        return None  # new: SQLite writes its first page at once
    if hasattr(os, "pread"):
        head = os.pread(fd, 100, 0)
    else:
        os.lseek(fd, 0, os.SEEK_SET)
        head = os.read(fd, 100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return "not an SQLite database"
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or st.st_size % page:
        return f"its size, {st.st_size} bytes, is not a whole number of {page}-byte pages"
    return None


def _uri(path: str, **params: str) -> str:
    from urllib.parse import quote

    query = "&".join(f"{k}={v}" for k, v in {"nofollow": "1", **params}.items())
    return f"file:{quote(os.path.abspath(path))}?{query}"


def _valid_state(row: tuple) -> dict | None:
    """A card's state from its row, or None when the row holds nonsense (edited by hand)."""
    box, due, right, wrong, last_right, seen = row
    numbers = (due, seen)
    counts = (box, right, wrong, last_right)
    if not all(type(x) is int for x in counts) or not all(type(x) in (int, float) for x in numbers):
        return None
    if not 0 <= box <= BOXES or right < 0 or wrong < 0 or not all(abs(x) < 1e12 for x in numbers):
        return None
    return {
        "box": box,
        "due": float(due),
        "right": right,
        "wrong": wrong,
        "last_right": bool(last_right),
        "seen": float(seen),
    }


def _state(row: tuple) -> dict:
    return _valid_state(row) or blank()


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError):
        return e.strerror or str(e)
    if isinstance(e, sqlite3.Error) and _code(e) == _FULL:
        return "the disk is full (No space left on device)"
    if isinstance(e, sqlite3.Error) and _code(e) in _BUSY:
        return f"it is locked by another program (waited {BUSY_MS // 1000} s)"
    return str(e) or type(e).__name__


class Store:
    """Card states and answers; in memory only when the file cannot be used."""

    def __init__(self, folder: str | None, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self.path = os.path.join(folder, FILENAME) if folder else None
        self.saving = False
        self._conn: sqlite3.Connection | None = None
        self._fd = -1  # the verified descriptor of the file SQLite has open
        self._states: dict[str, dict] = {}
        self.session = uuid.uuid4().hex
        if not folder:  # then self.path is None
            warn("progress is not saved: no data directory (AWSREF_DATA_DIR is empty or there is no home)")
            return
        try:
            self._open(folder)
        except sqlite3.Error as e:  # anything not foreseen below: one line, no saving
            self._close_conn()
            self.saving = False
            warn(f"progress will not be saved: {self.path}: {_reason(e)}")

    # -- opening

    def _connect(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        if not uri:  # a plain path: SQLite must not follow a symlink there either
            target, uri = _uri(target), True
        conn = sqlite3.connect(target, timeout=BUSY_MS / 1000, isolation_level=None, uri=uri)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return conn

    def _open(self, folder: str) -> None:
        assert self.path is not None
        for attempt in range(2):
            try:
                _check_folder(folder)
                fd = _open_verified(self.path, write=True)
            except Refused as e:
                self._warn(f"progress will not be saved: {e}; the file is not used")
                return
            except OSError as e:
                self._read_only(f"cannot open {self.path}: {_reason(e)}")
                return
            try:
                damage = _damage(fd)
                if damage is not None:
                    if attempt == 0 and self._set_aside(fd, damage):
                        continue
                    self._warn(f"progress will not be saved: {self.path} is damaged ({damage})")
                    return
                conn = self._connect(self.path)
                if not self._same_file(fd):
                    conn.close()
                    self._warn(f"progress will not be saved: {self.path} was replaced while it was opened")
                    return
                try:
                    version = self._prepare(conn)
                except Refused:
                    conn.close()
                    raise
                except sqlite3.Error as e:
                    conn.close()
                    if _corrupt(e) and attempt == 0 and self._set_aside(fd, _reason(e)):
                        continue
                    if _code(e) in _BUSY:
                        self._warn(f"progress will not be saved: {self.path}: {_reason(e)}")
                        return
                    self._read_only(f"cannot write {self.path}: {_reason(e)}")
                    return
                if version > VERSION:
                    self._states = self._load(conn)
                    conn.close()
                    self._warn(
                        f"progress will not be saved: {self.path} was written by a newer awsref "
                        f"(store version {version}; this one writes {VERSION}); it is read, not changed"
                    )
                    return
                # Our descriptor stays open as long as SQLite's: closing any descriptor of a
                # file drops every POSIX lock this process holds on it, SQLite's too.
                self._conn, self._fd, fd = conn, fd, -1
                self.saving = True
                self._states = self._load(conn)
                return
            except Refused as e:
                self._warn(f"progress will not be saved: {e}; the file is kept as it is")
                return
            finally:
                if fd >= 0:
                    os.close(fd)

    def _same_file(self, fd: int) -> bool:
        """Whether the path still names the file that was verified through ``fd``."""
        assert self.path is not None
        try:
            now, then = os.lstat(self.path), os.fstat(fd)
        except OSError:
            return False
        return (now.st_dev, now.st_ino) == (then.st_dev, then.st_ino)

    def _layout(self, conn: sqlite3.Connection) -> dict[str, set[str]]:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables if t in _LAYOUT}

    def _prepare(self, conn: sqlite3.Connection) -> int:
        """Check for damage, create or migrate the layout; returns the store's version."""
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError(f"database disk image is malformed ({rows[0][0]})")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        layout = self._layout(conn)
        if version > VERSION:
            if layout.get("cards", set()) >= _LAYOUT["cards"]:
                return version
            raise Refused(
                f"{self.path} was written by a newer awsref (store version {version}) and cannot be read"
            )
        if version < 0 or (
            layout and any(layout.get(t, set()) < cols for t, cols in _LAYOUT.items() if t in layout)
        ):
            missing = sorted(
                f"{t}.{c}" for t, cols in _LAYOUT.items() if t in layout for c in cols - layout[t]
            )
            raise Refused(
                f"{self.path} has a layout this awsref does not know (missing {', '.join(missing[:3])})"
            )
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            if version < VERSION:  # migrations: 0 -> 1 only numbers the existing layout
                conn.execute(f"PRAGMA user_version = {VERSION}")
            # A real write, so that a read-only file is found out now, not at the first answer.
            conn.execute(
                "INSERT OR REPLACE INTO meta (name, value) VALUES ('opened', ?)", (str(time.time()),)
            )
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        return VERSION

    def _set_aside(self, fd: int, why: str) -> bool:
        """Rename a damaged file (and its journal files) out of the way, keeping it."""
        assert self.path is not None
        if not self._same_file(fd):
            return True  # another process already replaced it: open the new one
        aside = f"{self.path}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        try:
            os.replace(self.path, aside)
        except OSError:
            return False
        for suffix in ("-wal", "-shm"):
            try:
                os.replace(self.path + suffix, aside + suffix)
            except OSError:
                pass
        self._warn(f"{self.path} is corrupt ({why}); set aside as {aside}, a new one started")
        return True

    def _read_only(self, reason: str) -> None:
        """Read what can be read (for the schedule) and carry on without saving."""
        assert self.path is not None
        self._warn(f"progress will not be saved: {reason}")
        try:
            fd = _open_verified(self.path, write=False)
        except (OSError, Refused):
            return
        try:
            for target in (_uri(self.path, mode="ro"), _uri(self.path, immutable="1")):
                try:
                    conn = self._connect(target, uri=True)
                    try:
                        if self._same_file(fd):
                            self._states = self._load(conn)
                    finally:
                        conn.close()
                    return
                except sqlite3.Error as e:
                    if _code(e) in _BUSY:
                        return  # waited once already: never twice
                    continue
        finally:
            os.close(fd)

    def _load(self, conn: sqlite3.Connection) -> dict[str, dict]:
        rows = conn.execute(f"SELECT card, {_COLUMNS} FROM cards").fetchall()
        states = {}
        bad = 0
        for r in rows:
            state = _valid_state(r[1:])
            if state is None or not isinstance(r[0], str):
                bad += 1
                continue
            states[r[0]] = state
        if bad:
            self._warn(
                f"{bad} card state(s) in {self.path} are not valid (edited by hand?); they count as new"
            )
        return states

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
                _rollback(conn)
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

    def _close_conn(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        if self._fd >= 0:  # only after SQLite let go of the file: see _open
            os.close(self._fd)
            self._fd = -1

    def close(self) -> None:
        self._close_conn()


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
