"""A layout may add labels, never drop text: every kind of page at every terminal width.

Each answer kind of the format matrix is drawn as a table at a very wide terminal and at
40, 60, 80, 100, 120 and 200 columns; every letter and digit printed at the widest must be
printed at each narrower width too (as many times or more: stacked records add labels).
A column Rich cropped ("Network Lo"), a cut URL or a cropped command fails here. One case
runs in a real pseudo-terminal, whose width awsref reads from the terminal itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import entry_run
from test_formats import CASES

WIDTHS = (40, 60, 80, 100, 120, 200)
WIDEST = 1000
# Pages the issue reports saw cropped, beside every kind of the format matrix.
EXTRA = {
    "compare-three": ["compare", "alb", "nlb"],
    "compare-five": ["compare", "elastic", "beanstalk", "deployment", "policies"],
    "search-long-commands": ["search", "deployment", "policy"],
    "search-service": ["search", "dynamodb"],
}
# Misses and usage errors print nothing on stdout: their one line is on stderr.
ERRORS = ("not-found", "no-such-service", "usage-error")
PAGES = {name: c.argv for name, c in CASES.items() if "table" in c.formats and name not in ERRORS} | EXTRA


def letters(text: str) -> Counter[str]:
    return Counter(c for c in text if c.isalnum())


def missing(wide: str, narrow: str) -> str:
    """The letters and digits the narrow page lost, most first (empty: none)."""
    lost = letters(wide) - letters(narrow)
    return ", ".join(f"{c!r}×{n}" for c, n in lost.most_common(12))


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")
    monkeypatch.chdir(tmp_path)


def page(
    argv: list[str], width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    return entry_run(*argv, "-o", "table", capsys=capsys).out


@pytest.mark.usefixtures("plain")
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_width_drops_a_letter_the_widest_page_prints(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = PAGES[name]
    wide = page(argv, WIDEST, capsys, monkeypatch)
    assert wide.strip(), f"{name} printed nothing"
    for width in WIDTHS:
        narrow = page(argv, width, capsys, monkeypatch)
        assert not missing(wide, narrow), f"{name} at {width} columns lost {missing(wide, narrow)}"


def pty_page(argv: list[str], width: int) -> str:
    """``awsref ARGV`` in a real pseudo-terminal ``width`` columns wide: what the user sees."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 200, width, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(NO_COLOR="1", AWSREF_PAGER="never", TERM="xterm")
    process = subprocess.Popen(
        [sys.executable, "-m", "awsref", *argv], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed its side
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert process.wait(timeout=30) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_real_terminal_60_columns_wide_keeps_every_letter_of_a_three_way_compare() -> None:
    argv = ["compare", "alb", "nlb"]
    wide, narrow = pty_page(argv, 250), pty_page(argv, 60)
    assert "Network Load" in wide.replace("\r\n", "\n")
    assert not missing(wide, narrow), missing(wide, narrow)
    for line in narrow.replace("\r\n", "\n").split("\n"):
        assert len(line) <= 60 or line.startswith("awsref "), line


@pytest.mark.usefixtures("plain")
@pytest.mark.parametrize("width", WIDTHS)
def test_the_source_url_is_printed_whole_at_every_width(
    width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = CASES["limit"].argv
    url = json.loads(entry_run(*argv, "-o", "json", capsys=capsys).out)["result"]["source"]
    lines = page(argv, width, capsys, monkeypatch).split("\n")
    assert any(line.endswith(url) for line in lines), f"{url} cut at {width} columns"


def _progress(studied: dict[str, tuple[int, int]], untouched: int) -> dict:
    """A progress answer's data: ``studied`` name -> (known, learning), plus untouched services."""
    groups = [
        {
            "id": name.lower(),
            "name": name,
            "cards": 20,
            "known": k,
            "learning": lrn,
            "new": 20 - k - lrn,
            "due": 0,
        }
        for name, (k, lrn) in studied.items()
    ]
    groups = [
        {"id": f"s{i}", "name": f"Service{i}", "cards": 10, "known": 0, "learning": 0, "new": 10, "due": 0}
        for i in range(untouched)
    ] + groups
    total = {f: sum(g[f] for g in groups) for f in ("cards", "known", "learning", "new", "due")}
    domains = [{"id": "troubleshooting", "name": "troubleshooting", **{**total, "known": 1}}]
    return {"total": total, "services": groups, "domains": domains}


def test_progress_shows_the_services_studied_first_and_folds_the_untouched_ones() -> None:
    from awsref.answer import Answer
    from awsref.page import Bars, Note
    from awsref.views import blocks

    page = blocks(Answer("progress", "", "progress", _progress({"SQS": (1, 2), "Lambda": (5, 0)}, 20)))
    bars = [b for b in page if isinstance(b, Bars)]
    assert [row.name for row in bars[0].rows] == ["Lambda", "SQS"]
    note = next(b for b in page if isinstance(b, Note))
    assert note.text.startswith("Not started (20 services, 200 cards): Service0, Service1")


def test_progress_lists_every_service_when_none_was_studied() -> None:
    from awsref.answer import Answer
    from awsref.page import Bars, Note
    from awsref.views import blocks

    page = blocks(Answer("progress", "", "progress", _progress({}, 12)))
    assert len(next(b for b in page if isinstance(b, Bars)).rows) == 12
    assert not [b for b in page if isinstance(b, Note)]


@pytest.mark.usefixtures("plain")
@pytest.mark.parametrize("width", WIDTHS)
def test_progress_never_crops_a_domain_name(
    width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = page(["progress"], width, capsys, monkeypatch)
    assert "troubleshooting" in out and "troubleshoo…" not in out


def test_the_pages_cover_every_kind_of_answer(capsys: pytest.CaptureFixture[str]) -> None:
    kinds = set()
    for argv in PAGES.values():
        out = entry_run(*argv, "-o", "json", capsys=capsys).out
        kinds.add(json.loads(out)["kind"])
    expected = {"limit", "limits", "term", "service", "comparison", "hits", "list", "stats"}
    assert kinds >= expected | {"calculation", "progress", "validation"}


@pytest.mark.parametrize("columns", range(1, 9))
def test_the_table_overhead_worked_out_without_rich_is_rich_s_own(columns: int) -> None:
    """Whether a table fits is decided before ``rich.table`` is imported: by Rich's own sum."""
    from awsref.render_rich import _new_table, table_overhead

    table = _new_table("title", [f"h{i}" for i in range(columns)])
    rich_sum = table._extra_width + sum(table._get_padding_width(i) for i in range(columns))
    assert table_overhead(columns) == rich_sum


@given(st.text())
def test_cells_is_rich_s_cell_len(text: str) -> None:
    from rich.cells import cell_len

    from awsref.render_console import cells

    assert cells(text) == cell_len(text)
