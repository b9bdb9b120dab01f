"""Which limits are the quota catalogue's (``data/quotas.json``) and which are curated.

Catalogue quotas are looked up, listed and searched like any limit; service cards, the
limit tables of ``awsref limit SERVICE``, comparisons, quizzes and decks show only the
curated ones, which carry the explanations a student needs.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any


def curated(limits: Iterable[Mapping[str, Any]]) -> list[Any]:
    """The hand-written limits among ``limits``, in order."""
    return [lim for lim in limits if not lim.get("catalogue")]


def catalogued(limits: Iterable[Mapping[str, Any]]) -> int:
    """How many of ``limits`` come from the quota catalogue."""
    return sum(1 for lim in limits if lim.get("catalogue"))
