"""The blocks a page is made of (``views.blocks``), drawn by the table and markdown renderers.

A leaf module (no imports): small slotted classes, so a renderer asks ``isinstance`` and
the type checker knows every field; building them costs no more than the tuples they
replaced. Strings are raw data; renderers neutralise them for their medium.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time: only the type checker reads it
    from typing import Literal, TypeAlias

    NoteStyle: TypeAlias = Literal["warn", "info"]


class Title:
    """The page's heading and, beside it, the command that shows it (or what it is)."""

    __slots__ = ("subtitle", "text")

    def __init__(self, text: str, subtitle: str) -> None:
        self.text = text
        self.subtitle = subtitle


class Fields:
    """Label: value pairs (a value may be a ``Url``, drawn as a link)."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs


class Table:
    """Rows under headers, with an optional title ("" for none)."""

    __slots__ = ("headers", "rows", "title")

    def __init__(self, title: str, headers: list[str], rows: list[list[str]]) -> None:
        self.title = title
        self.headers = headers
        self.rows = rows


class Para:
    """A paragraph of prose."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Note:
    """A one-paragraph remark: ``warn`` (the reader must know) or ``info`` (how it was read)."""

    __slots__ = ("style", "text")

    def __init__(self, style: NoteStyle, text: str) -> None:
        self.style = style
        self.text = text


class Bullets:
    """A heading over a bulleted list."""

    __slots__ = ("heading", "items")

    def __init__(self, heading: str, items: list[str]) -> None:
        self.heading = heading
        self.items = items


class Refs:
    """Pointers to other entries: (what it is, the command that shows it)."""

    __slots__ = ("refs",)

    def __init__(self, refs: list[tuple[str, str]]) -> None:
        self.refs = refs


class Bar:
    """One row of a progress chart: a name and its card counts."""

    __slots__ = ("due", "known", "learning", "name", "new")

    def __init__(self, name: str, known: int, learning: int, new: int, due: int) -> None:
        self.name = name
        self.known = known
        self.learning = learning
        self.new = new
        self.due = due


class Bars:
    """A titled progress chart, one bar per row."""

    __slots__ = ("rows", "title")

    def __init__(self, title: str, rows: list[Bar]) -> None:
        self.title = title
        self.rows = rows


if TYPE_CHECKING:
    Block: TypeAlias = Title | Fields | Table | Para | Note | Bullets | Refs | Bars
