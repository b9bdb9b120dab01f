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

* the file must be the user's own regular file in a private directory (``store_files``),
  and SQLite opens the same path with ``nofollow`` and is checked to have opened the
  same inode;
* damage is looked for without reading the whole file (``store_layout.checked``: the
  whole file only when the answers log's summary disagrees, and once every 1,000
  answers); a damaged file is set aside (renamed with a timestamp, never deleted or
  rewritten) with a warning, and a new one started;
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

from awsref.store_files import Refused, check_folder, file_damage, file_uri, open_verified, same_file
from awsref.store_layout import (
    BOXES,
    COLUMNS,
    LAYOUT,
    VERSION,
    checked,
    is_busy,
    is_corrupt,
    layout_of,
    lock_wait,
    reason,
    rollback,
    set_up,
    valid_state,
    write_summary,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from awsref.store_layout import State


INTERVAL_DAYS = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}
KNOWN_FROM = 4
DAY = 86400.0
FILENAME = "progress.sqlite3"

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


def _state(row: tuple[object, ...]) -> State:
    return valid_state(row) or blank()


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
        self._lock_wait = lock_wait()  # read (and checked) before anything is opened
        if not folder:  # then self.path is None
            warn("progress is not saved: no data directory (AWSREF_DATA_DIR is empty or there is no home)")
            return
        try:
            for retry in (True, False):
                if not self._open(folder, retry=retry):
                    break
        except sqlite3.Error as e:  # anything not foreseen below: one line, no saving
            self.close()
            self.saving = False
            warn(f"{self._failing}: {self.path}: {reason(e)}")

    # -- opening

    def _connect(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        if not uri:  # a plain path: SQLite must not follow a symlink there either
            target, uri = file_uri(target), True
        conn = sqlite3.connect(target, timeout=self._lock_wait, isolation_level=None, uri=uri)
        conn.execute(f"PRAGMA busy_timeout = {round(self._lock_wait * 1000)}")
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
                self._read_only(f"cannot open {self.path}: {reason(e)}")
            else:
                self._warn(f"{self._failing}: cannot open {self.path}: {reason(e)}")
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
        if is_corrupt(e) and retry and self._set_aside(fd, reason(e)):
            return True
        if is_busy(e) or not self._writing:
            self._warn(f"{self._failing}: {self.path}: {reason(e)}")
        else:
            self._read_only(f"cannot write {self.path}: {reason(e)}")
        return False

    def _same_file(self, fd: int) -> bool:
        """Whether the path still names the file that was verified through ``fd``."""
        assert self.path is not None
        return same_file(self.path, fd)

    def _prepare(self, conn: sqlite3.Connection) -> tuple[int, set[str]]:
        """Check for damage and the layout, then (when writing) create or migrate it.

        Returns the store's version and the tables it has.
        """
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        layout = layout_of(conn)
        summary_ok = checked(conn, layout)
        if version > VERSION:
            if layout.get("cards", set()) >= LAYOUT["cards"]:
                return version, set(layout)
            raise Refused(
                f"{self.path} was written by a newer awsref (store version {version}) and cannot be read"
            )
        if version < 0 or any(layout[t] < cols for t, cols in LAYOUT.items() if t in layout):
            missing = sorted(
                f"{t}.{c}" for t, cols in LAYOUT.items() if t in layout for c in cols - layout[t]
            )
            raise Refused(
                f"{self.path} has a layout this awsref does not know (missing {', '.join(missing[:3])})"
            )
        if self._writing:
            set_up(conn, version, summary_ok, complete=layout.keys() >= LAYOUT.keys())
            return VERSION, set(LAYOUT)
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
                    if is_busy(e):
                        return  # waited once already: never twice
                    continue
        finally:
            os.close(fd)

    def _load(self, conn: sqlite3.Connection) -> dict[str, State]:
        rows = conn.execute(f"SELECT card, {COLUMNS} FROM cards").fetchall()
        states = {}
        bad = 0
        for r in rows:
            state = valid_state(r[1:])
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
                rollback(conn)
                raise
        except sqlite3.Error as e:
            self.saving = False
            self._warn(f"progress is no longer saved: cannot {what} in {self.path}: {reason(e)}")

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
            row = c.execute(f"SELECT {COLUMNS} FROM cards WHERE card = ?", (card,)).fetchone()
            new = apply(_state(row) if row else blank())
            c.execute(
                f"INSERT OR REPLACE INTO cards (card, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (card, new["box"], new["due"], new["right"], new["wrong"], int(new["last_right"]), now),
            )
            added = c.execute(
                "INSERT INTO answers (session, card, kind, right, reply, at) VALUES (?, ?, ?, ?, ?, ?)",
                (self.session, card, kind, int(right), reply, now),
            )
            write_summary(c, added.lastrowid)
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

    def close(self) -> None:
        """Let go of the file (SQLite's connection first, then the verified descriptor)."""
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        if self._fd >= 0:  # only after SQLite let go of the file: see _open
            os.close(self._fd)
            self._fd = -1
