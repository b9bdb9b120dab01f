"""The ``awsref`` entry point: decides which path a command line takes.

1. A shell-completion request (``_AWSREF_COMPLETE``) is answered by ``completion``.
2. A plain lookup (a command, its words, at most ``-o FORMAT``) goes straight to
   ``commands.execute``.
3. Everything else (help, other options, usage errors, reserved words, completion
   install) goes to ``cli.run``: the spec-driven parser, then the same ``execute``.
   Neither path imports Typer or Click.

It also makes output robust: a closed pipe, Ctrl-C or an unencodable character ends
the program quietly instead of with a traceback, and an output that cannot be written
(closed descriptor, full disk) is one line on stderr and exit 74, not an "internal error".
"""

from __future__ import annotations

import gc
import os
import sys

from awsref import __version__
from awsref.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_IO, EXIT_USAGE
from awsref.spec import FORMATS, RESERVED
from awsref.spec_commands import ASK, COLOR_WHEN, COMMANDS

# command -> (fewest words, most words or None) for the commands the fast path answers;
# below the fewest, the full parser reports the usage error. Both come from the one spec.
FAST_COMMANDS = {name: c.words for name, c in {**COMMANDS, ASK.name: ASK}.items() if c.fast}
PARSER_ONLY = frozenset(name for name, c in COMMANDS.items() if not c.fast) | frozenset(RESERVED)


def parse_fast(argv: list[str]) -> tuple[str, list[str], str | None] | None:
    """(command, words, format) when ``argv`` is a plain lookup, else None.

    Deliberately narrow: any token this does not understand sends the whole command
    line to the full parser (``cli.run``), which reports errors.
    """
    if not argv:
        return None
    if argv[0] in FAST_COMMANDS:
        command, rest = argv[0], argv[1:]
    elif argv[0] in PARSER_ONLY or argv[0].lower() in RESERVED or argv[0].startswith("-"):
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
    spec = COMMANDS.get(command)
    if spec and spec.args and spec.args[0].choices and words and words[0] not in spec.args[0].choices:
        return None  # the full parser matches a choice in any case, or names the choices
    return command, words, fmt


def _reopen_closed_streams() -> None:
    """Give a closed descriptor 0, 1 or 2 a stand-in before anything can open a file there.

    Python sets ``sys.stdout``/``sys.stderr`` to None when the descriptor is closed
    (``>&-``, ``2>&-``). A closed stdout becomes /dev/null opened *read-only*, so writing an
    answer fails with EBADF (exit 74) while a command that prints nothing (a miss) keeps
    its exit code; a closed stderr becomes a writable /dev/null, so warnings and usage
    errors vanish instead of crashing or landing on stdout. Either way no file awsref
    opens later (a pack being written!) can become fd 1 or 2.
    """
    modes = {0: os.O_RDONLY, 1: os.O_RDONLY, 2: os.O_WRONLY}
    for fd, mode in modes.items():
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            new = os.open(os.devnull, mode)
            if new != fd:
                os.dup2(new, fd)
                os.close(new)
        except OSError:
            pass
    if sys.stdout is None:
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115


def _harden_streams() -> None:
    """Never crash on a character the terminal's encoding cannot show, nor on a closed stream."""
    if sys.stdout is None or sys.stderr is None or sys.stdin is None:
        _reopen_closed_streams()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def _silence_stdout() -> None:
    """After a failed write, point stdout at /dev/null so the final flush cannot fail.

    Without this, Python's shutdown flush of the still-buffered output fails again and
    prints "Exception ignored ..." and exits 120.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _say(line: str) -> None:
    """Best effort: one line on stderr (which may itself be closed or full)."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _environment_error(e: OSError) -> str:
    """One line for an OSError nobody handled: almost always the output failing."""
    import errno

    from awsref.text import printable

    reason = e.strerror or type(e).__name__
    if e.filename is not None:
        return f"awsref: error: {printable(str(e.filename))[:200]}: {printable(reason)}"
    if e.errno == errno.EBADF:
        reason = "standard output is closed"
    return f"awsref: error: cannot write the output: {printable(reason)}"


def take_color(argv: list[str]) -> tuple[list[str], str]:
    """``--color WHEN`` read and removed from ``argv`` (it may stand anywhere); the choice is
    kept in ``output.color`` for the table renderer. Returns the rest and a problem, if any."""
    from awsref import output

    rest: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--color" or token.startswith("--color="):
            if token == "--color":
                if i + 1 >= len(argv):
                    return rest, f"--color needs a value: {', '.join(COLOR_WHEN)}"
                when, i = argv[i + 1], i + 2
            else:
                when, i = token.partition("=")[2], i + 1
            if when.lower() not in COLOR_WHEN:
                return rest, f"--color: {when[:40]!r} is not one of {', '.join(COLOR_WHEN)}"
            output.color = when.lower()
            continue
        rest.append(token)
        i += 1
    return rest, ""


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
        from awsref.help import usage

        sys.stdout.write(usage())
        return 0
    if argv in (["--version"], ["-V"]):
        sys.stdout.write(f"awsref {__version__}\n")
        return 0
    if argv == ["--man"]:
        from awsref.manpage import man_page

        sys.stdout.write(man_page())
        return 0
    if "--no-pager" in argv:
        from awsref import pager

        pager.disabled = True
        argv = [a for a in argv if a != "--no-pager"]
    if "--header" in argv:
        from awsref import output

        output.header = True
        argv = [a for a in argv if a != "--header"]
    if any(a == "--color" or a.startswith("--color=") for a in argv):
        argv, problem = take_color(argv)
        if problem:
            _say(f"awsref: error: {problem} (see awsref --help)")
            return EXIT_USAGE
    call = parse_fast(argv)
    if call is not None:
        from awsref.commands import execute

        return execute(*call)
    from awsref.cli import run

    gc.enable()  # quiz, export and the other parser-only commands may run long or build much
    return run(argv)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run and exit with the documented code."""
    # A lookup lives for milliseconds and frees what it reads by reference counting: the
    # cycle collector would only walk the modules and sections just loaded (up to 1 ms).
    gc.disable()
    _harden_streams()
    try:
        code = dispatch(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (| head -1): success, as documented
        _silence_stdout()
        code = 0
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except OSError as e:  # output closed or full: the environment, not a bug
        _silence_stdout()
        if os.environ.get("AWSREF_DEBUG"):
            raise
        _say(_environment_error(e))
        code = EXIT_IO
    except Exception as e:
        if os.environ.get("AWSREF_DEBUG"):
            raise
        from awsref.text import printable

        _say(
            f"awsref: internal error: {printable(type(e).__name__)}: {printable(str(e))[:500]} "
            "(set AWSREF_DEBUG=1 for details; please report it)"
        )
        code = EXIT_INTERNAL
    sys.exit(code)
