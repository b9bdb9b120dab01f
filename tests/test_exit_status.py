"""One table of exit statuses (``spec.EXIT_STATUSES``) is what the code returns, what
``--help`` says and what the README shows; 70 and 130 hold on both paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsref import entry, errors, spec
from conftest import typer_run

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
FAST = ["limit", "sqs", "message-size"]  # answered by the fast path
TYPER = ["limit", "sqs", "message-size", "--in", "bytes"]  # an option of its own: the Typer app


def test_the_readme_table_is_the_spec() -> None:
    """Regenerate with spec.exit_table(), pasted between the exits markers."""
    block = README.split("<!-- exits:begin -->\n", 1)[1].split("<!-- exits:end -->", 1)[0]
    assert block == spec.exit_table()


def test_help_states_every_exit_status() -> None:
    out = " ".join(typer_run("--help").out.split())
    assert spec.exit_help() in out
    for status in spec.EXIT_STATUSES:
        assert f"{status.code} {status.short}" in out


def test_the_error_classes_use_the_table() -> None:
    assert errors.NotFound("x").exit_code == spec.EXIT["NOT_FOUND"]
    assert errors.UsageError("x").exit_code == spec.EXIT["USAGE"]
    assert errors.DataError("f", ["bad"]).exit_code == spec.EXIT["DATA"]


def test_the_codes_are_distinct_and_fit_a_shell() -> None:
    codes = [s.code for s in spec.EXIT_STATUSES]
    assert len(set(codes)) == len(codes)
    assert all(0 <= c <= 255 for c in codes)
    assert len(spec.EXIT) == len(codes)


def exit_code_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as raised:
        entry.main(argv)
    return int(raised.value.code or 0), capsys.readouterr().err


@pytest.mark.parametrize("argv", [FAST, TYPER], ids=["fast path", "typer path"])
def test_a_bug_is_exit_70_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from awsref import commands

    def broken(*args: object, **kwargs: object) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(commands, "execute", broken)
    monkeypatch.delenv("AWSREF_DEBUG", raising=False)
    code, err = exit_code_of(argv, capsys)
    assert code == spec.EXIT["INTERNAL"] == 70
    assert err.startswith("awsref: internal error: ZeroDivisionError: boom")
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("argv", [FAST, TYPER], ids=["fast path", "typer path"])
def test_ctrl_c_is_exit_130_without_a_traceback(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from awsref import commands

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "execute", interrupted)
    code, err = exit_code_of(argv, capsys)
    assert code == spec.EXIT["INTERRUPTED"] == 130
    assert "Traceback" not in err


def test_an_unwritable_output_is_exit_74_not_a_bug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from awsref import commands

    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(commands, "execute", full)
    code, err = exit_code_of(FAST, capsys)
    assert code == spec.EXIT["IO"] == 74
    assert err == "awsref: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "sqs"],  # fast path
        ["list", "nope"],  # fast path
        ["limit"],  # Typer: missing argument
        ["limit", "sqs", "--bogus"],  # Typer: unknown option
        ["show", "sqs", "--section", "nope"],  # Typer: bad choice
        ["quiz", "-n", "x"],  # the parser: bad number
        ["calc", "dynamodb", "rcu", "--reads", "10"],  # a required option missing
        [
            "calc",
            "dynamodb",
            "rcu",
            "--item-size",
            "6KB",
            "--reads",
            "1",
            "--transactional",
            "--strongly-consistent",
        ],
        ["calc", "nosuch"],  # no such calculator
        ["export", "xml"],  # not an export format
        ["export", "csv", "-o", "json"],  # export has no -o
        ["quiz", "--due=yes"],  # a flag takes no value
        ["search", "kms", "--domain"],  # an option without its value
        ["list", "terms", "--domain", "nosuch"],  # not an exam domain
    ],
    ids=" ".join,
)
def test_a_usage_error_is_one_line_in_one_format_on_both_paths(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = exit_code_of(argv, capsys)
    assert code == spec.EXIT["USAGE"]
    assert err.startswith("awsref: error: ") and err.count("\n") == 1, err
    assert "Usage:" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "encryption", "--domain", "Security"],
        ["list", "terms", "--domain", "SECURITY"],
        ["progress", "--domain", " Security "],
        ["quiz", "-n", "1", "--reveal", "--seed", "1", "--domain", "Security"],
    ],
    ids=" ".join,
)
def test_a_domain_is_read_the_same_way_by_every_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = exit_code_of(argv, capsys)
    assert code == 0, err


@pytest.mark.parametrize(
    "command", [["search", "kms"], ["list", "terms"], ["export", "csv"], ["progress"], ["quiz"]]
)
def test_an_unknown_domain_is_the_same_usage_error_everywhere(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = exit_code_of([*command, "--domain", "Sekurity"], capsys)
    assert code == spec.EXIT["USAGE"]
    assert err.startswith("awsref: error: unknown exam domain 'Sekurity'; one of development, security, ")


def test_export_reads_a_domain_as_the_other_commands_do() -> None:
    from conftest import proc

    result = proc("export", "csv", "--domain", "Security")
    assert result.returncode == 0, result.stderr
    assert ",security," in result.stdout
