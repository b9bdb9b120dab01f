"""The Rich console awsref prints its pages with: colour only on a terminal (as NO_COLOR,
FORCE_COLOR, TERM and ``--color`` say), a width fixed once, and runs of text that need no
layout printed in one call (``Lines``). ``render_rich`` draws the pages on it.
"""

from __future__ import annotations

import os

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment, Segments
from rich.text import Text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def cells(text: str) -> int:
    """The terminal cells ``text`` takes: its length when every character is printable ASCII
    (one cell each, checked in C), else Rich's measure."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _broken_pipe() -> None:
    """Rich's default exits 1 on a closed pipe; let the entry point make it the documented 0."""
    raise BrokenPipeError


MIN_WIDTH = 20


def console_for(out: TextIO) -> Console:
    """A console on ``out``: colour only on a terminal, per NO_COLOR/FORCE_COLOR/TERM."""
    from awsref import output

    # --color never, or NO_COLOR (no-color.org): no colour, so no styling codes at all;
    # --color always: colour into a pipe too, as FORCE_COLOR does.
    plain = output.color == "never" or (output.color != "always" and bool(os.environ.get("NO_COLOR")))
    console = Console(
        file=out,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
        force_terminal=True if output.color == "always" else None,
        no_color=False if output.color == "always" else None,
    )
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    if console.width <= 0:  # COLUMNS=0: Rich would print nothing at all
        console.width = 80
    elif console.width < MIN_WIDTH:  # narrower than any layout: wrap at MIN_WIDTH instead
        console.width = MIN_WIDTH
    # Fixed once: otherwise Rich asks the terminal and the environment again on every print.
    console.size = (console.width, console.height)
    return console


class Lines:
    """The console, printing runs of text that need no layout (lines already wrapped, or
    shorter than the width) in one call: Rich's cost is per print, and a service card is
    hundreds of such runs. The same characters and styles as one print per run."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width
        self._run: Text | None = None

    def print(self, renderable: RenderableType, *, soft_wrap: bool = False, width: int | None = None) -> None:
        if isinstance(renderable, Text) and (soft_wrap or self._fits(renderable.plain, width)):
            if self._run is None:
                self._run = Text()
            else:
                self._run.append("\n")
            self._run.append_text(renderable)
            return
        self.flush()
        self.console.print(renderable, soft_wrap=soft_wrap, width=width)

    def _fits(self, plain: str, width: int | None) -> bool:
        room = min(self.width, width) if width is not None else self.width
        return "\t" not in plain and all(cells(line) <= room for line in plain.split("\n"))

    def flush(self) -> None:
        if self._run is not None:
            run, self._run = self._run, None
            # Its segments as they stand: printing the Text would split, wrap and measure
            # every line again, to the same lines (about 6 ms on a card).
            self.console.print(Segments([*run.render(self.console), Segment.line()]), soft_wrap=True)
