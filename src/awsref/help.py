"""``--help`` pages, rendered from the spec: the main page, a command's, a group's.

Plain text that fits 80 columns (no colour, no box drawing), laid out the way Click lays
out help, so that the pages read as they always have; no Typer or Click is imported.
"""

from __future__ import annotations

from awsref.spec import Command, Option, exit_help
from awsref.spec_commands import ASK, COMMANDS, ENVIRONMENT, GLOBAL_OPTIONS

WIDTH = 78
INTRO = (
    "An offline, instant AWS reference: limits and quotas with their sources, service cards, a glossary "
    "and side-by-side comparisons.",
    "A page taller than the terminal opens in a pager (less -FRX: it quits at once when the page fits); "
    "--no-pager or AWSREF_PAGER=never prints it whole. awsref help COMMAND is awsref COMMAND --help.",
)
HELP_ROW = ("-h, --help", "Show this message and exit.")


def wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` characters (a longer word stands alone)."""
    lines: list[str] = []
    line = indent if first is None else first
    start = len(line)
    for word in text.split():
        if len(line) > start and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = indent
            start = len(line)
        line += (" " if len(line) > start else "") + word
    lines.append(line)
    return lines


def rows(items: list[tuple[str, str]]) -> list[str]:
    """Two columns, as Click lays out options and commands: a term, then its wrapped text."""
    if not items:
        return []
    column = min(max(len(term) for term, _ in items), 30) + 4
    out: list[str] = []
    for term, text in items:
        head = f"  {term}"
        if len(head) + 2 > column:
            out.append(head)
            head = ""
        out += wrap(text, WIDTH, " " * column, head.ljust(column))
    return out


def section(title: str, lines: list[str]) -> list[str]:
    return ["", f"{title}:", *lines] if lines else []


def option_term(option: Option) -> str:
    """``-o, --output FORMAT``: short flags first, then the metavar of a valued option."""
    flags = sorted(option.flags, key=lambda f: (f.startswith("--"), f))
    value = "" if option.flag else f" {option.metavar or option.name.upper()}"
    return ", ".join(flags) + value


def option_text(option: Option) -> str:
    extra = ["[required]"] if option.required else []
    if option.default is not None:
        extra.append(f"[default: {option.default}]")
    return "  ".join([option.help, *extra])


def usage_line(path: list[str], command: Command) -> str:
    """``Usage: awsref limit [OPTIONS] SERVICE [WORDS]...``"""
    words = " ".join(a.metavar for a in command.args)
    tail = "COMMAND [ARGS]..." if command.group else words
    return " ".join(part for part in ("Usage: awsref", *path, "[OPTIONS]", tail) if part)


def command_help(path: list[str], command: Command) -> str:
    """The help page of the command at ``path``."""
    lines = [usage_line(path, command), "", *wrap(command.doc, WIDTH, "  ")]
    arguments = [(a.metavar, a.help + ("  [required]" if a.fewest else "")) for a in command.args]
    lines += section("Arguments", rows(arguments))
    options = [(option_term(o), option_text(o)) for o in command.options]
    lines += section("Options", rows([*options, HELP_ROW]))
    lines += section("Commands", rows([(name, c.help) for name, c in command.group.items()]))
    lines += section("Examples", [f"  {e}" for e in command.examples])
    return "\n".join(lines) + "\n"


def main_help() -> str:
    """``awsref --help``: what awsref is, exit codes, environment, options, commands, examples."""
    lines = ["Usage: awsref [OPTIONS] COMMAND [ARGS]..."]
    for paragraph in (*INTRO, exit_help()):
        lines += ["", *wrap(paragraph, WIDTH, "  ")]
    width = max(len(name) for name, _ in ENVIRONMENT)
    lines += ["", "  Environment:", *(f"    {name:<{width}}  {effect}" for name, effect in ENVIRONMENT)]
    options = [("-V, --version", dict(GLOBAL_OPTIONS)["--version"])]
    options += [(flag, text) for flag, text in GLOBAL_OPTIONS if flag != "--version"]
    options += [
        ("--install-completion", "Install completion for the current shell."),
        ("--show-completion", "Show completion for the current shell, to copy it or customize it."),
        HELP_ROW,
    ]
    lines += section("Options", rows(options))
    lines += section("Commands", rows([(name, c.help) for name, c in COMMANDS.items()]))
    lines += section("Examples", [f"  {c.examples[0]}" for c in COMMANDS.values()])
    return "\n".join(lines) + "\n"


def render(path: list[str]) -> str:
    """The help page for ``path`` (empty: the main page)."""
    if not path:
        return main_help()
    command = COMMANDS[path[0]]
    for name in path[1:]:
        command = command.group[name]
    return command_help(path, command)


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
