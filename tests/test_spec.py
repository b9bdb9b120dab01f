"""The one command spec is what every layer shows: help, fast path, completion, README."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsref import spec, spec_commands
from awsref.completion import candidates
from awsref.entry import FAST_COMMANDS, PARSER_ONLY, parse_fast
from awsref.parse import Call, ParseError, parse
from conftest import typer_run

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def leaves(path: list[str] | None = None, commands: dict | None = None) -> list:
    """(path, command) of every runnable command of the spec, calculators included."""
    out = []
    for name, command in (spec_commands.COMMANDS if commands is None else commands).items():
        at = [*(path or []), name]
        out += leaves(at, command.group) if command.group else [(at, command)]
    return out


def spec_command(path: list[str]) -> spec.Command:
    return dict((" ".join(p), c) for p, c in leaves())[" ".join(path)]


def sample_words(command: spec.Command) -> list[str]:
    return [next(iter(a.choices)) if a.choices else "sqs" for a in command.args for _ in range(a.fewest)]


def required_options(command: spec.Command) -> list[str]:
    return [t for o in command.options if o.required for t in (o.flags[0], "1")]


@pytest.mark.parametrize("name", list(spec_commands.COMMANDS))
def test_every_command_is_in_the_help_with_its_spec_line(name: str) -> None:
    out = " ".join(typer_run("--help").out.split())
    assert f"{name} {spec_commands.COMMANDS[name].help.split()[0]}" in out


@pytest.mark.parametrize("name", list(spec_commands.COMMANDS))
def test_every_command_help_shows_its_examples(name: str) -> None:
    out = typer_run(name, "--help").out
    for example in spec_commands.COMMANDS[name].examples:
        assert example in out


@pytest.mark.parametrize("name", list(spec_commands.COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`awsref {name}" in README


@pytest.mark.parametrize("name", list(spec_commands.COMMANDS))
def test_every_command_is_routed_by_the_spec(name: str) -> None:
    c = spec_commands.COMMANDS[name]
    if not c.fast:
        assert name in PARSER_ONLY and name not in FAST_COMMANDS
        assert parse_fast([name, "x"]) is None
    else:
        assert FAST_COMMANDS[name] == c.words


def test_completion_offers_every_command_option_and_format() -> None:
    assert [v for v, _ in candidates([], "")] == list(spec_commands.COMMANDS)
    assert ("--version", "Print the version and exit") in candidates([], "--ver")
    assert [v for v, _ in candidates(["limit", "sqs", "-o"], "")] == list(spec.FORMATS)
    assert [v for v, _ in candidates(["list"], "")] == list(spec.LIST_KINDS)
    assert "anki" in [v for v, _ in candidates(["export"], "")]


def test_bare_awsref_prints_the_spec_usage(capsys: pytest.CaptureFixture[str]) -> None:
    from awsref.entry import dispatch

    assert dispatch([]) == 0
    from awsref.help import usage

    assert capsys.readouterr().out == usage()


def test_the_readme_coverage_table_is_the_stats_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Regenerate with: awsref stats -o markdown, pasted between the stats markers."""
    from conftest import entry_run

    table = entry_run("stats", "-o", "markdown", capsys=capsys).out
    block = README.split("<!-- stats:begin -->\n", 1)[1].split("<!-- stats:end -->", 1)[0]
    assert block == table


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in leaves()])
def test_every_choice_is_accepted_in_any_case_and_nothing_else(path: str) -> None:
    words, command = path.split(), spec_command(path.split())
    base = [*words, *sample_words(command), *required_options(command)]
    for option in [o for o in command.options if o.choices]:
        for value in option.choices:
            call = parse([*base, option.flags[0], value.upper()])
            assert isinstance(call, Call)
            got = call.fmt if option.name == "output" else call.options[option.name]
            assert got == value
        with pytest.raises(ParseError):
            parse([*base, option.flags[0], "no-such-value"])


def test_every_format_has_a_renderer_module() -> None:
    import importlib

    assert list(spec.RENDERERS) == list(spec.FORMATS)
    for module in spec.RENDERERS.values():
        assert callable(importlib.import_module(f"awsref.{module}").render)


@pytest.mark.parametrize("fmt", list(spec.FORMATS))
def test_every_format_is_in_the_output_help(fmt: str) -> None:
    out = " ".join(typer_run("limit", "--help").out.split())
    assert f"{fmt}: {spec.FORMATS[fmt]}" in out


def test_the_readme_code_map_names_every_module() -> None:
    import awsref

    code_map = README.split("How a command line flows", 1)[1].split("\n## ", 1)[0]
    for module in sorted(Path(awsref.__file__).parent.glob("*.py")):
        if not module.name.startswith("__"):
            assert f"`{module.stem}`" in code_map, module.stem


def test_the_spec_has_every_command_users_run() -> None:
    assert {" ".join(p) for p, _ in leaves()} >= {
        "limit", "quiz", "progress", "export", "calc dynamodb rcu", "calc api-gateway throttle"
    }  # fmt: skip
    from awsref.calc import FUNCTIONS

    assert {tuple(p[1:]) for p, _ in leaves() if p[0] == "calc"} == set(FUNCTIONS)


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in leaves()])
def test_help_completion_man_page_and_parser_agree_with_the_spec(path: str) -> None:
    """Walks every command of the spec and what each layer derives from it: the help page
    lists exactly its options and arguments, TAB offers exactly its options, the man page
    names them, and the parser reads each one."""
    import re

    from awsref.help import render
    from awsref.manpage import man_page

    words, command = path.split(), spec_command(path.split())
    page = render(words)
    listed = set(re.findall(r"^  (-[-\w]+)(?:, (-[-\w]+))?", page.split("Options:")[1], re.M))
    flags = {f for pair in listed for f in pair if f}
    assert flags == {f for o in command.options for f in o.flags} | {"-h", "--help"}
    assert all(a.metavar in page for a in command.args)
    offered = {v for v, _ in candidates(words, "-")}
    assert offered == {f for o in command.options for f in o.flags} | {"--help"}
    man = man_page().replace("\\-", "-")
    assert all(o.flags[0] in man for o in command.options)
    base = [*words, *sample_words(command), *required_options(command)]
    for option in command.options:
        value = [] if option.flag else [next(iter(option.choices)) if option.choices else "2"]
        call = parse([*base, option.flags[-1], *value])
        assert isinstance(call, Call), (option.flags, call)
        assert option.name in call.options or (option.name == "output" and call.fmt)
