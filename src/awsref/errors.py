"""Exit codes and the exceptions that map to them.

Every failure awsref knows about is one of these; the entry point turns each into a
one-line message on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

from awsref.spec import EXIT

# The codes by name, from the one table of exit statuses in ``spec``.
EXIT_OK = EXIT["OK"]
EXIT_NOT_FOUND = EXIT["NOT_FOUND"]
EXIT_USAGE = EXIT["USAGE"]
EXIT_DATA = EXIT["DATA"]
EXIT_AWS = EXIT["AWS"]  # EX_UNAVAILABLE: --account or usage could not get an answer from AWS
EXIT_INTERNAL = EXIT["INTERNAL"]  # EX_SOFTWARE: a bug
EXIT_IO = EXIT["IO"]  # EX_IOERR: the environment failed us (output closed or full, a path unreadable)
EXIT_INTERRUPTED = EXIT["INTERRUPTED"]

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


class AwsError(AwsrefError):
    """``--account`` or ``usage`` could not get an answer from AWS (one line says why)."""

    exit_code = EXIT_AWS


class DataError(AwsrefError):
    """A knowledge-base file is missing, unreadable or invalid."""

    exit_code = EXIT_DATA

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "invalid"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{path}: {first}{more}")
