"""The knowledge base at run time: sections read lazily from a keyed cache.

A cold start reads the JSON file(s), validates and merges them (``loader``), derives
every index (``index``) and writes one pack file (``pack``) to the user cache directory.
A warm start reads only the pack header and the sections a command touches. A missing,
read-only or damaged cache only costs speed.

This module decides what a current pack is (its key: awsref's version, the interpreter,
and for each input the file as it was read at build time: device, inode, size, mtime_ns
and ctime_ns from ``fstat`` of the descriptor the bytes came from, and a BLAKE2b digest
of those bytes; a file that changed while it was read never keys a pack) and when to
rebuild; ``pack`` reads and writes the file safely.
"""

from __future__ import annotations

import os

from awsref import paths
from awsref.buckets import crc32, name_bucket, prefix_bucket
from awsref.pack import PACK_ERRORS, WRITER, PackReader, open_pack, write_pack

TYPE_CHECKING = False  # typing and collections.abc cost milliseconds at start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from awsref.lexicon import Lexicon
    from awsref.loader import Source


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


TABLES = ("labels", "quota-codes", "subject-comparisons", "comparison-names")  # read key by key


class Table:
    """A mapping section stored in ``NAME/N`` buckets: ``get`` reads the one bucket its key is
    in; iterating reads them all (in no particular order)."""

    __slots__ = ("_buckets", "_kb", "_name")

    def __init__(self, kb: KnowledgeBase, name: str, buckets: int) -> None:
        self._kb = kb
        self._name = name
        self._buckets = buckets

    def _bucket(self, k: str) -> dict[str, Any]:
        return self._kb.section(f"{self._name}/{name_bucket(k, self._buckets)}") or {}

    def get(self, k: str, default: Any = None) -> Any:
        return self._bucket(k).get(k, default)

    def __getitem__(self, k: str) -> Any:
        return self._bucket(k)[k]

    def __contains__(self, k: object) -> bool:
        return isinstance(k, str) and k in self._bucket(k)

    def _all(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for b in range(self._buckets):
            merged.update(self._kb.section(f"{self._name}/{b}") or {})
        return merged

    def items(self) -> Any:
        return self._all().items()

    def keys(self) -> Any:
        return self._all().keys()

    def values(self) -> Any:
        return self._all().values()

    def __iter__(self) -> Any:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:  # ``kb.section(...) or {}`` must not read every bucket
        return True


class KnowledgeBase:
    """Read-only access to the merged knowledge base's sections."""

    def __init__(
        self,
        reader: PackReader | None,
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
        if name in TABLES:
            sizes = (self.section("meta") or {}).get("tables", {})
            table = self._sections[name] = Table(self, name, sizes[name]) if name in sizes else None
            return table
        if self._reader is None:
            value = None
        else:
            try:
                value = self._reader.read(name)
            except PACK_ERRORS:
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
    def services(self) -> list[list[Any]]:
        """[id, name, full name, category, number of limits] per service, in data order."""
        return self.section("list:services")

    @property
    def terms(self) -> list[list[Any]]:
        """[id, term, service ids] per term, in data order."""
        return self.section("list:terms")

    @property
    def comparisons(self) -> list[list[Any]]:
        """[id, title, subject ids] per comparison, in data order."""
        return self.section("list:comparisons")

    def name(self, normalized: str) -> list[str] | None:
        """[kind, id] of the service or term with this exact normalised name, or None."""
        buckets = self.section("meta")["buckets"]
        return self.section(f"names/{name_bucket(normalized, buckets)}").get(normalized)

    def service_named(self, normalized: str) -> str | None:
        """The id of the service with this exact normalised name; "" when the name is of
        something else but run together names a service; None when it names no service."""
        return (self.section(f"service-names/{normalized[:1]}") or {}).get(normalized)

    def names_starting(self, prefix: str) -> list[tuple[str, list[str]]]:
        """(name, [kind, id]) of every normalised name of a service or term that starts with the
        normalised ``prefix``, in data order: one ``names-by-prefix/XY`` bucket from two
        characters on (completion by name), else the whole ``names`` table."""
        if len(prefix) < 2:
            table = self.section("names") or {}
        else:
            table = self.section(f"names-by-prefix/{prefix_bucket(prefix)}") or {}
        return [(name, ref) for name, ref in table.items() if name.startswith(prefix)]

    def partners(self, subject: str) -> list[str]:
        """The subjects compared with ``subject`` (an id) in curated comparisons, most often
        first, then in data order: read from its comparisons alone, not the whole list."""
        counts: dict[str, int] = {}
        for cid in dict.fromkeys(self.section("subject-comparisons").get(subject) or []):
            for ref in (self.comparison(cid) or {}).get("subjects", []):
                if ref != subject:
                    counts[ref] = counts.get(ref, 0) + 1
        return sorted(counts, key=lambda r: -counts[r])

    def service(self, sid: str) -> dict[str, Any] | None:
        """The service card (with its related ``terms`` and ``comparisons`` ids)."""
        return self.section(f"service:{sid}")

    def term(self, tid: str) -> dict[str, Any] | None:
        """A glossary term by id."""
        return self.section(f"term:{tid}")

    def comparison(self, cid: str) -> dict[str, Any] | None:
        """A curated comparison by id."""
        return self.section(f"comparison:{cid}")

    def label(self, ref: str) -> str:
        """Display name of a service or term id."""
        return self.section("labels").get(ref, ref)

    def lexicon(self) -> Lexicon:
        """The word-level index that ``resolve`` matches queries against (read on first use)."""
        if self._lexicon is None:
            from awsref.lexicon import Lexicon

            self._lexicon = Lexicon(self.section)
        return self._lexicon


def pack_inputs(data_path: str, user_files: list[str]) -> list[str]:
    """The files a pack is built from, in the order its header lists them: the knowledge
    base, its quota catalogue (whether or not it exists) and the user's notes files."""
    return [data_path, paths.catalogue_file(data_path), *user_files]


def _header_key(inputs: list[str], notes_problem: str | None) -> list[str]:
    """The header lines a current pack must start with, from the inputs as they are now."""
    lines = [WRITER]
    lines += [f"src\t{_stamp_now(p)}\t{_hex(p)}" for p in inputs]
    lines.append(f"notes\t{_hex(notes_problem or '')}")
    return lines


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
    if not stamp:  # absent (the quota catalogue may be): the key says "-" too
        return f"src\t-\t-\t{_hex(path)}"
    return f"src\t{' '.join(map(str, stamp))}\t{digest or '-'}\t{_hex(path)}"


def open_kb() -> KnowledgeBase:
    """The knowledge base for this run: from the cache when it is current, else rebuilt."""
    data_path = os.path.abspath(paths.data_file())
    user_files, notes_problem = notes_listing()
    folder = paths.cache_dir()
    pack = None
    if folder:
        name = f"kb-{crc32(data_path.encode('utf-8', 'surrogateescape')):08x}.pack"
        pack = os.path.join(folder, name)
        key = _header_key(pack_inputs(data_path, user_files), notes_problem)
        reader = open_pack(pack, key)
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
        header = [WRITER, *lines]
        header.append(f"notes\t{_hex(notes_problem or '')}")
        try:
            write_pack(pack, header, sections)
        except OSError:
            pass
    return sections
