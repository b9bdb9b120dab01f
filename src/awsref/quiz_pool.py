"""Where a quiz question's distractors come from (``quiz``): a ``Pool``.

``cards.KbPool`` reads the cache's deck sections, as far as a question needs them;
``ListPool`` works on a list of whole cards (every card of the knowledge base).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Card = dict[str, Any]


class Pool:
    """Where a question's distractors come from: the knowledge base's other cards, read
    only as far as a question needs them (``cards.KbPool``), or a list of cards (``ListPool``)."""

    def limit_values(self, unit: str) -> list[float]:
        """Every limit value of ``unit`` (no "no fixed limit"), once each, sorted."""
        raise NotImplementedError

    def term_rows(self) -> list[list[Any]]:
        """``[id, term, services]`` of every term, in data order."""
        raise NotImplementedError

    def term(self, tid: str) -> dict[str, Any]:
        """A term's entry (its ``term`` and ``definition``)."""
        raise NotImplementedError

    def fact_services(self) -> dict[str, dict[str, Any]]:
        """For each service with a fact card, the entry of its first: its names, category, tasks."""
        raise NotImplementedError


class ListPool(Pool):
    """Distractors from a list of whole cards (every card of the knowledge base)."""

    def __init__(self, cards: list[Card]) -> None:
        self._cards = cards
        self._terms = {c["entry"]["id"]: c["entry"] for c in cards if c["kind"] == "term"}

    def limit_values(self, unit: str) -> list[float]:
        values = {
            c["entry"]["value"] for c in self._cards if c["kind"] == "limit" and c["entry"]["unit"] == unit
        }
        values.discard(None)
        return sorted(values)

    def term_rows(self) -> list[list[Any]]:
        return [
            [c["entry"]["id"], c["entry"]["term"], c["services"]] for c in self._cards if c["kind"] == "term"
        ]

    def term(self, tid: str) -> dict[str, Any]:
        return self._terms[tid]

    def fact_services(self) -> dict[str, dict[str, Any]]:
        services: dict[str, dict[str, Any]] = {}
        for c in self._cards:
            if c["kind"] == "fact":
                services.setdefault(c["entry"]["service"], c["entry"])
        return services


def as_pool(pool: Pool | list[Card]) -> Pool:
    """``pool`` itself, or a ``ListPool`` of a list of cards."""
    return pool if isinstance(pool, Pool) else ListPool(pool)
