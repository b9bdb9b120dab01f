"""The knowledge base at run time: sections read lazily from a keyed cache.

A cold start reads the JSON file(s), validates and merges them (``loader``), derives
every index (``index``) and writes one pack file to the user cache directory. A warm
start reads only the pack header and the sections a command touches, with ``marshal``.
A missing, read-only or damaged cache only costs speed.

The cache may sit in a directory others can write (CI, containers, a team volume), so
the pack is trusted only as far as it is checked:

- only a regular file owned by this user and writable by nobody else is read, opened
  with O_NOFOLLOW and O_NONBLOCK (a planted symlink or FIFO is a miss, never a hang);
- the header is plain ASCII text, parsed with ``str.split`` (nothing in it can crash the
  interpreter), and compared with the current inputs before anything is unmarshalled;
- the key names awsref's version, the interpreter, and for each input the file as it
  was read at build time: device, inode, size, mtime_ns and ctime_ns from ``fstat`` of
  the descriptor the bytes came from (ctime changes on every write and cannot be set
  back, so a same-size edit with the mtime restored is still seen) and a BLAKE2b digest
  of those bytes; a file that changed while it was read never keys a pack;
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

from awsref import __version__, paths
from awsref.buckets import name_bucket

TYPE_CHECKING = False  # typing and collections.abc cost milliseconds at start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from awsref.loader import Source
    from awsref.resolve import Lexicon

_MAGIC = b"AWSREF-PACK-3\n"
_SCHEMA = 2
_HEADER_MAX = 1 << 20
_TEMP_MAX_AGE_S = 600
# First header line: which awsref, pack layout, marshal format and interpreter wrote it.
_WRITER = f"awsref\t{__version__}\t{_SCHEMA}\t{marshal.version}\t{' '.join(sys.version.split())}"


class _Corrupt(ValueError):
    """A pack section failed its length or checksum test."""


_PACK_ERRORS = (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, OverflowError, MemoryError)


def _hex(path: str) -> str:
    return path.encode("utf-8", "surrogateescape").hex()


def _stamp_now(path: str) -> str:
    """The current identity of ``path`` as the header spells it ("-" when absent)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return "-"
    return f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def notes_listing() -> tuple[list[str], str | None]:
    """The ``*.json`` entries of the notes directory, sorted, and a problem listing it.

    Every entry that is not a directory is returned, so a FIFO or a dangling symlink is
    reported by the loader instead of silently ignored. A missing directory is normal.
    """
    folder = paths.notes_dir()
    if not folder:
        return [], None
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".json") and not e.is_dir())
    except FileNotFoundError:
        return [], None
    except NotADirectoryError:
        return [], f"{folder}: the notes directory is not a directory (notes ignored)"
    except OSError as e:
        return [], f"{folder}: the notes directory cannot be read: {e.strerror or e} (notes ignored)"
    return [os.path.join(folder, n) for n in names], None


def user_note_files() -> list[str]:
    """The ``*.json`` files of the user's notes directory, sorted; [] if there is none."""
    return notes_listing()[0]


class KnowledgeBase:
    """Read-only access to the merged knowledge base's sections."""

    def __init__(
        self,
        reader: _PackReader | None,
        sections: dict[str, object] | None,
        rebuild: Callable[[], dict[str, object]] | None = None,
    ) -> None:
        self._reader = reader
        self._sections: dict[str, Any] = sections or {}
        self._lexicon: Lexicon | None = None
        self._rebuild = rebuild

    def section(self, name: str) -> Any:
        """A section by name (``meta``, ``names``, ``service:sqs``, ...), or None.

        The value is data deserialised from the pack (or just built), so its type is
        ``Any``: the typed accessors below say what each section holds.

        A section of the pack that fails its checksum or cannot be read is a cache miss:
        the whole knowledge base is rebuilt from the JSON (and the pack rewritten).
        """
        try:
            return self._sections[name]
        except KeyError:
            pass
        if self._reader is None:
            value = None
        else:
            try:
                value = self._reader.read(name)
            except _PACK_ERRORS:
                self._reader = None
                self._sections = self._rebuild() if self._rebuild else {}
                return self._sections.get(name)
        self._sections[name] = value
        return value

    @property
    def warnings(self) -> list[str]:
        """Problems met while loading (a skipped user notes file, ...)."""
        return self.section("meta")["warnings"]

    @property
    def services(self) -> list[list]:
        """[id, name, full name, category, number of limits] per service, in data order."""
        return self.section("list:services")

    @property
    def terms(self) -> list[list]:
        """[id, term, service ids] per term, in data order."""
        return self.section("list:terms")

    @property
    def comparisons(self) -> list[list]:
        """[id, title, subject ids] per comparison, in data order."""
        return self.section("list:comparisons")

    def name(self, normalized: str) -> list[str] | None:
        """[kind, id] of the service or term with this exact normalised name, or None."""
        buckets = self.section("meta")["buckets"]
        return self.section(f"names/{name_bucket(normalized, buckets)}").get(normalized)

    def service(self, sid: str) -> dict | None:
        """The service card (with its related ``terms`` and ``comparisons`` ids)."""
        return self.section(f"service:{sid}")

    def term(self, tid: str) -> dict | None:
        """A glossary term by id."""
        return self.section(f"term:{tid}")

    def comparison(self, cid: str) -> dict | None:
        """A curated comparison by id."""
        return self.section(f"comparison:{cid}")

    def label(self, ref: str) -> str:
        """Display name of a service or term id."""
        return self.section("labels").get(ref, ref)

    def lexicon(self) -> Lexicon:
        """The word-level index that ``resolve`` matches queries against (read on first use)."""
        if self._lexicon is None:
            from awsref.resolve import Lexicon

            self._lexicon = Lexicon(self.section("lexicon"))
        return self._lexicon


def _pread(fd: int, length: int, offset: int) -> bytes:
    """``os.pread`` where the platform has it (not Windows), else seek and read."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


class _PackReader:
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
        raise _Corrupt
    return blob


def _trusted(st: os.stat_result) -> bool:
    """A regular file this user owns and nobody else may write."""
    if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o022:
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def _header_key(inputs: list[str], notes_problem: str | None) -> list[str]:
    """The header lines a current pack must start with, from the inputs as they are now."""
    lines = [_WRITER]
    lines += [f"src\t{_stamp_now(p)}\t{_hex(p)}" for p in inputs]
    lines.append(f"notes\t{_hex(notes_problem or '')}")
    return lines


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _open_pack(path: str, key: list[str]) -> _PackReader | None:
    """A reader for ``path`` if it is a trusted, intact pack for ``key``; else None."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not _trusted(st):
            raise ValueError
        start = len(_MAGIC) + 4
        head = _pread(fd, 16384, 0)
        if head[: len(_MAGIC)] != _MAGIC:
            raise ValueError
        size = int.from_bytes(head[len(_MAGIC) : start], "little")
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
        return _PackReader(fd, base, table["index"], table["groups"])
    except _PACK_ERRORS:
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


def _write_pack(path: str, header_lines: list[str], sections: dict[str, object]) -> None:
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
            f.write(_MAGIC + len(header).to_bytes(4, "little") + header)
            f.writelines(body)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def build(data_path: str, user_files: list[str]) -> dict[str, object]:
    """Validate, merge and index from the JSON sources (the cold path)."""
    return _build(data_path, user_files)[0]


def _build(
    data_path: str, user_files: list[str], notes_problem: str | None = None
) -> tuple[dict[str, object], list[Source]]:
    from awsref.index import build_sections
    from awsref.loader import load_merged

    doc, warnings, sources = load_merged(data_path, user_files)
    if notes_problem:
        warnings.insert(0, notes_problem)
    return build_sections(doc, warnings), sources


def _source_line(source: Source) -> str | None:
    path, stamp, digest = source
    if stamp is None:
        return None  # changed while read: must not key a pack
    return f"src\t{' '.join(map(str, stamp))}\t{digest or '-'}\t{_hex(path)}"


def open_kb() -> KnowledgeBase:
    """The knowledge base for this run: from the cache when it is current, else rebuilt."""
    data_path = os.path.abspath(paths.data_file())
    user_files, notes_problem = notes_listing()
    folder = paths.cache_dir()
    pack = None
    if folder:
        name = f"kb-{zlib.crc32(data_path.encode('utf-8', 'surrogateescape')):08x}.pack"
        pack = os.path.join(folder, name)
        key = _header_key([data_path, *user_files], notes_problem)
        reader = _open_pack(pack, key)
        if reader is not None:
            return KnowledgeBase(reader, None, lambda: _rebuild(data_path, user_files, notes_problem, pack))
    return KnowledgeBase(None, _rebuild(data_path, user_files, notes_problem, pack))


def _rebuild(
    data_path: str, user_files: list[str], notes_problem: str | None, pack: str | None
) -> dict[str, object]:
    """Build from the JSON and, when every input was read whole and unchanged, write the pack."""
    sections, sources = _build(data_path, user_files, notes_problem)
    lines = [line for line in map(_source_line, sources) if line is not None]
    if pack and len(lines) == len(sources):  # no input changed while it was read
        header = [_WRITER, *lines]
        header.append(f"notes\t{_hex(notes_problem or '')}")
        try:
            _write_pack(pack, header, sections)
        except OSError:
            pass
    return sections
