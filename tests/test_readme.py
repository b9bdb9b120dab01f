"""The README's examples are real output: each plain ``$ awsref ...`` block is run and compared.

A block whose command is a plain awsref call (no pipe, no redirection, no ``;``) must show
exactly what awsref prints on a 90-column terminal without colour. A line ``  ...`` in a
block stands for lines left out. Run with ``AWSREF_UPDATE_README=1`` to rewrite the blocks
from real output after a deliberate change.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from conftest import entry_run

README = Path(__file__).resolve().parent.parent / "README.md"
ELISION = "  ..."
PLAIN = set("|;<>&$`")


def examples(text: str) -> list[tuple[str, list[str]]]:
    """(command, shown output lines) of every plain example block."""
    found = []
    for block in text.split("```console\n")[1:]:
        body = block.split("```", 1)[0].splitlines()
        if len(body) < 2 or not body[0].startswith("$ awsref "):
            continue
        command = body[0][2:]
        rest = body[1:]
        if any(c in command for c in PLAIN) or any(line.startswith("$ ") for line in rest):
            continue
        found.append((command, rest))
    return found


def real(command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("COLUMNS", "90")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")
    argv = shlex.split(command)[1:]
    if "-o" not in argv and argv[0] not in ("quiz", "progress", "export"):
        argv += ["-o", "table"]
    return entry_run(*argv, capsys=capsys).out.splitlines()


def matches(shown: list[str], actual: list[str]) -> bool:
    """``shown`` equals ``actual``, where an elision line skips ahead to the next shown line."""
    i = 0
    for k, line in enumerate(shown):
        if line == ELISION:
            following = shown[k + 1] if k + 1 < len(shown) else None
            if following is None:
                return True
            while i < len(actual) and actual[i] != following:
                i += 1
            continue
        if i >= len(actual) or actual[i] != line:
            return False
        i += 1
    return i == len(actual)


CASES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_plain_examples_to_check() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize(("command", "shown"), CASES, ids=[c for c, _ in CASES])
def test_readme_example_is_real_output(
    command: str, shown: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if command.split()[1] in ("quiz", "progress", "export"):
        pytest.skip("study commands depend on the progress store; shown as a sample")
    actual = real(command, capsys, monkeypatch)
    if os.environ.get("AWSREF_UPDATE_README") and not matches(shown, actual):
        text = README.read_text(encoding="utf-8")
        old = "$ " + command + "\n" + "\n".join(shown) + "\n"
        README.write_text(
            text.replace(old, "$ " + command + "\n" + "\n".join(actual) + "\n"), encoding="utf-8"
        )
        return
    assert matches(shown, actual), "\n".join(actual)
