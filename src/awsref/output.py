"""Choose the output format and write an answer (or an error) to the terminal.

Renderers are imported on demand: ``-o text`` and ``-o json`` never import Rich.
"""

from __future__ import annotations

import sys

from awsref.answer import Answer
from awsref.errors import MAX_ECHO_CHARS
from awsref.spec import RENDERERS
from awsref.text import printable


def default_format() -> str:
    """``table`` on a terminal, ``text`` when piped (as gh and other CLIs do)."""
    try:
        return "table" if sys.stdout.isatty() else "text"
    except (AttributeError, ValueError):
        return "text"


def write_answer(answer: Answer, fmt: str | None) -> None:
    """Render ``answer`` in ``fmt`` (None: the default for this stdout) to stdout."""
    module = RENDERERS.get(fmt or default_format(), RENDERERS["text"])
    __import__(f"awsref.{module}", fromlist=["render"]).render(answer, sys.stdout)


def clip(text: str, most: int = MAX_ECHO_CHARS) -> str:
    """``text`` neutralised and cut to ``most`` characters (an ellipsis says so)."""
    text = printable(text[: most * 4])  # printable() may widen each character to \\uXXXX
    return text if len(text) <= most else text[: most - 1] + "…"


def _stderr(text: str) -> None:
    """Diagnostics are best effort: a closed or full stderr never changes the outcome."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def warn(message: str) -> None:
    """One line on stderr, neutralised and bounded."""
    _stderr(f"awsref: warning: {clip(message, 4 * MAX_ECHO_CHARS)}\n")


def error(message: str, hints: list[str] | None = None, try_next: str = "") -> None:
    """The error line, a "did you mean" line when there are suggestions, and what to try; all bounded."""
    lines = [f"awsref: error: {clip(message, 4 * MAX_ECHO_CHARS)}"]
    if hints:
        lines.append("did you mean: " + "; ".join(clip(h) for h in hints))
    if try_next:
        lines.append(f"try: {clip(try_next)}")
    _stderr("\n".join(lines) + "\n")
