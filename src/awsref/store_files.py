"""The progress store's file: checked to be this user's own regular file before SQLite opens it.

The data directory is created 0700 and must be owned by the user and writable by nobody
else; the file is opened ``O_NOFOLLOW`` (a planted symlink is refused), must be a regular
file owned by the user, and is made 0600; its header and size are checked for damage that
SQLite itself cannot see. Nothing here writes to the file's contents.
"""

from __future__ import annotations

import os
import stat


class Refused(Exception):
    """The store, or its directory, is not safe or not ours to use; the message says why."""


def user_id() -> int | None:
    getuid = getattr(os, "getuid", None)
    return getuid() if getuid else None


def check_folder(folder: str) -> None:
    """Create the data directory 0700; refuse one that is not ours or that others may write."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    st = os.stat(folder)
    if not stat.S_ISDIR(st.st_mode):
        raise Refused(f"{folder} is not a directory")
    uid = user_id()
    if uid is not None and st.st_uid != uid:
        raise Refused(f"{folder} belongs to another user")
    if uid is not None and st.st_mode & 0o022:
        raise Refused(f"{folder} is writable by other users (chmod 700 it)")


_OPEN = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def open_verified(path: str, *, write: bool) -> int:
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
        uid = user_id()
        if uid is not None and st.st_uid != uid:
            raise Refused(f"{path} belongs to another user")
        if hasattr(os, "fchmod") and stat.S_IMODE(st.st_mode) & 0o177:
            os.fchmod(fd, 0o600)  # answers are nobody else's business
    except BaseException:
        os.close(fd)
        raise
    return fd


def file_damage(fd: int) -> str | None:
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


_URI_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")


def file_uri(path: str, **params: str) -> str:
    """An SQLite ``file:`` URI of ``path`` that never follows a symlink, with ``params``.

    Every byte but letters, digits, ``-._~/`` is percent-encoded (``urllib.parse`` costs
    milliseconds to import)."""
    raw = os.fsencode(os.path.abspath(path))
    quoted = "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in raw)
    query = "&".join(f"{k}={v}" for k, v in {"nofollow": "1", **params}.items())
    return f"file:{quoted}?{query}"


def same_file(path: str, fd: int) -> bool:
    """Whether ``path`` still names the file open as ``fd`` (not replaced, not a link)."""
    try:
        now, then = os.lstat(path), os.fstat(fd)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (then.st_dev, then.st_ino)
