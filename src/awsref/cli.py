"""The Typer app: argument parsing, help and shell-completion install. Nothing else.

The lookup commands (limit, compare, define, show, search, list, stats, validate) are
built from their declaration in ``spec``: words argument, options, help and examples.
The calculators and the study commands, with options of their own, are written out here.
Each command hands its parsed arguments to ``commands.execute`` (or ``commands.study``);
all lookups, rendering and error handling live there. ``entry`` answers the common cases
without importing this module at all, and TAB completion without importing Typer.
"""

from __future__ import annotations

import inspect
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Optional

import typer

if TYPE_CHECKING:  # checked against the Typer the test extra installs
    from typer._click.exceptions import ClickException, UsageError
    from typer._click.utils import PacifyFlushWrapper
else:
    try:  # Typer vendors Click from 0.26 on
        from typer._click.exceptions import ClickException, UsageError
        from typer._click.utils import PacifyFlushWrapper
    except ImportError:  # pragma: no cover
        from click.exceptions import ClickException, UsageError
        from click.utils import PacifyFlushWrapper

from awsref import __version__, shell_scripts
from awsref.errors import EXIT_INTERRUPTED, EXIT_USAGE
from awsref.spec import (
    COMMANDS,
    EXPORT_FORMATS,
    FORMATS,
    GLOBAL_OPTIONS,
    HINTS,
    OPTIONS,
    RESERVED,
    Command,
    Option,
    choices,
    environment_help,
    examples,
    exit_help,
)
from awsref.text import printable


def examples_of_all() -> str:
    """The main help's epilog: the first example of every command."""
    return "\b\nExamples:\n" + "\n".join(f"  {c.examples[0]}" for c in COMMANDS.values())


HELP = (
    "An offline, instant AWS reference: limits and quotas with their sources, "
    "service cards, a glossary and side-by-side comparisons.\n\n"
    "A page taller than the terminal opens in a pager (less -FRX: it quits at once when the "
    "page fits); --no-pager or AWSREF_PAGER=never prints it whole. awsref help COMMAND is "
    "awsref COMMAND --help.\n\n" + exit_help() + "\n\n" + environment_help()
)


# Choices Typer validates and lists in --help, made from the spec (never restated here).
Output = StrEnum("Output", [(f, f) for f in FORMATS])  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", [(f, f) for f in EXPORT_FORMATS])  # type: ignore[misc]


def _option(name: str) -> Any:
    """A spec option as a Typer default, for the hand-written commands."""
    option = OPTIONS[name]
    if option.choices:
        return typer.Option(None, *option.flags, help=option.help, show_default=False, case_sensitive=False)
    return typer.Option(None, *option.flags, help=option.help, show_default=False, metavar=option.metavar)


OUTPUT = _option("output")
GLOBAL = dict(GLOBAL_OPTIONS)
DOMAIN = _option("domain")
TASK = typer.Option(
    None,
    "--task",
    "-t",
    metavar="TASK",
    help="Only what this part of the DVA-C02 outline maps to: D2, D2.T1, 2.1 (see awsref exam).",
    show_default=False,
)

app = typer.Typer(
    name="awsref",
    help=HELP,
    epilog=examples_of_all(),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _run(command: str, args: list[str], output: Optional[Output], options: Optional[dict] = None) -> None:
    from awsref.commands import execute

    code = execute(command, args, output.value if output else None, options)
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"awsref {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help=GLOBAL["--version"]
    ),
    no_pager: bool = typer.Option(False, "--no-pager", help=GLOBAL["--no-pager"]),
    color: Optional[str] = typer.Option(
        None, "--color", metavar="WHEN", help=GLOBAL["--color WHEN"], show_default=False
    ),
    header: bool = typer.Option(False, "--header", help=GLOBAL["--header"]),
    man: bool = typer.Option(False, "--man", help=GLOBAL["--man"]),
) -> None:
    """An offline, instant AWS reference.

    ``--no-pager``, ``--color``, ``--header`` and ``--man`` are read by ``entry`` before Typer runs;
    they are declared here so that ``--help`` lists them.
    """


_ENUMS: dict[str, type] = {"output": Output}


def _choice(option: Option) -> type:
    """The StrEnum Typer validates a choice option against (made from the spec's values)."""
    if option.name not in _ENUMS:
        make: Any = StrEnum  # the functional API, with values known only at run time
        _ENUMS[option.name] = make(option.name.title(), [(c, c) for c in option.choices or ()])
    return _ENUMS[option.name]


Section = _choice(OPTIONS["section"])


def _parameter(option: Option) -> inspect.Parameter:
    """One Typer option, declared by the spec."""
    if option.flag:
        flag = typer.Option(False, *option.flags, help=option.help)
        return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, default=flag, annotation=bool)
    default = _option(option.name)
    kind = _choice(option) if option.choices else str
    return inspect.Parameter(
        option.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Optional[kind]
    )


def _add_lookup_command(command: Command) -> None:
    """Register ``command`` as declared by the spec: its words argument, its options, its
    help and examples. Every one hands (command, words, format, options) to ``execute``."""
    fewest, most = command.words or (0, None)
    params = []
    if command.arg is not None:
        metavar, help_ = command.arg
        default = typer.Argument(... if fewest else None, metavar=metavar, help=help_, show_default=False)
        kind = list[str] if fewest else Optional[list[str]]
        params.append(
            inspect.Parameter("words", inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        )
    assert command.options is not None
    params += [_parameter(OPTIONS[name]) for name in command.options]

    def run_command(**values: Any) -> None:
        words = list(values.pop("words", None) or [])
        if most is not None and len(words) > most:
            extra = " ".join(words[most:])
            raise typer.BadParameter(
                f"unexpected extra words: {extra}", param_hint=command.arg[0] if command.arg else None
            )
        output = values.pop("output", None)
        options = {k: getattr(v, "value", v) for k, v in values.items() if v is not None and v is not False}
        _run(command.name, words, output, options or None)

    run_command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run_command.__annotations__ = {p.name: p.annotation for p in params}
    run_command.__doc__ = command.help
    app.command(command.name, short_help=command.help, epilog=examples(command.name))(run_command)


for _command in COMMANDS.values():
    if _command.options is not None:
        _add_lookup_command(_command)


calc_app = typer.Typer(
    help="Capacity calculators with their working shown; every AWS figure comes from the knowledge base.",
    no_args_is_help=True,
)
app.add_typer(calc_app, name="calc", short_help=COMMANDS["calc"].help, epilog=examples("calc"))
_dynamodb = typer.Typer(help="DynamoDB read and write capacity units.", no_args_is_help=True)
_kinesis = typer.Typer(help="Kinesis Data Streams shards.", no_args_is_help=True)
_sqs = typer.Typer(help="SQS FIFO throughput.", no_args_is_help=True)
_lambda = typer.Typer(help="Lambda concurrency.", no_args_is_help=True)
_apigw = typer.Typer(help="API Gateway account throttling.", no_args_is_help=True)
calc_app.add_typer(_dynamodb, name="dynamodb")
calc_app.add_typer(_kinesis, name="kinesis")
calc_app.add_typer(_sqs, name="sqs")
calc_app.add_typer(_lambda, name="lambda")
calc_app.add_typer(_apigw, name="api-gateway")


def _calc(service: str, name: str, output: Optional[Output], **options: object) -> None:
    _run("calc", [service, name], output, options)


ITEM_SIZE = typer.Option(
    ...,
    "--item-size",
    metavar="SIZE",
    help="Item size with its unit: 6KB, 3.5 KB, 6000 bytes (a bare 6 is refused: bytes or KB?).",
)


@_dynamodb.command("rcu")
def calc_rcu(
    item_size: str = ITEM_SIZE,
    reads: str = typer.Option(..., "--reads", metavar="RATE", help="Reads per second: 10, 600/min."),
    strong: bool = typer.Option(False, "--strongly-consistent", help="Strongly consistent reads."),
    eventual: bool = typer.Option(
        False, "--eventually-consistent", help="Eventually consistent reads (the default)."
    ),
    transactional: bool = typer.Option(
        False, "--transactional", help="Transactional reads (TransactGetItems)."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Read capacity units for a read rate and item size."""
    chosen = [
        m
        for m, flag in (("strong", strong), ("eventual", eventual), ("transactional", transactional))
        if flag
    ]
    if len(chosen) > 1:
        raise typer.BadParameter(
            "choose one of --strongly-consistent, --eventually-consistent, --transactional"
        )
    _calc(
        "dynamodb", "rcu", output, item_size=item_size, reads=reads, consistency=chosen[0] if chosen else None
    )


@_dynamodb.command("wcu")
def calc_wcu(
    item_size: str = ITEM_SIZE,
    writes: str = typer.Option(..., "--writes", metavar="RATE", help="Writes per second: 20, 1200/min."),
    transactional: bool = typer.Option(
        False, "--transactional", help="Transactional writes (TransactWriteItems)."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Write capacity units for a write rate and item size."""
    _calc("dynamodb", "wcu", output, item_size=item_size, writes=writes, transactional=transactional)


@_kinesis.command("shards")
def calc_shards(
    write: str = typer.Option(..., "--write", metavar="RATE", help="Data written: 5MB/s, 3 MiB/s."),
    records: Optional[str] = typer.Option(None, "--records", metavar="RATE", help="Records written: 3000/s."),
    read: Optional[str] = typer.Option(
        None, "--read", metavar="RATE", help="Data each consumer reads (default: the write rate)."
    ),
    consumers: Optional[str] = typer.Option(
        None, "--consumers", metavar="N", help="Consumer applications (default 1)."
    ),
    enhanced_fan_out: bool = typer.Option(
        False, "--enhanced-fan-out", help="Consumers use enhanced fan-out."
    ),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Shards a provisioned stream needs for its write and read rates."""
    _calc(
        "kinesis",
        "shards",
        output,
        write=write,
        records=records,
        read=read,
        consumers=consumers,
        enhanced_fan_out=enhanced_fan_out,
    )


@_sqs.command("fifo")
def calc_fifo(
    messages: str = typer.Option(..., "--messages", metavar="RATE", help="Messages per second: 2500/s."),
    batch: Optional[str] = typer.Option(
        None, "--batch", metavar="N", help="Messages per API call (default 1)."
    ),
    high_throughput: bool = typer.Option(False, "--high-throughput", help="High throughput mode for FIFO."),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Whether a FIFO queue keeps up with a message rate, with or without batching."""
    _calc("sqs", "fifo", output, messages=messages, batch=batch, high_throughput=high_throughput)


@_lambda.command("concurrency")
def calc_concurrency(
    rps: str = typer.Option(..., "--rps", metavar="RATE", help="Requests per second: 200, 12000/min."),
    duration: str = typer.Option(..., "--duration", metavar="TIME", help="Average duration: 300ms, 2s."),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Concurrent executions for a request rate and duration, against the account default."""
    _calc("lambda", "concurrency", output, rps=rps, duration=duration)


@_apigw.command("throttle")
def calc_throttle(
    rps: str = typer.Option(..., "--rps", metavar="RATE", help="Requests per second: 12000."),
    for_: Optional[str] = typer.Option(None, "--for", metavar="TIME", help="How long the spike lasts: 10s."),
    output: Optional[Output] = OUTPUT,
) -> None:
    """Whether a request rate fits the account's throttle rate and burst."""
    _calc("api-gateway", "throttle", output, rps=rps, for_=for_)


SERVICES = typer.Argument(
    None,
    metavar="[SERVICE]...",
    help="Only these services (sqs, lambda...); default: all.",
    show_default=False,
)


def _study(command: str, words: Optional[list[str]], **options: object) -> None:
    from awsref.commands import study

    code = study(command, words or [], options)
    if code:
        raise typer.Exit(code)


@app.command(short_help=COMMANDS["quiz"].help, epilog=examples("quiz"))
def quiz(
    services: Optional[list[str]] = SERVICES,
    number: int = typer.Option(10, "--number", "-n", metavar="N", help="How many questions."),
    seed: Optional[int] = typer.Option(
        None,
        "--seed",
        metavar="S",
        help="Seed for a reproducible quiz (default: random, printed).",
        show_default=False,
    ),
    domain: Optional[str] = DOMAIN,
    task: Optional[str] = TASK,
    due: bool = typer.Option(False, "--due", help="Only cards that are due or were missed."),
    scenarios: bool = typer.Option(
        False,
        "--scenarios",
        help="Add scenario questions from the facts (which service is this about?), at most 3 in 10; "
        "on with --task.",
    ),
    reveal: bool = typer.Option(
        False, "--reveal", help="Print the questions with their answers: no prompts, nothing saved."
    ),
    output: Optional[Output] = typer.Option(
        None,
        "--output",
        "-o",
        help="With --reveal: text (default) or json.",
        case_sensitive=False,
        show_default=False,
    ),
) -> None:
    """Quiz yourself on limits, terms and comparisons (and scenarios with --scenarios or --task);
    missed and due cards come first."""
    _study(
        "quiz",
        services,
        number=number,
        seed=seed,
        domain=domain,
        task=task,
        due=due,
        scenarios=scenarios,
        show=reveal,
        fmt=output.value if output else None,
    )


@app.command(short_help=COMMANDS["progress"].help, epilog=examples("progress"))
def progress(
    services: Optional[list[str]] = SERVICES,
    domain: Optional[str] = DOMAIN,
    output: Optional[Output] = OUTPUT,
) -> None:
    """How many cards are new, learning and known, per service and per exam domain."""
    _study("progress", services, domain=domain, fmt=output.value if output else None)


@app.command(short_help=COMMANDS["export"].help, epilog=examples("export"))
def export(
    fmt: ExportFormat = typer.Argument(
        ..., metavar="FORMAT", help=f"{choices(list(EXPORT_FORMATS))}.", case_sensitive=False
    ),
    file: Optional[str] = typer.Argument(
        None,
        metavar="[FILE]",
        help="Where to write (anki: required, .apkg); default or '-': stdout.",
        show_default=False,
    ),
    service: Optional[list[str]] = typer.Option(
        None, "--service", "-s", metavar="SERVICE", help="Only this service (repeatable).", show_default=False
    ),
    domain: Optional[str] = DOMAIN,
    task: Optional[str] = TASK,
    force: bool = typer.Option(
        False, "--force", help="Replace FILE even when it is read-only or another user's."
    ),
) -> None:
    """Every limit, term and comparison as an Anki deck, CSV, Markdown or JSON."""
    _study("export", service, fmt=fmt.value, file=file, domain=domain, task=task, force=force)


def run(argv: list[str]) -> int:
    """Run the Typer app on ``argv``; returns the exit code instead of exiting."""
    if argv and argv[0].startswith(("--show-completion", "--install-completion")):
        code = shell_scripts.completion_option(argv)
        if code is not None:
            return code
    if argv and argv[0].lower() in RESERVED:
        reserved = reserved_word(argv[0].lower(), argv[1:])
        if reserved is None:
            argv = [*argv[1:], "--help"]  # ``awsref help CMD`` is ``awsref CMD --help``
        else:
            return reserved
    shell_scripts.use_own_scripts()
    try:
        code = app(args=argv, prog_name="awsref", standalone_mode=False)
    except SystemExit as e:
        if isinstance(sys.stdout, PacifyFlushWrapper):
            # Click met a closed pipe and made it exit 1; awsref documents 0 for that.
            raise BrokenPipeError from None
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except UsageError as e:
        if type(e).__name__ == "NoArgsIsHelpError":  # a bare group (``awsref calc``): its help
            e.show()
            return EXIT_USAGE
        sys.stderr.write(usage_error(e) + "\n")
        return EXIT_USAGE
    except ClickException as e:
        sys.stderr.write(f"awsref: error: {_sentence(e.format_message())}\n")
        return e.exit_code
    except typer.Abort:  # end of input at a prompt
        return EXIT_INTERRUPTED
    return code if isinstance(code, int) else 0


def reserved_word(word: str, rest: list[str]) -> int | None:
    """``version``, ``update``, ``config``, ``random`` as other tools mean them: the version,
    or one line saying what to run instead (exit 2). None for ``help``: Typer shows it."""
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


def _sentence(message: str) -> str:
    """Click's message in awsref's style: lower-case start, no full stop."""
    message = " ".join(message.split()).rstrip(".")
    return message[:1].lower() + message[1:]


def usage_error(e: UsageError) -> str:
    """A Click usage error as one line in the fast path's format, with where to get help."""
    path = e.ctx.command_path if e.ctx is not None else "awsref"
    return f"awsref: error: {_sentence(e.format_message())} (see {path} --help)"
