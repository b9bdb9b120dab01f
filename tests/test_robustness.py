"""No traceback, ever: odd arguments, hostile terminals and pipes, no network."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsref import entry
from awsref.spec import EXIT
from conftest import proc

DOCUMENTED = {EXIT[name] for name in ("OK", "NOT_FOUND", "USAGE", "DATA")}  # 70 would be a bug
COMMANDS = ["limit", "compare", "define", "show", "search", "list", "validate"]


def run_quiet(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = entry.dispatch(argv)
    return code, out.getvalue(), err.getvalue()


TOKENS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "-o",
            "--output",
            "json",
            "table",
            "-h",
            "--",
            "-",
            "--output=",
            "-ojson",
            "[bold]",
            "[/]",
            "[link=http://x]y[/link]",
            "\x1b[31m",
            "\u202e",
            "e\u0301",
            "数据",
            "مرحبا",
            "🙂",
            "sqs",
            "s3",
            "message",
            "size",
            "--version",
            "-x",
            "  ",
            "",
        ]
    ),
)


# 45 examples per command (315 in all), one test per command so the workers share them.
@pytest.mark.parametrize("command", COMMANDS)
@settings(max_examples=45, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=st.lists(TOKENS, max_size=6))
def test_random_argv_never_raises_and_exits_with_a_documented_code(
    command: str, args: list[str], small_data: Path
) -> None:
    with pytest.MonkeyPatch.context() as env:
        if command == "validate":
            args = [a for a in args if a.startswith("-")]  # never read arbitrary paths
            env.setenv("AWSREF_DATA", str(small_data))  # validated whole at every example
        code, _, err = run_quiet([command, *args])
    assert code in DOCUMENTED, err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["define", ""],
        ["define", "   "],
        ["limit", ""],
        ["search", "x" * 10_000],
        ["define", "[bold]red[/]"],
        ["define", "\x1b[31mred\x1b[0m"],
        ["show", "🙂"],
        ["show", "数据库"],
        ["define", "\u202emoor"],
        ["compare", "sqs"],
        ["compare", "sqs", "sqs"],
        ["limit", "-o", "json", "sqs", "message-size"],
        ["-o", "json", "limit", "sqs"],
    ],
    ids=repr,
)
def test_odd_arguments_get_a_documented_code_and_no_traceback(argv: list[str]) -> None:
    code, _, err = run_quiet(argv)
    assert code in DOCUMENTED
    assert "Traceback" not in err


def test_markup_in_a_query_is_shown_literally() -> None:
    for argv in (["define", "[bold]zzqx[/bold]", "-o", "table"], ["show", "[red]qq", "-o", "markdown"]):
        _, out, err = run_quiet(argv)
        shown = out + err
        assert argv[1] in shown.replace("\\[", "[").replace("\\]", "]"), shown


def test_escape_sequences_in_a_query_are_never_echoed_raw() -> None:
    _, out, err = run_quiet(["define", "\x1b[2Jzzqx"])
    assert "\x1b" not in out + err
    assert "\\x1b[2Jzzqx" in err


def test_a_10000_character_query_is_refused_quickly_as_a_usage_error() -> None:
    code, _, err = run_quiet(["limit", "sqs", "size " * 2000])
    assert code == 2
    assert "too long" in err and len(err) < 500


def test_a_query_at_the_length_cap_is_still_answered() -> None:
    for argv in (["limit", "sqs", *["size"] * 62], ["limit", "sqs", "s" * 990]):
        code, _, err = run_quiet(argv)
        assert code in {0, 1}, err


def test_no_command_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("awsref opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for argv in (
        ["limit", "sqs", "message-size"],
        ["compare", "memcached", "redis"],
        ["define", "ttl"],
        ["show", "s3"],
        ["search", "exponential", "backoff"],
        ["list", "limits"],
        ["limit", "sqs", "message-size", "-o", "table"],
        ["show", "lambda", "-o", "markdown"],
    ):
        code, _, err = run_quiet(argv)
        assert code in {0, 1}, err


def test_closed_pipe_exits_quietly() -> None:
    cmd = f"set -o pipefail; {sys.executable} -m awsref list limits | head -1"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60, env=os.environ)
    assert result.returncode == 0
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def test_piped_table_has_no_escape_codes() -> None:
    assert "\x1b" not in proc("show", "sqs", "-o", "table").stdout


@pytest.mark.parametrize("columns", ["12", "1", "0", "-5", "abc"])
def test_any_columns_value_still_renders_the_answer(columns: str) -> None:
    result = proc("limit", "sqs", "message-size", "-o", "table", env={"COLUMNS": columns})
    assert result.returncode == 0
    assert "1 MiB" in result.stdout and "message-size" in result.stdout


@pytest.mark.parametrize(
    "env", [{"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}], ids=["LANG=C", "ascii"]
)
@pytest.mark.parametrize("fmt", ["table", "text", "markdown", "json"])
def test_ascii_terminals_do_not_crash_on_non_ascii_data(env: dict[str, str], fmt: str) -> None:
    result = proc("compare", "memcached", "redis", "-o", fmt, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def tty_output(*args: str, env: dict[str, str]) -> bytes:
    master, slave = pty.openpty()
    full_env = {**os.environ, "COLUMNS": "100", **env}
    p = subprocess.Popen([sys.executable, "-m", "awsref", *args], stdout=slave, stderr=slave, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=60)
    os.close(master)
    return b"".join(chunks)


def test_a_terminal_gets_a_table_with_colour() -> None:
    out = tty_output("limit", "sqs", "message-size", env={"TERM": "xterm-256color"})
    assert b"\x1b[" in out
    assert b"1 MiB" in out


def test_no_color_removes_every_escape_code_on_a_terminal() -> None:
    out = tty_output("limit", "sqs", "message-size", env={"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert b"\x1b[" not in out
    assert b"1 MiB" in out


def test_term_dumb_gets_no_colour() -> None:
    out = tty_output("limit", "sqs", "message-size", env={"TERM": "dumb"})
    assert b"\x1b[3" not in out


def test_force_color_colours_a_pipe() -> None:
    assert "\x1b[" in proc("limit", "sqs", "message-size", "-o", "table", env={"FORCE_COLOR": "1"}).stdout


def test_help_has_no_box_drawing_when_piped_or_dumb() -> None:
    for env in ({}, {"TERM": "dumb"}, {"NO_COLOR": "1"}):
        out = proc("--help", env=env).stdout
        assert "╭" not in out and "─" not in out


def test_help_keeps_square_brackets_literal() -> None:
    assert "[WORDS]..." in proc("limit", "--help").stdout


@pytest.mark.parametrize("home", ["", "/proc/awsref-no-such-home", "/proc"])
def test_a_missing_or_read_only_home_changes_nothing(home: str, small_data: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("AWSREF_CACHE_DIR", "AWSREF_NOTES_DIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "HOME")
    }
    env["AWSREF_DATA"] = str(small_data)  # no cache: a cold build, a tenth the packaged one's
    if home:
        env["HOME"] = home
    result = subprocess.run(
        [sys.executable, "-m", "awsref", "limit", "sqs", "message-size", "-o", "text"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("limit\tsqs\tmessage-size")
    assert result.stderr == ""


def test_typer_pretty_exceptions_are_off() -> None:
    from awsref.cli import app

    assert app.pretty_exceptions_enable is False
