"""awsref quiz and progress: generation, the Leitner rule, the store, and real sessions."""

from __future__ import annotations

import json
import math
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsref import cards as deck
from awsref import entry, quiz
from awsref.kb import open_kb
from awsref.progress_store import BOXES, DAY, INTERVAL_DAYS, KNOWN_FROM, Store, next_state, status
from awsref.study import schedule
from awsref.text import key
from conftest import DATA, proc, typer_run

RAW = json.loads(DATA.read_text(encoding="utf-8"))
LIMITS = {f"limit:{s['id']}/{lim['id']}": lim for s in RAW["services"] for lim in s["limits"]}
TERMS = {f"term:{t['id']}": t for t in RAW["terms"]}
COMPARISONS = {f"comparison:{c['id']}": c for c in RAW["comparisons"]}


@pytest.fixture(scope="module")
def pool() -> list[dict]:
    return deck.all_cards(open_kb())


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "study"
    monkeypatch.setenv("AWSREF_DATA_DIR", str(folder))
    return folder


def reveal(*args: str) -> list[dict]:
    result = proc("quiz", *args, "--reveal", "-o", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["result"]["questions"]


def right_letter(q: dict) -> str:
    return quiz.LETTERS[q["answer"]]


def wrong_letter(q: dict) -> str:
    return quiz.LETTERS[(q["answer"] + 1) % len(q["choices"])]


def db_rows(folder: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(folder / "progress.sqlite3")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# ---- cards ------------------------------------------------------------------------------


def test_every_limit_term_and_comparison_is_a_card(pool: list[dict]) -> None:
    ids = [c["id"] for c in pool]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(LIMITS) | set(TERMS) | set(COMPARISONS)


def test_domains_are_inherited_where_an_entry_has_none(pool: list[dict]) -> None:
    own = {s["id"]: set(s.get("domains") or []) for s in RAW["services"]}
    for card in pool:
        if card["kind"] == "limit":
            raw = LIMITS[card["id"]]
            expected = set(raw.get("domains") or own[card["services"][0]])
        else:
            raw = (TERMS if card["kind"] == "term" else COMPARISONS)[card["id"]]
            expected = set(raw.get("domains") or set().union(*(own.get(s, set()) for s in raw["services"])))
        assert set(card["domains"]) == expected, card["id"]
        assert card["domains"] == [d for d in deck.DOMAINS if d in expected]


def test_domain_filter_keeps_only_that_domain() -> None:
    questions = reveal("--domain", "security", "-n", "30", "--seed", "4")
    assert questions
    assert all("security" in q["domains"] for q in questions)


def test_unknown_domain_is_a_usage_error() -> None:
    result = proc("quiz", "--domain", "networking", "--reveal")
    assert result.returncode == 2
    assert "development, security, deployment, troubleshooting" in result.stderr


def test_domain_on_untagged_data_is_a_clear_usage_error(tmp_path: Path) -> None:
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    for kind in ("services", "terms", "comparisons"):
        for item in doc[kind]:
            item.pop("domains", None)
            for lim in item.get("limits", []):
                lim.pop("domains", None)
    path = tmp_path / "untagged.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = proc("quiz", "--domain", "security", "--reveal", env={"AWSREF_DATA": str(path)})
    assert result.returncode == 2
    assert "no exam-domain tags" in result.stderr
    assert proc("quiz", "sqs", "--reveal", "-n", "2", env={"AWSREF_DATA": str(path)}).returncode == 0


def test_unknown_service_is_not_found_with_suggestions() -> None:
    result = proc("quiz", "sqss3x", "--reveal")
    assert result.returncode == 1
    assert "not a service" in result.stderr


# ---- generation -------------------------------------------------------------------------


def test_generation_is_deterministic_under_a_seed(pool: list[dict]) -> None:
    chosen = deck.narrow(pool, ["sqs", "lambda"], None)
    first = quiz.questions(quiz.shuffled(chosen, 7), pool, 7, 20)
    again = quiz.questions(quiz.shuffled(list(reversed(chosen)), 7), pool, 7, 20)
    other = quiz.questions(quiz.shuffled(chosen, 8), pool, 8, 20)
    assert first == again
    assert first != other
    assert len(first) == 20


def test_reveal_is_the_same_in_two_processes() -> None:
    assert reveal("sqs", "-n", "6", "--seed", "11") == reveal("sqs", "-n", "6", "--seed", "11")


def _check_against_data(q: dict) -> None:
    """The expected answer is what the knowledge base says."""
    answer = q["choices"][q["answer"]]
    if q["kind"] in ("limit", "old-new"):
        raw = LIMITS[q["card"]]
        assert q["value"] == raw["value"]
        assert q["unit"] == raw["unit"]
        if raw["value"] is None:  # no number: the knowledge base's own words
            assert answer == raw["display"]
        else:
            assert answer == quiz.format_amount(raw["value"], raw["unit"])
        assert q["source"] == raw["source"]
        if q["kind"] == "old-new":
            assert raw["notes_value"] in q["prompt"]
    elif q["kind"] == "term":
        assert answer == TERMS[q["card"]]["term"]
    elif q["kind"] == "definition":
        definition = TERMS[q["card"]]["definition"]
        assert answer == definition
        assert TERMS[q["card"]]["term"] in q["prompt"]
    else:
        comp = COMPARISONS[q["card"]]
        i = [key(x) for x in _labels(comp)].index(key(answer))
        row = next(
            r for r in comp["rows"] if f", {r['aspect']}: " in q["prompt"] and r["values"][i] in q["prompt"]
        )
        assert f"“{row['values'][i]}”" in q["prompt"]
        assert [key(v) for v in row["values"]].count(key(row["values"][i])) == 1


def _labels(comp: dict) -> list[str]:
    names = {s["id"]: s["name"] for s in RAW["services"]} | {t["id"]: t["term"] for t in RAW["terms"]}
    return [names[s] for s in comp["subjects"]]


def _check_distractors(q: dict) -> None:
    answer = q["choices"][q["answer"]]
    keys = [key(c) or c for c in q["choices"]]
    assert len(set(keys)) == len(keys), q["choices"]
    assert 2 <= len(q["choices"]) <= len(quiz.LETTERS)
    for i, choice in enumerate(q["choices"]):
        if i == q["answer"]:
            continue
        assert key(choice) != key(answer)
        if q["kind"] in ("limit", "old-new") and q["value"] is not None:
            assert not quiz.amount_matches(choice, q["value"], q["unit"]), (choice, q)
            assert not quiz.check(q, choice)
            if choice.startswith("Unchanged: "):
                assert not quiz.amount_matches(choice.removeprefix("Unchanged: "), q["value"], q["unit"])
        if q["kind"] == "term":
            assert key(choice) not in q["names"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_card_yields_a_question_checked_against_the_data(pool: list[dict], seed: int) -> None:
    made = 0
    for card in pool:
        q = quiz.question(card, pool, seed)
        if q is None:
            assert card["kind"] == "comparison"
            continue
        made += 1
        _check_against_data(q)
        _check_distractors(q)
        assert quiz.check(q, right_letter(q))
        assert quiz.check(q, q["choices"][q["answer"]])
        assert not quiz.check(q, wrong_letter(q))
    assert made >= len(pool) - 5


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**63), index=st.integers(min_value=0))
def test_distractors_never_equal_the_answer(pool: list[dict], seed: int, index: int) -> None:
    card = pool[index % len(pool)]
    q = quiz.question(card, pool, seed)
    if q is not None:
        _check_distractors(q)


def test_every_kind_of_question_is_made(pool: list[dict]) -> None:
    kinds = {q["kind"] for q in quiz.questions(quiz.shuffled(pool, 3), pool, 3, len(pool))}
    assert kinds == {"limit", "old-new", "term", "definition", "comparison"}


def test_old_vs_new_offers_the_old_figure_as_a_distractor(pool: list[dict]) -> None:
    card = next(c for c in pool if c["id"] == "limit:sqs/message-size")
    q = next(q for s in range(50) if (q := quiz.question(card, pool, s))["kind"] == "old-new")
    assert q["prompt"].startswith("Older study material says 256 KB for SQS · Maximum message size")
    assert "Unchanged: 256 KB" in q["choices"]
    assert q["choices"][q["answer"]] == "1 MiB"


@pytest.mark.parametrize("reply", ["400 KB", "400kb", "409600", "409,600", "400 KiB", " 400  kb "])
def test_free_text_values_are_accepted_within_rounding(pool: list[dict], reply: str) -> None:
    card = next(c for c in pool if c["id"] == "limit:dynamodb/item-size")
    q = quiz.question(card, pool, 0)
    assert quiz.check(q, reply)


@pytest.mark.parametrize("reply", ["4 KB", "400", "400 MB", "400 seconds", "", "banana"])
def test_wrong_free_text_values_are_rejected(pool: list[dict], reply: str) -> None:
    card = next(c for c in pool if c["id"] == "limit:dynamodb/item-size")
    q = quiz.question(card, pool, 0)
    assert not quiz.check(q, reply)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("15 min", "seconds", 900),
        ("900", "seconds", 900),
        ("12h", "seconds", 43200),
        ("1 MiB", "bytes", 1048576),
        ("50%", "percent", 50),
        ("3,000 rps", "requests-per-second", 3000),
        ("10 messages", "count", 10),
        ("1 MB/s", "bytes-per-second", 1048576),
        ("1 GB", "bytes", 10**9),
    ],
)
def test_amounts(text: str, unit: str, value: float) -> None:
    assert quiz.amount_matches(text, value, unit)


def test_every_shown_value_reads_back_as_itself(pool: list[dict]) -> None:
    for card in pool:
        e = card["entry"]
        if card["kind"] == "limit" and e["value"] is not None:
            shown = quiz.format_amount(e["value"], e["unit"])
            assert quiz.amount_matches(shown, e["value"], e["unit"]), (card["id"], shown)


def test_a_term_question_accepts_the_term_or_an_alias(pool: list[dict]) -> None:
    card = next(c for c in pool if c["id"] == "term:visibility-timeout")
    q = next(q for s in range(50) if (q := quiz.question(card, pool, s))["kind"] == "term")
    assert "visibility timeout" not in q["prompt"].lower()
    assert quiz.check(q, "Visibility Timeout")
    assert quiz.check(q, "visibilitytimeout")
    assert not quiz.check(q, "receipt handle")


# ---- the Leitner rule -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(answers=st.lists(st.booleans(), max_size=40), start=st.floats(min_value=0, max_value=2e9))
def test_leitner_rule(answers: list[bool], start: float) -> None:
    box, now = 0, start
    streak, missed = 0, False
    for right in answers:
        new_box, due = next_state(box, right, now)
        if right:
            streak += 1
            assert new_box == min(box + 1, BOXES)
            assert due == now + INTERVAL_DAYS[new_box] * DAY
        else:
            streak, missed = 0, True
            assert new_box == 1
            assert due == now
        assert 1 <= new_box <= BOXES
        assert status(new_box) == ("known" if new_box >= KNOWN_FROM else "learning")
        assert new_box == (min(streak + missed, BOXES) if right else 1)
        box, now = new_box, due
    if not answers:
        assert status(box) == "new"


def test_store_follows_the_rule_and_keeps_results(tmp_path: Path) -> None:
    store = Store(str(tmp_path), pytest.fail)
    store.start(1, "", 0.0)
    for i, right in enumerate([True, True, False, True]):
        state = store.record("term:gsi", "term", right, "a", i * 10.0)
    store.finish(True, 100.0)
    store.close()
    assert state["box"] == 2 and state["right"] == 3 and state["wrong"] == 1
    again = Store(str(tmp_path), pytest.fail)
    assert again.states()["term:gsi"] == state
    again.close()


def test_schedule_asks_missed_then_due_then_new(pool: list[dict]) -> None:
    chosen = deck.narrow(pool, ["sqs"], None)
    now = 1000.0
    missed, due, later = chosen[0]["id"], chosen[1]["id"], chosen[2]["id"]
    states = {
        later: {"box": 3, "due": now + 5, "right": 2, "wrong": 0, "last_right": True, "seen": 0},
        due: {"box": 2, "due": now - 5, "right": 2, "wrong": 0, "last_right": True, "seen": 0},
        missed: {"box": 1, "due": now - 1, "right": 0, "wrong": 1, "last_right": False, "seen": 0},
    }
    order = [c["id"] for c in schedule(chosen, states, 5, now, False)]
    assert order[:2] == [missed, due]
    assert order[-1] == later
    assert len(order) == len(chosen)
    assert [c["id"] for c in schedule(chosen, states, 5, now, True)] == [missed, due]


# ---- real sessions ----------------------------------------------------------------------


def test_a_piped_session_scores_and_saves_every_answer(data_dir: Path) -> None:
    questions = reveal("sqs", "-n", "5", "--seed", "21")
    replies = [right_letter(q) if i % 2 == 0 else wrong_letter(q) for i, q in enumerate(questions)]
    result = proc("quiz", "sqs", "-n", "5", "--seed", "21", input="\n".join(replies) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Score: 3/5 (60%)" in result.stdout
    assert "By service: sqs" in result.stdout
    assert result.stdout.count("Right: ") == 3 and result.stdout.count("Wrong: the answer is") == 2
    for q in questions:
        assert q["command"] in result.stdout
    rows = db_rows(data_dir, "SELECT card, right FROM answers ORDER BY id")
    assert rows == [(q["card"], int(i % 2 == 0)) for i, q in enumerate(questions)]
    assert db_rows(data_dir, "SELECT asked, right, finished FROM sessions") == [(5, 3, 1)]

    # Next time the missed cards come first.
    missed = {q["card"] for i, q in enumerate(questions) if i % 2}
    due = reveal("sqs", "--due", "--seed", "1")
    assert {q["card"] for q in due} == missed
    first = [q["card"] for q in reveal("sqs", "--due", "-n", "2", "--seed", "9")]
    assert set(first) == missed

    progress = json.loads(proc("progress", "sqs", "-o", "json").stdout)
    total = progress["result"]["total"]
    assert (total["learning"], total["known"], total["due"]) == (5, 0, 2)
    assert total["new"] == total["cards"] - 5
    assert progress["kind"] == "progress"


def test_free_text_answers_in_a_piped_session(data_dir: Path) -> None:
    questions = reveal("dynamodb", "-n", "200", "--seed", "2")
    q = next(q for q in questions if q["card"] == "limit:dynamodb/item-size")
    n = questions.index(q) + 1
    replies = ["z"] * (n - 1) + ["400kb"]
    result = proc("quiz", "dynamodb", "-n", str(n), "--seed", "2", input="\n".join(replies) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Score: 1/" in result.stdout


def test_end_of_input_saves_the_partial_score(data_dir: Path) -> None:
    questions = reveal("lambda", "-n", "5", "--seed", "3")
    result = proc("quiz", "lambda", "-n", "5", "--seed", "3", input=right_letter(questions[0]) + "\n")
    assert result.returncode == 0
    assert "Stopped (end of input) after 1 of 5 questions" in result.stdout
    assert "Score: 1/1 (100%)" in result.stdout
    assert db_rows(data_dir, "SELECT asked, right, finished FROM sessions") == [(1, 1, 0)]


def test_empty_stdin_is_a_usage_error_not_a_hang(data_dir: Path) -> None:
    result = proc("quiz", "sqs", stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "standard input is not a terminal and is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_silent_stdin_is_a_usage_error_not_a_hang(data_dir: Path) -> None:
    env = {**os.environ, "AWSREF_STDIN_WAIT": "1"}
    p = subprocess.Popen(
        [sys.executable, "-m", "awsref", "quiz", "sqs"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        _, err = _wait_without_closing(p)
    finally:
        p.kill()
    assert p.returncode == 2
    assert "no answers on standard input after 1 s" in err


def _wait_without_closing(p: subprocess.Popen) -> tuple[str, str]:
    """Wait for ``p`` while keeping its stdin open and silent."""
    deadline = time.monotonic() + 30
    while p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert p.stdout is not None and p.stderr is not None
    return p.stdout.read(), p.stderr.read()


def _start(args: list[str], data_dir: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-u", "-m", "awsref", "quiz", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        env={**os.environ, "AWSREF_DATA_DIR": str(data_dir), **env},
    )


def _read_until(p: subprocess.Popen, marker: str) -> str:
    assert p.stdout is not None
    seen = ""
    deadline = time.monotonic() + 30
    while marker not in seen and time.monotonic() < deadline:
        char = p.stdout.read(1)
        if not char:
            break
        seen += char
    assert marker in seen, seen
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_or_killed_quiz_keeps_the_answers_given(data_dir: Path, sig: int) -> None:
    questions = reveal("s3", "-n", "4", "--seed", "5")
    p = _start(["s3", "-n", "4", "--seed", "5"], data_dir)
    assert p.stdin is not None
    _read_until(p, "Question 1 of 4")
    p.stdin.write(right_letter(questions[0]) + "\n" + wrong_letter(questions[1]) + "\n")
    p.stdin.flush()
    _read_until(p, "Question 3 of 4")
    _read_until(p, "Your answer")
    p.send_signal(sig)
    out, err = p.communicate(timeout=30)
    rows = db_rows(data_dir, "SELECT card, right FROM answers ORDER BY id")
    assert rows == [(questions[0]["card"], 1), (questions[1]["card"], 0)]
    assert db_rows(data_dir, "PRAGMA quick_check") == [("ok",)]
    if sig == signal.SIGINT:
        assert p.returncode == 130
        assert "Stopped (interrupted) after 2 of 4 questions" in out
        assert "Score: 1/2 (50%)" in out
        assert "Traceback" not in err
    again = proc("quiz", "s3", "--due", "--reveal", "-o", "json", env={"AWSREF_DATA_DIR": str(data_dir)})
    assert [q["card"] for q in json.loads(again.stdout)["result"]["questions"]] == [questions[1]["card"]]


def test_concurrent_quizzes_lose_nothing(data_dir: Path) -> None:
    services = ["sqs", "lambda", "dynamodb", "s3", "iam", "sns"]
    # Each waits its turn for the lock as long as it takes: on a loaded machine (a CI run,
    # load average 9 on 2 cores) six quizzes' synced commits took longer than the default 10 s.
    procs = [_start([s, "-n", "8", "--seed", "1"], data_dir, AWSREF_LOCK_WAIT="120") for s in services]
    results = [p.communicate(input="a\n" * 8, timeout=120) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "warning" not in err, err
    assert db_rows(data_dir, "SELECT count(*) FROM answers") == [(48,)]
    assert db_rows(data_dir, "SELECT count(*), sum(asked), sum(finished) FROM sessions") == [(6, 48, 6)]
    answered = db_rows(data_dir, "SELECT count(DISTINCT card) FROM answers")[0][0]
    assert db_rows(data_dir, "SELECT count(*) FROM cards") == [(answered,)]


def test_a_corrupt_database_is_set_aside_and_a_new_one_started(data_dir: Path) -> None:
    data_dir.mkdir()
    garbage = b"this is not a database" * 200
    (data_dir / "progress.sqlite3").write_bytes(garbage)
    result = proc("quiz", "sqs", "-n", "2", "--seed", "1", input="a\nb\n")
    assert result.returncode == 0, result.stderr
    assert "is corrupt" in result.stderr and "set aside" in result.stderr
    aside = [p for p in data_dir.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    assert db_rows(data_dir, "SELECT count(*) FROM answers") == [(2,)]


def test_an_unusable_data_directory_only_costs_saving(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    env = {"AWSREF_DATA_DIR": str(blocker / "study")}
    result = proc("quiz", "sqs", "-n", "2", "--seed", "1", input="a\nb\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "progress will not be saved" in result.stderr
    assert "Score: " in result.stdout
    assert proc("progress", "sqs", "-o", "json", env=env).returncode == 0


def test_a_read_only_database_is_read_but_never_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, pool: list[dict]
) -> None:
    store = Store(str(data_dir), pytest.fail)
    store.start(1, "", 0.0)
    store.record("term:gsi", "term", False, "a", 0.0)
    store.close()
    before = (data_dir / "progress.sqlite3").read_bytes()
    real = Store._connect

    def read_only(self: Store, target: str, *, uri: bool = False) -> sqlite3.Connection:
        if not uri:
            target, uri = f"file:{target}?mode=ro", True
        return real(self, target, uri=uri)

    monkeypatch.setattr(Store, "_connect", read_only)
    warnings: list[str] = []
    store = Store(str(data_dir), warnings.append)
    assert not store.saving
    assert warnings and "will not be saved" in warnings[0]
    assert store.states()["term:gsi"]["last_right"] is False
    assert store.record("term:gsi", "term", True, "a", 10.0)["box"] == 2
    store.close()
    assert (data_dir / "progress.sqlite3").read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_directory_only_costs_saving(data_dir: Path) -> None:
    data_dir.mkdir()
    assert proc("quiz", "sqs", "-n", "1", "--seed", "1", input="a\n").returncode == 0
    os.chmod(data_dir / "progress.sqlite3", 0o444)
    os.chmod(data_dir, 0o555)
    try:
        result = proc("quiz", "sqs", "-n", "1", "--seed", "1", input="a\n")
        assert result.returncode == 0, result.stderr
        assert "will not be saved" in result.stderr
    finally:
        os.chmod(data_dir, 0o755)
    assert db_rows(data_dir, "SELECT count(*) FROM answers") == [(1,)]


# ---- progress and wiring ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "text", "json", "markdown"])
def test_progress_in_every_format(data_dir: Path, fmt: str) -> None:
    result = typer_run("progress", "sqs", "-o", fmt)
    assert result.code == 0, result
    if fmt == "json":
        doc = json.loads(result.out)
        assert [s["id"] for s in doc["result"]["services"]] == ["sqs"]
    elif fmt == "text":
        assert result.out.splitlines()[0].startswith("progress\ttotal\t")
    else:
        assert "SQS" in result.out


def test_progress_bars_on_a_terminal(data_dir: Path) -> None:
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execv(sys.executable, [sys.executable, "-m", "awsref", "progress", "sqs", "lambda"])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    text = out.decode()
    assert "░" in text and "By service" in text and "Lambda" in text


@pytest.mark.parametrize("command", ["quiz", "progress", "export"])
def test_fast_path_leaves_study_commands_to_typer(command: str) -> None:
    assert entry.parse_fast([command, "sqs"]) is None


def test_a_lookup_imports_nothing_of_the_study_commands() -> None:
    code = (
        "import sys\nfrom awsref import entry\n"
        "entry.dispatch(['limit', 'sqs', 'message-size'])\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.split())
    assert "awsref.limits" in loaded
    study = {"awsref.quiz", "awsref.study", "awsref.progress_store", "awsref.export", "awsref.cards"}
    assert not loaded & (study | {"platformdirs", "genanki", "sqlite3"})


def test_quiz_usage_errors() -> None:
    assert proc("quiz", "-n", "0", "--reveal").returncode == 2
    assert proc("quiz", "-o", "json", input="a\n").returncode == 2
    assert proc("quiz", "--bogus").returncode == 2


# ---- the words of a question -------------------------------------------------------------


def no_number_cards(pool: list[dict]) -> list[dict]:
    return [c for c in pool if c["kind"] == "limit" and c["entry"]["value"] is None]


@pytest.mark.parametrize("seed", range(6))
def test_unlimited_is_graded_in_any_case_and_spacing(pool: list[dict], seed: int) -> None:
    card = next(c for c in pool if c["id"] == "limit:s3/objects-per-bucket")
    q = quiz.question(card, pool, seed)
    assert q is not None
    assert q["choices"][q["answer"]] == "Unlimited"
    for reply in ("unlimited", "  UNLIMITED ", "Unlimited", "no limit"):
        assert quiz.check(q, reply), reply
    for reply in ("100", "limited", ""):
        assert not quiz.check(q, reply), reply


@pytest.mark.parametrize("seed", range(4))
def test_a_limit_without_a_number_gets_the_largest_figures_of_its_unit(pool: list[dict], seed: int) -> None:
    cards = no_number_cards(pool)
    assert cards
    for card in cards:
        unit = card["entry"]["unit"]
        values = sorted(v for v in quiz.ListPool(pool).limit_values(unit) if v > 0)
        largest = {quiz.format_amount(v, unit) for v in values[-3 * quiz.DISTRACTORS :]}
        q = quiz.question(card, pool, seed)
        assert q is not None
        distractors = [c for i, c in enumerate(q["choices"]) if i != q["answer"]]
        assert distractors, card["id"]
        for choice in distractors:
            assert choice.removeprefix("Unchanged: ") in largest or choice.startswith("Unchanged: "), (
                card["id"],
                choice,
            )


@pytest.mark.parametrize("seed", range(3))
def test_no_choice_is_cut_so_none_stands_out_by_its_ellipsis(pool: list[dict], seed: int) -> None:
    definitions = {t["definition"] for t in RAW["terms"]}
    for q in quiz.questions(quiz.shuffled(pool, seed), pool, seed, len(pool)):
        if q["kind"] == "definition":
            assert all(choice in definitions for choice in q["choices"]), q["card"]


def test_long_choices_wrap_with_a_hanging_indent() -> None:
    import io

    from rich.console import Console

    from awsref.study import Screen

    screen = Screen()
    buffer = io.StringIO()
    screen.console = Console(file=buffer, width=40, color_system=None)
    screen.item("  a) ", "A primary key made of a partition key plus a sort key, in any table.")
    lines = buffer.getvalue().rstrip("\n").split("\n")
    assert len(lines) > 1
    assert lines[0].startswith("  a) A primary")
    assert all(line.startswith("     ") and line[5] != " " for line in lines[1:]), lines


def test_one_question_is_singular(data_dir: Path) -> None:
    q = reveal("sqs", "-n", "1", "--seed", "4")[0]
    result = proc("quiz", "sqs", "-n", "1", "--seed", "4", input=right_letter(q) + "\n")
    assert result.stdout.startswith("1 question (seed 4).")


# ---- scenario questions (facts) ---------------------------------------------------------

SERVICES = {s["id"]: s for s in RAW["services"]}


@pytest.fixture(scope="module")
def fact_pool() -> list[dict]:
    return deck.all_cards(open_kb(), facts=True)


def facts_of(pool: list[dict]) -> list[dict]:
    return [c for c in pool if c["kind"] == "fact"]


def names_of(sid: str) -> list[str]:
    s = SERVICES[sid]
    return [s["name"], s["full_name"], *s["aliases"], s["id"]]


def says(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE) for n in names)


def scenario(card: dict, pool: list[dict], seed: int = 3) -> dict:
    q = quiz.question(card, pool, seed)
    assert q is not None and q["kind"] == "scenario", card["id"]
    return q


def test_a_fact_card_id_is_its_service_and_a_checksum_of_its_text(fact_pool: list[dict]) -> None:
    cards = facts_of(fact_pool)
    texts = {(s["id"], f["text"]) for s in RAW["services"] for f in s["facts"]}
    for card in cards:
        sid = card["services"][0]
        assert card["id"] == f"fact:{sid}/{zlib.crc32(card['entry']['text'].encode()):08x}"
        assert (sid, card["entry"]["text"]) in texts
        assert card["command"] == f"awsref show {sid}"
    assert len({c["id"] for c in cards}) == len(cards)
    assert len(cards) >= 1000  # of 2,568 facts, those that name their service and say enough without it


def test_fact_cards_join_only_when_asked_for() -> None:
    assert not facts_of(deck.all_cards(open_kb()))
    assert facts_of(deck.select(open_kb(), ["sqs"], None, facts=True)[0])


def test_a_scenario_never_shows_the_service_name(fact_pool: list[dict]) -> None:
    for card in facts_of(fact_pool):
        q = scenario(card, fact_pool)
        sid = card["services"][0]
        s = SERVICES[sid]
        proper = [s["name"], s["full_name"], sid, *(a for a in s["aliases"] if " " in a)]
        assert says(card["entry"]["text"], proper), card["id"]  # a generic alias ("instances") is no name
        assert not says(q["prompt"], names_of(sid)), q["prompt"]
        assert len(re.findall(r"\w+", q["prompt"].removeprefix("Which service is this about?"))) >= 8


def test_scenario_choices_are_distinct_services_none_named_in_the_fact(fact_pool: list[dict]) -> None:
    labels = {s["name"]: sid for sid, s in SERVICES.items()}
    for card in facts_of(fact_pool):
        q = scenario(card, fact_pool, 5)
        assert len(q["choices"]) == 4 and len({key(c) for c in q["choices"]}) == 4
        assert q["choices"][q["answer"]] == card["entry"]["service_name"]
        for i, choice in enumerate(q["choices"]):
            assert choice in labels
            if i != q["answer"]:
                assert labels[choice] != card["services"][0]
                assert not says(card["entry"]["text"], names_of(labels[choice])), (card["id"], choice)


def test_scenario_distractors_prefer_services_of_the_same_exam_task(fact_pool: list[dict]) -> None:
    tasks = {c["services"][0]: set(c["entry"]["tasks"]) for c in facts_of(fact_pool)}
    labels = {s["name"]: sid for sid, s in SERVICES.items()}
    checked = 0
    for card in facts_of(fact_pool):
        sid = card["services"][0]
        mates = [
            other
            for other in tasks
            if other != sid and tasks[sid] & tasks[other] and not says(card["entry"]["text"], names_of(other))
        ]
        if len(mates) < 3:
            continue
        q = scenario(card, fact_pool, 8)
        for i, choice in enumerate(q["choices"]):
            if i != q["answer"]:
                assert tasks[sid] & tasks[labels[choice]], (card["id"], choice)
        checked += 1
    assert checked > 500


def test_service_tasks_come_from_the_exam_map() -> None:
    from awsref.exam import service_tasks

    tasks = service_tasks(open_kb())
    assert "D1.T1" in tasks["eventbridge"]  # D1.T1.K1 maps service:eventbridge
    assert "D2.T2" in tasks["kms"]


def test_a_scenario_is_the_same_under_the_same_seed(fact_pool: list[dict]) -> None:
    card = facts_of(fact_pool)[0]
    assert quiz.question(card, fact_pool, 4) == quiz.question(card, fact_pool, 4)
    assert reveal("lambda", "--scenarios", "--seed", "3") == reveal("lambda", "--scenarios", "--seed", "3")


def test_a_scenario_accepts_the_service_name_or_an_alias(fact_pool: list[dict]) -> None:
    card = next(c for c in facts_of(fact_pool) if c["services"] == ["sqs"])
    q = scenario(card, fact_pool)
    for reply in ("SQS", "sqs", "Amazon Simple Queue Service", SERVICES["sqs"]["aliases"][0]):
        assert quiz.check(q, reply), reply
    assert not quiz.check(q, "SNS")


def test_scenarios_are_a_share_of_the_quiz_not_all_of_it() -> None:
    assert not [q for q in reveal("-n", "10", "--seed", "6") if q["kind"] == "scenario"]
    seen = 0
    for seed in ("6", "7", "8", "9"):
        kinds = [q["kind"] for q in reveal("--scenarios", "-n", "10", "--seed", seed)]
        assert len(kinds) == 10 and kinds.count("scenario") <= 3
        for i in range(1, 11):  # spread through the quiz, never bunched at its start
            assert kinds[:i].count("scenario") <= math.ceil(i * 0.3)
        seen += kinds.count("scenario")
    assert seen >= 4  # present in every few quizzes: which cards come first depends on the seed


def test_a_task_quiz_includes_scenarios_of_its_services() -> None:
    from awsref.exam import ref_services, task_refs

    about = ref_services(open_kb(), task_refs(open_kb(), "D1.T2"))
    scenarios = [q for q in reveal("--task", "D1.T2", "-n", "20", "--seed", "2") if q["kind"] == "scenario"]
    assert len(scenarios) == 6
    assert all(q["services"][0] in about for q in scenarios)


def test_a_scenario_session_hides_the_service_and_saves_the_fact_card(data_dir: Path) -> None:
    questions = reveal("sqs", "--scenarios", "-n", "4", "--seed", "1")
    fact = next(q for q in questions if q["kind"] == "scenario")
    replies = ["SQS" if q is fact else "z" for q in questions]
    result = proc("quiz", "sqs", "--scenarios", "-n", "4", "--seed", "1", input="\n".join(replies) + "\n")
    assert result.returncode == 0, result.stderr
    assert "· scenario" in result.stdout and "Score: 1/4" in result.stdout
    assert (fact["card"], 1) in db_rows(data_dir, "SELECT card, right FROM answers")
    progress = json.loads(proc("progress", "sqs", "-o", "json").stdout)["result"]["total"]
    plain = len(deck.narrow(deck.all_cards(open_kb()), ["sqs"], None))
    asked = sum(q["kind"] == "scenario" for q in questions)
    assert (progress["cards"], progress["learning"]) == (plain + asked, 4)  # answered fact cards count


# ---- reading only what a quiz needs ------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_the_cache_deck_makes_the_same_questions_as_every_card(pool: list[dict], seed: int) -> None:
    kb = open_kb()
    light = deck.select_light(kb, [], None)
    assert [c["id"] for c in light] == [c["id"] for c in pool]
    lazy = quiz.questions((deck.card(kb, c) for c in quiz.shuffled(light, seed)), deck.KbPool(kb), seed, 60)
    assert lazy == quiz.questions(quiz.shuffled(pool, seed), pool, seed, 60)


def test_a_quiz_on_one_service_reads_no_other_service(sections_read: list[str]) -> None:
    kb = open_kb()
    read = sections_read
    chosen = deck.select_light(kb, ["sqs"], None)
    asked = quiz.questions((deck.card(kb, c) for c in quiz.shuffled(chosen, 1)), deck.KbPool(kb), 1, 5)
    assert len(asked) == 5
    services = {n for n in read if n.startswith("service:")}
    assert services <= {"service:sqs"}, services
    assert "deck/rows" not in read and "list:terms" not in read


def test_progress_counts_a_fact_card_once_it_has_been_answered() -> None:
    from awsref.progress import progress_data
    from awsref.progress_store import blank

    kb = open_kb()
    fact = deck.fact_cards(kb, {"sqs"})[0]
    before = progress_data(kb, [], None, {})
    state = dict(blank(), box=2, due=0.0)
    after = progress_data(kb, [], None, {fact["id"]: state})  # type: ignore[dict-item]
    assert after["total"]["cards"] == before["total"]["cards"] + 1
    assert after["total"]["learning"] == 1 and after["total"]["due"] == 1
    sqs = next(s for s in after["services"] if s["id"] == "sqs")
    assert sqs["learning"] == 1


@pytest.mark.parametrize("domain", [None, "development", "security"])
def test_progress_from_the_cache_counts_agrees_with_counting_every_card(domain: str | None) -> None:
    import random

    from awsref import progress

    kb = open_kb()
    light = deck.select_light(kb, [], None)
    rng = random.Random(5)
    fact = deck.fact_cards(kb, {"lambda"})[0]["id"]
    answered = [c["id"] for c in rng.sample(light, 300)] + [fact, "term:no-such-term"]
    states = {
        card: {
            "box": rng.randint(1, 5),
            "due": rng.choice([0.0, 4e9]),
            "right": 1,
            "wrong": 0,
            "last_right": True,
            "seen": 0.0,
        }
        for card in answered
    }
    fast = progress.progress_data(kb, [], domain, states)  # type: ignore[arg-type]
    assert fast == progress._from_cards(kb, [], domain, states)  # type: ignore[arg-type]
    assert fast["total"]["learning"] + fast["total"]["known"] > 0


def test_progress_of_the_whole_deck_reads_no_card(sections_read: list[str]) -> None:
    from awsref import progress

    kb = open_kb()
    read = sections_read
    data = progress.progress_data(kb, [], None, {})
    assert data["total"]["cards"] == data["total"]["new"] > 1000
    assert not [n for n in read if n.startswith(("service:", "term:", "comparison:", "deck/rows"))], read
