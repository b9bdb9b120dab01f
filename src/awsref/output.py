"""Choose the output format and write an answer (or an error) to the terminal.

Renderers are imported on demand: ``-o text`` and ``-o json`` never import Rich.
"""

from __future__ import annotations

import sys

from awsref.answer import Answer
from awsref.text import printable


def default_format() -> str:
    """``table`` on a terminal, ``text`` when piped (as gh and other CLIs do)."""
    try:
        return "table" if sys.stdout.isatty() else "text"
    except (AttributeError, ValueError):
        return "text"


def write_answer(answer: Answer, fmt: str | None) -> None:
    """Render ``answer`` in ``fmt`` (None: the default for this stdout) to stdout."""
    fmt = fmt or default_format()
    if fmt == "table":
        from awsref.render_rich import render
    elif fmt == "json":
        from awsref.render_json import render
    elif fmt == "markdown":
        from awsref.render_markdown import render
    else:
        from awsref.render_text import render
    render(answer, sys.stdout)


def warn(message: str) -> None:
    """One line on stderr, neutralised."""
    sys.stderr.write(f"awsref: warning: {printable(message)}\n")


def error(message: str, hints: list[str] | None = None, try_next: str = "") -> None:
    """The error line, a "did you mean" line when there are suggestions, and what to try."""
    lines = [f"awsref: error: {printable(message)}"]
    if hints:
        lines.append("did you mean: " + "; ".join(printable(h) for h in hints))
    if try_next:
        lines.append(f"try: {printable(try_next)}")
    sys.stderr.write("\n".join(lines) + "\n")
