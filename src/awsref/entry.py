"""The ``awsref`` entry point: decides which path a command line takes.

1. A shell-completion request (``_AWSREF_COMPLETE``) is answered by ``completion``
   without importing Typer.
2. A plain lookup (a command, its words, at most ``-o FORMAT``) goes straight to
   ``commands.execute``: the same function the Typer commands call.
3. Everything else (help, usage errors, completion install, odd options) goes to the
   Typer app in ``cli``.

It also makes output robust: a closed pipe, Ctrl-C or an unencodable character ends
the program quietly instead of with a traceback.
"""

from __future__ import annotations

import os
import sys

from awsref import __version__
from awsref.spec import ASK, COMMANDS, FORMATS, usage

# command -> (fewest words, most words or None) for the commands the fast path answers;
# below the fewest, Typer reports the usage error. Both come from the one spec.
FAST_COMMANDS = {name: c.words for name, c in COMMANDS.items() if c.words is not None} | {ASK.name: ASK.words}
TYPER_ONLY = frozenset(name for name, c in COMMANDS.items() if c.words is None) | {"help"}
EXIT_INTERNAL = 70


def parse_fast(argv: list[str]) -> tuple[str, list[str], str | None] | None:
    """(command, words, format) when ``argv`` is a plain lookup, else None.

    Deliberately narrow: any token this does not understand sends the whole command
    line to Typer, which parses it fully and reports errors.
    """
    if not argv:
        return None
    if argv[0] in FAST_COMMANDS:
        command, rest = argv[0], argv[1:]
    elif argv[0] in TYPER_ONLY or argv[0].startswith("-"):
        return None
    else:
        command, rest = "ask", argv  # a bare query: ``awsref sqs message size``
    words: list[str] = []
    fmt = None
    i = 0
    while i < len(rest):
        token = rest[i]
        if token in ("-o", "--output"):
            if i + 1 >= len(rest):
                return None
            fmt = rest[i + 1].lower()
            i += 2
            continue
        if token.startswith("--output="):
            fmt = token[len("--output=") :].lower()
        elif token.startswith("-o") and len(token) > 2:
            fmt = token[2:].lower()
        elif token.startswith("-"):
            return None
        else:
            words.append(token)
        i += 1
    fewest, most = FAST_COMMANDS[command]
    if len(words) < fewest or (most is not None and len(words) > most):
        return None
    if fmt is not None and fmt not in FORMATS:
        return None
    return command, words, fmt


def _harden_streams() -> None:
    """Never crash on a character the terminal's encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def dispatch(argv: list[str]) -> int:
    """Run one command line and return its exit code (no SystemExit)."""
    shell = os.environ.get("_AWSREF_COMPLETE", "")
    if shell.startswith("complete_"):
        from awsref.completion import respond

        text, code = respond(shell[len("complete_") :], os.environ)
        if text:
            sys.stdout.write(text + "\n")
        return code
    if not argv:
        sys.stdout.write(usage())
        return 0
    if argv in (["--version"], ["-V"]):
        sys.stdout.write(f"awsref {__version__}\n")
        return 0
    if "--no-pager" in argv:
        from awsref import pager

        pager.disabled = True
        argv = [a for a in argv if a != "--no-pager"]
    call = parse_fast(argv)
    if call is not None:
        from awsref.commands import execute

        return execute(*call)
    from awsref.cli import run

    return run(argv)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run and exit with the documented code."""
    _harden_streams()
    try:
        code = dispatch(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    except KeyboardInterrupt:
        code = 130
    except Exception as e:
        if os.environ.get("AWSREF_DEBUG"):
            raise
        from awsref.text import printable

        sys.stderr.write(
            f"awsref: internal error: {printable(type(e).__name__)}: {printable(str(e))} "
            "(set AWSREF_DEBUG=1 for details; please report it)\n"
        )
        code = EXIT_INTERNAL
    sys.exit(code)
