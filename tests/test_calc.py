"""``awsref calc`` and ``limit --check/--in``: AWS's worked examples, every format, exit codes."""

from __future__ import annotations

import json
import re

import pytest

from conftest import entry_run, proc
from conftest import typer_run as run

FORMATS = ["table", "text", "json", "markdown"]


def calc_json(*args: str) -> tuple[int, dict]:
    result = run("calc", *args, "-o", "json")
    assert result.code in (0, 1), result
    doc = json.loads(result.out)
    assert doc["kind"] == "calculation"
    return result.code, doc


def result_of(*args: str) -> float:
    return calc_json(*args)[1]["result"]["result"]["value"]


# ---- DynamoDB: the developer guide's read-write-operations examples -------------------


@pytest.mark.parametrize(
    ("flag", "rcu"),
    [("--strongly-consistent", 2), ("--eventually-consistent", 1), ("--transactional", 4)],
)
def test_rcu_for_an_8kb_item_matches_the_developer_guide(flag: str, rcu: int) -> None:
    # "if your item size is 8 KB, you require 2 read units to sustain one strongly consistent
    # read ... 1 read unit if you choose eventually consistent reads or 4 read units for a
    # transactional read request."
    assert result_of("dynamodb", "rcu", "--item-size", "8KB", "--reads", "1", flag) == rcu


def test_a_3500_byte_item_costs_the_same_as_4kb() -> None:
    # "reading a 3,500-byte item consumes the same throughput as reading a 4 KB item"
    assert (
        result_of("dynamodb", "rcu", "--item-size", "3500 bytes", "--reads", "1", "--strongly-consistent")
        == 1
    )
    assert result_of("dynamodb", "rcu", "--item-size", "4KB", "--reads", "1", "--strongly-consistent") == 1


def test_a_10kb_item_rounds_up_to_12kb() -> None:
    # "If you read a 10 KB item, DynamoDB rounds the item size to 12 KB."
    _, doc = calc_json("dynamodb", "rcu", "--item-size", "10KB", "--reads", "1", "--strongly-consistent")
    assert doc["result"]["steps"][0]["value"] == 3
    assert doc["result"]["result"]["value"] == 3


@pytest.mark.parametrize(
    ("flag", "rcu"),
    [("--strongly-consistent", 20), ("--eventually-consistent", 10), ("--transactional", 40), (None, 10)],
)
def test_issue_example_rcu(flag: str | None, rcu: int) -> None:
    args = ["dynamodb", "rcu", "--item-size", "6KB", "--reads", "10"] + ([flag] if flag else [])
    assert result_of(*args) == rcu


def test_eventually_consistent_rounds_the_total_up() -> None:
    # one 1 KB eventually consistent read per second needs half a unit: provision 1
    assert result_of("dynamodb", "rcu", "--item-size", "1KB", "--reads", "1") == 1
    assert result_of("dynamodb", "rcu", "--item-size", "1KB", "--reads", "3") == 2


@pytest.mark.parametrize(
    ("size", "writes", "transactional", "wcu"),
    [
        ("3.5KB", "20", False, 80),  # the issue's example: 3.5 KB rounds up to 4 write units
        ("3.5KB", "20", True, 160),
        ("500 bytes", "1", False, 1),  # under 1 KB: one write unit
        ("1KB", "6", False, 6),  # 6 WCU = write up to 6 KB per second (ProvisionedThroughput)
        ("1025 bytes", "1", False, 2),
        ("5KB", "3", True, 30),  # 3 transactional writes/s of 5 KB items = 30 WCU
    ],
)
def test_wcu(size: str, writes: str, transactional: bool, wcu: int) -> None:
    args = ["dynamodb", "wcu", "--item-size", size, "--writes", writes] + (
        ["--transactional"] if transactional else []
    )
    assert result_of(*args) == wcu


def test_rcu_shows_formula_steps_and_limits_with_sources() -> None:
    _, doc = calc_json("dynamodb", "rcu", "--item-size", "6KB", "--reads", "10", "--transactional")
    r = doc["result"]
    assert "× 2" in r["formula"]
    assert [s["value"] for s in r["steps"]] == [2, 40]
    used = {lim["id"]: lim for lim in r["limits"]}
    assert {"rcu-size", "transactional-read-cost", "item-size", "table-throughput"} <= set(used)
    assert all(lim["source"].startswith("https://docs.aws.amazon.com/") for lim in used.values())
    assert r["fits"] is True


def test_rcu_over_the_table_quota_does_not_fit() -> None:
    code, doc = calc_json(
        "dynamodb", "rcu", "--item-size", "400KB", "--reads", "1000", "--strongly-consistent"
    )
    assert code == 1
    assert doc["result"]["fits"] is False
    assert "does not fit" in doc["result"]["verdict"]


def test_an_item_above_400kb_is_refused() -> None:
    result = run("calc", "dynamodb", "rcu", "--item-size", "401KB", "--reads", "1")
    assert result.code == 2
    assert "maximum item size" in result.err


def test_two_read_types_are_a_usage_error() -> None:
    result = run(
        "calc",
        "dynamodb",
        "rcu",
        "--item-size",
        "1KB",
        "--reads",
        "1",
        "--strongly-consistent",
        "--transactional",
    )
    assert result.code == 2


def test_si_reading_is_reported_and_whether_it_changes_the_result() -> None:
    # 8 KB binary = 8,192 bytes and SI = 8,000 bytes: both 2 read units, so no note at all
    _, doc = calc_json("dynamodb", "rcu", "--item-size", "8KB", "--reads", "1", "--strongly-consistent")
    assert not any("binary units" in n for n in doc["notes"])
    # 1.01 KB binary = 1,034 bytes: 2 write units; SI = 1,010 bytes: 1 write unit
    _, doc = calc_json("dynamodb", "wcu", "--item-size", "1.01KB", "--writes", "1")
    assert doc["result"]["result"]["value"] == 2
    assert any("the result would be 1 WCU" in n for n in doc["notes"])
    # bytes and KiB are exact: nothing to say
    _, doc = calc_json("dynamodb", "wcu", "--item-size", "1 KiB", "--writes", "1")
    assert not doc["notes"]


# ---- Kinesis ---------------------------------------------------------------------------


def test_kinesis_issue_example() -> None:
    assert result_of("kinesis", "shards", "--write", "5MB/s", "--records", "3000/s") == 5


def test_kinesis_shared_readers_multiply_the_read_rate() -> None:
    # 3 consumers reading 8 MB/s each share 2 MB/s per shard: 24 / 2 = 12
    args = [
        "kinesis",
        "shards",
        "--write",
        "5MB/s",
        "--records",
        "3000/s",
        "--read",
        "8MB/s",
        "--consumers",
        "3",
    ]
    _, doc = calc_json(*args)
    assert doc["result"]["result"]["value"] == 12
    assert any("GetRecords" in n for n in doc["notes"])


def test_kinesis_enhanced_fan_out_gives_each_consumer_its_own_throughput() -> None:
    args = [
        "kinesis",
        "shards",
        "--write",
        "5MB/s",
        "--read",
        "8MB/s",
        "--consumers",
        "3",
        "--enhanced-fan-out",
    ]
    assert result_of(*args) == 5  # max(5 for writes, 8/2 = 4 for each consumer)


def test_kinesis_documented_sizing_formula() -> None:
    # number_of_shards = max(incoming_write_bandwidth_in_KiB/1024, outgoing_read_bandwidth_in_KiB/2048)
    # 2,048 KiB/s in, one consumer: max(2, 1) = 2; two consumers: max(2, 2) = 2; three: max(2, 3) = 3
    assert result_of("kinesis", "shards", "--write", "2048 KiB/s") == 2
    assert result_of("kinesis", "shards", "--write", "2048 KiB/s", "--consumers", "2") == 2
    assert result_of("kinesis", "shards", "--write", "2048 KiB/s", "--consumers", "3") == 3


def test_kinesis_records_can_dominate() -> None:
    assert result_of("kinesis", "shards", "--write", "100KB/s", "--records", "4500/s") == 5


def test_kinesis_too_many_efo_consumers_does_not_fit() -> None:
    code, doc = calc_json("kinesis", "shards", "--write", "1MB/s", "--consumers", "21", "--enhanced-fan-out")
    assert code == 1 and doc["result"]["fits"] is False


def test_kinesis_quota_note_depends_on_region() -> None:
    _, doc = calc_json("kinesis", "shards", "--write", "1MB/s")
    assert any("depends on the Region" in n for n in doc["notes"])


# ---- SQS FIFO --------------------------------------------------------------------------


def test_fifo_without_batching_does_not_fit_2500_per_second() -> None:
    code, doc = calc_json("sqs", "fifo", "--messages", "2500/s")
    assert code == 1
    assert doc["result"]["result"]["value"] == 2500


def test_fifo_batches_of_ten_fit_2500_per_second() -> None:
    # "3,000 transactions per second represent 300 API calls, each with a batch of 10 messages"
    code, doc = calc_json("sqs", "fifo", "--messages", "2500/s", "--batch", "10")
    assert code == 0
    assert doc["result"]["result"]["value"] == 250
    assert {lim["id"] for lim in doc["result"]["limits"]} >= {"fifo-throughput", "fifo-batch-throughput"}


def test_fifo_3000_with_batching_fits_and_3001_does_not() -> None:
    assert calc_json("sqs", "fifo", "--messages", "3000", "--batch", "10")[0] == 0
    assert calc_json("sqs", "fifo", "--messages", "3001", "--batch", "10")[0] == 1


def test_fifo_high_throughput_says_it_depends_on_the_region() -> None:
    code, doc = calc_json("sqs", "fifo", "--messages", "20000/s", "--batch", "10", "--high-throughput")
    assert code == 0
    assert doc["result"]["fits"] is None
    assert doc["result"]["verdict"].startswith("depends on the Region")


def test_fifo_batch_above_the_sqs_batch_limit_is_refused() -> None:
    result = run("calc", "sqs", "fifo", "--messages", "100", "--batch", "11")
    assert result.code == 2 and "batch size" in result.err


# ---- Lambda ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rps", "duration", "concurrency"),
    [
        ("100", "500ms", 50),  # the Lambda developer guide's example
        ("10", "3s", 30),  # S3 events: 10 events/s of a 3-second function
        ("200", "300ms", 60),
        ("1", "1ms", 1),
    ],
)
def test_lambda_concurrency(rps: str, duration: str, concurrency: int) -> None:
    assert result_of("lambda", "concurrency", "--rps", rps, "--duration", duration) == concurrency


def test_lambda_concurrency_above_the_account_default_does_not_fit() -> None:
    code, doc = calc_json("lambda", "concurrency", "--rps", "5000", "--duration", "1s")
    assert code == 1 and doc["result"]["fits"] is False
    assert "adjustable" in doc["result"]["verdict"] or "increase" in doc["result"]["verdict"]


def test_lambda_duration_above_the_timeout_is_refused() -> None:
    assert run("calc", "lambda", "concurrency", "--rps", "1", "--duration", "16 minutes").code == 2


# ---- API Gateway -----------------------------------------------------------------------


def test_api_gateway_within_the_steady_rate_fits() -> None:
    code, doc = calc_json("api-gateway", "throttle", "--rps", "9000")
    assert code == 0 and doc["result"]["result"]["value"] == 0


def test_api_gateway_short_spike_is_absorbed_by_the_burst() -> None:
    # 12,000/s is 2,000/s over 10,000; a 5,000 burst lasts 2.5 s
    code, doc = calc_json("api-gateway", "throttle", "--rps", "12000", "--for", "2s")
    assert code == 0
    assert doc["result"]["steps"][1]["value"] == 2.5


def test_api_gateway_long_spike_is_throttled() -> None:
    code, doc = calc_json("api-gateway", "throttle", "--rps", "12000", "--for", "10s")
    assert code == 1
    assert doc["result"]["result"]["value"] == 15000


# ---- every format, bad input, paths ----------------------------------------------------

CALCS = [
    ["dynamodb", "rcu", "--item-size", "6KB", "--reads", "10"],
    ["dynamodb", "wcu", "--item-size", "3.5KB", "--writes", "20", "--transactional"],
    ["kinesis", "shards", "--write", "5MB/s", "--records", "3000/s", "--read", "8MB/s", "--consumers", "3"],
    ["sqs", "fifo", "--messages", "2500/s", "--batch", "10"],
    ["lambda", "concurrency", "--rps", "200", "--duration", "300ms"],
    ["api-gateway", "throttle", "--rps", "12000", "--for", "2s"],
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("argv", CALCS, ids=" ".join)
def test_every_calculator_in_every_format(argv: list[str], fmt: str) -> None:
    result = run("calc", *argv, "-o", fmt)
    assert result.code == 0, result
    if fmt == "json":
        doc = json.loads(result.out)
        assert doc["command"] == "calc" and doc["kind"] == "calculation"
        assert {"formula", "inputs", "steps", "result", "limits", "fits", "verdict"} <= set(doc["result"])
    elif fmt == "text":
        kinds = {line.split("\t")[0] for line in result.out.splitlines()}
        assert {"calculation", "formula", "input", "step", "uses-limit"} <= kinds
    else:
        assert "Limits used" in result.out and "https://docs.aws.amazon.com/" in result.out
        assert "Working" in result.out


@pytest.mark.parametrize(
    "argv",
    [
        ["dynamodb", "rcu", "--item-size", "6s", "--reads", "10"],
        ["dynamodb", "rcu", "--item-size", "banana", "--reads", "10"],
        ["dynamodb", "rcu", "--item-size", "0", "--reads", "10"],
        ["dynamodb", "rcu", "--item-size", "-5KB", "--reads", "10"],
        ["dynamodb", "rcu", "--item-size", "6KB", "--reads", "10 MB"],
        ["dynamodb", "rcu", "--item-size", "6KB"],
        ["dynamodb", "wcu", "--item-size", "6KB", "--writes", "0"],
        ["kinesis", "shards", "--write", "5 MB/s", "--consumers", "1.5"],
        ["kinesis", "shards", "--write", "5 MB/s", "--records", "3 MB/s"],
        ["sqs", "fifo", "--messages", "5 MB/s"],
        ["sqs", "fifo", "--messages", "10", "--batch", "0"],
        ["lambda", "concurrency", "--rps", "10", "--duration", "5 KB"],
        ["api-gateway", "throttle", "--rps", "10", "--for", "5 KB"],
        ["dynamodb", "banana"],
    ],
    ids=" ".join,
)
def test_bad_input_is_a_usage_error(argv: list[str]) -> None:
    result = run("calc", *argv)
    assert result.code == 2, result
    assert result.err.strip()


def test_kinesis_bare_number_is_bytes_per_second() -> None:
    assert result_of("kinesis", "shards", "--write", "2097152") == 2


# ---- limit --check / --in --------------------------------------------------------------


def check(*args: str) -> tuple[int, dict]:
    result = run("limit", *args, "-o", "json")
    assert result.code in (0, 1), result
    return result.code, json.loads(result.out)


def test_check_fits_with_headroom_and_source() -> None:
    code, doc = check("sqs", "message-size", "--check", "300KB")
    c = doc["result"]["check"]
    assert code == 0 and c["fits"] is True
    assert c["value"] == 300 * 1024 and c["headroom"] == 1048576 - 307200
    assert c["percent_of_max"] == pytest.approx(29.3, abs=0.01)
    assert doc["result"]["source"].startswith("https://docs.aws.amazon.com/")


def test_check_does_not_fit_says_by_how_much() -> None:
    code, doc = check("sqs", "message-size", "--check", "2 MiB")
    c = doc["result"]["check"]
    assert code == 1 and c["fits"] is False and c["over_by"] == 1048576
    assert "over the maximum" in c["verdict"]


def test_check_below_the_minimum_does_not_fit() -> None:
    code, doc = check("sqs", "visibility-timeout", "--check", "0s")
    assert code == 0  # 0 s is the minimum: fits
    code, doc = check("lambda", "timeout", "--check", "500ms")
    assert code == 1 and doc["result"]["check"]["under_min_by"] == pytest.approx(0.5)


def test_check_shows_si_reading_when_it_changes_the_outcome() -> None:
    # 1.01 MB binary = 1,059,061.76 bytes (too big); SI = 1,010,000 bytes (fits)
    code, doc = check("sqs", "message-size", "--check", "1.01MB")
    c = doc["result"]["check"]
    assert code == 1 and c["fits"] is False and c["fits_si"] is True
    assert any("SI units" in n for n in doc["notes"])


def test_check_durations_and_default_note() -> None:
    code, doc = check("lambda", "timeout", "--check", "1h30m")
    assert code == 1
    code, doc = check("lambda", "timeout", "--check", "10 minutes")
    assert code == 0
    assert any("default" in n for n in doc["notes"])


def test_check_rates() -> None:
    assert check("s3", "get-requests-per-prefix", "--check", "5000/s")[0] == 0
    assert check("s3", "get-requests-per-prefix", "--check", "6000 per second")[0] == 1
    assert check("kinesis", "shard-write-bytes", "--check", "3 MB/s")[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sqs", "message-size", "--check", "5s"], "duration"),
        (["sqs", "backlog", "--check", "5"], "no number"),
        (["sqs", "--check", "5"], "needs one limit"),
        (["sqs", "message-size", "--check", "banana"], "number"),
        (["sqs", "message-size", "--check", "5 bananas"], "unknown unit"),
        (["sqs", "message-size", "--check", ""], "empty"),
        (["lambda", "timeout", "--in", "KiB"], "a size"),
        (["lambda", "timeout", "--in", "parsecs"], "unknown unit"),
        (["sqs", "backlog", "--in", "count"], "no number"),
    ],
)
def test_check_and_in_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run("limit", *args)
    assert result.code == 2, result
    assert message in result.err


def test_in_converts_value_min_and_default() -> None:
    code, doc = check("lambda", "timeout", "--in", "minutes")
    conv = doc["result"]["conversion"]
    assert code == 0 and conv["value"] == 15 and conv["default"] == 0.05 and conv["unit"] == "min"
    assert conv["display"].startswith("15 min")


def test_in_bytes_and_ambiguous_units_say_both() -> None:
    _, doc = check("dynamodb", "item-size", "--in", "bytes")
    assert doc["result"]["conversion"]["value"] == 409600
    _, doc = check("dynamodb", "item-size", "--in", "MB")
    assert "SI" in doc["result"]["conversion"]["display"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_and_in_in_every_format(fmt: str) -> None:
    result = run("limit", "lambda", "timeout", "--check", "20m", "--in", "minutes", "-o", fmt)
    assert result.code == 1, result
    if fmt == "text":
        kinds = [line.split("\t")[0] for line in result.out.splitlines()]
        assert kinds[:3] == ["limit", "conversion", "check"]
        assert "does-not-fit" in result.out
    elif fmt == "json":
        doc = json.loads(result.out)
        assert doc["result"]["check"]["fits"] is False and doc["result"]["conversion"]["value"] == 15
    else:
        assert "does not fit" in result.out and "15 min" in result.out


def test_entry_path_sends_check_to_typer(capsys: pytest.CaptureFixture[str]) -> None:
    result = entry_run("limit", "sqs", "message-size", "--check", "300KB", "-o", "text", capsys=capsys)
    assert result.code == 0 and "\tfits\t" in result.out
    result = entry_run("limit", "sqs", "message-size", "--check", "2MiB", "-o", "text", capsys=capsys)
    assert result.code == 1


def test_real_process_exit_codes() -> None:
    fits = proc("limit", "lambda", "async-payload", "--check", "1000", "-o", "text")
    assert fits.returncode == 0, fits.stderr
    too_big = proc("limit", "lambda", "async-payload", "--check", "2000000", "-o", "text")
    assert too_big.returncode == 1
    wrong = proc("limit", "lambda", "async-payload", "--check", "5s")
    assert wrong.returncode == 2 and "duration" in wrong.stderr
    calc = proc("calc", "sqs", "fifo", "--messages", "2500/s", "-o", "text")
    assert calc.returncode == 1 and calc.stdout.startswith("calculation\t")


@pytest.mark.parametrize("calculator", ["rcu", "wcu"])
def test_a_bare_item_size_is_a_usage_error_with_the_units_to_choose(calculator: str) -> None:
    rate = "--reads" if calculator == "rcu" else "--writes"
    result = run("calc", "dynamodb", calculator, "--item-size", "6", rate, "10")
    assert result.code == 2
    assert result.out == ""
    assert "--item-size '6' has no unit: give 6KB (read as KiB, as AWS does), 6 KiB or 6 bytes" in result.err


def test_the_result_comes_before_the_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    args = ["calc", "kinesis", "shards", "--write", "5MB/s", "--records", "3000/s", "-o", "table"]
    out = run(*args).out
    assert out.index("Result") < out.index("shard quota depends on the Region")
    wcu = run("calc", "dynamodb", "wcu", "--item-size", "1.01KB", "--writes", "1", "-o", "table").out
    assert wcu.index("Result") < wcu.index("read in binary units")


def test_kinesis_working_is_in_human_units() -> None:
    _, doc = calc_json("kinesis", "shards", "--write", "5MB/s", "--read", "3MB/s", "--consumers", "2")
    steps = {s["step"].split(" (")[0]: s for s in doc["result"]["steps"]}
    assert steps["Shards for the write rate"]["working"] == "ceil(5 MiB/s ÷ 1 MiB/s) = ceil(5)"
    assert steps["Total read rate"]["working"] == "3 MiB/s × 2"
    assert steps["Total read rate"]["display"] == "6 MiB/s"
    assert not any(re.search(r"\d,\d{3},\d{3}", s["working"]) for s in doc["result"]["steps"])


def test_in_minutes_shows_a_small_minimum_in_its_own_unit() -> None:
    doc = json.loads(run("limit", "lambda", "timeout", "--in", "minutes", "-o", "json").out)
    conversion = doc["result"]["conversion"]
    assert conversion["display"] == "15 min; minimum 1 s; default 3 s"
    assert conversion["min"] == pytest.approx(1 / 60)  # the number stays the exact conversion
