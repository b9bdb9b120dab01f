"""``-o table``: the page drawn with Rich. The only module that imports Rich.

Data is wrapped in ``Text`` objects, never parsed as markup, and control characters are
neutralised first: a query or a data file can never style or corrupt the terminal.

Layout follows the terminal's width: prose wraps with a hanging indent and at most
``PROSE_WIDTH`` columns; a table whose columns cannot all fit their longest word becomes
stacked records (label: value), so ids, commands and URLs never break inside a word;
source URLs are hyperlinks (OSC 8) where colour is on; no line carries trailing padding.
"""

from __future__ import annotations

import os

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from awsref.answer import Answer, Url
from awsref.text import is_url, printable
from awsref.views import blocks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

NOTE_STYLES = {"warn": "yellow", "info": "dim"}
PROSE_WIDTH = 100  # prose never runs wider than this, even on a wide terminal
CELL_PADDING = 2  # a table column's padding, left and right together


def _t(text: str, style: str = "", *, whole: bool = False) -> Text:
    """Data as Rich text: never markup, control characters escaped.

    ``whole``: a word longer than the line stays whole (runs past the edge) rather than
    folding; for titles, commands and URLs printed on their own lines. Table cells wrap
    between words (columns are never narrower than their longest word).
    """
    return Text(printable(text), style=style, overflow="ignore" if whole else None)


def _link(url: str) -> Text:
    """A source URL, linked (OSC 8) only when it is a clean URL: nothing in it reaches the
    terminal as a control sequence."""
    text = _t(url, whole=True)
    if is_url(url):
        text.stylize(f"link {url}")
    return text


def _unbreakable(text: str) -> bool:
    """A command or a URL: copy-pasted whole, so never wrapped, not even between words."""
    return text.startswith(("awsref ", "https://", "http://"))


def _longest_word(text: str) -> int:
    if _unbreakable(text):
        return len(printable(text))
    return max((len(w) for w in printable(text).split()), default=0)


def _cell(text: str) -> Text:
    if isinstance(text, Url):  # only fields the schema checked as URLs are linked
        return _link(text)
    cell = _t(text, whole=_unbreakable(text))
    if _unbreakable(text):
        cell.no_wrap = True
    return cell


def _title(console: Console, title: str, command: str) -> None:
    """The title in bold and the command that shows it, on one line when both fit."""
    line = _t(title, "bold")
    if len(title) + 2 + len(command) <= console.width:
        line.append_text(_t(f"  {command}", "dim"))
        console.print(line, soft_wrap=True)
    else:
        _prose(console, line)
        console.print(_t(command, "dim", whole=True), soft_wrap=True)


def _grid(label_width: int) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, min_width=label_width)
    grid.add_column(overflow="fold")
    return grid


def _fields(
    console: Console, fields: list[tuple[str, str]], indent: int = 0, label_style: str = "bold"
) -> None:
    """Label/value pairs with a hanging indent.

    A command or URL that does not fit beside its label goes whole on its own line
    (a URL stays clickable, a command copy-pastable) instead of being wrapped.
    """
    pad = " " * indent
    label_width = max(len(label) for label, _ in fields) + indent
    value_width = console.width - label_width - 2
    width = min(console.width, PROSE_WIDTH)
    grid = _grid(label_width)
    for label, value in fields:
        if _unbreakable(value) and len(value) > value_width:
            if grid.row_count:
                console.print(grid, width=width)
                grid = _grid(label_width)
            console.print(_t(pad + label, label_style, whole=True), soft_wrap=True)
            console.print(_cell(value), soft_wrap=True)
            continue
        grid.add_row(_t(pad + label, label_style), _cell(value))
    if grid.row_count:
        console.print(grid, width=width)


def _fits_as_table(console: Console, headers: list[str], rows: list[list[str]]) -> list[int] | None:
    """Each column's narrowest width that keeps its words whole, or None when they do not fit."""
    widths = [
        max([_longest_word(h), *(_longest_word(row[i]) for row in rows if i < len(row))])
        for i, h in enumerate(headers)
    ]
    total = sum(w + CELL_PADDING for w in widths)
    return widths if total <= console.width else None


def _table(console: Console, title: str, headers: list[str], rows: list[list[str]]) -> None:
    widths = _fits_as_table(console, headers, rows)
    if widths is None:
        _stacked(console, title, headers, rows)
        return
    table = Table(
        title=_t(title, "bold") if title else None,
        box=box.SIMPLE_HEAD,
        show_header=True,
        header_style="bold",
        title_justify="left",
        pad_edge=False,
        collapse_padding=True,
    )
    for header, width in zip(headers, widths, strict=True):
        table.add_column(_t(header), min_width=width)
    for row in rows:
        table.add_row(*(_cell(c) for c in row))
    console.print(table)


def _stacked(console: Console, title: str, headers: list[str], rows: list[list[str]]) -> None:
    """A table too wide for the terminal, as one record per row: its first cell, then label: value."""
    if title:
        console.print(_t(title, "bold underline"))
    labels = [h or "Aspect" for h in headers[1:]]
    for row in rows:
        console.print(_t(row[0], "bold", whole=True), soft_wrap=True)
        fields = [(label, value) for label, value in zip(labels, row[1:], strict=False) if value]
        if fields:
            _fields(console, fields, indent=2, label_style="dim")


def _bullets(console: Console, heading: str, items: list[str]) -> None:
    if heading:
        console.print(_t(heading, "bold underline"))
    grid = Table.grid()
    grid.add_column(no_wrap=True, width=4)
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row(Text("  • "), _t(item))
    console.print(grid, width=min(console.width, PROSE_WIDTH))


def _refs(console: Console, refs: list[tuple[str, str]]) -> None:
    """Alternatives: each one's label and value, then the command that shows it, whole."""
    for text, command in refs:
        _bullets(console, "", [text])
        console.print(_t(f"    {command}", "dim", whole=True), soft_wrap=True)


def _prose(console: Console, renderable: RenderableType) -> None:
    console.print(renderable, width=min(console.width, PROSE_WIDTH))


def _strip_trailing(text: str) -> str:
    """Drop the spaces Rich pads lines with (also before a closing colour code)."""
    out = []
    for line in text.split("\n"):
        tail = ""
        while line.endswith("m") and "\x1b[" in line:
            start = line.rfind("\x1b[")
            code = line[start:]
            if not code[2:-1].replace(";", "").isdigit() and code != "\x1b[m":
                break
            tail = code + tail
            line = line[:start]
        out.append(line.rstrip(" ") + tail)
    return "\n".join(out)


BAR_WIDTH = 30


def _bars(title: str, rows: list[list]) -> Table:
    """One bar per row: known (green), learning (yellow) and new (dim) as shares of its cards."""
    table = Table(title=_t(title, "bold"), box=box.SIMPLE_HEAD, header_style="bold", title_justify="left")
    table.add_column(_t(""))
    table.add_column(_t("known ▮ learning ▮ new"), no_wrap=True)
    for h in ("Known", "Learning", "New", "Due"):
        table.add_column(_t(h), justify="right")
    for name, known, learning, new, due in rows:
        total = max(1, known + learning + new)
        k = round(BAR_WIDTH * known / total)
        lrn = round(BAR_WIDTH * (known + learning) / total) - k
        bar = _t("█" * k, "green")
        bar.append_text(_t("█" * lrn, "yellow"))
        bar.append_text(_t("░" * (BAR_WIDTH - k - lrn), "dim"))
        table.add_row(_t(name), bar, *(_t(str(x)) for x in (known, learning, new, due)))
    return table


def _broken_pipe() -> None:
    """Rich's default exits 1 on a closed pipe; let the entry point make it the documented 0."""
    raise BrokenPipeError


MIN_WIDTH = 20


def console_for(out: TextIO) -> Console:
    """A console on ``out``: colour only on a terminal, per NO_COLOR/FORCE_COLOR/TERM."""
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
    if console.width <= 0:  # COLUMNS=0: Rich would print nothing at all
        console.width = 80
    elif console.width < MIN_WIDTH:  # narrower than any layout: wrap at MIN_WIDTH instead
        console.width = MIN_WIDTH
    return console


def render_to_string(answer: Answer, console: Console) -> str:
    """The page as the terminal will show it (with colour codes where colour is on)."""
    with console.capture() as capture:
        for block in blocks(answer):
            kind = block[0]
            if kind == "title":
                _title(console, block[1], block[2])
            elif kind == "fields":
                _fields(console, block[1])
            elif kind == "table":
                _table(console, block[1], block[2], block[3])
            elif kind == "para":
                _prose(console, _t(block[1]))
            elif kind == "note":
                _prose(console, _t(block[2], NOTE_STYLES.get(block[1], "")))
            elif kind == "bullets":
                _bullets(console, block[1], block[2])
            elif kind == "refs":
                _refs(console, block[1])
            elif kind == "bars":
                console.print(_bars(block[1], block[2]))
    return _strip_trailing(capture.get())


def render(answer: Answer, out: TextIO) -> None:
    """Print the page to ``out``, through a pager when it is taller than the terminal."""
    console = console_for(out)
    text = render_to_string(answer, console)
    from awsref.pager import page_or_write

    page_or_write(text, out, console.height if console.is_terminal else None)
