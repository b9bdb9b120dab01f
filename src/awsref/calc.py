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
from awsref.errors import EXIT_NOT_FOUND, EXIT_OK, DataError, UsageError
from awsref.kb import KnowledgeBase
from awsref.lookup import limit_data
from awsref.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Data = dict[str, Any]

    Calculator = Callable[[KnowledgeBase, Data], tuple[Answer, int]]

KINESIS = "kinesis-data-streams"


class Work:
    """Collects one calculation: inputs, steps, limits used, notes."""

    def __init__(self, kb: KnowledgeBase, calculator: str, title: str) -> None:
        self.kb = kb
        self.calculator = calculator
        self.title = title
        self.inputs: list[Data] = []
        self.steps: list[Data] = []
        self.limits: list[Data] = []
        self.notes: list[str] = []
        self.si_inputs: dict[str, tuple[str, str]] = {}  # option -> (as given, SI reading in base units)

    def limit(self, sid: str, lid: str) -> Data:
        """A limit of the knowledge base by service and id, recorded as used."""
        service = self.kb.service(sid)
        found = next((lim for lim in service["limits"] if lim["id"] == lid), None) if service else None
        if service is None or found is None or (found["value"] is None and found.get("min") is None):
            raise DataError(
                "knowledge base", [f"no number for limit {sid}/{lid}, which `calc {self.calculator}` needs"]
            )
        data = limit_data(service, found)
        if all(u["id"] != lid or u["service"] != sid for u in self.limits):
            self.limits.append(data)
        return data

    def value(self, sid: str, lid: str) -> float:
        return self.limit(sid, lid)["value"]

    def input(
        self,
        name: str,
        text: str | None,
        dim: str,
        *,
        minimum: float = 0.0,
        whole: bool = False,
        unit_required: bool = False,
    ) -> float:
        """Parse an input as ``dim``; it must be above ``minimum`` (and whole, if asked).
        ``unit_required``: a bare number is refused (is ``6`` bytes or KB?)."""
        if text is None:
            raise UsageError(f"calc {self.calculator} needs {name}")
        try:
            parsed = units.parse(text)
            if unit_required and parsed.dim is None:
                number = printable(text.strip())
                raise UsageError(
                    f"{name} {number!r} has no unit: give {number}KB (read as KiB, as AWS does), "
                    f"{number} KiB or {number} bytes"
                )
            quantity = parsed.in_dimension(dim, name)
        except units.UnitError as e:
            raise UsageError(f"{name}: {e}") from None
        value = quantity.value
        if value <= minimum:
            bound = "more than zero" if minimum == 0 else f"more than {units.number(minimum)}"
            raise UsageError(f"{name} must be {bound}, not {printable(text)!r}")
        if whole and value != int(value):
            raise UsageError(f"{name} must be a whole number, not {printable(text)!r}")
        self.given(name, text, value, units.format_exact(value, dim))
        if quantity.si is not None and quantity.si != value:
            unit = " bytes" if dim == "size" else ""  # the SI reading in base units, unit given
            self.si_inputs[name.lstrip("-").replace("-", "_")] = (
                text,
                units.number(quantity.si).replace(",", "") + unit,
            )
        return value

    def given(self, name: str, text: str, value: object, display: str) -> None:
        self.inputs.append({"name": name, "given": text, "value": value, "display": display})

    def step(self, step: str, working: str, value: float, display: str | None = None) -> float:
        """One line of the working; ``display`` shows the value in its unit (``5 MiB/s``)."""
        shown = units.number(value) if display is None else display
        self.steps.append({"step": step, "working": working, "value": value, "display": shown})
        return value

    def answer(
        self,
        formula: str,
        result: tuple[str, float, str, str],
        fits: bool | None = None,
        verdict: str = "",
    ) -> tuple[Answer, int]:
        name, value, unit, display = result
        data = {
            "calculator": self.calculator,
            "title": self.title,
            "formula": formula,
            "inputs": self.inputs,
            "steps": self.steps,
            "result": {"name": name, "value": value, "unit": unit, "display": display},
            "fits": fits,
            "verdict": verdict,
            "limits": self.limits,
        }
        query = " ".join([self.calculator, *(f"{i['name']}={i['given']}" for i in self.inputs)])
        answer = Answer("calc", query, "calculation", data, notes=self.notes)
        answer.data["si_inputs"] = self.si_inputs  # read (and removed) by ``calculate``
        return answer, EXIT_NOT_FOUND if fits is False else EXIT_OK


n = units.number
size = units.format_value


def _quota(work: Work, value: float, sid: str, lid: str, what: str) -> tuple[bool, str]:
    lim = work.limit(sid, lid)
    top = lim["value"]
    where = f"{lim['service_name']} {lim['id']}, {lim['scope']}"
    if value <= top:
        return True, f"fits: {n(value)} {what} is within the limit of {n(top)} ({where})"
    more = "; adjustable: request an increase" if lim["adjustable"] else ""
    return False, f"does not fit: {n(value)} {what} is above the limit of {n(top)} ({where}{more})"


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
    fits, verdict = _quota(w, rcu, "dynamodb", "table-throughput", "read units")
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
    fits, verdict = _quota(w, wcu, "dynamodb", "table-throughput", "write units")
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


def sqs_fifo(kb: KnowledgeBase, o: Data) -> tuple[Answer, int]:
    w = Work(kb, "sqs fifo", "SQS FIFO queue throughput")
    messages = w.input("--messages", o.get("messages"), "rate")
    most = w.limit("sqs", "batch-size")
    if o.get("batch") is not None:
        batch = int(w.input("--batch", o.get("batch"), "count", whole=True))
        if batch > most["value"]:
            raise UsageError(
                f"--batch {batch} is above the SQS batch size of {most['display']} ({most['scope']})"
            )
    else:
        batch = 1
        w.given("--batch", "(default: no batching)", 1, "1 message per call")
    high = bool(o.get("high_throughput"))
    w.given(
        "mode",
        "--high-throughput" if high else "(default)",
        high,
        "high throughput" if high else "standard FIFO",
    )
    calls = w.step(
        "API calls per second, per action (SendMessage, ReceiveMessage, DeleteMessage)",
        f"ceil({n(messages)} ÷ {batch}) = ceil({n(messages / batch)})",
        units.ceil(messages / batch),
    )
    formula = "API calls/s = ceil(messages/s ÷ messages per batch)"
    per_action = w.limit("sqs", "fifo-throughput")
    if high:
        verdict = (
            "depends on the Region: without high throughput mode a FIFO queue allows "
            f"{n(per_action['value'])} calls/s per action (knowledge base: {per_action['display']}); "
            "high throughput mode raises that by a "
            f"Region-specific amount that awsref does not store. Compare {n(calls)} calls/s per action with "
            "your Region's figure."
        )
        w.notes.append(
            "High throughput FIFO quotas vary by Region: see "
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html"
        )
        return w.answer(
            formula,
            ("API calls/s", calls, "operations-per-second", f"{n(calls)} calls/s per action"),
            None,
            verdict,
        )
    capacity = w.step(
        f"Messages/s this batch size allows ({n(per_action['value'])} calls/s × {batch})",
        f"{n(per_action['value'])} × {batch}",
        per_action["value"] * batch,
    )
    if batch > 1:
        cap = w.limit("sqs", "fifo-batch-throughput")
        capacity = w.step(
            f"Capped by the FIFO batching limit ({n(cap['value'])} messages/s)",
            f"min({n(capacity)}, {n(cap['value'])})",
            min(capacity, cap["value"]),
        )
    fits = calls <= per_action["value"] and messages <= capacity
    if fits:
        verdict = (
            f"fits: {n(calls)} calls/s per action is within {n(per_action['value'])} "
            f"({n(messages)} of {n(capacity)} messages/s)"
        )
    else:
        verdict = (
            f"does not fit: {n(calls)} calls/s per action is above {n(per_action['value'])}; "
            f"this batch size allows {n(capacity)} messages/s. "
            "Batch more messages per call, or use high throughput mode."
        )
    return w.answer(
        formula,
        ("API calls/s", calls, "operations-per-second", f"{n(calls)} calls/s per action"),
        fits,
        verdict,
    )


def lambda_concurrency(kb: KnowledgeBase, o: Data) -> tuple[Answer, int]:
    w = Work(kb, "lambda concurrency", "Lambda concurrency")
    rps = w.input("--rps", o.get("rps"), "rate")
    duration = w.input("--duration", o.get("duration"), "duration")
    concurrency = w.step(
        "Concurrent executions (requests/s × average duration in seconds)",
        f"ceil({n(rps)} × {n(duration)}) = ceil({n(rps * duration)})",
        units.ceil(rps * duration),
    )
    timeout = w.value("lambda", "timeout")
    if duration > timeout:
        raise UsageError(
            f"--duration {units.format_value(duration, 'duration')} is above Lambda's maximum timeout "
            f"of {units.format_value(timeout, 'duration')}"
        )
    fits, verdict = _quota(w, concurrency, "lambda", "concurrency", "concurrent executions")
    scaling = w.limit("lambda", "scaling-rate")
    w.notes.append(f"Scaling up to it is not instant: {scaling['display']} ({scaling['scope']}).")
    formula = "concurrency = ceil(requests per second × average duration in seconds)"
    return w.answer(
        formula,
        ("concurrency", concurrency, "count", f"{n(concurrency)} concurrent executions"),
        fits,
        verdict,
    )


def api_gateway_throttle(kb: KnowledgeBase, o: Data) -> tuple[Answer, int]:
    w = Work(kb, "api-gateway throttle", "API Gateway account throttling (token bucket)")
    rps = w.input("--rps", o.get("rps"), "rate")
    seconds = w.input("--for", o.get("for_"), "duration") if o.get("for_") is not None else None
    rate = w.value("api-gateway", "throttle-rate")
    burst = w.value("api-gateway", "burst")
    formula = "excess/s = requests/s − steady rate; the burst bucket lasts burst ÷ excess seconds"
    excess = w.step(
        "Requests/s above the steady-state rate", f"max(0, {n(rps)} − {n(rate)})", max(0.0, rps - rate)
    )
    if excess == 0:
        verdict = f"fits: {n(rps)} requests/s is within the steady-state rate of {n(rate)} requests/s"
        return w.answer(
            formula, ("throttled/s", 0, "requests-per-second", "0 requests/s throttled"), True, verdict
        )
    lasts = w.step("Seconds until the burst bucket is empty", f"{n(burst)} ÷ {n(excess)}", burst / excess)
    if seconds is None:
        verdict = (
            f"does not fit: sustained, {n(excess)} requests/s get 429 Too Many Requests after about "
            f"{units.format_value(lasts, 'duration')} (when the burst of {n(burst)} is spent)"
        )
        return w.answer(
            formula,
            ("throttled/s", excess, "requests-per-second", f"{n(excess)} requests/s throttled"),
            False,
            verdict,
        )
    throttled = w.step(
        f"Requests throttled over {units.format_value(seconds, 'duration')}",
        f"max(0, {n(excess)} × {n(seconds)} − {n(burst)})",
        max(0.0, units.ceil(excess * seconds - burst)),
    )
    fits = throttled == 0
    if fits:
        verdict = (
            f"fits: a {units.format_value(seconds, 'duration')} spike is absorbed by the burst of {n(burst)} "
            f"(it lasts {units.format_value(lasts, 'duration')})"
        )
    else:
        verdict = (
            f"does not fit: about {n(throttled)} requests get 429 Too Many Requests "
            f"once the burst of {n(burst)} is spent"
        )
    w.notes.append(
        "A simplified token-bucket model of the account-level limits; "
        "stage, method and usage-plan limits can be lower."
    )
    return w.answer(
        formula, ("throttled", throttled, "count", f"{n(throttled)} requests throttled"), fits, verdict
    )


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
