"""``-o markdown``: the same page as the table view, as Markdown to paste into notes."""

from __future__ import annotations

from awsref.answer import Answer
from awsref.page import Bars, Fields, Note, Para, Refs, Table, Title
from awsref.text import printable
from awsref.views import blocks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from awsref.page import Block

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    return printable(text).translate(_SPECIAL)


def escape(text: str) -> str:
    """``text`` as Markdown shows it literally: printable, every markup character escaped
    (what ``export markdown`` writes)."""
    return _md(text)


def _block(block: Block) -> str:
    """One block as Markdown."""
    if isinstance(block, Title):
        return f"## {_md(block.text)}\n\n*{_md(block.subtitle)}*"
    if isinstance(block, Fields):
        return "\n".join(f"- **{_md(k)}:** {_md(v)}" for k, v in block.pairs)
    if isinstance(block, Table):
        return _table(block.title, block.headers, block.rows)
    if isinstance(block, Bars):
        lines = [f"### {_md(block.title)}", "", "| | Known | Learning | New | Due |", "|---|---|---|---|---|"]
        lines.extend(f"| {_md(b.name)} | {b.known} | {b.learning} | {b.new} | {b.due} |" for b in block.rows)
        return "\n".join(lines)
    if isinstance(block, Para):
        return _md(block.text)
    if isinstance(block, Note):
        return f"> {_md(block.text)}"
    if isinstance(block, Refs):
        return "\n".join(f"- {_md(text)}: `{_md(command)}`" for text, command in block.refs)
    return f"**{_md(block.heading)}**\n\n" + "\n".join(f"- {_md(i)}" for i in block.items)


def _table(title: str, headers: list[str], rows: list[list[str]]) -> str:
    lines = [f"### {_md(title)}", ""] if title else []
    lines.append("| " + " | ".join(_md(h) for h in headers) + " |")
    lines.append("|" + "---|" * len(headers))
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)


def render(answer: Answer, out: TextIO) -> None:
    """Write the page as Markdown."""
    out.write("\n\n".join(_block(block) for block in blocks(answer)) + "\n")
