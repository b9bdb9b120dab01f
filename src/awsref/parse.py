"""The argv parser for every command, driven by the spec (no Typer, no Click).

``parse`` turns a command line (after ``entry`` has taken the global options) into a
``Call`` (command, words, output format, options by their spec name), a ``Help`` request,
or a ``ParseError`` with one line for the user. Long options take ``--name VALUE`` or
``--name=VALUE``, short ones ``-o VALUE`` or ``-oVALUE``; ``--`` ends the options; a value
from a list of choices is matched case-insensitively and given in its canonical spelling.
"""

from __future__ import annotations

from awsref.spec import Command, Option, choices
from awsref.spec_commands import ASK, COMMANDS

HELP_FLAGS = ("-h", "--help")


class Call:
    """One command to run: ``command`` with its positional ``words`` (for ``calc``, the
    service and calculator first), the output ``fmt`` and the other ``options``."""

    __slots__ = ("command", "fmt", "options", "words")

    def __init__(self, command: str, words: list[str], fmt: str | None, options: dict[str, object]) -> None:
        self.command = command
        self.words = words
        self.fmt = fmt
        self.options = options


class Help:
    """``--help`` for the command at ``path`` (empty: the main help); ``error`` when a group
    was given no subcommand (its help goes to stderr, exit 2)."""

    __slots__ = ("error", "path")

    def __init__(self, path: list[str], error: bool = False) -> None:
        self.path = path
        self.error = error


class ParseError(Exception):
    """A usage error: ``message`` for one line, ``path`` names the command's ``--help``."""

    def __init__(self, message: str, path: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def shown(text: str) -> str:
    """A word of the user's in a message: quoted, short, control characters made visible."""
    text = text[:40]
    return repr(text if text.isprintable() else "".join(c if c.isprintable() else "?" for c in text))


def find(command: Command, token: str) -> tuple[Option | None, str, str | None]:
    """The option ``token`` names, the flag as typed and a value attached to it, if any."""
    if token.startswith("--"):
        flag, eq, attached = token.partition("=")
        value: str | None = attached if eq else None
    else:
        flag, value = token[:2], (token[2:] or None)
    option = next((o for o in command.options if flag in o.flags), None)
    return option, flag, value


def convert(option: Option, flag: str, value: str, path: list[str]) -> object:
    """``value`` as the option takes it: a canonical choice, a whole number, or the text."""
    if option.choices:
        wanted = value.strip().casefold()
        match = next((c for c in option.choices if c.casefold() == wanted), None)
        if match is None:
            known = ", ".join(option.choices)
            if option.name == "domain":
                raise ParseError(f"unknown exam domain {shown(value)}; one of {known}", path)
            raise ParseError(f"{flag}: {shown(value)} is not one of {known}", path)
        return match
    if option.kind == "int":
        try:
            return int(value.strip())
        except ValueError:
            raise ParseError(f"{flag}: {shown(value)} is not a whole number", path) from None
    return value


def store(values: dict[str, object], option: Option, value: object, path: list[str]) -> None:
    """Keep one option's value: a repeatable one collects, exclusive flags refuse a second."""
    if option.repeat:
        values.setdefault(option.name, [])
        values[option.name].append(value)  # type: ignore[attr-defined]
        return
    old = values.get(option.name)
    if option.flag and option.value is not True and old is not None and old != value:
        rivals = [o.flags[0] for o in path_options(path) if o.name == option.name]
        raise ParseError(f"choose one of {', '.join(rivals)}", path)
    values[option.name] = value


def path_options(path: list[str]) -> tuple[Option, ...]:
    """The options of the command at ``path``."""
    return command_at(path).options


def command_at(path: list[str]) -> Command:
    """The spec command at ``path`` (``["calc", "dynamodb", "rcu"]``; ``[]`` or a bare query: ask)."""
    found = COMMANDS.get(path[0], ASK) if path else ASK
    for name in path[1:]:
        found = found.group[name]
    return found


def read_options(command: Command, tokens: list[str], path: list[str]) -> tuple[list[str], dict[str, object]]:
    """The positional words and the option values in ``tokens``; raises ParseError."""
    words: list[str] = []
    values: dict[str, object] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "--":
            words += tokens[i:]
            break
        if not token.startswith("-") or token == "-":
            words.append(token)
            continue
        option, flag, value = find(command, token)
        if option is None:
            raise ParseError(f"no such option: {shown(flag)[1:-1]}", path)
        if option.flag:
            if value is not None:
                raise ParseError(f"option {flag} takes no value", path)
            store(values, option, option.value, path)
            continue
        if value is None:
            if i >= len(tokens):
                raise ParseError(f"option {flag} needs a value", path)
            value, i = tokens[i], i + 1
        store(values, option, convert(option, flag, value, path), path)
    return words, values


def check_words(command: Command, words: list[str], path: list[str]) -> list[str]:
    """The positional words counted against the spec; choices made canonical."""
    fewest, most = command.words
    if len(words) < fewest:
        missing = next(a.metavar for a in command.args if a.fewest)
        raise ParseError(f"missing argument {missing}", path)
    if most is not None and len(words) > most:
        extra = " ".join(words[most:])[:80]
        raise ParseError(f"unexpected extra words: {shown(extra)[1:-1]}", path)
    out = list(words)
    at = 0
    for arg in command.args:
        if arg.choices and at < len(out):
            wanted = out[at].strip().casefold()
            match = next((c for c in arg.choices if c.casefold() == wanted), None)
            if match is None:
                known = ", ".join(arg.choices)
                raise ParseError(f"unknown {arg.name} {shown(out[at])}; one of {known}", path)
            out[at] = match
        at += arg.most if arg.most is not None else len(out)
    return out


def parse(argv: list[str]) -> Call | Help:
    """The ``Call`` or ``Help`` that ``argv`` asks for; raises ParseError."""
    if not argv or argv[0] in HELP_FLAGS:
        return Help([])
    head = argv[0]
    if head.startswith("-") and head not in ("-", "--"):
        raise ParseError(f"no such option: {shown(head.partition('=')[0])[1:-1]}", [])
    if head in COMMANDS:
        path, rest = [head], argv[1:]
    else:
        path, rest = [], argv  # a bare query: ``awsref sqs message size``
    command = command_at(path)
    while command.group:
        if not rest or rest[0] in HELP_FLAGS:
            return Help(path, error=not rest)
        if rest[0] not in command.group:
            known = choices(list(command.group))
            raise ParseError(f"no such command: {shown(rest[0])} (one of {known})", path)
        path.append(rest[0])
        command, rest = command.group[rest[0]], rest[1:]
    if any(t in HELP_FLAGS for t in rest[: rest.index("--") if "--" in rest else len(rest)]):
        return Help(path)
    words, values = read_options(command, rest, path)
    missing = [o.flags[0] for o in command.options if o.required and o.name not in values]
    if missing:
        raise ParseError(f"missing option {missing[0]}", path)
    for option in command.options:
        if option.default is not None or (option.flag and option.value is True):
            values.setdefault(option.name, False if option.default is None else option.default)
    fmt = values.pop("output", None)
    words = check_words(command, words, path)
    name = path[0] if path else ASK.name
    return Call(name, path[1:] + words, fmt if isinstance(fmt, str) else None, values)
