"""The rate calculators of ``awsref calc``: SQS FIFO calls per second, Lambda concurrency
and API Gateway's account throttle (steady rate plus burst bucket)."""

from __future__ import annotations

from awsref import units
from awsref.answer import Answer
from awsref.calc_work import Work, check_quota, n
from awsref.errors import UsageError
from awsref.kb import KnowledgeBase

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]


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
    fits, verdict = check_quota(w, concurrency, "lambda", "concurrency", "concurrent executions")
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
