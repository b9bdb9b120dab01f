"""What every lookup returns and every renderer draws: the answer and how sure it is.

A leaf module (no awsref imports), so renderers and views never import the lookups.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time: only the type checker reads it
    from typing import Literal

    Quality = Literal["exact", "fuzzy", "ambiguous"]

QUALITIES = ("exact", "fuzzy", "ambiguous")  # the match qualities, least sure last


class Answer:
    """What a lookup found: a kind, its JSON-ready data, and how sure the match was."""

    __slots__ = ("also", "command", "data", "kind", "match", "notes", "query")

    def __init__(
        self,
        command: str,
        query: str,
        kind: str,
        data: dict,
        match: Quality = "exact",
        also: list[dict] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.command = command
        self.query = query
        self.kind = kind
        self.data = data
        self.match = match
        self.also = also or []
        self.notes = notes or []


class Url(str):
    """A string the schema checked as a URL (a ``source``): the only text a renderer may
    turn into a link. Anything else that merely looks like one stays plain text."""

    __slots__ = ()
