"""Nothing a file, a stream or a shared directory can do breaks awsref or its user (issue 14).

Every test here reproduces one of the issue's findings with real processes: closed
descriptors, /dev/full, FIFOs, hostile notes and data files, a cache directory someone
else can write to, and a real zsh driven through zpty for the completion injection.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

PY = [sys.executable, "-m", "awsref"]
SQS_SIZE = ["limit", "sqs", "message-size"]


def run(
    *args: str,
    env: dict[str, str] | None = None,
    close: tuple[int, ...] = (),
    stdout: object = subprocess.PIPE,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """``python -m awsref ARGS`` as a real process; ``close`` names descriptors closed in it."""

    def closer() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run(
        [*PY, *args],
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=None if 1 in close else stdout,
        stderr=None if 2 in close else subprocess.PIPE,
        preexec_fn=closer if close else None,
        timeout=timeout,
    )


def text(b: bytes | None) -> str:
    return (b or b"").decode("utf-8", "replace")


# ---------------------------------------------------------------- streams and exit codes


def test_closed_stdout_is_an_io_error_not_an_internal_error() -> None:
    result = run(*SQS_SIZE, close=(1,))
    assert result.returncode == 74
    err = text(result.stderr)
    assert err == "awsref: error: cannot write the output: standard output is closed\n"


def test_closed_stdout_does_not_change_a_miss() -> None:
    result = run("limit", "sqs", "zzqxv", close=(1,))
    assert result.returncode == 1
    assert "no SQS limit matches" in text(result.stderr)
    assert "internal error" not in text(result.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json", "table", "markdown"])
def test_a_full_device_is_one_line_and_exit_74(fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        result = run(*SQS_SIZE, "-o", fmt, stdout=full)
    assert result.returncode == 74
    err = text(result.stderr)
    assert err == "awsref: error: cannot write the output: No space left on device\n"
    assert "Exception ignored" not in err and "report" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_help_on_a_full_device_is_exit_74() -> None:
    with open("/dev/full", "wb") as full:
        result = run("--help", stdout=full)
    assert result.returncode == 74
    assert "Exception ignored" not in text(result.stderr)


@pytest.mark.parametrize(
    "args", [["list", "limits", "-o", "table"], ["list", "limits"], ["--help"], ["limit", "--help"]]
)
def test_output_closed_early_exits_0(args: list[str]) -> None:
    # `true` never reads: every write of awsref meets a closed pipe (the `| head -c1` case).
    cmd = " ".join([*PY, *args]) + " | true; echo ${PIPESTATUS[0]}"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "0", result.stderr
    assert result.stderr == ""


def test_head_c1_on_a_table_exits_0() -> None:
    cmd = " ".join([*PY, "list", "limits", "-o", "table"]) + " | head -c1 >/dev/null; echo ${PIPESTATUS[0]}"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "0", result.stderr


@pytest.mark.parametrize("args", [["compare", "sqs"], ["limit"], ["list", "nope"], ["--bogus"]])
def test_with_stderr_closed_usage_errors_never_reach_stdout(args: list[str]) -> None:
    result = run(*args, close=(2,))
    assert result.returncode == 2
    assert result.stdout == b""


def test_with_stderr_closed_an_answer_is_unchanged() -> None:
    result = run(*SQS_SIZE, close=(2,))
    assert result.returncode == 0
    assert result.stdout.startswith(b"limit\tsqs\tmessage-size")


# ---------------------------------------------------------------- input bounds


def test_a_100000_word_query_is_refused_fast_with_a_bounded_echo() -> None:
    words = ["size"] * 100_000
    for command in ("search", "compare", "limit"):
        start = time.monotonic()
        result = run(command, *words)
        assert time.monotonic() - start < 10
        assert result.returncode == 2
        assert "too long" in text(result.stderr)
        assert len(result.stderr) < 300


def test_a_128_kib_argument_is_refused_fast() -> None:
    start = time.monotonic()
    result = run("define", "x" * (128 * 1024 - 1))  # the largest single argument Linux passes
    assert time.monotonic() - start < 10
    assert result.returncode == 2
    assert len(result.stderr) < 300
