"""Shell completion, answered without importing Typer.

Typer's scripts (``awsref --install-completion`` / ``--show-completion``) call awsref
back with ``_AWSREF_COMPLETE=complete_<shell>`` and the command line in environment
variables; ``entry`` routes such calls here. This module speaks that protocol for
bash, zsh, fish and PowerShell, reads only the cache sections it needs, and offers
context-aware candidates: prefix matches first, fuzzy ones when nothing has the prefix.
"""

from __future__ import annotations

import os

from awsref.spec import COMMANDS as SPEC_COMMANDS
from awsref.spec import DOMAINS, EXPORT_FORMATS, FORMATS, LIST_KINDS, OPTIONS, RESERVED

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from awsref.kb import KnowledgeBase

COMMANDS = {name: c.help for name, c in SPEC_COMMANDS.items()}
# calc SERVICE CALCULATOR (kept here so completion never imports the calculators)
CALCULATORS = {
    "dynamodb": {"rcu": "Read capacity units", "wcu": "Write capacity units"},
    "kinesis": {"shards": "Shards for a write and read rate"},
    "sqs": {"fifo": "FIFO queue throughput"},
    "lambda": {"concurrency": "Concurrent executions"},
    "api-gateway": {"throttle": "Account throttle rate and burst"},
}
# Each calculator's options (cli writes them out; a test checks the two agree).
CALC_OPTIONS = {
    ("dynamodb", "rcu"): {
        "--item-size": "Item size: 6KB, 3.5 KB, 6000 bytes",
        "--reads": "Reads per second",
        "--strongly-consistent": "Strongly consistent reads",
        "--eventually-consistent": "Eventually consistent reads (the default)",
        "--transactional": "Transactional reads",
    },
    ("dynamodb", "wcu"): {
        "--item-size": "Item size: 6KB, 3.5 KB, 6000 bytes",
        "--writes": "Writes per second",
        "--transactional": "Transactional writes",
    },
    ("kinesis", "shards"): {
        "--write": "Data written: 5MB/s",
        "--records": "Records written: 3000/s",
        "--read": "Data each consumer reads",
        "--consumers": "Consumer applications",
        "--enhanced-fan-out": "Consumers use enhanced fan-out",
    },
    ("sqs", "fifo"): {
        "--messages": "Messages per second",
        "--batch": "Messages per API call",
        "--high-throughput": "High throughput mode",
    },
    ("lambda", "concurrency"): {"--rps": "Requests per second", "--duration": "Average duration"},
    ("api-gateway", "throttle"): {"--rps": "Requests per second", "--for": "How long the spike lasts"},
}
# The study commands' options (written out in cli; a test checks them against it).
STUDY_OPTIONS = {
    "quiz": {
        "--number": "How many questions",
        "-n": "How many questions",
        "--seed": "Seed for a reproducible quiz",
        "--domain": "Only this exam domain",
        "-d": "Only this exam domain",
        "--task": "Only what this part of the exam outline maps to",
        "-t": "Only what this part of the exam outline maps to",
        "--due": "Only cards that are due or were missed",
        "--scenarios": "Add scenario questions from the facts",
        "--reveal": "Questions with their answers, no prompts",
    },
    "progress": {"--domain": "Only this exam domain", "-d": "Only this exam domain"},
    "export": {
        "--service": "Only this service (repeatable)",
        "-s": "Only this service",
        "--domain": "Only this exam domain",
        "-d": "Only this exam domain",
        "--task": "Only what this part of the exam outline maps to",
        "-t": "Only what this part of the exam outline maps to",
        "--force": "Replace FILE even when it is read-only or another user's",
    },
}
# Units ``--in`` converts to, as people type them.
IN_UNITS = [
    ("seconds", "duration"),
    ("minutes", "duration"),
    ("hours", "duration"),
    ("days", "duration"),
    ("ms", "duration: milliseconds"),
    ("bytes", "size"),
    ("KiB", "size: 1,024 bytes"),
    ("MiB", "size: 1,048,576 bytes"),
    ("GiB", "size"),
    ("KB", "size (read as KiB, as AWS does)"),
    ("MB", "size (read as MiB, as AWS does)"),
    ("GB", "size (read as GiB, as AWS does)"),
    ("MB/s", "throughput"),
    ("KB/s", "throughput"),
    ("per second", "rate"),
    ("per minute", "rate"),
    ("per hour", "rate"),
]
TOP_OPTIONS = {
    "--help": "Show help and exit",
    "--version": "Print the version and exit",
    "--no-pager": "Print a long page whole, without a pager",
    "--color": "Colour: auto, always or never",
    "--header": "With -o text: name the fields of each record type",
    "--man": "Print the manual page",
    "--install-completion": "Install completion for the current shell",
    "--show-completion": "Show completion for the current shell",
}
# The options every hand-written command (calc, quiz, progress, export) is offered.
COMMAND_OPTIONS = {flag: OPTIONS["output"].short for flag in OPTIONS["output"].flags}
COMMAND_OPTIONS["--help"] = "Show help and exit"
# The values an option of the spec takes: its choices, the exam domains, or free text (none).
OPTION_VALUES = {
    flag: (
        [(c, FORMATS.get(c, o.short)) for c in o.choices]
        if o.choices
        else [(d, "DVA-C02 exam domain") for d in DOMAINS]
        if o.name == "domain"
        else IN_UNITS
        if o.name == "in_unit"
        else []
    )
    for o in OPTIONS.values()
    if not o.flag  # a flag (--account) takes no value: the next word is positional
    for flag in o.flags
}
# The hand-written commands' options that are flags (all others take a value).
FLAGS = frozenset(
    {"--strongly-consistent", "--eventually-consistent", "--transactional", "--enhanced-fan-out"}
    | {"--high-throughput", "--due", "--scenarios", "--reveal", "--help", "--no-pager", "--man", "--version"}
)
OPTION_VALUES["--color"] = [
    ("auto", "Only on a terminal"),
    ("always", "Also into a pipe"),
    ("never", "No colour"),
]


def command_options(command: str, positional: list[str] | None = None) -> dict[str, str]:
    """The options a command takes: from its spec declaration, or for the commands written
    out in ``cli`` (a calculator, quiz, progress, export) their own and ``-o``."""
    spec = SPEC_COMMANDS.get(command)
    if spec is None or spec.options is None:
        own: dict[str, str] = {}
        if command == "calc" and positional and len(positional) >= 2:
            own = CALC_OPTIONS.get((positional[0], positional[1]), {})
        own = {**own, **STUDY_OPTIONS.get(command, {})}
        if command == "export":
            return {**own, "--help": "Show help and exit"}
        return {**own, **COMMAND_OPTIONS}
    out = {flag: OPTIONS[name].short for name in spec.options for flag in OPTIONS[name].flags}
    return {**out, "--help": "Show help and exit"}


def option_values(command: str | None, flag: str) -> list[tuple[str, str]] | None:
    """What TAB offers as the value of ``flag`` for ``command``: a list (maybe empty, for a
    number or a size) when ``flag`` takes a value there, None when it is a flag or unknown."""
    if command in ("export",) and flag in ("-s", "--service"):
        return []  # a service: candidates() offers them
    if command in STUDY_OPTIONS and flag in STUDY_OPTIONS[command] and flag not in FLAGS:
        return OPTION_VALUES.get(flag, [])
    if flag in OPTION_VALUES:
        return OPTION_VALUES[flag]
    if command == "calc" and flag.startswith("--") and flag not in FLAGS:
        return []
    return None


def split_arg_string(string: str) -> list[str]:
    """Split a command line as Click does (shlex, tolerating an unclosed quote)."""
    if not any(c in string for c in "'\"\\"):
        return string.split()
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out


def _filter(items: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Items whose value starts with ``incomplete`` (case-insensitive)."""
    if not incomplete:
        return items
    low = incomplete.casefold()
    return [i for i in items if i[0].casefold().startswith(low)]


def _services(kb: KnowledgeBase, with_limits: bool = False) -> list[tuple[str, str]]:
    """(id, description) of every service; ``with_limits``: only those that have limits."""
    return [
        (sid, f"{name} — {full}")
        for sid, name, full, _, limits, *_ in kb.services
        if limits or not with_limits
    ]


def _first_word(incomplete: str) -> list[tuple[str, str]]:
    """``awsref sq<TAB>``: the commands, and the services a bare query names (``awsref sqs``
    shows its card): commands first, then services by id, then by name or alias."""
    found = _filter(list(COMMANDS.items()), incomplete)
    if not incomplete:
        return found
    from awsref.kb import open_kb

    kb = open_kb()
    return found + [s for s in _entries(kb, _services(kb), incomplete, ("service",)) if s[0] not in COMMANDS]


def _described(kb: KnowledgeBase, refs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(id, description) for service and term refs, without repeats."""
    out: dict[str, str] = {}
    for kind, ident in refs:
        if kind == "service":
            card = kb.service(ident)
            out.setdefault(ident, f"{card['name']} — {card['full_name']}" if card else ident)
        elif kind == "term":
            out.setdefault(ident, kb.label(ident))
    return list(out.items())


def _by_name(kb: KnowledgeBase, incomplete: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """Entries one of whose names starts with ``incomplete`` (ddb -> dynamodb, gsi -> its term)."""
    from awsref.text import normalize

    low = normalize(incomplete)
    if not low:
        return []
    names: dict[str, list[str]] = kb.section("names")
    refs = [(ref[0], ref[1]) for name, ref in names.items() if ref[0] in kinds and name.startswith(low)]
    return _described(kb, refs)


def _resolved(kb: KnowledgeBase, incomplete: str, kinds: tuple[str, ...], within: str | None = None) -> list:
    """What lookup itself resolves ``incomplete`` to (a confident typo, a partial name)."""
    if len(incomplete) < 3:
        return []
    from awsref.resolve import resolve

    res = resolve(incomplete, kb.lexicon(), kinds, within=within)
    if res is None:
        return []
    return [(res.kind, res.ref), *(a for a in res.alternatives if a[0] in kinds)]


def _entries(kb: KnowledgeBase, ids: list[tuple[str, str]], incomplete: str, kinds: tuple[str, ...]) -> list:
    """One candidate list for every shell, agreeing with lookup: ids by prefix first, then
    the ids whose names or aliases have the prefix, then what a typo resolves to."""
    found = (
        _filter(ids, incomplete)
        or _by_name(kb, incomplete, kinds)
        or _described(kb, _resolved(kb, incomplete, kinds))
    )
    return _exact_first(kb, incomplete, kinds, found)


def _exact_first(kb: KnowledgeBase, incomplete: str, kinds: tuple[str, ...], found: list) -> list:
    """What the typed word names exactly ("origin" is CloudFront's origin) leads the list."""
    from awsref.text import key

    hit = kb.name(key(incomplete)) if incomplete else None
    if not hit or hit[0] not in kinds:
        return found
    first = _described(kb, [(hit[0], hit[1])])
    return first + [item for item in found if item[0] != hit[1]]


def _partners(kb: KnowledgeBase, subject: str) -> list[str]:
    """The subjects compared with ``subject`` in curated comparisons, most often first."""
    from awsref.text import key

    hit = kb.name(key(subject))
    ident = hit[1] if hit else subject
    counts: dict[str, int] = {}
    for _, _, refs, *_ in kb.comparisons:
        if ident in refs:
            for ref in refs:
                if ref != ident:
                    counts[ref] = counts.get(ref, 0) + 1
    return sorted(counts, key=lambda r: -counts[r])


def _quota_codes(kb: KnowledgeBase, positional: list[str], incomplete: str) -> list[tuple[str, str]]:
    """Quota codes starting with ``incomplete`` (any case), of the service named first if one is."""
    from awsref.text import key

    hit = kb.name(key(positional[0])) if positional else None
    within = f"{hit[1]}/" if hit and hit[0] == "service" else ""
    prefix = incomplete.upper()
    codes = kb.section("quota-codes") or {}
    return [
        (code, label)
        for code, (ref, label) in sorted(codes.items())
        if code.startswith(prefix) and ref.startswith(within)
    ]


def _exam_ids(incomplete: str) -> list[tuple[str, str]]:
    """The exam outline's domain and task ids (D2, D2.T1) with their titles."""
    from awsref.kb import open_kb

    exam = open_kb().section("exam") or {"domains": []}
    ids = [(d["id"], d["title"]) for d in exam["domains"]]
    ids += [(t["id"], t["title"]) for d in exam["domains"] for t in d["tasks"]]
    return [(i, title) for i, title in ids if i.lower().startswith(incomplete.lower())]


def candidates(args: list[str], incomplete: str) -> list[tuple[str, str]]:
    """(value, description) pairs for completing ``incomplete`` after ``args``."""
    command = args[0] if args and not args[0].startswith("-") else None
    if args and args[-1] == "--color":
        return _filter(OPTION_VALUES["--color"], incomplete)
    if command in RESERVED and command not in ("help",):
        return []  # version, update...: never a query to complete
    if command == "help":
        return _filter(list(COMMANDS.items()), incomplete) if len(args) == 1 else []
    positional: list[str] = []
    skip = False
    for word in args[1:]:
        if skip:
            skip = False
        elif option_values(command, word) is not None:
            skip = True  # the option's value is not a positional word
        elif not word.startswith("-"):
            positional.append(word)
    if len(args) > 1:
        values = option_values(command, args[-1])
        if values is not None:
            if command == "export" and args[-1] in ("-s", "--service"):
                from awsref.kb import open_kb

                return _entries(open_kb(), _services(open_kb()), incomplete, ("service",))
            return _filter(values, incomplete)
    if incomplete.startswith("-"):
        options = TOP_OPTIONS if command is None else command_options(command, positional)
        return [(o, h) for o, h in options.items() if o.startswith(incomplete)]
    if command is None:
        return _first_word(incomplete)
    if command == "list":
        return _filter(list(LIST_KINDS.items()), incomplete) if not positional else []
    if command == "calc":
        if not positional:
            return _filter([(c, ", ".join(CALCULATORS[c])) for c in CALCULATORS], incomplete)
        if len(positional) == 1 and positional[0] in CALCULATORS:
            return _filter(list(CALCULATORS[positional[0]].items()), incomplete)
        return []
    if command == "export":
        return _filter(list(EXPORT_FORMATS.items()), incomplete) if not positional else []
    if command == "exam":
        return _exam_ids(incomplete) if not positional else []
    if command not in ("limit", "compare", "define", "show", "quiz", "progress", "usage"):
        return []
    from awsref.kb import open_kb

    kb = open_kb()
    if command in ("quiz", "progress"):
        return _entries(kb, _services(kb), incomplete, ("service",))
    if command == "usage":  # only the services usage can check: those with quota codes
        coded = {ref.partition("/")[0] for ref, _ in (kb.section("quota-codes") or {}).values()}
        checkable = [item for item in _services(kb) if item[0] in coded]
        return [item for item in _entries(kb, checkable, incomplete, ("service",)) if item[0] in coded]
    if command == "limit" and incomplete[:2].upper() == "L-":
        return _quota_codes(kb, positional, incomplete)
    if command == "limit" and not positional:
        with_limits = _services(kb, with_limits=True)
        allowed = {sid for sid, _ in with_limits}
        return [c for c in _entries(kb, with_limits, incomplete, ("service",)) if c[0] in allowed]
    if command == "show" and not positional:
        return _entries(kb, _services(kb), incomplete, ("service",))
    if command == "limit":
        from awsref.text import key

        hit = kb.name(key(positional[0]))
        service = kb.service(positional[0]) or (kb.service(hit[1]) if hit and hit[0] == "service" else None)
        if service is None:
            return []
        items = [(lim["id"], f"{lim['name']}: {lim['display']}") for lim in service["limits"]]
        found = _filter(items, incomplete)
        if found or not incomplete:
            return found
        mine = {lim["id"]: desc for lim, (_, desc) in zip(service["limits"], items, strict=True)}
        refs = _resolved(kb, incomplete, ("limit",), within=f"{service['id']}/")
        return [(r.partition("/")[2], mine.get(r.partition("/")[2], "")) for _, r in refs]
    if command == "define":
        if positional:
            return []
        if len(incomplete) >= 2:
            from awsref.buckets import prefix_bucket

            bucket = kb.section(f"terms-by-prefix/{prefix_bucket(incomplete)}") or []
            hits = [(tid, label) for tid, label in bucket if tid.casefold().startswith(incomplete.casefold())]
            if hits:
                return _exact_first(kb, incomplete, ("term", "service"), hits)
        terms = [(tid, label) for tid, label, *_ in kb.terms]
        return _entries(kb, terms, incomplete, ("term", "service"))
    if command == "compare":
        labels = kb.section("labels")
        subjects = {ref: labels.get(ref, ref) for _, _, refs, *_ in kb.comparisons for ref in refs}
        for sid, item in _services(kb):
            subjects.setdefault(sid, item)
        ordered = list(subjects.items())
        if positional:
            first = _partners(kb, positional[-1])
            rank = {ref: i for i, ref in enumerate(first)}
            ordered.sort(key=lambda item: rank.get(item[0], len(rank)))
        items = [(r, d) for r, d in ordered if r not in positional]
        return _filter(items, incomplete) or _entries(kb, [], incomplete, ("service", "term"))
    return []


def _one_line(s: str) -> str:
    """A value or description as one field of one line: control characters become spaces."""
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else " " for c in s)


# Typer's zsh script (installed before awsref had its own) evals what it receives: it only
# ever gets this constant, never data.
OUTDATED_ZSH = (
    "_message -r 'awsref: this completion script is outdated; run: awsref --install-completion zsh'"
)


def respond(shell: str, environ: dict[str, str] | os._Environ) -> tuple[str, int]:
    """The text to print and the exit code for one completion request."""
    if shell == "bash":
        words = split_arg_string(environ.get("COMP_WORDS", ""))
        try:
            cword = int(environ.get("COMP_CWORD", "0"))
        except ValueError:
            cword = 0
        args = words[1:cword]
        incomplete = words[cword] if 0 <= cword < len(words) else ""
    else:
        line = environ.get("_TYPER_COMPLETE_ARGS", "")
        words = split_arg_string(line)
        args = words[1:]
        if shell in ("powershell", "pwsh"):
            incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
            if incomplete:
                args = args[:-1]
        elif args and not line.endswith(" "):
            incomplete = args.pop()
        else:
            incomplete = ""
    if shell == "zsh":
        return OUTDATED_ZSH, 0
    items = candidates(args, incomplete)
    if shell == "bash":
        return "\n".join(_one_line(v) for v, _ in items), 0
    if shell == "zsh_pairs":  # awsref's own zsh script: value<TAB>description, never code
        return "\n".join(f"{_one_line(v)}\t{_one_line(h)}" for v, h in items), 0
    if shell == "fish":
        action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return "", 0 if items else 1
        return "\n".join(f"{_one_line(v)}\t{' '.join(h.split())}" for v, h in items), 0
    if shell in ("powershell", "pwsh"):
        return "\n".join(f"{_one_line(v)}:::{_one_line(h) or ' '}" for v, h in items), 0
    return "", 1
