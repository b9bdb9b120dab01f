"""What users type out of habit from other tools means what it means there.

``help``, ``version``, ``update``, ``config`` and ``random`` are never read as a query;
``--color``, ``--no-pager``, ``--header``, ``--man``; a JSON miss is JSON; "did you mean"
never cuts the command it suggests.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from awsref import __version__, output, spec, spec_commands
from awsref.entry import parse_fast
from awsref.manpage import man_page
from awsref.output import clip_hint
from conftest import ROOT, entry_run, proc, typer_run


@pytest.fixture(autouse=True)
def fresh_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--color`` and ``--header`` set module flags: each test starts without them."""
    monkeypatch.setattr(output, "color", None)
    monkeypatch.setattr(output, "header", False)


@pytest.mark.parametrize("word", sorted(spec.RESERVED))
def test_a_reserved_word_never_takes_the_fast_path_as_a_query(word: str) -> None:
    assert parse_fast([word]) is None
    assert parse_fast([word.upper()]) is None


def test_help_alone_is_the_main_help(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("help", capsys=capsys)
    assert result.code == 0
    assert "Usage: awsref [OPTIONS] COMMAND" in result.out


@pytest.mark.parametrize("command", sorted(spec_commands.COMMANDS))
def test_help_command_is_that_commands_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    via_help = entry_run("help", command, capsys=capsys)
    direct = entry_run(command, "--help", capsys=capsys)
    assert via_help.code == direct.code == 0
    assert via_help.out == direct.out
    assert f"Usage: awsref {command}" in via_help.out


def test_help_of_a_subcommand_is_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("help", "calc", "dynamodb", "rcu", capsys=capsys)
    assert result.code == 0
    assert "Usage: awsref calc dynamodb rcu" in result.out


def test_help_of_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("help", "frobnicate", capsys=capsys)
    assert result.code == spec.EXIT["USAGE"]
    assert result.out == ""
    assert "no such command: 'frobnicate'" in result.err


@pytest.mark.parametrize("argv", [["version"], ["Version"], ["--version"]])
def test_version_prints_the_version(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run(*argv, capsys=capsys)
    assert (result.code, result.out) == (0, f"awsref {__version__}\n")


def test_version_with_words_is_a_usage_error_not_a_definition(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("version", "s3", capsys=capsys)
    assert result.code == spec.EXIT["USAGE"]
    assert result.out == ""
    assert "awsref search version s3" in result.err


@pytest.mark.parametrize("word", spec.HINTS)
def test_update_config_random_say_what_to_run_in_one_line(
    word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = entry_run(word, capsys=capsys)
    assert result.code == spec.EXIT["USAGE"]
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0] == f"awsref: {spec.RESERVED[word]}"
    assert "awsref " in lines[0] or "pipx" in lines[0]


def test_the_main_help_documents_the_pager_and_its_variables() -> None:
    out = typer_run("--help").out
    for text in ("--no-pager", "AWSREF_PAGER", "PAGER", "LESS", "--color", "NO_COLOR", "FORCE_COLOR"):
        assert text in out, text


def test_the_readme_names_every_environment_variable_and_global_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Environment", 1)[1].split("\n\n", 2)[1]
    for name, _ in spec_commands.ENVIRONMENT:
        assert f"`{name}`" in table, name
    for flag, _ in spec_commands.GLOBAL_OPTIONS:
        assert flag.split()[0] in readme, flag


def test_the_man_page_is_generated_from_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("--man", capsys=capsys)
    assert result.code == 0
    assert result.out == man_page()
    assert result.out.startswith(".TH AWSREF 1")
    text = result.out.replace("\\-", "-")
    for name in spec_commands.COMMANDS:
        assert f"\\fB{name}" in text, name
    for option in spec.OPTIONS.values():
        assert option.flags[0] in text
    for flag, _ in spec_commands.GLOBAL_OPTIONS:
        assert flag.split()[0] in text
    for name, _ in spec_commands.ENVIRONMENT:
        assert f"\\fB{name}\\fR" in text
    for status in spec.EXIT_STATUSES:
        assert f"\\fB{status.code}\\fR" in text


def test_man_renders_the_page_without_warnings() -> None:
    import shutil

    if shutil.which("man") is None or shutil.which("groff") is None:
        pytest.skip("man/groff not installed")
    done = subprocess.run(
        ["man", "--warnings", "-l", "-"],
        input=man_page(),
        capture_output=True,
        text=True,
        timeout=30,
        env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "awsref limit sqs message-size" in done.stdout.replace("‐", "-")


@pytest.mark.parametrize(
    ("argv", "escapes"),
    [
        (["--color", "always"], True),
        (["--color=always"], True),
        (["--color", "never"], False),
        (["--color", "auto"], False),
    ],
)
def test_color_flag_decides_colour_into_a_pipe(argv: list[str], escapes: bool) -> None:
    result = proc("limit", "sqs", "message-size", "-o", "table", *argv, env={"AWSREF_PAGER": "never"})
    assert result.returncode == 0, result.stderr
    assert ("\x1b[" in result.stdout) is escapes


def test_color_never_beats_force_color() -> None:
    env = {"FORCE_COLOR": "1", "AWSREF_PAGER": "never"}
    result = proc("limit", "sqs", "message-size", "-o", "table", "--color", "never", env=env)
    assert "\x1b[" not in result.stdout


def test_color_always_never_starts_a_pager_into_a_pipe() -> None:
    env = {"AWSREF_PAGER": "false-pager-that-does-not-exist", "LINES": "3"}
    result = proc("show", "sqs", "-o", "table", "--color", "always", env=env)
    assert result.returncode == 0
    assert "SQS" in result.stdout


def test_a_bad_color_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("limit", "sqs", "--color", "sometimes", capsys=capsys)
    assert result.code == spec.EXIT["USAGE"]
    assert "'sometimes' is not one of auto, always, never" in result.err


def test_text_header_names_each_record_types_fields_before_its_first_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = entry_run("list", "limits", "-o", "text", "--header", capsys=capsys)
    lines = result.out.splitlines()
    assert lines[0].split("\t")[:4] == ["record", "service", "id", "name"]
    assert sum(line.startswith("record\t") for line in lines) == 1
    assert len(lines[0].split("\t")) == len(lines[1].split("\t"))


def test_every_record_type_has_a_header_as_wide_as_its_records(capsys: pytest.CaptureFixture[str]) -> None:
    from test_formats import CASES

    for name, case in CASES.items():
        if "text" not in case.formats or name == "quiz-reveal":
            continue
        out = entry_run(*case.argv, "-o", "text", "--header", capsys=capsys).out
        head: dict[str, int] = {}
        lines = out.splitlines()
        for prev, line in zip(["", *lines], lines, strict=False):
            fields = line.split("\t")
            if fields[0] == "record":
                continue
            if fields[0] not in head:
                assert prev.startswith("record\t"), f"{name}: no header before {fields[0]}"
                head[fields[0]] = len(prev.split("\t"))
                unnamed = re.search(r"\tvalue_[0-9]", prev)
                assert not unnamed or fields[0] == "row", f"{name}: unnamed fields of {fields[0]}"
            assert len(fields) == head[fields[0]], f"{name}: {fields[0]}"


def test_without_header_text_output_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    out = entry_run("limit", "sqs", "message-size", "-o", "text", capsys=capsys).out
    assert out.startswith("limit\tsqs\tmessage-size\t")


@pytest.mark.parametrize(
    ("argv", "status", "kind"),
    [
        (["define", "flibbertigibbet"], 1, "not-found"),
        (["limit", "nosuchservice", "size"], 1, "not-found"),
        (["compare", "sqs"], 2, "usage"),
    ],
)
def test_a_json_miss_is_a_json_error_object_on_stdout(
    argv: list[str], status: int, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = entry_run(*argv, "-o", "json", capsys=capsys)
    assert result.code == status
    doc = json.loads(result.out)
    assert doc["version"] == 1 and doc["kind"] == "error" and doc["result"] is None
    assert doc["error"]["status"] == status and doc["error"]["type"] == kind
    assert result.err.startswith("awsref: error: ")
    assert doc["error"]["message"] in result.err


def test_a_json_miss_into_a_closed_stdout_keeps_its_exit_status() -> None:
    closed = subprocess.run(
        ["sh", "-c", 'exec "$0" -m awsref define flibbertigibbet -o json >&-', sys.executable],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert closed.returncode == 1, closed.stderr


def test_did_you_mean_never_cuts_the_command_it_suggests() -> None:
    command = "awsref limit lambda some-long-limit-id"
    hint = "Lambda Something: " + "a long value " * 40 + f"({command})"
    clipped = clip_hint(hint)
    assert clipped.endswith(f"({command})")
    assert len(clipped) <= 200
    assert "…" in clipped


def test_did_you_mean_lines_end_with_whole_commands(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("limit", "sqs", "banana", capsys=capsys)
    line = next(x for x in result.err.splitlines() if x.startswith("did you mean: "))
    for hint in line.removeprefix("did you mean: ").split("; "):
        assert re.search(r"\(awsref limit [a-z0-9-]+ [a-z0-9-]+\)$", hint), hint


def test_a_study_commands_json_miss_is_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("progress", "nosuchservice", "-o", "json", capsys=capsys)
    assert result.code == spec.EXIT["NOT_FOUND"]
    doc = json.loads(result.out)
    assert doc["kind"] == "error" and doc["command"] == "progress" and doc["error"]["status"] == 1


def test_the_main_help_fits_80_columns() -> None:
    out = typer_run("--help").out
    wide = [line for line in out.splitlines() if len(line) > 80]
    assert not wide, wide
