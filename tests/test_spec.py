"""The one command spec is what every layer shows: help, fast path, completion, README."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsref import spec
from awsref.completion import candidates
from awsref.entry import FAST_COMMANDS, TYPER_ONLY, parse_fast
from conftest import typer_run

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(spec.COMMANDS))
def test_every_command_is_in_the_help_with_its_spec_line(name: str) -> None:
    out = " ".join(typer_run("--help").out.split())
    assert f"{name} {spec.COMMANDS[name].help.split()[0]}" in out


@pytest.mark.parametrize("name", list(spec.COMMANDS))
def test_every_command_help_shows_its_examples(name: str) -> None:
    out = typer_run(name, "--help").out
    for example in spec.COMMANDS[name].examples:
        assert example in out


@pytest.mark.parametrize("name", list(spec.COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`awsref {name}" in README


@pytest.mark.parametrize("name", list(spec.COMMANDS))
def test_every_command_is_routed_by_the_spec(name: str) -> None:
    c = spec.COMMANDS[name]
    if c.words is None:
        assert name in TYPER_ONLY and name not in FAST_COMMANDS
        assert parse_fast([name, "x"]) is None
    else:
        assert FAST_COMMANDS[name] == c.words


def test_completion_offers_every_command_option_and_format() -> None:
    assert [v for v, _ in candidates([], "")] == list(spec.COMMANDS)
    assert ("--version", "Print the version and exit") in candidates([], "--ver")
    assert [v for v, _ in candidates(["limit", "sqs", "-o"], "")] == list(spec.FORMATS)
    assert [v for v, _ in candidates(["list"], "")] == list(spec.LIST_KINDS)
    assert "anki" in [v for v, _ in candidates(["export"], "")]


def test_bare_awsref_prints_the_spec_usage(capsys: pytest.CaptureFixture[str]) -> None:
    from awsref.entry import dispatch

    assert dispatch([]) == 0
    assert capsys.readouterr().out == spec.usage()


def test_the_readme_coverage_table_is_the_stats_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Regenerate with: awsref stats -o markdown, pasted between the stats markers."""
    from conftest import entry_run

    table = entry_run("stats", "-o", "markdown", capsys=capsys).out
    block = README.split("<!-- stats:begin -->\n", 1)[1].split("<!-- stats:end -->", 1)[0]
    assert block == table


def test_the_typer_choices_are_the_specs() -> None:
    from awsref import cli

    assert [o.value for o in cli.Output] == list(spec.FORMATS)
    assert [s.value for s in cli.Section] == list(spec.CARD_SECTIONS)
    assert [f.value for f in cli.ExportFormat] == list(spec.EXPORT_FORMATS)


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


@pytest.mark.parametrize("name", [n for n, c in spec.COMMANDS.items() if c.options is not None])
def test_a_lookup_command_is_built_from_its_spec(name: str) -> None:
    import typer.main

    from awsref import cli

    c = spec.COMMANDS[name]
    command = typer.main.get_command(cli.app).commands[name]
    options = {p.name for p in command.params if p.param_type_name == "option"}
    assert options == set(c.options or ())
    arguments = [p.metavar for p in command.params if p.param_type_name == "argument"]
    assert arguments == ([c.arg[0]] if c.arg else [])
    assert command.short_help == c.help
