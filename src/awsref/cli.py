"""The command line beyond the fast path: reserved words, help, usage errors, dispatch.

``run`` parses any command line with the spec-driven parser (``parse``), prints help
rendered from the spec (``help``) and hands the parsed call to ``commands.execute``. No
Typer or Click is imported here: only ``--install-completion``/``--show-completion`` use
Typer's installer, lazily (``shell_scripts``).
"""

from __future__ import annotations

import sys

from awsref import __version__
from awsref.errors import EXIT_USAGE
from awsref.parse import Call, ParseError, parse
from awsref.spec import HINTS, RESERVED
from awsref.spec_commands import COMMANDS
from awsref.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def run(argv: list[str]) -> int:
    """Run one command line (global options already taken); returns the exit code."""
    if argv and argv[0].startswith(("--show-completion", "--install-completion")):
        from awsref import shell_scripts

        code = shell_scripts.completion_option(argv)
        if code is not None:
            return code
    if argv and argv[0] in ("--version", "-V"):
        sys.stdout.write(f"awsref {__version__}\n")
        return 0
    if argv and argv[0].lower() in RESERVED:
        reserved = reserved_word(argv[0].lower(), argv[1:])
        if reserved is not None:
            return reserved
        argv = [*argv[1:], "--help"]  # ``awsref help CMD`` is ``awsref CMD --help``
    try:
        call = parse(argv)
    except ParseError as e:
        where = " ".join(["awsref", *e.path])
        sys.stderr.write(f"awsref: error: {e.message} (see {where} --help)\n")
        return EXIT_USAGE
    if not isinstance(call, Call):
        from awsref.help import render

        (sys.stderr if call.error else sys.stdout).write(render(call.path))
        return EXIT_USAGE if call.error else 0
    from awsref.commands import execute

    return execute(call.command, call.words, call.fmt, call.options)


def reserved_word(word: str, rest: list[str]) -> int | None:
    """``version``, ``update``, ``config``, ``random`` as other tools mean them: the version,
    or one line saying what to run instead (exit 2). None for ``help``: its help is shown."""
    if word == "help":
        if rest and rest[0] not in COMMANDS:
            words = printable(" ".join(rest)[:80])
            sys.stderr.write(
                f"awsref: error: no such command: {rest[0][:40]!r} (commands: {', '.join(COMMANDS)}); "
                f"to look something up: awsref search {words}\n"
            )
            return EXIT_USAGE
        return None
    if word == "version" and not rest:
        sys.stdout.write(f"awsref {__version__}\n")
        return 0
    if word in HINTS:
        sys.stderr.write(f"awsref: {RESERVED[word]}\n")
    else:
        words = printable(" ".join(rest)[:80])
        sys.stderr.write(
            "awsref: error: 'version' takes no words (awsref version prints the version; "
            f"to look something up: awsref search version {words})\n"
        )
    return EXIT_USAGE


def __getattr__(name: str) -> Any:
    """``cli.app``: a Typer app that runs a command line through ``entry.dispatch``, for
    callers that drive awsref with Typer's or Click's test runner. Built on first use, so
    no run path imports Typer."""
    if name != "app":
        raise AttributeError(name)
    import typer
    from typer.core import TyperCommand

    class Raw(TyperCommand):
        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
            ctx.args = list(args)
            return []

    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    def main(ctx: typer.Context) -> None:
        from awsref.entry import dispatch

        raise typer.Exit(dispatch(ctx.args))

    main.__annotations__ = {"ctx": typer.Context, "return": None}  # read at run time by Typer
    app.command(cls=Raw, add_help_option=False)(main)
    return app
