"""How keys are spread over the cache's sections: shared by the writer (``index``, ``kb``)
and the readers (``kb``, ``completion``), so that neither imports the other."""

from __future__ import annotations

import zlib


def name_bucket(normalized: str, buckets: int) -> int:
    """Which ``names/N`` (or entity sub-index) section holds a key."""
    return zlib.crc32(normalized.encode("utf-8", "surrogatepass")) % buckets


def prefix_bucket(word: str) -> str:
    """The completion bucket of an id or a typed prefix: its first two characters."""
    return word[:2].casefold()
