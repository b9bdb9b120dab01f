"""Exit codes and the exceptions that map to them.

Every failure awsref knows about is one of these; the entry point turns each into a
one-line message on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_DATA = 3

EXIT_CODES_HELP = (
    "Exit codes: 0 found, 1 not found, 2 usage error, 3 bad knowledge-base file. "
    "With --check and calc: 0 fits, 1 does not fit."
)


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
