"""``awsref calc``: the exam's capacity calculators, with their working shown.

Every AWS figure a calculator uses is a limit read from the knowledge base by service
and limit id (never a constant here), and is listed with its source in the answer.
Each answer has the formula, the inputs as given and as read, one line per step, the
result and, where there is one, a verdict (fits or not). Exit code: 0, or 1 when the
verdict is "does not fit"; bad input is a usage error (2).
"""

from __future__ import annotations

from awsref import units
from awsref.answer import Answer
from awsref.calc_rates import api_gateway_throttle, lambda_concurrency, sqs_fifo
from awsref.calc_work import KINESIS, Work, check_quota, n, size
from awsref.errors import UsageError
from awsref.kb import KnowledgeBase
from awsref.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Data = dict[str, Any]

    Calculator = Callable[[KnowledgeBase, Data], tuple[Answer, int]]


def dynamodb_rcu(kb: KnowledgeBase, o: Data) -> tuple[Answer, int]:
    mode = o.get("consistency") or "eventual"
    w = Work(kb, "dynamodb rcu", "DynamoDB read capacity units")
    item = w.input("--item-size", o.get("item_size"), "size", unit_required=True)
    reads = w.input("--reads", o.get("reads"), "rate")
    names = {
        "strong": "strongly consistent",
        "eventual": "eventually consistent",
        "transactional": "transactional",
    }
    w.given(
        "read type",
        f"--{names[mode].replace(' ', '-')}" if o.get("consistency") else "(default)",
        mode,
        names[mode],
    )
    maximum = w.value("dynamodb", "item-size")
    if item > maximum:
        raise UsageError(
            f"--item-size {size(item, 'size')} is above DynamoDB's maximum item size "
            f"of {size(maximum, 'size')}"
        )
    step = w.value("dynamodb", "rcu-size")
    per_read = w.step(
        f"Read units per item (item size rounded up to {size(step, 'size')})",
        f"ceil({n(item)} ÷ {n(step)}) = ceil({n(item / step)})",
        units.ceil(item / step),
    )
    base = f"reads/s × ceil(item size ÷ {size(step, 'size')})"
    if mode == "strong":
        formula = f"RCU = {base}"
        rcu = w.step(
            "RCU (1 unit per strongly consistent read)",
            f"ceil({n(reads)} × {n(per_read)})",
            units.ceil(reads * per_read),
        )
    elif mode == "eventual":
        per = w.value("dynamodb", "eventually-consistent-reads-per-rcu")
        formula = f"RCU = ceil({base} ÷ {n(per)})"
        rcu = w.step(
            f"RCU ({n(per)} eventually consistent reads per unit)",
            f"ceil({n(reads)} × {n(per_read)} ÷ {n(per)}) = ceil({n(reads * per_read / per)})",
            units.ceil(reads * per_read / per),
        )
    else:
        cost = w.value("dynamodb", "transactional-read-cost")
        formula = f"RCU = {base} × {n(cost)}"
        rcu = w.step(
            f"RCU ({n(cost)} units per transactional read)",
            f"ceil({n(reads)} × {n(per_read)} × {n(cost)})",
            units.ceil(reads * per_read * cost),
        )
    fits, verdict = check_quota(w, rcu, "dynamodb", "table-throughput", "read units")
    return w.answer(formula, ("RCU", rcu, "read capacity units", f"{n(rcu)} RCU"), fits, verdict)


def dynamodb_wcu(kb: KnowledgeBase, o: Data) -> tuple[Answer, int]:
    transactional = bool(o.get("transactional"))
    w = Work(kb, "dynamodb wcu", "DynamoDB write capacity units")
    item = w.input("--item-size", o.get("item_size"), "size", unit_required=True)
    writes = w.input("--writes", o.get("writes"), "rate")
    kind = "transactional" if transactional else "standard"
    w.given("write type", "--transactional" if transactional else "(default)", kind, kind)
    maximum = w.value("dynamodb", "item-size")
    if item > maximum:
        raise UsageError(
            f"--item-size {size(item, 'size')} is above DynamoDB's maximum item size "
            f"of {size(maximum, 'size')}"
        )
    step = w.value("dynamodb", "wcu-size")
    per_write = w.step(
        f"Write units per item (item size rounded up to {size(step, 'size')})",
        f"ceil({n(item)} ÷ {n(step)}) = ceil({n(item / step)})",
        units.ceil(item / step),
    )
    base = f"writes/s × ceil(item size ÷ {size(step, 'size')})"
    if transactional:
        cost = w.value("dynamodb", "transactional-write-cost")
        formula = f"WCU = {base} × {n(cost)}"
        wcu = w.step(
            f"WCU ({n(cost)} units per transactional write)",
            f"ceil({n(writes)} × {n(per_write)} × {n(cost)})",
            units.ceil(writes * per_write * cost),
        )
    else:
        formula = f"WCU = {base}"
        wcu = w.step(
            "WCU (1 unit per standard write)",
            f"ceil({n(writes)} × {n(per_write)})",
            units.ceil(writes * per_write),
        )
    fits, verdict = check_quota(w, wcu, "dynamodb", "table-throughput", "write units")
    return w.answer(formula, ("WCU", wcu, "write capacity units", f"{n(wcu)} WCU"), fits, verdict)


def kinesis_shards(kb: KnowledgeBase, o: Data) -> tuple[Answer, int]:
    w = Work(kb, "kinesis shards", "Kinesis Data Streams shards (provisioned mode)")
    efo = bool(o.get("enhanced_fan_out"))
    write = w.input("--write", o.get("write"), "throughput")
    records = w.input("--records", o.get("records"), "rate") if o.get("records") is not None else None
    if o.get("read") is not None:
        read = w.input("--read", o.get("read"), "throughput")
    else:
        read = write
        w.given("--read", "(default: the write rate)", read, units.format_exact(read, "throughput"))
    if o.get("consumers") is not None:
        consumers = int(w.input("--consumers", o.get("consumers"), "count", whole=True))
    else:
        consumers = 1
        w.given("--consumers", "(default)", 1, "1")
    w.given(
        "consumer type",
        "--enhanced-fan-out" if efo else "(default)",
        efo,
        "enhanced fan-out" if efo else "shared (GetRecords)",
    )
    per_write = w.value(KINESIS, "shard-write-bytes")
    needs = [
        w.step(
            f"Shards for the write rate ({size(per_write, 'throughput')} per shard)",
            f"ceil({size(write, 'throughput')} ÷ {size(per_write, 'throughput')}) "
            f"= ceil({n(write / per_write)})",
            units.ceil(write / per_write),
        )
    ]
    parts = [f"ceil(write ÷ {size(per_write, 'throughput')})"]
    if records is not None:
        per_records = w.value(KINESIS, "shard-write-records")
        needs.append(
            w.step(
                f"Shards for the record rate ({n(per_records)} records/s per shard)",
                f"ceil({n(records)} ÷ {n(per_records)}) = ceil({n(records / per_records)})",
                units.ceil(records / per_records),
            )
        )
        parts.append(f"ceil(records ÷ {n(per_records)}/s)")
    fits: bool | None = None
    verdict = ""
    if efo:
        per_consumer = w.value(KINESIS, "efo-throughput")
        needs.append(
            w.step(
                f"Shards for each enhanced fan-out consumer "
                f"({size(per_consumer, 'throughput')} per consumer per shard)",
                f"ceil({size(read, 'throughput')} ÷ {size(per_consumer, 'throughput')}) "
                f"= ceil({n(read / per_consumer)})",
                units.ceil(read / per_consumer),
            )
        )
        parts.append(f"ceil(read per consumer ÷ {size(per_consumer, 'throughput')})")
        most = w.limit(KINESIS, "efo-consumers")
        fits = consumers <= most["value"]
        verdict = (
            f"fits: {consumers} enhanced fan-out consumers, at most {n(most['value'])} ({most['scope']})"
            if fits
            else f"does not fit: {consumers} enhanced fan-out consumers, "
            f"but at most {most['display']} ({most['scope']})"
        )
    else:
        per_read = w.value(KINESIS, "shard-read-bytes")
        total = w.step(
            "Total read rate (all consumers share each shard)",
            f"{size(read, 'throughput')} × {consumers}",
            read * consumers,
            size(read * consumers, "throughput"),
        )
        needs.append(
            w.step(
                f"Shards for the read rate ({size(per_read, 'throughput')} per shard, shared)",
                f"ceil({size(total, 'throughput')} ÷ {size(per_read, 'throughput')}) "
                f"= ceil({n(total / per_read)})",
                units.ceil(total / per_read),
            )
        )
        parts.append(f"ceil(read × consumers ÷ {size(per_read, 'throughput')})")
        if consumers > 1:
            calls = w.value(KINESIS, "getrecords-tps")
            w.notes.append(
                f"Shared consumers also share {n(calls)} GetRecords calls/s per shard: "
                f"with {consumers} consumers "
                f"each can poll about {n(calls / consumers, 2)} times per second. Consider enhanced fan-out."
            )
    shards = w.step(
        "Shards needed (the largest of the above)", "max(" + ", ".join(n(x) for x in needs) + ")", max(needs)
    )
    quota = w.limit(KINESIS, "shard-quota")
    w.notes.append(f"The account's shard quota depends on the Region: {quota['display']}.")
    formula = "shards = max(" + ", ".join(parts) + ")"
    return w.answer(formula, ("shards", shards, "count", f"{n(shards)} shards"), fits, verdict)


FUNCTIONS: dict[tuple[str, str], Calculator] = {
    ("dynamodb", "rcu"): dynamodb_rcu,
    ("dynamodb", "wcu"): dynamodb_wcu,
    ("kinesis", "shards"): kinesis_shards,
    ("sqs", "fifo"): sqs_fifo,
    ("lambda", "concurrency"): lambda_concurrency,
    ("api-gateway", "throttle"): api_gateway_throttle,
}


def calculate(kb: KnowledgeBase, service: str, name: str, options: Data) -> tuple[Answer, int]:
    """Run one calculator; returns its answer and exit code."""
    function = FUNCTIONS.get((service, name))
    if function is None:
        known = ", ".join(f"{s} {c}" for s, c in FUNCTIONS)
        raise UsageError(f"no calculator {printable(service)} {printable(name)}; one of: {known}")
    answer, code = function(kb, options)
    si_inputs = answer.data.pop("si_inputs")
    note = _si_note(kb, function, options, si_inputs, answer.data["result"]) if si_inputs else None
    if note:
        answer.notes.append(note)
    return answer, code


def _si_note(
    kb: KnowledgeBase,
    function: Calculator,
    options: Data,
    si_inputs: Data,
    result: Data,
) -> str | None:
    """Say how KB/MB were read when reading them as SI would change the result (None when it
    would not: a note that changes nothing is noise)."""
    given = ", ".join(f"{printable(text)!r}" for text, _ in si_inputs.values())
    head = f"{given} read in binary units (1 KB = 1,024 bytes), as AWS's own KB/MB figures are"
    try:
        other, _ = function(kb, {**options, **{k: si for k, (_, si) in si_inputs.items()}})
    except UsageError as e:
        return f"{head}; in SI units (1 KB = 1,000 bytes) the input would be refused: {e.message}"
    if other.data["result"]["value"] == result["value"]:
        return None
    return f"{head}; in SI units (1 KB = 1,000 bytes) the result would be {other.data['result']['display']}."
