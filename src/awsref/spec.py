"""The one declarative spec of awsref's command line, with no imports.

Commands (their one-line help, examples and how many words they take), output formats,
list kinds, exam domains: the fast-path parser in ``entry``, the Typer app in ``cli``, the
completer and the README all read them from here, so they cannot drift apart. Kept
import-free so that every start-up path can read it without cost.
"""

from __future__ import annotations

# The four content domains of the AWS Certified Developer – Associate exam (DVA-C02).
DOMAINS = ("development", "security", "deployment", "troubleshooting")

LIST_KINDS = {
    "services": "Every service",
    "limits": "Every limit of every service",
    "quotas": "Every limit with a Service Quotas code (of SERVICE: all its limits, with their codes)",
    "terms": "Every glossary term",
    "comparisons": "Every curated comparison",
}

FORMATS = {
    "table": "Rich table (default on a terminal)",
    "text": "Tab-separated lines (default when piped)",
    "json": "Versioned JSON envelope, for jq",
    "markdown": "Markdown, to paste into notes",
}
# The module (``awsref.MODULE``, with a ``render(answer, stream)``) that writes each format;
# imported only when that format is asked for.
RENDERERS = {
    "table": "render_rich",
    "text": "render_text",
    "json": "render_json",
    "markdown": "render_markdown",
}

# The parts of a service card that ``show --section`` prints alone.
CARD_SECTIONS = ("facts", "limits", "terms", "comparisons")

# What ``awsref export`` writes.
EXPORT_FORMATS = {
    "anki": "Anki deck (.apkg)",
    "csv": "One card per row",
    "markdown": "One section per card",
    "json": "Every card, for other tools",
}


class Command:
    """One command: its one-line help, examples, the words it takes and its options.

    ``words`` is (fewest, most or None) for a command the fast path answers without
    Typer; None for one that only the Typer app parses. ``arg`` (metavar, help) and
    ``options`` (names in ``OPTIONS``) declare a lookup command's parameters: the Typer
    app builds it from them. A command with ``options`` None has a hand-written Typer
    command (the calculators and study commands, with options of their own).
    """

    __slots__ = ("arg", "examples", "help", "name", "options", "words")

    def __init__(
        self,
        name: str,
        help: str,
        examples: tuple[str, ...],
        words: tuple[int, int | None] | None,
        arg: tuple[str, str] | None = None,
        options: tuple[str, ...] | None = None,
    ) -> None:
        self.name = name
        self.help = help
        self.examples = examples
        self.words = words
        self.arg = arg
        self.options = options


class Option:
    """One option of the lookup commands: its flags, a few words for TAB completion, its
    help, metavar and, for a choice, the values it takes; ``flag`` for one that takes no
    value (``--account``)."""

    __slots__ = ("choices", "flag", "flags", "help", "metavar", "name", "short")

    def __init__(
        self,
        name: str,
        flags: tuple[str, ...],
        short: str,
        help: str,
        metavar: str | None = None,
        choices: tuple[str, ...] | None = None,
        flag: bool = False,
    ) -> None:
        self.name = name
        self.flags = flags
        self.short = short
        self.help = help
        self.metavar = metavar
        self.choices = choices
        self.flag = flag


def choices(names: tuple[str, ...] | list[str]) -> str:
    """``a, b, c or d``: a list of values for help text."""
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


OPTIONS = {
    o.name: o
    for o in (
        Option(
            "output",
            ("--output", "-o"),
            "Output format",
            "; ".join(f"{name}: {text}" for name, text in FORMATS.items()) + ".",
            choices=tuple(FORMATS),
        ),
        Option(
            "domain",
            ("--domain", "-d"),
            "Only this exam domain",
            f"Only this DVA-C02 exam domain: {choices(DOMAINS)}.",
            metavar="DOMAIN",
        ),
        Option(
            "section",
            ("--section", "-s"),
            "Only this part of the card",
            "Only this part of the card.",
            choices=CARD_SECTIONS,
        ),
        Option(
            "check",
            ("--check",),
            "Does a value fit?",
            "Does VALUE fit? 300KB, 2 GiB, 90s, 1h30m, 5000/s, 3 MB/s; a bare number is in the "
            "limit's unit. Exit 0 fits, 1 does not fit, 2 wrong kind of value.",
            metavar="VALUE",
        ),
        Option(
            "in_unit",
            ("--in",),
            "Show the value in another unit",
            "Show the value in UNIT: minutes, bytes, KiB, MB, MB/s, per minute.",
            metavar="UNIT",
        ),
        Option(
            "adjustable",
            ("--adjustable",),
            "Only limits AWS raises on request",
            "Only the limits AWS raises on request (list limits, list quotas).",
            flag=True,
        ),
        # Your AWS account, on request: the only options that let awsref open a socket.
        Option(
            "account",
            ("--account",),
            "Your account's value and usage (calls AWS)",
            "Also ask AWS (Service Quotas, CloudWatch) for the default, your account's applied value "
            "and your usage. Needs boto3 (pip install 'awsref[aws]') and AWS credentials; the only "
            "way besides 'usage' that awsref goes online.",
            flag=True,
        ),
        Option(
            "profile",
            ("--profile",),
            "AWS profile (with --account)",
            "The AWS profile to use (default: the AWS SDK's: AWS_PROFILE, then default).",
            metavar="PROFILE",
        ),
        Option(
            "region",
            ("--region",),
            "AWS Region (with --account)",
            "The AWS Region to ask (default: the AWS SDK's: AWS_REGION, AWS_DEFAULT_REGION, the profile).",
            metavar="REGION",
        ),
        Option(
            "threshold",
            ("--threshold",),
            "Usage percent to report (default 80)",
            "Report the quotas used to at least PERCENT of your account's value (default 80).",
            metavar="PERCENT",
        ),
    )
}


COMMANDS = {
    c.name: c
    for c in (
        Command(
            "limit",
            "One limit with its current value and source; all of a service's without words.",
            (
                "awsref limit sqs message-size",
                "awsref limit dynamodb max item size",
                "awsref limit lambda timeout --in minutes",
                "awsref limit sqs message-size --check 300KB",
                "awsref limit sqs",
                "awsref limit L-B99A9384",
                "awsref limit lambda concurrency --account --region us-east-1",
            ),
            (1, None),
            (
                "SERVICE [WORDS]...",
                "The service (sqs, dynamo, lambda...), then which limit in any words; or a quota code.",
            ),
            ("check", "in_unit", "account", "profile", "region", "output"),
        ),
        Command(
            "compare",
            "Side by side: a curated comparison, or the entries' own facts.",
            (
                "awsref compare memcached redis",
                "awsref compare user pool identity pool",
                "awsref compare kinesis vs firehose",
                "awsref compare sqs, sns and eventbridge",
            ),
            (1, None),
            ("SUBJECT...", "Two or more things to compare: memcached redis."),
            ("output",),
        ),
        Command(
            "define",
            "A glossary definition, with its services and see-also.",
            ("awsref define visibility timeout", "awsref define gsi", "awsref define sam"),
            (1, None),
            ("TERM...", "The term: visibility timeout."),
            ("output",),
        ),
        Command(
            "show",
            "A service card: summary, facts by topic, limits, terms, comparisons.",
            (
                "awsref show dynamodb",
                "awsref show simple queue service",
                "awsref show lambda --section limits",
            ),
            (1, None),
            ("SERVICE...", "The service: dynamodb, s3, simple queue service."),
            ("section", "output"),
        ),
        Command(
            "search",
            "Ranked hits across services, facts, limits, terms and comparisons.",
            (
                "awsref search exponential backoff",
                "awsref search share an s3 object temporarily",
                "awsref search encryption --domain security",
            ),
            (1, None),
            ("QUERY...", "Words to look for: exponential backoff."),
            ("domain", "output"),
        ),
        Command(
            "list",
            "Every service, limit, quota, term or comparison (of one exam domain).",
            (
                "awsref list",
                "awsref list terms --domain security",
                "awsref list limits -o text",
                "awsref list quotas lambda --adjustable",
            ),
            (0, None),
            (
                "[KIND] [SERVICE]...",
                "What to list: services (the default), limits, quotas, terms or comparisons; "
                "quotas of these services only.",
            ),
            ("domain", "adjustable", "output"),
        ),
        Command(
            "exam",
            "The DVA-C02 exam outline: its domains and tasks, and the entries that answer each.",
            ("awsref exam", "awsref exam D2.T1", "awsref exam security", "awsref exam 4.2"),
            (0, None),
            ("[TASK]", "A domain, task statement or bullet: D2, D2.T1, 2.1, D2.T1.S3, security."),
            ("output",),
        ),
        Command(
            "stats",
            "Counts of everything, in total, per exam domain and per service.",
            ("awsref stats",),
            (0, 0),
            None,
            ("output",),
        ),
        Command(
            "calc",
            "Capacity calculators (DynamoDB, Kinesis, SQS, Lambda, API Gateway) with their working.",
            (
                "awsref calc dynamodb rcu --item-size 6KB --reads 10 --strongly-consistent",
                "awsref calc kinesis shards --write 5MB/s --records 3000/s",
            ),
            None,
        ),
        Command(
            "quiz",
            "Quiz yourself on limits, terms and comparisons; missed and due cards first.",
            (
                "awsref quiz sqs -n 5",
                "awsref quiz --domain security --due",
                "awsref quiz lambda --reveal",
                "awsref quiz lambda --scenarios",
            ),
            None,
        ),
        Command(
            "progress",
            "New, learning and known cards, per service and per exam domain.",
            ("awsref progress", "awsref progress --domain deployment -o json"),
            None,
        ),
        Command(
            "export",
            "Every limit, term and comparison as an Anki deck, CSV, Markdown or JSON.",
            ("awsref export anki deck.apkg", "awsref export csv cards.csv --service sqs"),
            None,
        ),
        Command(
            "usage",
            "Your account's quotas used to at least --threshold percent (calls AWS); exit 1 when any is.",
            (
                "awsref usage",
                "awsref usage lambda dynamodb --threshold 50",
                "awsref usage --region eu-west-1 -o json",
            ),
            None,
            ("[SERVICE]...", "Only these services (lambda, dynamodb...); default: all with quota codes."),
            ("threshold", "profile", "region", "output"),
        ),
        Command(
            "validate",
            "Check your notes files; exit 0 only when all are valid.",
            ("awsref validate", "awsref validate ~/team-notes.json"),
            None,
            ("[FILE]...", "Notes files to check (default: your notes directory)."),
            ("output",),
        ),
    )
}
# Options every command line takes (``entry`` reads them before anything else).
COLOR_WHEN = ("auto", "always", "never")
GLOBAL_OPTIONS = (
    ("--no-pager", "Never page: print the whole page even when it is taller than the terminal."),
    (
        "--color WHEN",
        f"Colour: {choices(COLOR_WHEN)} (auto: only on a terminal, as NO_COLOR, FORCE_COLOR and "
        "TERM=dumb say).",
    ),
    ("--header", "With -o text: a line naming the fields (record, then each field) before each record type."),
    ("--man", "Print the manual page (roff): awsref --man | man -l -"),
    ("--version", "Print the version and exit (also: awsref version)."),
)

# The environment variables awsref reads, with a short effect for --help and the manual
# page (the README's environment table says more; a test checks it names each one).
ENVIRONMENT = (
    ("AWSREF_PAGER", "pager for long pages ($PAGER, else less); never: none"),
    ("PAGER", "the pager when AWSREF_PAGER is unset"),
    ("LESS", "options for less (default FRX: quit when the page fits)"),
    ("NO_COLOR", "no colour and no styling codes at all"),
    ("FORCE_COLOR", "colour even into a pipe"),
    ("TERM", "dumb: no colour"),
    ("COLUMNS", "the terminal width to lay out for"),
    ("AWSREF_DATA", "a knowledge-base file to read instead of the packaged one"),
    ("AWSREF_NOTES_DIR", "your notes (~/.config/awsref/notes.d); empty: none"),
    ("AWSREF_CACHE_DIR", "the cache (~/.cache/awsref); empty: no cache"),
    ("AWSREF_DATA_DIR", "quiz progress (~/.local/share/awsref); empty: not saved"),
    ("AWSREF_STDIN_WAIT", "seconds a quiz waits for a piped answer"),
    ("SOURCE_DATE_EPOCH", "timestamps of export anki, for reproducible packages"),
    ("AWSREF_DEBUG", "show the traceback of an internal error"),
)


def environment_help() -> str:
    """The environment paragraph of ``awsref --help``."""
    width = max(len(name) for name, _ in ENVIRONMENT)
    return "\b\nEnvironment:\n" + "\n".join(f"  {name:<{width}}  {effect}" for name, effect in ENVIRONMENT)


# Words people type to every other tool as its first word. They are never read as a query
# (``awsref version`` is not S3 versioning): ``help`` and ``version`` do what they do
# elsewhere; the others answer with what to run instead, on stderr, and a usage error.
# ``entry`` sends them to ``cli``, which handles them; the completer offers none of them a
# query. ``list`` is awsref's own command.
RESERVED = {
    "help": "Help on awsref, or on a command: awsref help limit is awsref limit --help.",
    "version": "Print the version (as awsref --version does).",
    "update": "awsref has no update command: its knowledge base ships with it. Upgrade the package "
    "(in your clone: git pull, then pipx install --force . or uv tool install --force .)",
    "upgrade": "awsref has no upgrade command: its knowledge base ships with it. Upgrade the package "
    "(in your clone: git pull, then pipx install --force . or uv tool install --force .)",
    "config": "awsref has no configuration file: it reads environment variables (AWSREF_PAGER, "
    "NO_COLOR, AWSREF_NOTES_DIR ...; awsref --help lists them) and your notes files (awsref validate)",
    "random": "for a random question, run: awsref quiz -n 1 (a new random seed every time)",
}
# The reserved words that answer with a hint and exit 2 (the others do their job, exit 0).
HINTS = ("update", "upgrade", "config", "random")

# The bare form: ``awsref WORDS...`` with no command, answered as the best command would.
ASK = Command("ask", "No command: answered as the best command would.", ("awsref sqs vs sns",), (1, None))


def usage() -> str:
    """The short usage bare ``awsref`` prints: the form, a few examples, every command."""
    picks = ("limit", "compare", "define", "show", "search", "calc")
    lines = [
        "usage: awsref COMMAND [WORDS...] [-o table|text|json|markdown]",
        "       awsref WORDS...   (no command: answered as the best command would)",
        "",
    ]
    lines += [f"  {COMMANDS[name].examples[0]}" for name in picks]
    lines += [f"  {ASK.examples[0]}", ""]
    lines.append("Commands: " + ", ".join(COMMANDS) + ".")
    lines.append("awsref --help for all of it; awsref help COMMAND for one command with examples.")
    return "\n".join(lines) + "\n"


def examples(name: str) -> str:
    """A command's help epilog: its examples, kept as typed (Click's \\b stops rewrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {e}" for e in COMMANDS[name].examples)


# The counts ``awsref stats`` gives, in their column order.
STATS_KEYS = ("services", "limits", "verified", "unverified", "facts", "terms", "comparisons")

# The fields search ranks by (BM25F), in the order the index numbers them: body text,
# context (the service or services an entry belongs to), an alias, the entry's name, and
# the questions it answers. Each has a weight and a length normalisation (0: none, 1: full).
SEARCH_FIELDS = ("body", "context", "alias", "name", "question")
SEARCH_WEIGHTS = (1.0, 0.7, 2.5, 3.0, 1.5)
SEARCH_NORMS = (0.75, 0.0, 0.3, 0.3, 0.75)


class ExitStatus:
    """One exit status: its code, its name in the code, a few words for ``--help`` and
    the README's fuller meaning."""

    __slots__ = ("code", "meaning", "name", "short")

    def __init__(self, code: int, name: str, short: str, meaning: str) -> None:
        self.code = code
        self.name = name
        self.short = short
        self.meaning = meaning


# Every exit status awsref documents: ``errors`` takes its constants from here, ``--help``
# and the README's table are generated from it (a test checks the README).
EXIT_STATUSES = (
    ExitStatus(
        0,
        "OK",
        "found",
        "found (also: output closed early, e.g. `\\| head -1`); with `--check` or `calc`: the value "
        "fits (or the calculator has no verdict)",
    ),
    ExitStatus(
        1,
        "NOT_FOUND",
        "not found",
        'not found ("did you mean" on stderr); with `--check` or `calc`: the value does not fit; '
        "with `--account`: the limit has no quota code, so AWS cannot be asked (the curated answer "
        "is still printed); `usage`: at least one quota is at or above the threshold",
    ),
    ExitStatus(
        2,
        "USAGE",
        "usage error",
        "usage error: missing or blank argument, `compare` with one subject or the same one twice, "
        "unknown `list` kind or `--output` value, unknown exam domain; a `--check`/`--in`/`calc` "
        "value that cannot be read, is of the wrong kind (a duration for a size) or out of range; "
        "`--check`/`--in` on a limit with no number or on a whole service; `--account` on a whole "
        "service, `--profile`/`--region` without it, an unknown Region or a `--threshold` that is not "
        "a percentage; a word other tools "
        "take as a command (`update`, `config`, `random`: the line says what to run); a quiz whose "
        "non-terminal standard input holds no answers, `export anki` without a FILE; a query over "
        "1,000 characters or 64 words; an environment number out of its range "
        "(`AWSREF_STDIN_WAIT`, `SOURCE_DATE_EPOCH`)",
    ),
    ExitStatus(
        3,
        "DATA",
        "bad knowledge-base file",
        "a knowledge-base file is missing, unreadable or invalid (also `validate` when any file is invalid)",
    ),
    ExitStatus(
        69,
        "AWS",
        "AWS could not be asked (--account, usage)",
        "`--account` or `usage` could not get an answer from AWS: boto3 is not installed (`pip install "
        "'awsref[aws]'`), no credentials or an unknown profile, access denied, throttled (after 3 "
        "attempts), no Region configured, AWS unreachable (no network) or too slow (timeouts of a few "
        "seconds), or Service Quotas does not know the quota in that Region (`EX_UNAVAILABLE`)",
    ),
    ExitStatus(
        70,
        "INTERNAL",
        "internal error (a bug)",
        "internal error: a bug (set `AWSREF_DEBUG=1` for the traceback, and please report it)",
    ),
    ExitStatus(
        74,
        "IO",
        "output could not be written (closed or full)",
        "the output could not be written: stdout closed (`>&-`) or the device full "
        "(`>/dev/full`), or the FILE `export` names could not be written (disk full, file-size "
        "limit) or was refused (read-only or another user's without `--force`, a link planted "
        "in a shared directory, a directory); one line on stderr (`EX_IOERR`)",
    ),
    ExitStatus(130, "INTERRUPTED", "interrupted (Ctrl-C)", "interrupted (Ctrl-C)"),
)
EXIT = {s.name: s.code for s in EXIT_STATUSES}


def exit_help() -> str:
    """The exit-status paragraph of ``awsref --help``."""
    codes = ", ".join(f"{s.code} {s.short}" for s in EXIT_STATUSES)
    return f"Exit codes: {codes}. With --check and calc: 0 fits, 1 does not fit."


def exit_table() -> str:
    """The README's exit-status table, in Markdown."""
    rows = [f"| {s.code} | {s.meaning} |" for s in EXIT_STATUSES]
    return "\n".join(["| code | meaning |", "|---|---|", *rows]) + "\n"
