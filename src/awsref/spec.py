"""The one declarative spec of awsref's command line, with no imports.

Every option (help, metavars, value choices, defaults), output formats, list kinds, exam
domains and exit statuses; ``spec_commands`` adds the commands and their arguments. The
argv parser, ``--help``, the man page, the completer and the README all read them, so
they cannot drift apart. Import-free, so every start-up path reads it without cost.
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


class Option:
    """One option: its flags, a few words for TAB completion, its help and metavar.

    ``choices`` (value -> description) for one that takes one of a few values, matched
    case-insensitively; ``flag`` for one that takes no value and stores ``value`` (several
    flags with one ``name`` exclude each other). ``kind`` "int" for a whole number;
    ``repeat`` collects every value given; ``values`` names what TAB offers for free text.
    """

    __slots__ = (
        *("choices", "default", "flag", "flags", "help", "kind", "metavar", "name"),
        *("repeat", "required", "short", "value", "values"),
    )

    def __init__(
        self,
        name: str,
        flags: str,
        help: str,
        metavar: str | None = None,
        *,
        short: str = "",
        choices: dict[str, str] | None = None,
        flag: bool = False,
        value: object = True,
        kind: str | None = None,
        default: object = None,
        required: bool = False,
        repeat: bool = False,
        values: str | None = None,
    ) -> None:
        self.name = name
        self.flags = tuple(flags.split())
        self.short = short or help.split(":")[0].split(" (")[0].rstrip(".")
        self.help = help
        self.metavar = metavar
        self.choices = choices
        self.flag = flag
        self.value = value
        self.kind = kind
        self.default = default
        self.required = required
        self.repeat = repeat
        self.values = values


class Arg:
    """A command's positional words: metavar, help, how many (fewest, most or None), the
    values it takes (``choices``, case-insensitive) or what TAB offers (``values``)."""

    __slots__ = ("choices", "fewest", "help", "metavar", "most", "name", "values")

    def __init__(
        self,
        metavar: str,
        help: str,
        fewest: int = 1,
        most: int | None = None,
        choices: dict[str, str] | None = None,
        values: str | None = None,
        name: str = "",
    ) -> None:
        self.metavar = metavar
        self.help = help
        self.fewest = fewest
        self.most = most
        self.choices = choices
        self.values = values
        self.name = name or metavar.strip("[].").lower()


class Command:
    """One command: its one-line help, examples, positional words and options.

    ``fast``: plain lookups ``entry.parse_fast`` answers without the full parser. A command
    with a ``group`` (``calc``) takes a subcommand, which may itself be a group; the leaves
    carry the arguments and options. ``doc`` is the longer text of ``COMMAND --help``.
    """

    __slots__ = ("args", "doc", "examples", "fast", "group", "help", "name", "options")

    def __init__(
        self,
        name: str,
        help: str,
        examples: tuple[str, ...] = (),
        args: tuple[Arg, ...] = (),
        options: tuple[str | Option, ...] = (),
        *,
        fast: bool = False,
        group: tuple[Command, ...] = (),
        doc: str = "",
    ) -> None:
        self.name = name
        self.help = help
        self.examples = examples
        self.args = args
        self.options = tuple(OPTIONS[o] if isinstance(o, str) else o for o in options)
        self.fast = fast
        self.group = {c.name: c for c in group}
        self.doc = doc or help

    @property
    def words(self) -> tuple[int, int | None]:
        """(fewest, most or None) positional words, over all its arguments."""
        most: int | None = 0
        for a in self.args:
            most = None if most is None or a.most is None else most + a.most
        return sum(a.fewest for a in self.args), most


def choices(names: tuple[str, ...] | list[str]) -> str:
    """``a, b, c or d``: a list of values for help text."""
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


OPTIONS = {
    o.name: o
    for o in (
        Option(
            "output",
            "--output -o",
            "; ".join(f"{name}: {text}" for name, text in FORMATS.items()) + ".",
            "FORMAT",
            short="Output format",
            choices=FORMATS,
        ),
        Option(
            "domain",
            "--domain -d",
            f"Only this DVA-C02 exam domain: {choices(DOMAINS)}.",
            "DOMAIN",
            short="Only this exam domain",
            choices=dict.fromkeys(DOMAINS, "DVA-C02 exam domain"),
        ),
        Option(
            "section",
            "--section -s",
            "Only this part of the card.",
            "SECTION",
            choices=dict.fromkeys(CARD_SECTIONS, "Only this part of the card"),
        ),
        Option(
            "check",
            "--check",
            "Does VALUE fit? 300KB, 2 GiB, 90s, 1h30m, 5000/s, 3 MB/s; a bare number is in the "
            "limit's unit. Exit 0 fits, 1 does not fit, 2 wrong kind of value.",
            "VALUE",
            short="Does a value fit?",
        ),
        Option(
            "in_unit",
            "--in",
            "Show the value in UNIT: minutes, bytes, KiB, MB, MB/s, per minute.",
            "UNIT",
            short="Show the value in another unit",
            values="units",
        ),
        Option(
            "adjustable",
            "--adjustable",
            "Only the limits AWS raises on request (list limits, list quotas).",
            short="Only limits AWS raises on request",
            flag=True,
        ),
        # Your AWS account, on request: the only options that let awsref open a socket.
        Option(
            "account",
            "--account",
            "Also ask AWS (Service Quotas, CloudWatch) for the default, your account's applied value "
            "and your usage. Needs boto3 (pip install 'awsref[aws]') and AWS credentials; the only "
            "way besides 'usage' that awsref goes online.",
            short="Your account's value and usage (calls AWS)",
            flag=True,
        ),
        Option(
            "profile",
            "--profile",
            "The AWS profile to use (default: the AWS SDK's: AWS_PROFILE, then default).",
            "PROFILE",
            short="AWS profile (with --account)",
        ),
        Option(
            "region",
            "--region",
            "The AWS Region to ask (default: the AWS SDK's: AWS_REGION, AWS_DEFAULT_REGION, the profile).",
            "REGION",
            short="AWS Region (with --account)",
        ),
        Option(
            "threshold",
            "--threshold",
            "Report the quotas used to at least PERCENT of your account's value (default 80).",
            "PERCENT",
            short="Usage percent to report (default 80)",
        ),
        Option(
            "task",
            "--task -t",
            "Only what this part of the DVA-C02 outline maps to: D2, D2.T1, 2.1 (see awsref exam).",
            "TASK",
            values="exam",
        ),
        Option(
            "item_size",
            "--item-size",
            "Item size with its unit: 6KB, 3.5 KB, 6000 bytes (a bare 6 is refused: bytes or KB?).",
            "SIZE",
            required=True,
        ),
    )
}
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

# The counts ``awsref stats`` gives, in their column order.
# "limits" are the curated ones ("verified" + "unverified"); "quotas" come from AWS's quota tables.
STATS_KEYS = ("services", "limits", "verified", "unverified", "quotas", "facts", "terms", "comparisons")

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
        "(`AWSREF_STDIN_WAIT`, `AWSREF_LOCK_WAIT`, `SOURCE_DATE_EPOCH`)",
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
