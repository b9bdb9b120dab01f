"""``-o markdown``: the same page as the table view, as Markdown to paste into notes."""

from __future__ import annotations

from awsref.answer import Answer
from awsref.text import printable
from awsref.views import blocks

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    return printable(text).translate(_SPECIAL)


def escape(text: str) -> str:
    """``text`` as Markdown shows it literally: printable, every markup character escaped
    (what ``export markdown`` writes)."""
    return _md(text)


def render(answer: Answer, out: TextIO) -> None:
    """Write the page as Markdown."""
    parts: list[str] = []
    for block in blocks(answer):
        kind = block[0]
        if kind == "title":
            parts.append(f"## {_md(block[1])}\n\n*{_md(block[2])}*")
        elif kind == "fields":
            parts.append("\n".join(f"- **{_md(k)}:** {_md(v)}" for k, v in block[1]))
        elif kind == "table":
            _, title, headers, rows = block
            lines = [f"### {_md(title)}", ""] if title else []
            lines.append("| " + " | ".join(_md(h) for h in headers) + " |")
            lines.append("|" + "---|" * len(headers))
            lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
            parts.append("\n".join(lines))
        elif kind == "bars":
            lines = [
                f"### {_md(block[1])}",
                "",
                "| | Known | Learning | New | Due |",
                "|---|---|---|---|---|",
            ]
            lines.extend("| " + " | ".join(_md(str(c)) for c in row) + " |" for row in block[2])
            parts.append("\n".join(lines))
        elif kind == "para":
            parts.append(_md(block[1]))
        elif kind == "note":
            parts.append(f"> {_md(block[2])}")
        elif kind == "refs":
            parts.append("\n".join(f"- {_md(text)}: `{_md(command)}`" for text, command in block[1]))
        elif kind == "bullets":
            parts.append(f"**{_md(block[1])}**\n\n" + "\n".join(f"- {_md(i)}" for i in block[2]))
    out.write("\n\n".join(parts) + "\n")
