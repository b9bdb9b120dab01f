"""A quiz's answers: one per line from standard input, never a hang.

From a terminal with line editing (``input``); from a pipe or a file read directly from
the descriptor, with a deadline: a standard input that is not a terminal and gives
nothing (empty, or silent for ``AWSREF_STDIN_WAIT`` seconds) is a usage error before the
first answer, the end of the quiz after it. A line longer than any answer is read and
dropped (``TooLong``), a bounded chunk at a time.
"""

from __future__ import annotations

import os
import sys

from awsref.errors import UsageError, env_number
from awsref.text import printable

FIRST_WAIT = 10.0  # seconds a non-terminal stdin may stay silent before the first answer
LATER_WAIT = 120.0  # ... and between later answers
MAX_WAIT = 86400.0  # AWSREF_STDIN_WAIT: at most a day
EMPTY = (
    "standard input is not a terminal and is empty; run awsref quiz on a terminal, "
    "pipe answers (one per line) or use --reveal"
)


class Silent(Exception):
    """No answer arrived on a non-terminal stdin in time."""


class TooLong(Exception):
    """The answer line was longer than any answer could be; it was read and dropped."""


class Answers:
    """One answer per line from stdin; None at end of input."""

    def __init__(self) -> None:
        try:
            self.tty = sys.stdin.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        self._buffer = b""
        self._eof = False
        self.answered = False
        self._fd: int | None = None
        if not self.tty:
            try:
                self._fd = sys.stdin.fileno()
            except (AttributeError, ValueError, OSError):
                self._fd = None
        self.first_wait, self.later_wait = FIRST_WAIT, LATER_WAIT
        self.max_chars = 4096  # the longest line worth reading; _ask narrows it to the longest answer
        self._dropping = False  # inside a line that is already too long
        wait = env_number("AWSREF_STDIN_WAIT", 0.0, 0.001, MAX_WAIT)
        if wait:
            self.first_wait = self.later_wait = wait

    def _fill(self, timeout: float) -> None:
        """Read more bytes into the buffer; raise Silent after ``timeout`` seconds of nothing."""
        assert self._fd is not None
        if sys.platform != "win32":
            import select

            try:
                ready, _, _ = select.select([self._fd], [], [], timeout)
            except (OSError, ValueError):
                ready = [self._fd]
            if not ready:
                raise Silent
        chunk = os.read(self._fd, 65536)
        if not chunk:
            self._eof = True
            return
        if self._dropping:  # skip the rest of a line already too long: memory stays bounded
            _, newline, rest = chunk.partition(b"\n")
            if newline:
                self._dropping = False
                self._buffer = b"\0" + rest  # NUL marks where the dropped line was
            return
        self._buffer += chunk
        limit = self.max_chars * 4 + 2  # UTF-8: at most 4 bytes a character
        if len(self._buffer) > limit and b"\n" not in self._buffer:
            self._buffer = b""
            self._dropping = True

    def ready(self) -> None:
        """Before the first question: a non-terminal stdin already at its end is a UsageError."""
        if self.tty or self._fd is None:
            return
        try:
            self._fill(0)
        except Silent:
            return  # nothing yet: the first read waits for it
        if self._eof and not self._buffer.strip():
            raise UsageError(EMPTY)

    def read(self, prompt: str) -> str | None:
        """The next answer line (without its newline), or None at end of input.

        Before any answer, end of input or silence is a UsageError: a non-terminal
        stdin without answers must not look like a finished quiz, nor hang.
        """
        first = not self.answered
        self.answered = True
        if self.tty or self._fd is None:
            try:
                typed = input(prompt) if self.tty else _readline(self.max_chars)
            except EOFError:
                if first:
                    raise UsageError(EMPTY) from None
                return None
            if len(typed) > self.max_chars:
                raise TooLong
            return typed
        sys.stdout.write(prompt)
        sys.stdout.flush()
        try:
            while (b"\n" not in self._buffer or self._dropping) and not self._eof:
                self._fill(self.first_wait if first else self.later_wait)
                if self._buffer.startswith(b"\0"):
                    self._buffer = self._buffer[1:]
                    sys.stdout.write("(too long)\n")
                    raise TooLong
            if self._dropping:  # end of input inside the long line
                self._dropping = False
                sys.stdout.write("(too long)\n")
                raise TooLong
        except Silent:
            if first:
                sys.stdout.write("\n")
                raise UsageError(
                    f"no answers on standard input after {self.first_wait:g} s; run awsref quiz on a "
                    "terminal, pipe answers (one per line) or use --reveal"
                ) from None
            raise
        if not self._buffer.strip() and self._eof:
            sys.stdout.write("\n")
            if first:
                raise UsageError(EMPTY)
            return None
        line, _, self._buffer = self._buffer.partition(b"\n")
        text = line.decode("utf-8", "replace").rstrip("\r")
        if len(text) > self.max_chars:
            sys.stdout.write("(too long)\n")
            raise TooLong
        sys.stdout.write(printable(text) + "\n")
        return text


def _readline(max_chars: int) -> str:
    """One line of a text stdin, reading at most a little more than ``max_chars`` of it."""
    line = sys.stdin.readline(max_chars + 2)
    if not line:
        raise EOFError
    if not line.endswith("\n") and len(line) > max_chars:
        while True:  # drop the rest of the line, a bounded chunk at a time
            rest = sys.stdin.readline(65536)
            if not rest or rest.endswith("\n"):
                break
    return line.rstrip("\r\n")
