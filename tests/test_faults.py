"""Hostile notes, environments and input lines: a clear error or a safe output, never a
terminal escape, a spreadsheet formula, raw HTML, a traceback or unbounded memory.

Each test runs awsref as a real process with a private cache, notes and data directory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import proc

OSC8 = re.compile(r"\x1b]8;[^\x1b\x07]*;([^\x1b\x07]*)(?:\x1b\\|\x07)")
TERM = {
    "id": "team-term",
    "term": "Team term",
    "aliases": [],
    "services": ["sqs"],
    "definition": "A term of ours.",
    "see_also": [],
}
COMPARISON = {
    "id": "team-queues",
    "title": "Team queue vs topic",
    "aliases": [],
    "subjects": ["sqs", "sns"],
    "services": ["sqs", "sns"],
    "rows": [{"aspect": "Docs", "values": ["https://example.com/queue", "https://example.com/topic"]}],
    "choose": "Choose the queue.",
}


@pytest.fixture
def home(tmp_path: Path, small_data: Path) -> dict[str, str]:
    """Private directories on the small knowledge base (conftest): a cold build costs a tenth."""
    (tmp_path / "notes").mkdir()
    return {
        "AWSREF_CACHE_DIR": str(tmp_path / "cache"),
        "AWSREF_NOTES_DIR": str(tmp_path / "notes"),
        "AWSREF_DATA_DIR": str(tmp_path / "study"),
        "AWSREF_DATA": str(small_data),
    }


def notes(home: dict[str, str], doc: dict) -> Path:
    path = Path(home["AWSREF_NOTES_DIR"]) / "team.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# ---- 2. links and control characters -------------------------------------------------------


def test_only_source_fields_are_links_never_text_that_looks_like_a_url(home: dict[str, str]) -> None:
    notes(home, {"comparisons": [COMPARISON]})
    env = {**home, "FORCE_COLOR": "1", "COLUMNS": "120"}
    compared = proc("compare", "team-queues", "-o", "table", env=env)
    assert compared.returncode == 0, compared.stderr
    assert "https://example.com/queue" in compared.stdout
    assert OSC8.findall(compared.stdout) == []
    limit = proc("limit", "sqs", "message-size", "-o", "table", env=env)
    targets = [t for t in OSC8.findall(limit.stdout) if t]
    assert targets == [
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html"
    ]


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("definition", "https://evil.example/\x07\x1b]52;c;cm0gLXJmIH4=\x07"),
        ("definition", "clear \x1b[2J screen"),
        ("definition", "C1 \x9b2J control"),
        ("definition", "bell \x07"),
        ("definition", "bidi \u202e override"),
        ("definition", "line\nbreak"),
    ],
)
def test_validate_rejects_control_characters_in_prose(home: dict[str, str], field: str, bad: str) -> None:
    path = notes(home, {"terms": [dict(TERM, **{field: bad})]})
    result = proc("validate", str(path), "-o", "text", env=home)
    assert result.returncode == 3
    assert re.search(
        rf"\$\.terms\[0\]\.{field}: control character U\+[0-9A-F]{{4}} is not allowed", result.stdout
    )
    shown = proc("define", "team-term", env=home)  # the file is skipped, with a warning
    assert shown.returncode == 1 and "control character" in shown.stderr and "\x1b" not in shown.stderr


@pytest.mark.parametrize(
    "source", ["https://x.example/a b", 'https://x.example/"><img>', "https://x.example/\x07"]
)
def test_validate_rejects_a_source_that_is_not_a_clean_url(home: dict[str, str], source: str) -> None:
    limit = {
        "id": "team-limit",
        "name": "Team limit",
        "aliases": [],
        "value": 1,
        "unit": "count",
        "display": "1",
        "scope": "per team",
        "adjustable": False,
        "source": source,
        "as_of": "2026-01-01",
    }
    path = notes(home, {"services": [{"id": "sqs", "limits": [limit]}]})
    result = proc("validate", str(path), "-o", "text", env=home)
    assert result.returncode == 3 and "must be an https:// URL" in result.stdout


def test_what_is_shown_is_escaped_and_never_linked_even_if_it_got_past_validation() -> None:
    from awsref import render_rich
    from awsref.answer import Answer, Url

    lim = {
        "service": "sqs",
        "service_name": "SQS",
        "id": "x",
        "name": "Evil \x1b[2J",
        "value": 1,
        "unit": "count",
        "display": "1\x07",
        "scope": "per \u202e queue",
        "adjustable": False,
        "source": "https://evil.example/\x07\x1b]52;c;AAAA\x07",
        "as_of": "2026-01-01",
        "verified": True,
    }
    answer = Answer("limit", "x", "limit", lim)
    console = render_rich.console_for(io.StringIO())
    console.force_terminal = True
    page = render_rich.render_to_string(answer, console)
    assert OSC8.findall(page) == []
    for raw in ("\x07", "\x1b[2J", "\x1b]52", "\u202e"):
        assert raw not in page
    assert "\\x1b[2J" in page and "\\x07" in page and "\\u202e" in page
    assert isinstance(Url("https://a.example"), str)


# ---- 4/5. bounds on the environment and on input lines -----------------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999", "inf", "-1", "1e3", "nan", "12abc", " "])
def test_source_date_epoch_out_of_range_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = proc(
        "export", "anki", str(tmp_path / "deck.apkg"), "-s", "sqs", env={"SOURCE_DATE_EPOCH": value}
    )
    if not value.strip():  # empty: unset, as the convention says
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("awsref: error: SOURCE_DATE_EPOCH must be a whole number from 0 to ")
    assert not (tmp_path / "deck.apkg").exists()


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "0", "-3", "99999999999999999999", "1e400", "soon"])
def test_stdin_wait_out_of_range_is_a_usage_error(home: dict[str, str], value: str) -> None:
    result = proc(
        "quiz", "sqs", "-n", "1", "--seed", "1", env={**home, "AWSREF_STDIN_WAIT": value}, input="a\n"
    )
    assert result.returncode == 2, result.stderr
    assert "AWSREF_STDIN_WAIT must be a number from " in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1", "3601", "soon"])
def test_lock_wait_out_of_range_is_a_usage_error(home: dict[str, str], value: str) -> None:
    result = proc(
        "quiz", "sqs", "-n", "1", "--seed", "1", env={**home, "AWSREF_LOCK_WAIT": value}, input="a\n"
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("awsref: error: AWSREF_LOCK_WAIT must be a number from 0.001 to 3600")


def test_a_short_stdin_wait_is_obeyed(home: dict[str, str]) -> None:
    read_end, write_end = os.pipe()  # kept open: only the wait can end the quiz
    try:
        result = subprocess.run(
            [sys.executable, "-m", "awsref", "quiz", "sqs", "-n", "1", "--seed", "1"],
            env={**os.environ, **home, "AWSREF_STDIN_WAIT": "0.5"},
            stdin=read_end,
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        os.close(read_end)
        os.close(write_end)
    assert result.returncode == 2 and "no answers on standard input after 0.5 s" in result.stderr


def test_an_answer_longer_than_any_answer_is_refused_without_echo_or_storage(home: dict[str, str]) -> None:
    huge = "x" * 5_000_000
    result = proc("quiz", "sqs", "-n", "2", "--seed", "3", env=home, input=f"{huge}\na\n")
    assert result.returncode == 0, result.stderr[-500:]
    assert "x" * 1000 not in result.stdout and "x" * 1000 not in result.stderr
    assert "answer too long" in result.stdout
    import sqlite3

    conn = sqlite3.connect(Path(home["AWSREF_DATA_DIR"]) / "progress.sqlite3")
    try:
        replies = [r[0] for r in conn.execute("SELECT reply FROM answers")]
    finally:
        conn.close()
    assert replies and all(len(r) < 1000 for r in replies)


# ---- 6. export content -----------------------------------------------------------------------


def test_csv_cells_never_start_a_spreadsheet_formula(home: dict[str, str]) -> None:
    terms = [
        dict(TERM, id=f"team-{i}", term=f"Team {i}", definition=d)
        for i, d in enumerate(
            ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "plain"]
        )
    ]
    notes(home, {"terms": terms})
    result = proc("export", "csv", "-s", "sqs", env=home)
    assert result.returncode == 0, result.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    backs = [rows[f"term:team-{i}"]["back"] for i in range(6)]
    assert backs == [
        '\'=HYPERLINK("http://x","y")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'=cmd|' /C calc'!A0",
        "plain",
    ]
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_markdown_export_escapes_html_and_renders_comparisons_as_tables(home: dict[str, str]) -> None:
    term = dict(TERM, definition="<script>alert(1)</script> & <b>bold</b>")
    notes(home, {"terms": [term], "comparisons": [COMPARISON]})
    result = proc("export", "markdown", "-s", "sqs", env=home)
    assert result.returncode == 0, result.stderr
    md = result.stdout
    assert "<script>" not in md and "<b>" not in md
    assert "\\<script\\>" in md
    section = md.split("### Team queue vs topic\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[0] == "| | SQS | SNS |"
    assert section[1] == "|---|---|---|"
    assert section[2] == "| Docs | https://example.com/queue | https://example.com/topic |"
    for line in md.splitlines():
        if line.startswith("- Source: "):
            assert re.fullmatch(r"- Source: <https://[^<>\s\"]+>", line), line


def test_the_anki_package_is_byte_identical_under_source_date_epoch(tmp_path: Path) -> None:
    import time

    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first = proc("export", "anki", str(tmp_path / "a.apkg"), "-s", "sqs", env=env)
    time.sleep(1.1)  # a clock second later: any time not taken from SOURCE_DATE_EPOCH shows
    second = proc("export", "anki", str(tmp_path / "b.apkg"), "-s", "sqs", env=env)
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_export_anki_writes_nothing_to_tmpdir(tmp_path: Path) -> None:
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    result = proc("export", "anki", str(out / "deck.apkg"), "-s", "sqs", env={"TMPDIR": str(tmpdir)})
    assert result.returncode == 0, result.stderr
    assert list(tmpdir.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["deck.apkg"]


@pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("unshare"),
    reason="needs root and unshare -m for a small private tmpfs",
)
def test_export_anki_works_with_a_full_tmpdir(tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    script = (
        # room for tempfile's probe, not for a collection: "full" as a busy disk is
        "mount -t tmpfs -o size=1m none /mnt || exit 99; head -c 900000 /dev/zero > /mnt/filler; "
        f'TMPDIR=/mnt {sys.executable} -m awsref export anki {out}; echo "rc=$?"'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env)
    assert result.stdout.strip() == "rc=0", result.stderr
    assert out.stat().st_size > 1000


def test_the_readme_export_example_shows_the_real_counts(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ awsref export anki deck.apkg\n", 1)[1].split("```", 1)[0].splitlines()
    result = proc("export", "anki", "deck.apkg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert block[0] == result.stderr.strip()
    csv_command = block[1]
    assert csv_command == "$ awsref export csv --service sqs | head -2"
    head = proc("export", "csv", "--service", "sqs").stdout.splitlines()[:2]
    assert block[2:4] == head


# ---- 8. the pager ----------------------------------------------------------------------------

LONG_PAGE = ("list", "limits", "-o", "table")


def _pager(tmp_path: Path) -> tuple[dict[str, str], Path]:
    marker = tmp_path / "pager-ran"
    script = tmp_path / "pager.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n")
    script.chmod(0o755)
    return {"AWSREF_PAGER": str(script), "LINES": "20"}, marker


@pytest.mark.parametrize("forced", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}, {"TTY_INTERACTIVE": "1"}])
def test_no_pager_when_stdout_is_a_pipe_whatever_colour_is_forced(tmp_path: Path, forced: dict) -> None:
    env, marker = _pager(tmp_path)
    result = proc(*LONG_PAGE, env={**env, **forced})
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert result.stdout.count("\n") > 100


def _on_a_terminal(args: tuple[str, ...], env: dict[str, str]) -> int:
    import pty

    leader, follower = pty.openpty()
    p = subprocess.Popen(
        [sys.executable, "-m", "awsref", *args],
        env={**os.environ, **env},
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    while True:  # drain the terminal so the process never blocks on it
        try:
            if not os.read(leader, 65536):
                break
        except OSError:
            break
    os.close(leader)
    return p.wait(timeout=60)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_no_pager_on_a_dumb_terminal(tmp_path: Path) -> None:
    env, marker = _pager(tmp_path)
    assert _on_a_terminal(LONG_PAGE, {**env, "TERM": "dumb"}) == 0
    assert not marker.exists()
    assert _on_a_terminal(LONG_PAGE, {**env, "TERM": "xterm"}) == 0
    assert marker.exists()  # the same page on a real terminal is paged


# ---- 7. the size of a data file and the memory to parse it ------------------------------------

PEAK = """
import resource, subprocess, sys
r = subprocess.run([sys.executable, "-m", "awsref", *sys.argv[1:]], capture_output=True, text=True)
sys.stdout.write(f"{r.returncode}\\n{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n{r.stderr}")
"""


def peak_run(env: dict[str, str], *args: str) -> tuple[int, int, str]:
    """(exit code, peak resident MiB, stderr) of one awsref process."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    code, peak, err = result.stdout.split("\n", 2)
    return int(code), int(peak) // 1024, err


def test_a_data_file_of_tiny_objects_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    count = (15 * 1024 * 1024) // 3
    path.write_bytes(b'{"services": [' + b",".join([b"{}"] * count) + b"]}")
    env = {"AWSREF_DATA": str(path), "AWSREF_CACHE_DIR": "", "AWSREF_NOTES_DIR": ""}
    code, peak, err = peak_run(env, "stats")
    assert code == 3
    assert "of memory to parse, over 10 times its size" in err
    assert peak < 120  # MiB: the file (15) and its scan, never the 400 MiB of objects


def test_a_data_file_over_32_mib_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    path.write_bytes(b'{"services": [], "terms": [], "comparisons": [], "pad": "' + b"x" * (33 << 20) + b'"}')
    env = {"AWSREF_DATA": str(path), "AWSREF_CACHE_DIR": "", "AWSREF_NOTES_DIR": ""}
    code, peak, err = peak_run(env, "stats")
    assert code == 3 and "is larger than the 32 MiB limit" in err
    assert peak < 60


def test_the_packaged_knowledge_base_has_room_to_grow_four_times() -> None:
    from awsref import loader

    raw = (Path(__file__).resolve().parent.parent / "data" / "notes.json").read_bytes()
    assert 4 * len(raw) * 2 < loader.MAX_DATA_BYTES  # four times today's, with room to spare
    assert loader.parse_cost(raw) < loader.PARSE_FACTOR * len(raw) / 2
