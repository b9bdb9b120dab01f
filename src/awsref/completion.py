"""Shell completion, answered without importing Typer.

Typer's scripts (``awsref --install-completion`` / ``--show-completion``) call awsref
back with ``_AWSREF_COMPLETE=complete_<shell>`` and the command line in environment
variables; ``entry`` routes such calls here. This module speaks that protocol for
bash, zsh, fish and PowerShell and reads the spec to know what the word being completed
is: a command, a subcommand, an option (every option of that command, calculators and
study commands alike), an option's value (its choices) or a positional word, whose
candidates ``suggest`` finds in the knowledge base.
"""

from __future__ import annotations

import os

from awsref.spec import RESERVED
from awsref.spec_commands import ASK
from awsref.spec_commands import COMMANDS as SPEC_COMMANDS
from awsref.suggest import IN_UNITS, filter_items, first_word, values_for

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from typing import Any

    from awsref.spec import Arg, Command, Option

COMMANDS = {name: c.help for name, c in SPEC_COMMANDS.items()}
# calc SERVICE CALCULATOR, from the spec (completion never imports the calculators)
CALCULATORS = {
    service: {name: leaf.help for name, leaf in group.group.items()}
    for service, group in SPEC_COMMANDS["calc"].group.items()
}
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
COLOR_VALUES = [("auto", "Only on a terminal"), ("always", "Also into a pipe"), ("never", "No colour")]


def leaf(command: str | None, positional: list[str] | None = None) -> Command | None:
    """The spec command the words name: ``calc dynamodb rcu`` is the rcu calculator, a bare
    query the ``ask`` form; None for a group not yet narrowed to one (``calc dynamodb``)."""
    found = SPEC_COMMANDS.get(command or "", ASK)
    for word in positional or []:
        if not found.group:
            break
        if word not in found.group:
            return None
        found = found.group[word]
    return None if found.group else found


def command_options(command: str, positional: list[str] | None = None) -> dict[str, str]:
    """The options the command (or the calculator the words name) takes, from its spec."""
    found = leaf(command, positional)
    out = {flag: o.short for o in found.options for flag in o.flags} if found else {}
    return {**out, "--help": "Show help and exit"}


def spec_option(command: str | None, positional: list[str], flag: str) -> Option | None:
    """The spec option ``flag`` names for this command, or None."""
    found = leaf(command, positional)
    return next((o for o in found.options if flag in o.flags), None) if found else None


def optionvalues_for(command: str | None, flag: str, positional: list[str] | None = None) -> list[Any] | None:
    """What TAB offers as the value of ``flag``: a list (maybe empty, for a number or a size)
    when ``flag`` takes a value there, None when it is a flag or not the command's option."""
    if flag == "--color":
        return COLOR_VALUES
    option = spec_option(command, positional or [], flag)
    if option is None or option.flag:
        return None
    if option.choices:
        return list(option.choices.items())
    return IN_UNITS if option.values == "units" else []


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


def _arg_at(command: Command, index: int) -> Arg | None:
    """The spec argument the ``index``-th positional word fills."""
    for arg in command.args:
        if arg.most is None or index < arg.most:
            return arg
        index -= arg.most
    return None


# What the spec's ``values`` names are offered from; the first four complete only the first
# word (a name in several words is not completed word by word).
FIRST_WORD_ONLY = ("service", "terms", "exam", None)


def _positional(command: str, positional: list[str], incomplete: str) -> list[tuple[str, str]]:
    """The next positional word of ``command``: a subcommand, a choice, or what the spec names."""
    found: Command = SPEC_COMMANDS.get(command, ASK)
    for depth, word in enumerate(positional):
        if not found.group:
            positional = positional[depth:]
            break
        found = found.group.get(word, found)
    else:
        positional = [] if found.group else positional
    if found.group:
        if command == "calc" and found.name == "calc":
            return filter_items([(c, ", ".join(CALCULATORS[c])) for c in CALCULATORS], incomplete)
        return filter_items([(name, c.help.rstrip(".")) for name, c in found.group.items()], incomplete)
    arg = _arg_at(found, len(positional))
    if arg is None or found is ASK:
        return []
    if arg.choices:
        return filter_items(list(arg.choices.items()), incomplete)
    if positional and arg.values in FIRST_WORD_ONLY:
        return []
    return values_for(arg.values, positional, incomplete)


def _scan(command: str | None, words: list[str]) -> list[str]:
    """The positional words among ``words`` (option values are not)."""
    positional: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("-") and word != "-":
            skip = optionvalues_for(command, word, positional) is not None
        else:
            positional.append(word)
    return positional


def candidates(args: list[str], incomplete: str) -> list[tuple[str, str]]:
    """(value, description) pairs for completing ``incomplete`` after ``args``."""
    command = args[0] if args and not args[0].startswith("-") else None
    if command in RESERVED:
        if command == "help" and len(args) == 1:
            return filter_items(list(COMMANDS.items()), incomplete)
        return []  # version, update...: never a query to complete
    positional = _scan(command, args[1:])
    if len(args) > 1 or (args and args[-1] == "--color"):
        option = spec_option(command, positional, args[-1])
        values = optionvalues_for(command, args[-1], positional)
        if values is not None:
            if option is not None and option.values:
                return values_for(option.values, [], incomplete)
            return filter_items(values, incomplete)
    if incomplete.startswith("-"):
        options = TOP_OPTIONS if command is None else command_options(command, positional)
        return [(o, h) for o, h in options.items() if o.startswith(incomplete)]
    if command is None:
        return first_word(incomplete)
    return _positional(command, positional, incomplete)


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


def respond(shell: str, environ: dict[str, str] | os._Environ[str]) -> tuple[str, int]:
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
