"""Offline by default: without ``--account`` or ``usage`` awsref never opens a socket.

Each command runs in a real process whose start-up replaces ``socket.socket`` with a class
that fails loudly (exit 99, "SOCKET OPENED") the moment anything creates one, before any
awsref code is imported.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GUARDED = """
import os, socket, sys

class Refused(socket.socket):
    def __init__(self, *args, **kwargs):
        os.write(2, b"SOCKET OPENED\\n")
        os._exit(99)

socket.socket = Refused
from awsref.entry import main
main(sys.argv[1:])
"""
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": "/nonexistent/awsref-test-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/awsref-test-credentials",
}


def guarded(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, **FAKE_AWS, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", GUARDED, *argv], env=full, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["limit", "sqs", "message-size"],
        ["limit", "lambda", "L-B99A9384", "-o", "json"],
        ["limit", "lambda", "concurrency", "-o", "table"],
        ["limit", "sqs", "message-size", "--check", "300KB"],
        ["limit", "lambda", "timeout", "--in", "minutes", "-o", "markdown"],
        ["limit", "lambda", "concurrency", "--help"],
        ["usage", "--help"],
        ["search", "exponential", "backoff"],
        ["define", "visibility", "timeout"],
        ["show", "lambda"],
        ["compare", "sqs", "sns"],
        ["list", "limits"],
        ["stats"],
        ["exam", "D2.T1"],
        ["calc", "lambda", "concurrency", "--rps", "200", "--duration", "300ms"],
        ["sqs", "vs", "sns"],
        ["limit", "lambda", "concurrency", "--region", "us-east-1"],  # a usage error: no --account
        ["--help"],
        [],
    ],
    ids=lambda argv: " ".join(argv) or "(no arguments)",
)
def test_no_command_without_account_or_usage_opens_a_socket(argv: list[str]) -> None:
    result = guarded(*argv)
    assert result.returncode != 99, result.stderr
    assert "SOCKET OPENED" not in result.stderr


def test_completion_opens_no_socket() -> None:
    env = {"_AWSREF_COMPLETE": "complete_bash", "COMP_WORDS": "awsref limit lambda L-", "COMP_CWORD": "3"}
    result = guarded(env=env)
    assert result.returncode == 0, result.stderr
    assert "L-B99A9384" in result.stdout.split()


@pytest.mark.parametrize(
    "argv", [["usage", "lambda"], ["limit", "lambda", "concurrency", "--account"]], ids=" ".join
)
def test_the_guard_catches_account_and_usage_which_do_go_online(argv: list[str]) -> None:
    """The same guard stops the two commands that may go online: the test above can fail."""
    pytest.importorskip("boto3")
    result = guarded(*argv)
    assert result.returncode == 99
    assert "SOCKET OPENED" in result.stderr
