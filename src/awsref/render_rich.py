"""``-o table``: the page drawn with Rich, on the console ``render_console`` sets up (the
two modules that import Rich).

Data is wrapped in ``Text`` objects, never parsed as markup, and control characters are
neutralised first: a query or a data file can never style or corrupt the terminal.

Layout follows the terminal's width: prose wraps with a hanging indent and at most
``PROSE_WIDTH`` columns; a table is drawn only when every column fits its longest
unbreakable word, its header and a readable share of its text, and Rich is given each
column's width (it never crops one); otherwise stacked records (label: value), so ids,
commands and URLs never break inside a word. A command or URL that fits beside its label
widens the grid past ``PROSE_WIDTH``. Source URLs are hyperlinks (OSC 8) where colour is
on; no line carries trailing padding. ``tests/test_widths.py`` checks that no width drops
a letter the widest page prints.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.text import Text

from awsref import page
from awsref.answer import Answer, Url
from awsref.page import Bar, Bullets, Fields, Note, Para, Refs, Title
from awsref.render_console import Lines, cells, console_for
from awsref.text import is_url, printable
from awsref.views import blocks
from awsref.wrap import column_widths, hanging, strip_trailing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from rich.table import Table

    from awsref.page import Block

NOTE_STYLES = {"warn": "yellow", "info": "dim"}
PROSE_WIDTH = 100  # prose never runs wider than this, even on a wide terminal
READABLE = 12  # a table column of prose is never narrowed below this (or its own width)


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


def _cell(text: str) -> Text:
    if isinstance(text, Url):  # only fields the schema checked as URLs are linked
        return _link(text)
    cell = _t(text, whole=_unbreakable(text))
    if _unbreakable(text):
        cell.no_wrap = True
    return cell


def _title(console: Lines, title: str, command: str) -> None:
    """The title in bold and the command that shows it, on one line when both fit."""
    line = _t(title, "bold")
    if len(title) + 2 + len(command) <= console.width:
        line.append_text(_t(f"  {command}", "dim"))
        console.print(line, soft_wrap=True)
    else:
        _prose(console, line)
        console.print(_t(command, "dim", whole=True), soft_wrap=True)


def _grid(label_width: int) -> Table:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, min_width=label_width)
    grid.add_column(overflow="fold")
    return grid


def _fields(
    console: Lines, fields: list[tuple[str, str]], indent: int = 0, label_style: str = "bold"
) -> None:
    """Label/value pairs with a hanging indent.

    A command or URL that does not fit beside its label goes whole on its own line
    (a URL stays clickable, a command copy-pastable) instead of being wrapped.
    """
    pad = " " * indent
    label_width = max(len(label) for label, _ in fields) + indent
    plain = [(printable(label), printable(value)) for label, value in fields]
    if (
        label_width + 2 + READABLE <= min(console.width, PROSE_WIDTH)
        and not any(isinstance(v, Url) or _unbreakable(v) for _, v in fields)
        and all(cells(t) == len(t) for pair in plain for t in pair)
    ):
        # Wrapped here in one pass (a stacked table prints a grid per record otherwise:
        # most of a long card's time); the same lines Rich's grid would print.
        width = min(console.width, PROSE_WIDTH)
        out = Text()
        for label, value in plain:
            lines = hanging(value, width, " " * (label_width + 2), " " * (label_width + 2))
            if out:
                out.append("\n")
            out.append(pad + label, label_style)
            out.append(lines[0][len(pad + label) :] if value else "")
            for line in lines[1:]:
                out.append("\n" + line)
        console.print(out, soft_wrap=True)
        return
    # Prose keeps to PROSE_WIDTH, but a command or URL that fits beside its label on this
    # terminal widens the grid: what a user reads and copies is never cut.
    whole = [_cell_width(v) for _, v in fields if _unbreakable(v)]
    wide = [label_width + 2 + n for n in whole if label_width + 2 + n <= console.width]
    width = max([min(console.width, PROSE_WIDTH), *wide])
    value_width = width - label_width - 2
    grid = _grid(label_width)
    for label, value in fields:
        if _unbreakable(value) and _cell_width(value) > value_width:
            if grid.row_count:
                console.print(grid, width=width)
                grid = _grid(label_width)
            console.print(_t(pad + label, label_style, whole=True), soft_wrap=True)
            console.print(_cell(value), soft_wrap=True)
            continue
        grid.add_row(_t(pad + label, label_style), _cell(value))
    if grid.row_count:
        console.print(grid, width=width)


def _cell_width(text: str) -> int:
    return cells(printable(text))


def _longest_word(text: str) -> int:
    if _unbreakable(text):
        return _cell_width(text)
    return max((cells(w) for w in printable(text).split()), default=0)


def _new_table(title: str, headers: list[str]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(
        title=_t(title, "bold") if title else None,
        box=box.SIMPLE_HEAD,
        show_header=True,
        header_style="bold",
        title_justify="left",
        pad_edge=False,
        collapse_padding=True,
    )
    for header in headers:
        table.add_column(_t(header))
    return table


def table_overhead(columns: int) -> int:
    """The columns a ``_new_table`` of ``columns`` columns adds to its cells: its two edges and
    the rules between columns, plus one column of padding right of each but the last
    (collapsed padding, none at the edges). Worked out here so that a table printed as
    stacked records never imports ``rich.table``; a test holds it to Rich's own sum."""
    return 2 + (columns - 1) + (columns - 1)


def _table(console: Lines, title: str, headers: list[str], rows: list[list[str]]) -> None:
    """A table only when every column fits its longest unbreakable word and its header (Rich
    is then given each column's width, so it never crops one); otherwise stacked records."""
    overhead = table_overhead(len(headers))
    cells = [[h, *(row[i] if i < len(row) else "" for row in rows)] for i, h in enumerate(headers)]
    natural = [max(max(_cell_width(line) for line in c.split("\n")) for c in column) for column in cells]
    # A column narrower than its longest unbreakable word would crop it; one squeezed below
    # a quarter of its natural width (at least READABLE, at most 2 × READABLE columns) reads
    # a word or two a line: records read better then.
    least = [
        max(max(_longest_word(c) for c in column), min(width, max(READABLE, min(width // 4, 2 * READABLE))))
        for column, width in zip(cells, natural, strict=True)
    ]
    widths = column_widths(console.width - overhead, least, natural)
    if widths is None:
        _stacked(console, title, headers, rows)
        return
    table = _new_table(title, headers)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = max(width, 1)
    for row in rows:
        table.add_row(*(_cell(c) for c in row))
    console.print(table)


def _stacked(console: Lines, title: str, headers: list[str], rows: list[list[str]]) -> None:
    """A table too wide for the terminal, as one record per row: its first cell, then label: value."""
    if title:
        console.print(_t(title, "bold underline"))
    labels = [h or "Aspect" for h in headers[1:]]
    for row in rows:
        # The record's first cell after its column's name; the name goes on a line of
        # its own when the two do not fit on one, so the cell (an id) stays whole.
        label = f"{headers[0]}: " if headers[0] else ""
        if label and _cell_width(label + row[0]) > console.width:
            console.print(_t(label.rstrip(), "dim"))
            label = ""
        whole = _unbreakable(row[0]) or " " not in row[0].strip()  # an id stays whole; prose wraps
        head = _t(label, "dim").append_text(_t(row[0], "bold", whole=whole))
        if whole:
            console.print(head, soft_wrap=True)
        else:
            _prose(console, head)
        fields = [(label, value) for label, value in zip(labels, row[1:], strict=False) if value]
        if fields:
            _fields(console, fields, indent=2, label_style="dim")


def _bullets(console: Lines, heading: str, items: list[str]) -> None:
    """Items after a bullet, wrapped with a hanging indent.

    Wrapped here, in one pass, when every character is one cell wide (a service card has
    over a hundred bullets, and a Rich grid measures each one: most of ``show``'s time);
    otherwise Rich's grid does it.
    """
    if heading:
        console.print(_t(heading, "bold underline"))
    width = min(console.width, PROSE_WIDTH)
    texts = [printable(item) for item in items]
    if all(cells(t) == len(t) for t in texts):
        lines = [line for t in texts for line in hanging(t, width, "  • ", "    ")]
        if lines:
            console.print(Text("\n".join(lines)), soft_wrap=True)
        return
    from rich.table import Table

    grid = Table.grid()
    grid.add_column(no_wrap=True, width=4)
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row(Text("  • "), _t(item))
    console.print(grid, width=min(console.width, PROSE_WIDTH))


def _refs(console: Lines, refs: list[tuple[str, str]]) -> None:
    """Alternatives: each one's label and value, then the command that shows it, whole."""
    for text, command in refs:
        _bullets(console, "", [text])
        console.print(_t(f"    {command}", "dim", whole=True), soft_wrap=True)


def _prose(console: Lines, renderable: RenderableType) -> None:
    console.print(renderable, width=min(console.width, PROSE_WIDTH))


BAR_WIDTH = 30


BAR_LEGEND = "known ▮ learning ▮ new"
NARROWEST_BAR = 10


def _bar(known: int, learning: int, new: int, width: int) -> Text:
    """Known (green), learning (yellow) and new (dim) as shares of ``width`` cells."""
    total = max(1, known + learning + new)
    k = round(width * known / total)
    lrn = round(width * (known + learning) / total) - k
    bar = _t("█" * k, "green")
    bar.append_text(_t("█" * lrn, "yellow"))
    bar.append_text(_t("░" * (width - k - lrn), "dim"))
    return bar


def _bars(console: Lines, title: str, rows: list[Bar]) -> None:
    """One bar per row, as wide as the terminal allows (at most ``BAR_WIDTH``); names and
    numbers are never cropped: too narrow for a bar of ``NARROWEST_BAR``, one record per row."""
    from rich import box
    from rich.table import Table

    headers = ["", BAR_LEGEND, "Known", "Learning", "New", "Due"]
    table = Table(title=_t(title, "bold"), box=box.SIMPLE_HEAD, header_style="bold", title_justify="left")
    for i, header in enumerate(headers):
        table.add_column(_t(header), justify="right" if i > 1 else "left", no_wrap=i != 1)
    overhead = table._extra_width + sum(table._get_padding_width(i) for i in range(len(headers)))
    numbers = [[b.name, str(b.known), str(b.learning), str(b.new), str(b.due)] for b in rows]
    fixed = [
        max(_cell_width(headers[0 if i == 0 else i + 1]), *(_cell_width(row[i]) for row in numbers))
        for i in range(5)
    ]
    bar_width = min(BAR_WIDTH, console.width - overhead - sum(fixed))
    if bar_width < NARROWEST_BAR:
        console.print(_t(title, "bold underline"))
        console.print(_t(BAR_LEGEND, "dim"))
        for b in rows:
            console.print(_t(b.name, "bold", whole=True), soft_wrap=True)
            bar = _bar(b.known, b.learning, b.new, min(BAR_WIDTH, console.width - 2))
            console.print(Text("  ").append_text(bar))
            _prose(console, _t(f"  Known {b.known}  Learning {b.learning}  New {b.new}  Due {b.due}"))
        return
    for column, width in zip(table.columns, [fixed[0], bar_width, *fixed[1:]], strict=True):
        column.width = width
    for b, row in zip(rows, numbers, strict=True):
        table.add_row(_t(b.name), _bar(b.known, b.learning, b.new, bar_width), *(_t(x) for x in row[1:]))
    console.print(table)


def _draw(console: Lines, block: Block) -> None:
    if isinstance(block, Title):
        _title(console, block.text, block.subtitle)
    elif isinstance(block, Fields):
        _fields(console, block.pairs)
    elif isinstance(block, page.Table):
        _table(console, block.title, block.headers, block.rows)
    elif isinstance(block, Para):
        _prose(console, _t(block.text))
    elif isinstance(block, Note):
        _prose(console, _t(block.text, NOTE_STYLES.get(block.style, "")))
    elif isinstance(block, Bullets):
        _bullets(console, block.heading, block.items)
    elif isinstance(block, Refs):
        _refs(console, block.refs)
    else:
        _bars(console, block.title, block.rows)


def render_to_string(answer: Answer, console: Console) -> str:
    """The page as the terminal will show it (with colour codes where colour is on)."""
    lines = Lines(console)
    with console.capture() as capture:
        for block in blocks(answer):
            _draw(lines, block)
        lines.flush()
    return strip_trailing(capture.get())


def render(answer: Answer, out: TextIO) -> None:
    """Print the page to ``out``, through a pager when it is taller than the terminal."""
    console = console_for(out)
    text = render_to_string(answer, console)
    from awsref.pager import page_or_write

    try:
        tty = out.isatty()  # colour may be forced into a pipe; the pager never is
    except (AttributeError, ValueError):
        tty = False
    page_or_write(text, out, console.height if tty and console.is_terminal else None)
