"""The spec's commands: every command, subcommand and argument, the global options and the
environment, as data importing only ``spec``; the parser, help, the completer and the man
page read them from here (``spec`` holds the formats, domains, options and exit statuses)."""

from __future__ import annotations

from awsref.spec import EXPORT_FORMATS, FORMATS, LIST_KINDS, OPTIONS, Arg, Command, Option, choices

SERVICES = Arg(
    "[SERVICE]...", "Only these services (sqs, lambda...); default: all.", 0, None, values="services"
)


def _calculator(name: str, help: str, *options: Option) -> Command:
    return Command(name, help, options=(*options, "output"))


# ``awsref calc SERVICE CALCULATOR``: each calculator's inputs are its options.
CALC = Command(
    "calc",
    "Capacity calculators (DynamoDB, Kinesis, SQS, Lambda, API Gateway) with their working.",
    (
        "awsref calc dynamodb rcu --item-size 6KB --reads 10 --strongly-consistent",
        "awsref calc kinesis shards --write 5MB/s --records 3000/s",
    ),
    doc="Capacity calculators with their working shown; every AWS figure comes from the knowledge base.",
    group=(
        Command(
            "dynamodb",
            "DynamoDB read and write capacity units.",
            group=(
                _calculator(
                    "rcu",
                    "Read capacity units for a read rate and item size.",
                    OPTIONS["item_size"],
                    Option("reads", "--reads", "Reads per second: 10, 600/min.", "RATE", required=True),
                    Option(
                        "consistency",
                        "--strongly-consistent",
                        "Strongly consistent reads.",
                        flag=True,
                        value="strong",
                    ),
                    Option(
                        "consistency",
                        "--eventually-consistent",
                        "Eventually consistent reads (the default).",
                        flag=True,
                        value="eventual",
                    ),
                    Option(
                        "consistency",
                        "--transactional",
                        "Transactional reads (TransactGetItems).",
                        flag=True,
                        value="transactional",
                    ),
                ),
                _calculator(
                    "wcu",
                    "Write capacity units for a write rate and item size.",
                    OPTIONS["item_size"],
                    Option("writes", "--writes", "Writes per second: 20, 1200/min.", "RATE", required=True),
                    Option(
                        "transactional",
                        "--transactional",
                        "Transactional writes (TransactWriteItems).",
                        flag=True,
                    ),
                ),
            ),
        ),
        Command(
            "kinesis",
            "Kinesis Data Streams shards.",
            group=(
                _calculator(
                    "shards",
                    "Shards a provisioned stream needs for its write and read rates.",
                    Option("write", "--write", "Data written: 5MB/s, 3 MiB/s.", "RATE", required=True),
                    Option("records", "--records", "Records written: 3000/s.", "RATE"),
                    Option("read", "--read", "Data each consumer reads (default: the write rate).", "RATE"),
                    Option("consumers", "--consumers", "Consumer applications (default 1).", "N"),
                    Option(
                        "enhanced_fan_out", "--enhanced-fan-out", "Consumers use enhanced fan-out.", flag=True
                    ),
                ),
            ),
        ),
        Command(
            "sqs",
            "SQS FIFO throughput.",
            group=(
                _calculator(
                    "fifo",
                    "Whether a FIFO queue keeps up with a message rate, with or without batching.",
                    Option("messages", "--messages", "Messages per second: 2500/s.", "RATE", required=True),
                    Option("batch", "--batch", "Messages per API call (default 1).", "N"),
                    Option(
                        "high_throughput", "--high-throughput", "High throughput mode for FIFO.", flag=True
                    ),
                ),
            ),
        ),
        Command(
            "lambda",
            "Lambda concurrency.",
            group=(
                _calculator(
                    "concurrency",
                    "Concurrent executions for a request rate and duration, against the account default.",
                    Option("rps", "--rps", "Requests per second: 200, 12000/min.", "RATE", required=True),
                    Option("duration", "--duration", "Average duration: 300ms, 2s.", "TIME", required=True),
                ),
            ),
        ),
        Command(
            "api-gateway",
            "API Gateway account throttling.",
            group=(
                _calculator(
                    "throttle",
                    "Whether a request rate fits the account's throttle rate and burst.",
                    Option("rps", "--rps", "Requests per second: 12000.", "RATE", required=True),
                    Option("for_", "--for", "How long the spike lasts: 10s.", "TIME"),
                ),
            ),
        ),
    ),
)


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
            (
                Arg(
                    "SERVICE [WORDS]...",
                    "The service (sqs, dynamo, lambda...), then which limit in any words; or a quota code.",
                    values="limit",
                    name="words",
                ),
            ),
            ("check", "in_unit", "account", "profile", "region", "output"),
            fast=True,
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
            (Arg("SUBJECT...", "Two or more things to compare: memcached redis.", values="subjects"),),
            ("output",),
            fast=True,
        ),
        Command(
            "define",
            "A glossary definition, with its services and see-also.",
            ("awsref define visibility timeout", "awsref define gsi", "awsref define sam"),
            (Arg("TERM...", "The term: visibility timeout.", values="terms"),),
            ("output",),
            fast=True,
        ),
        Command(
            "show",
            "A service card: summary, facts by topic, limits, terms, comparisons.",
            (
                "awsref show dynamodb",
                "awsref show simple queue service",
                "awsref show lambda --section limits",
            ),
            (Arg("SERVICE...", "The service: dynamodb, s3, simple queue service.", values="service"),),
            ("section", "output"),
            fast=True,
        ),
        Command(
            "search",
            "Ranked hits across services, facts, limits, terms and comparisons.",
            (
                "awsref search exponential backoff",
                "awsref search share an s3 object temporarily",
                "awsref search encryption --domain security",
            ),
            (Arg("QUERY...", "Words to look for: exponential backoff."),),
            ("domain", "output"),
            fast=True,
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
            (
                Arg(
                    "[KIND]",
                    "What to list: services (the default), limits, quotas, terms or comparisons.",
                    0,
                    1,
                    choices=LIST_KINDS,
                ),
                Arg("[SERVICE]...", "Quotas or limits of these services only.", 0, None, values="services"),
            ),
            ("domain", "adjustable", "output"),
            fast=True,
        ),
        Command(
            "exam",
            "The DVA-C02 exam outline: its domains and tasks, and the entries that answer each.",
            ("awsref exam", "awsref exam D2.T1", "awsref exam security", "awsref exam 4.2"),
            (
                Arg(
                    "[TASK]",
                    "A domain, task statement or bullet: D2, D2.T1, 2.1, D2.T1.S3, security.",
                    0,
                    values="exam",
                ),
            ),
            ("output",),
            fast=True,
        ),
        Command(
            "stats",
            "Counts of everything, in total, per exam domain and per service.",
            ("awsref stats",),
            (),
            ("output",),
            fast=True,
        ),
        CALC,
        Command(
            "quiz",
            "Quiz yourself on limits, terms and comparisons; missed and due cards first.",
            (
                "awsref quiz sqs -n 5",
                "awsref quiz --domain security --due",
                "awsref quiz lambda --reveal",
                "awsref quiz lambda --scenarios",
            ),
            (SERVICES,),
            (
                Option("number", "--number -n", "How many questions.", "N", kind="int", default=10),
                Option(
                    "seed",
                    "--seed",
                    "Seed for a reproducible quiz (default: random, printed).",
                    "S",
                    kind="int",
                ),
                "domain",
                "task",
                Option("due", "--due", "Only cards that are due or were missed.", flag=True),
                Option(
                    "scenarios",
                    "--scenarios",
                    "Add scenario questions from the facts (which service is this about?), at most 3 in 10; "
                    "on with --task.",
                    flag=True,
                ),
                Option(
                    "show",
                    "--reveal",
                    "Print the questions with their answers: no prompts, nothing saved.",
                    flag=True,
                ),
                Option(
                    "output",
                    "--output -o",
                    "With --reveal: text (default) or json.",
                    "FORMAT",
                    choices={k: FORMATS[k] for k in ("text", "json")},
                ),
            ),
            doc="Quiz yourself on limits, terms and comparisons (and scenarios with --scenarios or --task); "
            "missed and due cards come first.",
        ),
        Command(
            "progress",
            "New, learning and known cards, per service and per exam domain.",
            ("awsref progress", "awsref progress --domain deployment -o json"),
            (SERVICES,),
            ("domain", "output"),
            doc="How many cards are new, learning and known, per service and per exam domain.",
        ),
        Command(
            "export",
            "Every limit, term and comparison as an Anki deck, CSV, Markdown or JSON.",
            ("awsref export anki deck.apkg", "awsref export csv cards.csv --service sqs"),
            (
                Arg("FORMAT", f"{choices(list(EXPORT_FORMATS))}.", 1, 1, choices=EXPORT_FORMATS),
                Arg("[FILE]", "Where to write (anki: required, .apkg); default or '-': stdout.", 0, 1),
            ),
            (
                Option(
                    "service",
                    "--service -s",
                    "Only this service (repeatable).",
                    "SERVICE",
                    repeat=True,
                    values="services",
                ),
                "domain",
                "task",
                Option(
                    "force", "--force", "Replace FILE even when it is read-only or another user's.", flag=True
                ),
            ),
        ),
        Command(
            "usage",
            "Your account's quotas used to at least --threshold percent (calls AWS); exit 1 when any is.",
            (
                "awsref usage",
                "awsref usage lambda dynamodb --threshold 50",
                "awsref usage --region eu-west-1 -o json",
            ),
            (
                Arg(
                    "[SERVICE]...",
                    "Only these services (lambda, dynamodb...); default: all with quota codes.",
                    0,
                    values="quota-services",
                    name="words",
                ),
            ),
            ("threshold", "profile", "region", "output"),
        ),
        Command(
            "validate",
            "Check your notes files; exit 0 only when all are valid.",
            ("awsref validate", "awsref validate ~/team-notes.json"),
            (Arg("[FILE]...", "Notes files to check (default: your notes directory).", 0, values="files"),),
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

# The environment variables awsref reads, each with its effect for --help and the man page.
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
    ("AWSREF_LOCK_WAIT", "seconds to wait for a lock on quiz progress"),
    ("SOURCE_DATE_EPOCH", "timestamps of export anki, for reproducible packages"),
    ("AWSREF_DEBUG", "show the traceback of an internal error"),
)


# The bare form: ``awsref WORDS...`` with no command, answered as the best command would.
ASK = Command(
    "ask",
    "No command: answered as the best command would.",
    ("awsref sqs vs sns",),
    (Arg("WORDS...", "What to look up, in any words: sqs message size, sqs vs sns."),),
    ("output",),
    fast=True,
)
