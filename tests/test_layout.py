"""Every command reads cleanly at 40 to 200 columns: golden files of the real table output.

Each page is checked three ways: no line is wider than the terminal (unless it is one
unbreakable command or URL), no line carries trailing spaces, and every id and command of
the answer appears whole on one line. Then it is compared with its golden file in
``tests/golden``; run with ``AWSREF_UPDATE_GOLDEN=1`` to write them after a deliberate change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURE, entry_run
from test_formats import CASES
from test_formats import GOLDEN as FORMATS_GOLDEN

GOLDEN = Path(__file__).parent / "golden"
WIDTHS = [40, 60, 80, 120, 200]
# The pages worth checking at every width; their argv is the format matrix's own.
PAGES = {
    name: CASES[name].argv
    for name in (
        "limit",
        "limit-ambiguous",
        "limits",
        "define",
        "show",
        "show-section",
        "compare",
        "search",
        "list",
        "calc",
    )
}


def golden_file(name: str, width: int) -> Path:
    """At 80 columns the page is the format matrix's table golden file: one file, not two."""
    return FORMATS_GOLDEN / f"{name}.table" if width == 80 else GOLDEN / f"{name}-{width}.txt"


def page(
    argv: list[str], width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")
    monkeypatch.setenv("AWSREF_DATA", str(FIXTURE))
    result = entry_run(*argv, "-o", "table", capsys=capsys)
    assert result.code == 0, result
    return result.out


def whole_tokens(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The ids and commands of an answer: what must never be split across lines."""
    result = entry_run(*argv, "-o", "json", capsys=capsys)
    doc = json.loads(result.out)
    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and (key in ("id", "command") or value.startswith("awsref ")):
            found.append(value)

    walk(doc["result"])
    walk(doc["also"])
    return found


def unbreakable(line: str) -> bool:
    text = line.strip()
    return " " not in text or text.startswith(("awsref ", "https://"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_fits_the_terminal_and_matches_its_golden_file(
    name: str, width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = PAGES[name]
    text = page(argv, width, capsys, monkeypatch)
    lines = text.splitlines()
    for line in lines:
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
        assert len(line) <= width or unbreakable(line), f"{len(line)} > {width}: {line!r}"
    joined = [" ".join(line.strip() for line in lines), "".join(line.strip() for line in lines)]
    for token in whole_tokens(argv, capsys):
        if not any(token in line for line in lines):
            assert not any(token in flat for flat in joined), f"{token!r} is split across lines"
    golden = golden_file(name, width)
    if os.environ.get("AWSREF_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with AWSREF_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_prose_stays_within_100_columns_on_a_wide_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = page(["show", "sqs"], 200, capsys, monkeypatch)
    prose = [line for line in text.splitlines() if line.startswith("  • ") or line[:1].isalpha()]
    assert prose and all(len(line) <= 100 for line in prose if " " in line.strip())


def test_source_urls_are_hyperlinks_when_colour_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from io import StringIO

    from rich.console import Console

    from awsref.kb import open_kb
    from awsref.lookup import limit
    from awsref.render_rich import render_to_string

    console = Console(file=StringIO(), force_terminal=True, color_system="standard", width=120)
    text = render_to_string(limit(open_kb(), ["sqs", "message-size"]), console)
    assert "\x1b]8;" in text and "quotas-messages.html" in text
