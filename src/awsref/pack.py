"""The cache pack file: one file of marshalled sections, each with its CRC-32, read lazily.

The cache may sit in a directory others can write (CI, containers, a team volume), so
the pack is trusted only as far as it is checked:

- only a regular file owned by this user and writable by nobody else is read, opened
  with O_NOFOLLOW and O_NONBLOCK (a planted symlink or FIFO is a miss, never a hang);
- the header is plain ASCII text, parsed with ``str.split`` (nothing in it can crash the
  interpreter), and compared with the caller's key before anything is unmarshalled
  (``kb`` says what the key holds);
- every section carries a CRC-32, checked before ``marshal.loads``; a mismatch or an I/O
  error is a cache miss that rebuilds;
- the pack is written to a fresh, randomly named temp file (O_CREAT|O_EXCL|O_NOFOLLOW,
  mode 0600) and renamed into place; the cache directory is created 0700; temp files
  left by killed runs are swept by the next write.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import zlib

from awsref import __version__
from awsref.buckets import name_bucket

TYPE_CHECKING = False  # typing costs milliseconds at start-up
if TYPE_CHECKING:
    from typing import Any

MAGIC = b"AWSREF-PACK-3\n"
_SCHEMA = 3  # bump when the sections index.py builds change shape
_HEADER_MAX = 1 << 20
_TEMP_MAX_AGE_S = 600
# First header line: which awsref, pack layout, marshal format and interpreter wrote it.
WRITER = f"awsref\t{__version__}\t{_SCHEMA}\t{marshal.version}\t{' '.join(sys.version.split())}"


class Corrupt(ValueError):
    """A pack section failed its length or checksum test."""


PACK_ERRORS = (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, OverflowError, MemoryError)


def _pread(fd: int, length: int, offset: int) -> bytes:
    """``os.pread`` where the platform has it (not Windows), else seek and read."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


class PackReader:
    """Random access to the verified sections of one pack file.

    Offsets are relative to the end of the header. Entity sections (``service:ID``,
    ``term:ID``, ``comparison:ID``) are located through per-kind bucketed sub-indexes, so
    opening a pack costs the same whatever the size of the knowledge base.
    """

    def __init__(self, fd: int, base: int, index: dict[str, list[int]], groups: dict[str, int]) -> None:
        self._fd = fd
        self._base = base
        self._index = index
        self._groups = groups
        self._subs: dict[str, dict[str, list[int]]] = {}

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except OSError:
            pass

    def _load(self, where: list[int]) -> Any:
        return marshal.loads(_checked(self._fd, self._base, where))

    def read(self, name: str) -> Any:
        where = self._index.get(name)
        if where is None:
            kind, _, ident = name.partition(":")
            buckets = self._groups.get(kind)
            if not buckets:
                return None
            sub_name = f"@{kind}/{name_bucket(ident, buckets)}"
            sub = self._subs.get(sub_name)
            if sub is None:
                sub = self._subs[sub_name] = self._load(self._index[sub_name])
            where = sub.get(ident)
            if where is None:
                return None
        return self._load(where)


def _checked(fd: int, base: int, where: list[int]) -> bytes:
    """The bytes of one section, after its length and CRC-32 are verified."""
    offset, length, crc = where
    blob = _pread(fd, length, base + offset)
    if len(blob) != length or zlib.crc32(blob) != crc:
        raise Corrupt
    return blob


def _trusted(st: os.stat_result) -> bool:
    """A regular file this user owns and nobody else may write."""
    if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o022:
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_pack(path: str, key: list[str]) -> PackReader | None:
    """A reader for ``path`` if it is a trusted, intact pack for ``key``; else None."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not _trusted(st):
            raise ValueError
        start = len(MAGIC) + 4
        head = _pread(fd, 16384, 0)
        if head[: len(MAGIC)] != MAGIC:
            raise ValueError
        size = int.from_bytes(head[len(MAGIC) : start], "little")
        if size > _HEADER_MAX or start + size > st.st_size:
            raise ValueError
        if start + size > len(head):
            head += _pread(fd, start + size - len(head), len(head))
        lines = head[start : start + size].decode("ascii").split("\n")
        n = len(key)
        # "src" lines carry the content digest before the path; the key has none.
        seen = [line if not line.startswith("src\t") else _without_digest(line) for line in lines[:n]]
        if seen != key or len(lines) != n + 2:
            raise ValueError  # another input, or another awsref/interpreter: never trust it
        tag, index_at, index_len, index_crc = lines[n].split("\t")
        body_tag, body = lines[n + 1].split("\t")
        if tag != "index" or body_tag != "body":
            raise ValueError
        base = start + size
        if base + int(body) != st.st_size:
            raise ValueError  # truncated or padded
        table = marshal.loads(_checked(fd, base, [int(index_at), int(index_len), int(index_crc)]))
        return PackReader(fd, base, table["index"], table["groups"])
    except PACK_ERRORS:
        os.close(fd)
        return None


def _without_digest(line: str) -> str:
    tag, stamp, _digest, path = line.split("\t")
    return f"{tag}\t{stamp}\t{path}"


GROUPED = ("service", "term", "comparison")
ENTITIES_PER_BUCKET = 256


def _sweep_temps(folder: str) -> None:
    """Remove this user's pack temp files that a killed run left behind."""
    import time

    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for e in entries:
                if not (e.name.startswith(".kb-") and e.name.endswith(".tmp")):
                    continue
                try:
                    st = e.stat(follow_symlinks=False)
                    if _trusted(st) and now - st.st_mtime > _TEMP_MAX_AGE_S:
                        os.unlink(e.path)
                except OSError:
                    pass
    except OSError:
        pass


def write_pack(path: str, header_lines: list[str], sections: dict[str, object]) -> None:
    """Write the pack atomically (exclusive temp file + rename); any OSError is the caller's."""
    body: list[bytes] = []
    offset = 0
    index: dict[str, list[int]] = {}
    grouped: dict[str, dict[str, list[int]]] = {kind: {} for kind in GROUPED}

    def put(value: Any) -> list[int]:  # what marshal can write: the sections are plain data
        nonlocal offset
        blob = marshal.dumps(value)
        body.append(blob)
        where = [offset, len(blob), zlib.crc32(blob)]
        offset += len(blob)
        return where

    for name, value in sections.items():
        kind, sep, ident = name.partition(":")
        if sep and kind in grouped:
            grouped[kind][ident] = put(value)
        else:
            index[name] = put(value)
    groups = {}
    for kind, members in grouped.items():
        buckets = groups[kind] = max(1, len(members) // ENTITIES_PER_BUCKET)
        subs: list[dict[str, list[int]]] = [{} for _ in range(buckets)]
        for ident, where in members.items():
            subs[name_bucket(ident, buckets)][ident] = where
        for b, sub in enumerate(subs):
            index[f"@{kind}/{b}"] = put(sub)
    table_at, table_len, table_crc = put({"index": index, "groups": groups})
    lines = [*header_lines, f"index\t{table_at}\t{table_len}\t{table_crc}", f"body\t{offset}"]
    header = "\n".join(lines).encode("ascii")
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    _sweep_temps(folder)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(8).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + len(header).to_bytes(4, "little") + header)
            f.writelines(body)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
