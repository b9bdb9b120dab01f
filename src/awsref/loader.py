"""Read, validate and merge knowledge-base files into one checked document.

Runs only when the cache is cold (or for ``awsref validate``): it imports json and the
schema, which the lookup path never needs.

Files are hostile until proven otherwise: only regular files are read (never a FIFO or
a device, which would hang or never end), up to a size cap; nesting depth is bounded
before ``json`` recurses; numbers must be finite and of sane length (no ``NaN``,
``Infinity``, ``1e999`` or 5,000-digit integers); and a key given twice in one object is
an error rather than "last one wins".
"""

from __future__ import annotations

import json
import os
import stat
from typing import Any, NamedTuple, cast

from awsref.errors import DataError
from awsref.paths import catalogue_file
from awsref.schema import Catalogue, Document, check_references, check_shape

# A knowledge-base file (packaged or AWSREF_DATA): today's is about 2.7 MiB; four times that
# (the quota catalogue) with room to spare. 200 MB files used to take 15-21 s and 5.9 GB.
MAX_DATA_BYTES = 32 * 1024 * 1024
MAX_NOTES_BYTES = 4 * 1024 * 1024  # one notes file
MAX_DEPTH = 32  # the schema needs 5 levels of arrays and objects
MAX_NUMBER_CHARS = 40  # digits, sign, point and exponent of one number
# Parsing may take at most this many times a file's size in memory (or PARSE_FLOOR, for
# small files). The estimate counts what Python builds per token: a dict or list for each
# bracket (~72 bytes), a str for each pair of quotes (~56), a slot for each element (~16).
# The packaged knowledge base estimates 2.6 times its size (5.6 measured, the text and
# the bytes included); ``[{},{},...]`` estimates 34 (25 measured) and is refused.
PARSE_FACTOR = 10
PARSE_FLOOR = 16 * 1024 * 1024


class Source(NamedTuple):
    """One input file as it was read: what the cache key is made of."""

    path: str
    # (dev, inode, size, mtime_ns, ctime_ns) of the bytes read; () for a file that is absent
    stamp: tuple[int, ...] | None
    digest: str  # BLAKE2b of the bytes read ("" when they could not be read)


def stamp_of(st: os.stat_result) -> tuple[int, ...]:
    """What identifies one version of a file; ctime changes on every write and cannot be set."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read_bytes(path: str, limit: int) -> tuple[bytes, tuple[int, ...] | None]:
    """The bytes of the regular file ``path`` and the stamp they belong to.

    The stamp is None when the file changed while it was read (it must not key a cache).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError(path, ["no such file"]) from None
    except IsADirectoryError:
        raise DataError(path, ["is a directory, not a JSON file"]) from None
    except OSError as e:
        raise DataError(path, [f"cannot be read: {e.strerror or e}"]) from None
    try:
        before = os.fstat(fd)
        if stat.S_ISDIR(before.st_mode):
            raise DataError(path, ["is a directory, not a JSON file"])
        if not stat.S_ISREG(before.st_mode):
            raise DataError(path, ["is not a regular file (a FIFO, device or socket?)"])
        if before.st_size > limit:
            raise DataError(path, [f"is larger than the {limit // (1024 * 1024)} MiB limit"])
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise DataError(path, [f"is larger than the {limit // (1024 * 1024)} MiB limit"])
            chunks.append(chunk)
        after = os.fstat(fd)
    except OSError as e:
        raise DataError(path, [f"cannot be read: {e.strerror or e}"]) from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    stable = stamp_of(before) == stamp_of(after) and len(raw) == before.st_size
    return raw, stamp_of(before) if stable else None


_STRUCTURE = b'"[]{}'
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in _STRUCTURE)
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in ``raw``, without recursing.

    Strings are removed first (escaped backslashes, then escaped quotes, then every
    quoted run), so brackets inside text do not count. Cheap: a few passes in C.
    """
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return 0
    import re
    from array import array
    from itertools import accumulate

    skeleton = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    skeleton = re.sub(rb'"[^"]*"', b"", skeleton).translate(_STEPS).replace(b'"', b"")
    return max(accumulate(array("b", skeleton)), default=0)


class _Refused(ValueError):
    """A value the decoder hooks reject (raised through json.loads)."""


def _object(pairs: list[tuple[str, object]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _Refused(f"key {k!r} appears twice in one object")
            seen.add(k)
    return out


def _int(s: str) -> int:
    if len(s) > MAX_NUMBER_CHARS:
        raise _Refused(f"number {s[:20]}... is too long")
    return int(s)


def _float(s: str) -> float:
    if len(s) > MAX_NUMBER_CHARS:
        raise _Refused(f"number {s[:20]}... is too long")
    value = float(s)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"number {s} is out of range")
    return value


def _constant(s: str) -> object:
    raise _Refused(f"{s} is not a JSON number")


def parse_cost(raw: bytes) -> int:
    """About how many bytes of Python objects ``json.loads`` builds from ``raw`` (a few C passes)."""
    containers = raw.count(b"{") + raw.count(b"[")
    strings = raw.count(b'"') // 2
    elements = raw.count(b",") + containers
    return 72 * containers + 56 * strings + 16 * elements


def decode(raw: bytes, path: str) -> object:
    """Decode the bytes of ``path``; any failure is a DataError naming the place."""
    if not raw.strip():
        raise DataError(path, ["is empty"])
    cost = parse_cost(raw)
    if cost > max(PARSE_FACTOR * len(raw), PARSE_FLOOR):
        raise DataError(
            path,
            [
                f"would take about {cost // (1024 * 1024)} MiB of memory to parse, over {PARSE_FACTOR} "
                "times its size (a file of tiny nested objects, not a knowledge base)"
            ],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError(path, [f"byte {e.start}: not UTF-8 text"]) from None
    if nesting_depth(raw) > MAX_DEPTH:
        raise DataError(path, [f"nested more than {MAX_DEPTH} levels deep"])
    try:
        return json.loads(
            text, object_pairs_hook=_object, parse_int=_int, parse_float=_float, parse_constant=_constant
        )
    except json.JSONDecodeError as e:
        raise DataError(path, [f"line {e.lineno}, column {e.colno}: {e.msg}"]) from None
    except _Refused as e:
        raise DataError(path, [str(e)]) from None
    except (RecursionError, MemoryError):
        raise DataError(path, ["nested too deeply"]) from None
    except ValueError as e:  # anything else the decoder refuses
        raise DataError(path, [str(e)[:200]]) from None


def read_source(path: str, limit: int) -> tuple[object, Source]:
    """Decode ``path`` and say which version of it was read."""
    raw, stamp = read_bytes(path, limit)
    from hashlib import blake2b

    source = Source(path, stamp, blake2b(raw, digest_size=16).hexdigest())
    return decode(raw, path), source


def read_json(path: str, limit: int = MAX_NOTES_BYTES) -> object:
    """Decode ``path``; any failure is a DataError naming the file and the place in it."""
    return decode(read_bytes(path, limit)[0], path)


def catalogue_path(data_path: str) -> str | None:
    """The quota catalogue that belongs to ``data_path``: ``quotas.json`` beside it, if there is one."""
    path = catalogue_file(data_path)
    return path if os.path.lexists(path) else None


def load_document(path: str) -> Document:
    """A complete knowledge base from ``path`` (with its quota catalogue), fully validated."""
    catalogue = catalogue_path(path)
    extra = read_json(catalogue, MAX_DATA_BYTES) if catalogue else None
    return _check_document(read_json(path, MAX_DATA_BYTES), path, extra, catalogue or "")


def _check_document(doc: object, path: str, catalogue: object = None, catalogue_at: str = "") -> Document:
    problems = check_shape(doc)
    if problems:
        raise DataError(path, problems)
    document = cast("Document", doc)  # check_shape has just checked every field against Document
    if catalogue is not None:
        document = merge_catalogue(document, catalogue, catalogue_at)
        path = f"{path} (with {catalogue_at})"
    problems = check_references(document)
    if problems:
        raise DataError(path, problems)
    return document


def merge_catalogue(base: Document, catalogue: object, path: str) -> Document:
    """``base`` with the quota catalogue's limits appended to their services, each marked
    ``catalogue``; a service the base does not have, or a bad field, is a DataError."""
    problems = check_shape(catalogue, model=Catalogue)
    if problems:
        raise DataError(path, problems)
    services: list[Any] = list(base["services"])
    position = {s["id"]: i for i, s in enumerate(services)}
    for i, entry in enumerate(cast("Catalogue", catalogue)["services"]):
        at = position.get(entry["id"])
        if at is None:
            problems.append(f"$.services[{i}].id: no service {entry['id']!r} in the knowledge base")
            continue
        added = [dict(lim, catalogue=True) for lim in entry["limits"]]
        services[at] = dict(services[at], limits=[*services[at]["limits"], *added])
    if problems:
        raise DataError(path, problems)
    return cast("Document", dict(base, services=services))


def check_user_file(path: str, base: Document) -> list[str]:
    """Every problem of a user notes file, judged as an overlay on ``base``."""
    try:
        merged = overlay(base, read_json(path), os.path.basename(path))
    except DataError as e:
        return e.problems
    return check_references(merged)


def overlay(base: Document, user: object, origin: str) -> Document:
    """``base`` with a user document merged in; raises DataError on any conflict.

    Users may add services, limits, terms and comparisons, and add facts, limits and
    aliases to packaged services. Everything added carries ``origin`` (the file name).
    ``base`` is never modified: what changes is copied (one service, the lists), the
    rest is shared, so merging costs the size of the user file, not of the base.
    """
    problems = check_shape(user, partial=True)
    if problems:
        raise DataError(origin, problems)
    assert isinstance(user, dict)
    # Packaged services and the user's, which carry an extra "origin" field: plain data
    # until the merged document is returned.
    services: list[Any] = list(base["services"])
    position = {s["id"]: i for i, s in enumerate(services)}
    for i, service in enumerate(user.get("services", [])):
        path = f"$.services[{i}]"
        facts = [dict(f, origin=origin) for f in service.get("facts", [])]
        limits = [dict(x, origin=origin) for x in service.get("limits", [])]
        at = position.get(service["id"])
        if at is None:
            new = dict(service, facts=facts, limits=limits, origin=origin)
            missing = [k for k in ("name", "full_name", "category", "summary") if k not in new]
            if missing:
                problems.append(f"{path}: a new service needs {', '.join(missing)}")
                continue
            new.setdefault("aliases", [])
            position[new["id"]] = len(services)
            services.append(new)
            continue
        extra = sorted(set(service) - {"id", "aliases", "facts", "limits"})
        if extra:
            problems.append(
                f"{path}: can only add aliases, facts and limits to the packaged service "
                f"{service['id']!r}, not {', '.join(extra)}"
            )
            continue
        existing = services[at]
        services[at] = dict(
            existing,
            aliases=[*existing["aliases"], *service.get("aliases", [])],
            facts=[*existing["facts"], *facts],
            limits=[*existing["limits"], *limits],
        )
    if problems:
        raise DataError(origin, problems)
    merged: dict[str, object] = dict(base, services=services)
    for section in ("terms", "comparisons"):
        merged[section] = [*base[section], *(dict(x, origin=origin) for x in user.get(section, []))]
    # check_shape(partial=True) checked the user's fields and a new service was checked for
    # the fields a complete one needs: the merge is a Document (plus "origin" fields).
    return cast("Document", merged)


def load_merged(path: str, user_files: list[str]) -> tuple[Document, list[str], list[Source]]:
    """The packaged (or ``AWSREF_DATA``) knowledge base with each valid user file merged in,
    the warnings met, and the inputs as read (for the cache key).

    A broken user file never hides the knowledge base: it is skipped with a warning.
    Cross-references are checked once over everything merged; only when that finds a
    problem are the files re-checked one by one to find which to skip.
    """
    raw_doc, data_source = read_source(path, MAX_DATA_BYTES)
    catalogue, at = None, catalogue_path(path)
    if at:
        catalogue, catalogue_source = read_source(at, MAX_DATA_BYTES)
    else:  # absent: the pack still records that, so a catalogue added later rebuilds it
        catalogue_source = Source(catalogue_file(path), (), "")
    sources = [data_source, catalogue_source]
    base = _check_document(raw_doc, path, catalogue, at or "")
    warnings: list[str] = []
    users: list[tuple[str, object]] = []
    doc = base
    for user_path in user_files:
        try:
            user, source = read_source(user_path, MAX_NOTES_BYTES)
        except DataError as e:
            warnings.append(f"{user_path}: {e.problems[0]} (file skipped)")
            sources.append(Source(user_path, None, ""))
            continue
        sources.append(source)
        try:
            doc = overlay(doc, user, os.path.basename(user_path))
        except DataError as e:
            warnings.append(f"{user_path}: {e.problems[0]} (file skipped)")
            continue
        users.append((user_path, user))
    if not users or not check_references(doc):
        return doc, warnings, sources
    doc = base
    for user_path, user in users:
        try:
            merged = overlay(doc, user, os.path.basename(user_path))
        except DataError as e:  # it built on a file that is now skipped
            warnings.append(f"{user_path}: {e.problems[0]} (file skipped)")
            continue
        problems = check_references(merged)
        if problems:
            warnings.append(f"{user_path}: {problems[0]} (file skipped)")
            continue
        doc = merged
    return doc, warnings, sources
