"""Show a page through a pager when it is taller than the terminal, as git and man do.

The pager is ``$AWSREF_PAGER``, else ``$PAGER``, else ``less``; ``LESS`` defaults to
``FRX`` (quit if one screen, keep colours, leave the text on screen). Only when stdout
itself is a terminal (``isatty``), whatever ``FORCE_COLOR`` or ``TTY_COMPATIBLE`` make Rich
believe, and never on a dumb terminal (``TERM=dumb``: an Emacs shell, a CI log), where
``less`` would stop at "Press RETURN"; ``--no-pager`` or ``AWSREF_PAGER=never`` (or
empty) turns it off.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

OFF = frozenset({"", "never", "0", "off", "false", "no"})
disabled = False  # set by ``--no-pager``


def pager_command() -> list[str] | None:
    """The pager to run, or None when paging is off."""
    if disabled:
        return None
    chosen = os.environ.get("AWSREF_PAGER")
    if chosen is None:
        chosen = os.environ.get("PAGER") or "less"
    if chosen.strip().lower() in OFF or chosen.strip() == "cat":
        return None
    import shlex

    try:
        return shlex.split(chosen) or None
    except ValueError:
        return None


def _pages(out: TextIO) -> bool:
    """Whether ``out`` is a real terminal that can run a pager."""
    if os.environ.get("TERM", "") == "dumb":
        return False
    try:
        return os.isatty(out.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def page_or_write(text: str, out: TextIO, height: int | None) -> None:
    """Write ``text`` to ``out``, through the pager when it has more lines than ``height``."""
    command = pager_command() if height and _pages(out) else None
    if command is None or height is None or text.count("\n") < height:
        out.write(text)
        return
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    out.flush()
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        out.write(text)  # no such pager: print as if there were none
        return
    assert process.stdin is not None
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        process.stdin.write(text.encode(encoding, "backslashreplace"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager before the end: nothing more to show
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager, as with git
