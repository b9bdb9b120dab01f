"""``-o table``: the page drawn with Rich. The only module that imports Rich.

Data is wrapped in ``Text`` objects, never parsed as markup, and control characters are
neutralised first: a query or a data file can never style or corrupt the terminal.
"""

from __future__ import annotations

import os

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from awsref.lookup import Answer
from awsref.text import printable
from awsref.views import blocks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

NOTE_STYLES = {"warn": "yellow", "info": "dim"}


def _t(text: str, style: str = "") -> Text:
    return Text(printable(text), style=style)


def _fields(console: Console, fields: list[tuple[str, str]]) -> None:
    """Label/value pairs; URLs go on their own soft-wrapped line so they stay clickable."""
    width = max(len(label) for label, _ in fields) + 2
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, min_width=width - 2)
    grid.add_column(overflow="fold")
    for label, value in fields:
        if value.startswith(("https://", "http://")):
            if grid.row_count:
                console.print(grid)
                grid = Table.grid(padding=(0, 2))
                grid.add_column(style="bold", no_wrap=True, min_width=width - 2)
                grid.add_column(overflow="fold")
            line = _t(label.ljust(width), "bold")
            line.append_text(_t(value))
            console.print(line, soft_wrap=True)
        else:
            grid.add_row(_t(label), _t(value))
    if grid.row_count:
        console.print(grid)


def _broken_pipe() -> None:
    """Rich's default exits 1 on a closed pipe; let the entry point make it the documented 0."""
    raise BrokenPipeError


def render(answer: Answer, out: TextIO) -> None:
    """Print the page to ``out`` (colour only on a terminal, per NO_COLOR/FORCE_COLOR/TERM)."""
    plain = bool(os.environ.get("NO_COLOR"))  # no-color.org: no colour, so no styling codes at all
    console = Console(
        file=out,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
    )
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    for block in blocks(answer):
        kind = block[0]
        if kind == "title":
            title = _t(block[1], "bold")
            title.append_text(_t(f"  {block[2]}", "dim"))
            console.print(title)
        elif kind == "fields":
            _fields(console, block[1])
        elif kind == "table":
            _, title, headers, rows = block
            table = Table(
                title=_t(title, "bold") if title else None,
                box=box.SIMPLE_HEAD,
                show_header=True,
                header_style="bold",
                title_justify="left",
            )
            for h in headers:
                table.add_column(_t(h), overflow="fold")
            for row in rows:
                table.add_row(*(_t(c) for c in row))
            console.print(table)
        elif kind == "para":
            console.print(_t(block[1]))
        elif kind == "note":
            console.print(_t(block[2], NOTE_STYLES.get(block[1], "")))
        elif kind == "bullets":
            console.print(_t(block[1], "bold underline"))
            for item in block[2]:
                line = _t("  • ")
                line.append_text(_t(item))
                console.print(line)
