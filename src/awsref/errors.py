"""Exit codes and the exceptions that map to them.

Every failure awsref knows about is one of these; the entry point turns each into a
one-line message on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug
EXIT_IO = 74  # EX_IOERR: the environment failed us (output closed or full, a path unreadable)
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "Exit codes: 0 found, 1 not found, 2 usage error, 3 bad knowledge-base file, "
    "74 output could not be written (closed or full), 70 internal error. "
    "With --check and calc: 0 fits, 1 does not fit."
)

# Lookups refuse longer queries (a usage error): the work and the echo stay bounded.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 64
# Messages quote at most this many characters of anything the user or a file typed.
MAX_ECHO_CHARS = 200


class AwsrefError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, *, hints: list[str] | None = None, try_next: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hints = hints or []
        self.try_next = try_next  # a command worth running instead ("awsref search ...")


class NotFound(AwsrefError):
    """Nothing matched the query; ``hints`` holds "did you mean" suggestions."""

    exit_code = EXIT_NOT_FOUND


class UsageError(AwsrefError):
    """The arguments cannot be answered as given (blank query, one subject, ...)."""

    exit_code = EXIT_USAGE


class DataError(AwsrefError):
    """A knowledge-base file is missing, unreadable or invalid."""

    exit_code = EXIT_DATA

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "invalid"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{path}: {first}{more}")
