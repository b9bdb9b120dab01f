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
* damage is looked for without reading the whole file: ``PRAGMA integrity_check`` of the
  tables awsref reads (``quick_check`` misses a damaged index), the end of the answers log
  against a summary every answer updates in the same transaction, and a size check (a
  file cut short by one byte). The whole file (45 ms at 100,000 answers) is checked when
  the summary disagrees and once every 1,000 answers. A damaged file is set aside
  (renamed with a timestamp, never deleted or rewritten) with a warning, and a new one
  started;
* ``PRAGMA user_version`` is the layout's version, migrated forward; a newer awsref's
  store is read but not written, a store of unknown layout is neither, each with a
  one-line warning; a card state edited into nonsense counts as new, with a warning;
* every SQLite error is one warning line and the quiz goes on without saving. Nothing
  here raises for a storage problem.

``awsref progress`` opens the store read-only (``write=False``): nothing is created,
migrated or committed, so it costs no sync.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable

from awsref.store_files import Refused, check_folder, file_damage, file_uri, open_verified

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
SUMMARY = "last_answer"  # meta row: the id of the newest answer, updated with every answer
CHECKED = "checked_to"  # meta row: the newest answer's id when the whole file was last checked
CHECK_EVERY = 1000  # answers between whole-file checks: 45 ms at 100,000 answers, once per 1,000
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


def blank() -> State:
    """The state of a card never answered."""
    return {"box": 0, "due": 0.0, "right": 0, "wrong": 0, "last_right": True, "seen": 0.0}


# ---- the store --------------------------------------------------------------------------


def _code(e: sqlite3.Error) -> int:
    return getattr(e, "sqlite_errorcode", 0) & 0xFF


def _corrupt(e: sqlite3.Error) -> bool:
    return _code(e) in _CORRUPT or "not a database" in str(e) or "malformed" in str(e)


_NUMBER_TYPES = (int, float)


def _valid_state(row: tuple[object, ...]) -> State | None:
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


def _state(row: tuple[object, ...]) -> State:
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
    """Card states and answers; in memory only when the file cannot be used.

    ``write=False`` (``awsref progress``) only reads: a missing store is no store, nothing
    is created, and SQLite opens the file read-only, so nothing is committed or synced.
    """

    def __init__(self, folder: str | None, warn: Callable[[str], None], *, write: bool = True) -> None:
        self._warn = warn
        self._writing = write
        self._failing = "progress will not be saved" if write else "progress cannot be read"
        self.path = os.path.join(folder, FILENAME) if folder else None
        self.saving = False
        self._conn: sqlite3.Connection | None = None
        self._fd = -1  # the verified descriptor of the file SQLite has open
        self._states: dict[str, State] = {}
        self.session = os.urandom(16).hex()  # a random session id, as uuid4().hex without uuid
        if not folder:  # then self.path is None
            warn("progress is not saved: no data directory (AWSREF_DATA_DIR is empty or there is no home)")
            return
        try:
            for retry in (True, False):
                if not self._open(folder, retry=retry):
                    break
        except sqlite3.Error as e:  # anything not foreseen below: one line, no saving
            self._close_conn()
            self.saving = False
            warn(f"{self._failing}: {self.path}: {_reason(e)}")

    # -- opening

    def _connect(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        if not uri:  # a plain path: SQLite must not follow a symlink there either
            target, uri = file_uri(target), True
        conn = sqlite3.connect(target, timeout=BUSY_MS / 1000, isolation_level=None, uri=uri)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return conn

    def _open(self, folder: str, *, retry: bool) -> bool:
        """Open the store; True when a damaged file was set aside and opening starts again."""
        assert self.path is not None
        if not self._writing and not os.path.lexists(self.path):
            return False  # nothing answered yet: nothing to read, nothing to create
        try:
            check_folder(folder)
            fd = open_verified(self.path, write=self._writing)
        except Refused as e:
            self._warn(f"{self._failing}: {e}; the file is not used")
            return False
        except OSError as e:
            if self._writing:
                self._read_only(f"cannot open {self.path}: {_reason(e)}")
            else:
                self._warn(f"{self._failing}: cannot open {self.path}: {_reason(e)}")
            return False
        try:
            return self._open_file(fd, retry=retry)
        except Refused as e:
            self._warn(f"{self._failing}: {e}; the file is kept as it is")
            return False
        finally:
            # Our descriptor stays open as long as SQLite's: closing any descriptor of a
            # file drops every POSIX lock this process holds on it, SQLite's too.
            if fd != self._fd:
                os.close(fd)

    def _open_file(self, fd: int, *, retry: bool) -> bool:
        """Check and open the verified file ``fd``; True when it was set aside (see _open)."""
        assert self.path is not None
        damage = file_damage(fd)
        if damage is not None:
            if retry and self._set_aside(fd, damage):
                return True
            self._warn(f"{self._failing}: {self.path} is damaged ({damage})")
            return False
        conn = (
            self._connect(self.path)
            if self._writing
            else self._connect(file_uri(self.path, mode="ro"), uri=True)
        )
        if not self._same_file(fd):
            conn.close()
            self._warn(f"{self._failing}: {self.path} was replaced while it was opened")
            return False
        try:
            version, tables = self._prepare(conn)
        except Refused:
            conn.close()
            raise
        except sqlite3.Error as e:
            conn.close()
            return self._failed(fd, e, retry=retry)
        if version > VERSION or not self._writing:
            self._states = self._load(conn) if "cards" in tables else {}
            conn.close()
            if version > VERSION:
                self._warn(
                    f"progress will not be saved: {self.path} was written by a newer awsref "
                    f"(store version {version}; this one writes {VERSION}); it is read, not changed"
                )
            return False
        self._conn, self._fd = conn, fd
        self.saving = True
        self._states = self._load(conn)
        return False

    def _failed(self, fd: int, e: sqlite3.Error, *, retry: bool) -> bool:
        """After an SQLite error while opening: set a damaged file aside (True), else warn."""
        assert self.path is not None
        if _corrupt(e) and retry and self._set_aside(fd, _reason(e)):
            return True
        if _code(e) in _BUSY or not self._writing:
            self._warn(f"{self._failing}: {self.path}: {_reason(e)}")
        else:
            self._read_only(f"cannot write {self.path}: {_reason(e)}")
        return False

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

    def _prepare(self, conn: sqlite3.Connection) -> tuple[int, set[str]]:
        """Check for damage and the layout, then (when writing) create or migrate it.

        Returns the store's version and the tables it has.
        """
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        layout = self._layout(conn)
        summary_ok = _checked(conn, layout)
        if version > VERSION:
            if layout.get("cards", set()) >= _LAYOUT["cards"]:
                return version, set(layout)
            raise Refused(
                f"{self.path} was written by a newer awsref (store version {version}) and cannot be read"
            )
        if version < 0 or any(layout[t] < cols for t, cols in _LAYOUT.items() if t in layout):
            missing = sorted(
                f"{t}.{c}" for t, cols in _LAYOUT.items() if t in layout for c in cols - layout[t]
            )
            raise Refused(
                f"{self.path} has a layout this awsref does not know (missing {', '.join(missing[:3])})"
            )
        if self._writing:
            _set_up(conn, version, summary_ok, complete=layout.keys() >= _LAYOUT.keys())
            return VERSION, set(_LAYOUT)
        return version, set(layout)

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
            fd = open_verified(self.path, write=False)
        except (OSError, Refused):
            return
        try:
            for target in (file_uri(self.path, mode="ro"), file_uri(self.path, immutable="1")):
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

    def _load(self, conn: sqlite3.Connection) -> dict[str, State]:
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

    def states(self) -> dict[str, State]:
        """Every answered card's state: box, due, right, wrong, last_right, seen."""
        return self._states

    def state(self, card: str) -> State:
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

    def record(self, card: str, kind: str, right: bool, reply: str, now: float) -> State:
        """Move ``card`` by the rule and save the answer at once; returns its new state."""
        saved: list[State] = []

        def apply(current: State) -> State:
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
            added = c.execute(
                "INSERT INTO answers (session, card, kind, right, reply, at) VALUES (?, ?, ?, ?, ?, ?)",
                (self.session, card, kind, int(right), reply, now),
            )
            _write_summary(c, added.lastrowid)
            c.execute(
                "UPDATE sessions SET asked = asked + 1, right = right + ?, ended = ? WHERE id = ?",
                (int(right), now, self.session),
            )
            saved.append(new)

        self._write("save an answer", write)
        result = saved[-1] if saved else apply(self.state(card))
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


def _set_up(conn: sqlite3.Connection, version: int, summary_ok: bool, complete: bool) -> None:
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
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        if version < VERSION:  # migrations: 0 -> 1 only numbers the existing layout
            conn.execute(f"PRAGMA user_version = {VERSION}")
        if not summary_ok:  # the whole file was just checked: the summary starts again from it
            last = _last_answer(conn)
            _write_summary(conn, last)
            conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (CHECKED, str(last)))
        conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('opened', ?)", (str(time.time()),))
        conn.execute("COMMIT" if version < VERSION or not summary_ok or not complete else "ROLLBACK")
    except BaseException:
        _rollback(conn)
        raise
    finally:
        conn.execute("PRAGMA synchronous = FULL")


def _last_answer(conn: sqlite3.Connection) -> int:
    """The id of the newest answer (0: none): read down the right edge of the table, not the
    whole of it."""
    return conn.execute("SELECT coalesce(max(id), 0) FROM answers").fetchone()[0]


def _write_summary(conn: sqlite3.Connection, last: int | None) -> None:
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
    return last is None or checked is None or last != _last_answer(conn) or last - checked >= CHECK_EVERY


def _checked(conn: sqlite3.Connection, layout: dict[str, set[str]]) -> bool:
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


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
