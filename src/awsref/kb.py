"""The knowledge base at run time: sections read lazily from a keyed cache.

A cold start reads the JSON file(s), validates and merges them (``loader``), derives
every index (``index``) and writes one pack file to the user cache directory. A warm
start reads only the pack header and the sections a command touches, with ``marshal``.
The cache key covers awsref's version, the interpreter, and the size and mtime of the
data file and every user notes file, so a changed input is never served stale. A
missing or read-only cache directory only costs speed.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from awsref import __version__, paths
from awsref.errors import DataError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from awsref.resolve import Lexicon

_MAGIC = b"AWSREF-PACK-2\n"
_SCHEMA = 2  # bump when the sections' layout changes


def name_bucket(normalized: str, buckets: int) -> int:
    """Which ``names/N`` section holds a normalised name."""
    return zlib.crc32(normalized.encode("utf-8", "surrogatepass")) % buckets


def _stat_key(path: str) -> list:
    try:
        st = os.stat(path)
    except OSError:
        return [path, None]
    return [path, st.st_size, st.st_mtime_ns]


def user_note_files() -> list[str]:
    """The ``*.json`` files of the user's notes directory, sorted; [] if there is none."""
    folder = paths.notes_dir()
    if not folder:
        return []
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".json") and e.is_file())
    except OSError:
        return []
    return [os.path.join(folder, n) for n in names]


class KnowledgeBase:
    """Read-only access to the merged knowledge base's sections."""

    def __init__(self, reader: _PackReader | None, sections: dict[str, object] | None) -> None:
        self._reader = reader
        self._sections: dict[str, object] = sections or {}
        self._lexicon: Lexicon | None = None

    def section(self, name: str) -> object:
        """A section by name (``meta``, ``names``, ``service:sqs``, ...), or None."""
        try:
            return self._sections[name]
        except KeyError:
            value = self._reader.read(name) if self._reader else None
            self._sections[name] = value
            return value

    @property
    def warnings(self) -> list[str]:
        """Problems met while loading (a skipped user notes file, ...)."""
        return self.section("meta")["warnings"]  # type: ignore[index]

    @property
    def services(self) -> list[list]:
        """[id, name, full name, category, number of limits] per service, in data order."""
        return self.section("list:services")  # type: ignore[return-value]

    @property
    def terms(self) -> list[list]:
        """[id, term, service ids] per term, in data order."""
        return self.section("list:terms")  # type: ignore[return-value]

    @property
    def comparisons(self) -> list[list]:
        """[id, title, subject ids] per comparison, in data order."""
        return self.section("list:comparisons")  # type: ignore[return-value]

    def name(self, normalized: str) -> list[str] | None:
        """[kind, id] of the service or term with this exact normalised name, or None."""
        buckets = self.section("meta")["buckets"]  # type: ignore[index]
        return self.section(f"names/{name_bucket(normalized, buckets)}").get(normalized)  # type: ignore[union-attr]

    def service(self, sid: str) -> dict | None:
        """The service card (with its related ``terms`` and ``comparisons`` ids)."""
        return self.section(f"service:{sid}")  # type: ignore[return-value]

    def term(self, tid: str) -> dict | None:
        """A glossary term by id."""
        return self.section(f"term:{tid}")  # type: ignore[return-value]

    def comparison(self, cid: str) -> dict | None:
        """A curated comparison by id."""
        return self.section(f"comparison:{cid}")  # type: ignore[return-value]

    def label(self, ref: str) -> str:
        """Display name of a service or term id."""
        return self.section("labels").get(ref, ref)  # type: ignore[union-attr]

    def lexicon(self) -> Lexicon:
        """The word-level index that ``resolve`` matches queries against (read on first use)."""
        if self._lexicon is None:
            from awsref.resolve import Lexicon

            self._lexicon = Lexicon(self.section("lexicon"))  # type: ignore[arg-type]
        return self._lexicon


def _pread(fd: int, length: int, offset: int) -> bytes:
    """``os.pread`` where the platform has it (not Windows), else seek and read."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


class _PackReader:
    """Random access to the sections of one pack file.

    Offsets are relative to the end of the header. Entity sections (``service:ID``,
    ``term:ID``, ``comparison:ID``) are located through per-kind bucketed sub-indexes, so
    opening a pack costs the same whatever the size of the knowledge base.
    """

    def __init__(self, fd: int, base: int, header: dict) -> None:
        self._fd = fd
        self._base = base
        self._index: dict[str, list[int]] = header["index"]
        self._groups: dict[str, int] = header["groups"]
        self._subs: dict[str, dict[str, list[int]]] = {}

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except OSError:
            pass

    def _load(self, where: list[int]) -> object:
        offset, length = where
        return marshal.loads(_pread(self._fd, length, self._base + offset))

    def read(self, name: str) -> object:
        where = self._index.get(name)
        if where is None:
            kind, _, ident = name.partition(":")
            buckets = self._groups.get(kind)
            if not buckets:
                return None
            sub_name = f"@{kind}/{name_bucket(ident, buckets)}"
            sub = self._subs.get(sub_name)
            if sub is None:
                sub = self._subs[sub_name] = self._load(self._index[sub_name])  # type: ignore[assignment]
            where = sub.get(ident)
            if where is None:
                return None
        return self._load(where)


def _open_pack(path: str, cache_key: list) -> _PackReader | None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        head = _pread(fd, len(_MAGIC) + 8, 0)
        if head[: len(_MAGIC)] != _MAGIC:
            raise ValueError
        size = int.from_bytes(head[len(_MAGIC) :], "little")
        base = len(_MAGIC) + 8 + size
        if base > os.fstat(fd).st_size:
            raise ValueError
        header = marshal.loads(_pread(fd, size, len(_MAGIC) + 8))
        if header["key"] != cache_key or base + header["body"] != os.fstat(fd).st_size:
            raise ValueError  # another input, or truncated/padded: never trust it
        return _PackReader(fd, base, header)
    except (OSError, ValueError, EOFError, TypeError, KeyError, OverflowError, MemoryError):
        os.close(fd)
        return None


GROUPED = ("service", "term", "comparison")
ENTITIES_PER_BUCKET = 256


def _write_pack(path: str, cache_key: list, sections: dict[str, object]) -> None:
    """Write the pack atomically (temp file + rename); any OSError is the caller's to ignore."""
    body: list[bytes] = []
    offset = 0
    index: dict[str, list[int]] = {}
    grouped: dict[str, dict[str, list[int]]] = {kind: {} for kind in GROUPED}

    def put(value: object) -> list[int]:
        nonlocal offset
        blob = marshal.dumps(value)
        body.append(blob)
        where = [offset, len(blob)]
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
    header = marshal.dumps({"key": cache_key, "index": index, "groups": groups, "body": offset})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(_MAGIC + len(header).to_bytes(8, "little") + header)
            f.writelines(body)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build(data_path: str, user_files: list[str]) -> dict[str, object]:
    """Validate, merge and index from the JSON sources (the cold path)."""
    from awsref.index import build_sections
    from awsref.loader import load_merged

    doc, warnings = load_merged(data_path, user_files)
    return build_sections(doc, warnings)


def open_kb() -> KnowledgeBase:
    """The knowledge base for this run: from the cache when it is current, else rebuilt."""
    data_path = os.path.abspath(paths.data_file())
    if os.path.isdir(data_path):
        raise DataError(data_path, ["is a directory, not a JSON file"])
    user_files = user_note_files()
    cache_key = [__version__, _SCHEMA, sys.version, _stat_key(data_path)] + [_stat_key(p) for p in user_files]
    folder = paths.cache_dir()
    pack = None
    if folder:
        name = f"kb-{zlib.crc32(data_path.encode('utf-8', 'surrogateescape')):08x}.pack"
        pack = os.path.join(folder, name)
        reader = _open_pack(pack, cache_key)
        if reader is not None:
            return KnowledgeBase(reader, None)
    sections = build(data_path, user_files)
    if pack:
        try:
            _write_pack(pack, cache_key, sections)
        except OSError:
            pass
    return KnowledgeBase(None, sections)
