"""Choose the output format and write an answer (or an error) to the terminal.

Renderers are imported on demand: ``-o text`` and ``-o json`` never import Rich.
"""

from __future__ import annotations

import sys

from awsref.answer import Answer
from awsref.errors import MAX_ECHO_CHARS
from awsref.spec import RENDERERS
from awsref.text import printable

# ``--color WHEN`` (auto, always, never); None: as NO_COLOR/FORCE_COLOR/TERM say.
color: str | None = None
# ``--header``: ``-o text`` names the fields of each record type before its first record.
header = False


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


def clip_hint(hint: str, most: int = MAX_ECHO_CHARS) -> str:
    """A "did you mean" hint bounded like any echo, but the command it ends with, ``(awsref
    ...)``, is never cut: only the label and value before it are."""
    head, sep, command = hint.rpartition(" (awsref ")
    if not sep or not command.endswith(")"):
        return clip(hint, most)
    command = clip(sep.lstrip() + command, most)
    return f"{clip(head, max(most - len(command) - 1, 20))} {command}"


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
        lines.append("did you mean: " + "; ".join(clip_hint(h) for h in hints))
    if try_next:
        lines.append(f"try: {clip(try_next)}")
    _stderr("\n".join(lines) + "\n")


def write_error_json(
    command: str, query: str, code: int, message: str, hints: list[str], try_next: str
) -> None:
    """``-o json`` and a miss or error: the JSON error object on stdout, beside the line on
    stderr. Best effort: a closed stdout does not change the exit status of a miss."""
    from awsref.render_json import error_envelope, render_error

    try:
        render_error(error_envelope(command, query, code, message, hints, try_next), sys.stdout)
        sys.stdout.flush()
    except (OSError, ValueError):
        import os

        try:  # nothing more can reach stdout: let the final flush succeed
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
