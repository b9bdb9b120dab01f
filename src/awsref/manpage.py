"""``awsref --man``: the manual page, in roff, generated from the spec.

Every command with its help and examples, the global options, the output formats, the
environment and the exit statuses come from ``spec``, so the page cannot drift from
``--help`` (a test checks it names every command, option, variable and exit status).
"""

from __future__ import annotations

from awsref import __version__
from awsref.spec import EXIT_STATUSES, FORMATS, RESERVED, Command, Option
from awsref.spec_commands import COMMANDS, ENVIRONMENT, GLOBAL_OPTIONS


def _roff(text: str) -> str:
    """Text safe in roff: backslashes doubled, hyphens literal, no line starting with a dot."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def _tagged(tag: str, body: str) -> list[str]:
    return [".TP", f"\\fB{_roff(tag)}\\fR", _roff(body)]


def _commands(path: list[str], commands: dict[str, Command]) -> list[tuple[list[str], Command]]:
    """Every command and subcommand, depth first (a group before its members)."""
    out: list[tuple[list[str], Command]] = []
    for name, command in commands.items():
        out.append(([*path, name], command))
        out += _commands([*path, name], command.group)
    return out


def _options() -> list[Option]:
    """Every option of every command once (by its flags and help), in the spec's order."""
    seen: dict[tuple[tuple[str, ...], str], Option] = {}
    for _, command in _commands([], COMMANDS):
        for option in command.options:
            seen.setdefault((option.flags, option.help), option)
    return list(seen.values())


def man_page() -> str:
    """The whole manual page, section 1."""
    lines = [
        f'.TH AWSREF 1 "" "awsref {__version__}" "User Commands"',
        ".SH NAME",
        "awsref \\- offline, instant AWS reference: limits, service cards, glossary, comparisons",
        ".SH SYNOPSIS",
        "\\fBawsref\\fR \\fICOMMAND\\fR [\\fIWORDS\\fR...] [\\fB\\-o\\fR \\fIFORMAT\\fR]",
        ".br",
        "\\fBawsref\\fR \\fIWORDS\\fR...",
        ".SH DESCRIPTION",
        _roff(
            "awsref answers from a knowledge base that ships with it: limits and quotas with their "
            "current value and the AWS page that says so, service cards, a glossary and side-by-side "
            "comparisons. Without a command, the words are answered as the best command would. "
            "A page taller than the terminal opens in a pager."
        ),
        ".SH COMMANDS",
    ]
    for path, command in _commands([], COMMANDS):
        usage = " ".join([*path, *(a.metavar for a in command.args)])
        lines += _tagged(usage, command.help)
        for example in command.examples:
            lines += [".br", f"\\fB{_roff(example)}\\fR"]
    lines += _tagged("help [COMMAND]", RESERVED["help"])
    lines += _tagged("version", RESERVED["version"])
    lines.append(".SH OPTIONS")
    for option in _options():
        flags = ", ".join(option.flags)
        value = "" if option.flag else f" {option.metavar or option.name.upper()}"
        lines += _tagged(flags + value, option.help)
    for flag, text in GLOBAL_OPTIONS:
        lines += _tagged(flag, text)
    lines.append(".SH OUTPUT FORMATS")
    for name, text in FORMATS.items():
        lines += _tagged(name, text)
    lines.append(".SH ENVIRONMENT")
    for name, effect in ENVIRONMENT:
        lines += _tagged(name, effect)
    lines.append(".SH EXIT STATUS")
    for status in EXIT_STATUSES:
        lines += _tagged(str(status.code), status.meaning.replace("`", "").replace("\\|", "|"))
    lines += [".SH SEE ALSO", _roff("awsref --help; awsref help COMMAND; the README of the project.")]
    return "\n".join(lines) + "\n"
