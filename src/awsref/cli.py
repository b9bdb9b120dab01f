"""The Typer app: argument parsing, help and shell-completion install. Nothing else.

Each command hands its parsed arguments to ``commands.execute``; all lookups, rendering
and error handling live there. ``entry`` answers the common cases without importing this
module at all, and TAB completion without importing Typer.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Optional

import typer

try:  # Typer vendors Click from 0.26 on
    from typer._click.utils import PacifyFlushWrapper
except ImportError:  # pragma: no cover
    from click.utils import PacifyFlushWrapper

from awsref import __version__, shell_scripts
from awsref.errors import EXIT_CODES_HELP

HELP = (
    "An offline, instant AWS reference: limits and quotas with their sources, "
    "service cards, a glossary and side-by-side comparisons.\n\n" + EXIT_CODES_HELP
)


class Output(StrEnum):
    """Output formats (the AWS CLI's own -o/--output convention)."""

    table = "table"
    text = "text"
    json = "json"
    markdown = "markdown"


OUTPUT = typer.Option(
    None,
    "--output",
    "-o",
    help="table (default on a terminal), text (default when piped: tab-separated), json or markdown.",
    case_sensitive=False,
    show_default=False,
)

app = typer.Typer(
    name="awsref",
    help=HELP,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _run(command: str, args: list[str], output: Optional[Output]) -> None:
    from awsref.commands import execute

    code = execute(command, args, output.value if output else None)
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"awsref {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """An offline, instant AWS reference."""


@app.command()
def limit(
    service: str = typer.Argument(
        ..., metavar="SERVICE", help="Service (sqs, dynamo, lambda...), or the first word of a limit."
    ),
    words: Optional[list[str]] = typer.Argument(
        None, metavar="[WORDS]...", help="Which limit, in any words: message size."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """One limit of a service with its current value and source; all of them without WORDS."""
    _run("limit", [service, *(words or [])], output)


@app.command()
def compare(
    subjects: list[str] = typer.Argument(
        ..., metavar="SUBJECT...", help="Two or more things to compare: memcached redis."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Side-by-side comparison of two or more services or concepts."""
    _run("compare", subjects, output)


@app.command()
def define(
    term: list[str] = typer.Argument(..., metavar="TERM...", help="The term: visibility timeout."),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Glossary definition of a term, with its service and see-also."""
    _run("define", term, output)


@app.command()
def show(
    service: list[str] = typer.Argument(
        ..., metavar="SERVICE...", help="The service: dynamodb, s3, simple queue service."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """The service card: summary, facts by topic, limits, terms and comparisons."""
    _run("show", service, output)


@app.command()
def search(
    query: list[str] = typer.Argument(
        ..., metavar="QUERY...", help="Words to look for: exponential backoff."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Ranked hits across services, facts, limits, terms and comparisons."""
    _run("search", query, output)


@app.command("list")
def list_(
    kind: str = typer.Argument("services", metavar="[KIND]", help="services, limits, terms or comparisons."),
    output: Optional[Output] = OUTPUT,
) -> None:
    """List every service, limit, term or comparison."""
    _run("list", [kind], output)


@app.command()
def validate(
    files: Optional[list[str]] = typer.Argument(
        None, metavar="[FILE]...", help="Notes files to check (default: your notes directory)."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Check knowledge-base notes files; exit 0 only when all are valid."""
    _run("validate", files or [], output)


def run(argv: list[str]) -> int:
    """Run the Typer app on ``argv``; returns the exit code instead of exiting."""
    if argv and argv[0].startswith(("--show-completion", "--install-completion")):
        code = shell_scripts.completion_option(argv)
        if code is not None:
            return code
    shell_scripts.use_own_zsh_script()
    try:
        app(args=argv, prog_name="awsref", standalone_mode=True)
    except SystemExit as e:
        if isinstance(sys.stdout, PacifyFlushWrapper):
            # Click met a closed pipe and made it exit 1; awsref documents 0 for that.
            raise BrokenPipeError from None
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0
