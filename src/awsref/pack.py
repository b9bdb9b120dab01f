"""The cache pack file: one file of marshalled sections, each with its keyed digest, read lazily.

The cache may sit in a directory others can write (CI, containers, a team volume), so
the pack is trusted only as far as it is checked:

- only a regular file owned by this user and writable by nobody else is read, opened
  with O_NOFOLLOW and O_NONBLOCK (a planted symlink or FIFO is a miss, never a hang);
- the header is plain ASCII text, parsed with ``str.split`` (nothing in it can crash the
  interpreter), and compared with the caller's key before anything is unmarshalled
  (``kb`` says what the key holds);
- every section carries a BLAKE2b digest keyed with this user's secret (``pack.key`` in
  the cache directory: 32 random bytes, mode 0600, read only when it is a regular file
  this user owns that nobody else may read) and with the key file's device, inode and
  ctime, which a copy or a restore cannot keep. It is checked before ``marshal.loads``:
  marshal trusts its input (crafted bytes can crash the interpreter or hand back code
  objects), so only bytes this user's awsref wrote on this machine are unmarshalled; a
  pack from anywhere else (a copy, a backup, a CI cache) is a miss that rebuilds, as is a
  mismatch or an I/O error;
- the pack is written to a fresh, randomly named temp file (O_CREAT|O_EXCL|O_NOFOLLOW,
  mode 0600) and renamed into place; the cache directory is created 0700; temp files
  left by killed runs are swept by the next write.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys

from awsref import __version__
from awsref.buckets import name_bucket

TYPE_CHECKING = False  # typing costs milliseconds at start-up
if TYPE_CHECKING:
    from typing import Any

MAGIC = b"AWSREF-PACK-4\n"
_SCHEMA = 8  # bump when the sections index.py builds change shape
KEY_NAME = "pack.key"
_KEY_BYTES = 32
_MAC_BYTES = 16
_HEADER_MAX = 1 << 20
_TEMP_MAX_AGE_S = 600
# First header line: which awsref, pack layout, marshal format and interpreter wrote it.


# The modules that build the sections.
BUILDERS = ("index.py", "index_lexicon.py", "index_search.py", "deck_index.py")


def _code_stamp() -> str:
    """Size and mtime of the modules that build the sections: a reinstall or upgrade with the
    same version number (``pipx install --force .``) still never reads a pack of the old shape."""
    folder = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for name in BUILDERS:
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            return "-"
        stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
    return ",".join(stamps)


# First header line: which awsref, pack layout, section builder, marshal format and
# interpreter wrote it.
WRITER = (
    f"awsref\t{__version__}\t{_SCHEMA}\t{_code_stamp()}\t{marshal.version}\t{' '.join(sys.version.split())}"
)


class Corrupt(ValueError):
    """A pack section failed its length or digest test."""


def _blake2b() -> Any:
    try:  # the C module alone: hashlib would load OpenSSL too (about 4 ms)
        from _blake2 import blake2b
    except ImportError:  # an interpreter without it
        from hashlib import blake2b
    return blake2b


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
    ``term:ID``, ``comparison:ID``, ``scope:ID``) and every bucket or chunk of a larger
    section (``FAMILY/KEY``: ``names/3``, ``search-words/m.3``) are located through bucketed
    sub-indexes per kind or family, so opening a pack costs the same whatever the size of
    the knowledge base, and so does finding one section.
    """

    def __init__(
        self, fd: int, base: int, index: dict[str, list[Any]], groups: dict[str, int], mac_key: bytes
    ) -> None:
        self._fd = fd
        self._base = base
        self._mac_key = mac_key
        self._index = index
        self._groups = groups
        self._subs: dict[str, dict[str, list[Any]]] = {}

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except OSError:
            pass

    def _load(self, where: list[Any]) -> Any:
        return marshal.loads(_checked(self._fd, self._base, where, self._mac_key))

    def read(self, name: str) -> Any:
        where = self._index.get(name)
        if where is None:
            kind, ident = _group_of(name)
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


def mac(blob: bytes, mac_key: bytes) -> bytes:
    """The keyed digest of one section."""
    return _blake2b()(blob, key=mac_key, digest_size=_MAC_BYTES).digest()


def _checked(fd: int, base: int, where: list[Any], mac_key: bytes) -> bytes:
    """The bytes of one section, after its length and keyed digest are verified."""
    from _operator import _compare_digest

    offset, length, digest = where
    blob = _pread(fd, length, base + offset)
    if (
        len(blob) != length
        or not isinstance(digest, bytes)
        or not _compare_digest(mac(blob, mac_key), digest)
    ):
        raise Corrupt
    return blob


def _key_flags() -> int:
    return (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )


def read_key(folder: str) -> bytes | None:
    """This user's pack key in ``folder`` joined with the key file's identity, or None.

    The key file must be a regular file this user owns that nobody else may read or write.
    """
    try:
        fd = os.open(os.path.join(folder, KEY_NAME), _key_flags() | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not _trusted(st) or st.st_mode & 0o077 or st.st_size != _KEY_BYTES:
            return None
        secret = _pread(fd, _KEY_BYTES, 0)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(secret) != _KEY_BYTES:
        return None
    identity = (st.st_dev & (2**64 - 1), st.st_ino & (2**64 - 1), st.st_ctime_ns & (2**64 - 1))
    return secret + b"".join(x.to_bytes(8, "little") for x in identity)[:_KEY_BYTES]


def _ensure_key(folder: str) -> bytes:
    """The pack key in ``folder``, created (complete, 0600, never through a link) when missing."""
    found = read_key(folder)
    if found is not None:
        return found
    tmp = os.path.join(folder, f".kb-key-{os.urandom(8).hex()}.tmp")  # swept like pack temps
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(_KEY_BYTES))
        path = os.path.join(folder, KEY_NAME)
        try:
            os.link(tmp, path)  # fails if another run created it first: that key wins
        except FileExistsError:
            if read_key(folder) is None:  # unusable (another owner, readable by others): replace it
                os.replace(tmp, path)
        except OSError:  # no hard links on this file system
            os.replace(tmp, path)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    found = read_key(folder)
    if found is None:
        raise OSError("the pack key cannot be used")
    return found


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
    mac_key = read_key(os.path.dirname(path))
    if mac_key is None:
        return None
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
        tag, index_at, index_len, index_mac = lines[n].split("\t")
        body_tag, body = lines[n + 1].split("\t")
        if tag != "index" or body_tag != "body":
            raise ValueError
        base = start + size
        if base + int(body) != st.st_size:
            raise ValueError  # truncated or padded
        where = [int(index_at), int(index_len), bytes.fromhex(index_mac)]
        table = marshal.loads(_checked(fd, base, where, mac_key))
        return PackReader(fd, base, table["index"], table["groups"], mac_key)
    except PACK_ERRORS:
        os.close(fd)
        return None


def _without_digest(line: str) -> str:
    tag, stamp, _digest, path = line.split("\t")
    return f"{tag}\t{stamp}\t{path}"


GROUPED = ("service", "term", "comparison", "scope")


def _group_of(name: str) -> tuple[str, str]:
    """The sub-index group of a section name and its key in it: ``service:sqs`` is in group
    ``service``, ``names/3`` in group ``names/``; ("", name) for a section of the top index."""
    kind, sep, ident = name.partition(":")
    if sep and kind in GROUPED:
        return kind, ident
    family, sep, ident = name.partition("/")
    return (f"{family}/", ident) if sep else ("", name)


ENTITIES_PER_BUCKET = 64


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
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    mac_key = _ensure_key(folder)
    body: list[bytes] = []
    offset = 0
    index: dict[str, list[Any]] = {}
    grouped: dict[str, dict[str, list[Any]]] = {kind: {} for kind in GROUPED}

    def put(value: Any) -> list[Any]:  # what marshal can write: the sections are plain data
        nonlocal offset
        blob = marshal.dumps(value)
        body.append(blob)
        where = [offset, len(blob), mac(blob, mac_key)]
        offset += len(blob)
        return where

    for name, value in sections.items():
        kind, ident = _group_of(name)
        if kind:
            grouped.setdefault(kind, {})[ident] = put(value)
        else:
            index[name] = put(value)
    groups = {}
    for kind, members in grouped.items():
        buckets = groups[kind] = max(1, len(members) // ENTITIES_PER_BUCKET)
        subs: list[dict[str, list[Any]]] = [{} for _ in range(buckets)]
        for ident, where in members.items():
            subs[name_bucket(ident, buckets)][ident] = where
        for b, sub in enumerate(subs):
            index[f"@{kind}/{b}"] = put(sub)
    table_at, table_len, table_mac = put({"index": index, "groups": groups})
    lines = [*header_lines, f"index\t{table_at}\t{table_len}\t{table_mac.hex()}", f"body\t{offset}"]
    header = "\n".join(lines).encode("ascii")
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
