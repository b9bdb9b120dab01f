"""The records of ``-o text``: one tab-separated line per record, the first field naming
the record type (``RECORD_FIELDS`` names the rest, for ``--header``). Strings here are raw
data; ``render_text`` neutralises them."""

from __future__ import annotations

from awsref.answer import cast
from awsref.display import fits, number, origin, quota_number, yes, yes_no_blank
from awsref.spec import STATS_KEYS

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time: only the type checker reads it
    from collections.abc import Callable, Mapping
    from typing import Any, TypeAlias

    from awsref.answer import Answer, ComparisonData, HitsData, LimitData, ListData, TermData

    Record: TypeAlias = tuple[object, ...]
    Data: TypeAlias = dict[str, Any]


def limit_record(lim: Mapping[str, Any]) -> Record:
    """``limit`` record: service, id, name, value, unit, display, scope, adjustable,
    verified, source, as_of, notes_value, change, origin, quota_code, global (last: fields
    only ever join at the end, so the position of every earlier one holds)."""
    return (
        "limit",
        lim["service"],
        lim["id"],
        lim["name"],
        number(lim["value"]),
        lim["unit"],
        lim["display"],
        lim["scope"],
        yes_no_blank(lim["adjustable"]),
        yes(lim.get("verified", True)),
        lim["source"],
        lim["as_of"],
        lim.get("notes_value") or "",
        lim.get("change") or "",
        origin(lim),
        lim.get("quota_code") or "",
        yes(bool(lim.get("global"))),
    )


def account_record(lim: Mapping[str, Any], status: Data) -> Record:
    """``account`` record: service, id, quota_code, region, AWS default, applied value (empty:
    none applied), your value, where it came from (applied or default), usage, percent,
    changed (yes, no or empty: not compared), Service Quotas' unit."""
    return (
        "account",
        lim["service"],
        lim["id"],
        status["quota_code"],
        status["region"],
        number(status["default"]),
        number(status["applied"]),
        number(status["value"]),
        status["value_from"],
        number(status["usage"]),
        number(status["percent"]),
        yes_no_blank(status["changed"]),
        status["unit"],
    )


def _limit(d: LimitData) -> list[Record]:
    out = [limit_record(d)]
    out.extend(
        ("partner", d["service"], d["id"], p["id"], p["name"], p["display"], p["command"])
        for p in d.get("partner_limits") or []
    )
    out.extend(_extra_records(d))
    if d.get("account"):
        out.append(account_record(d, d["account"]))
    return out


def _usage(d: Data) -> list[Record]:
    out = [account_record(q, q) for q in d["quotas"]]
    threshold = quota_number(d["threshold"])
    out.append(("usage-summary", d["region"], threshold, d["checked"], d["measured"], len(d["quotas"])))
    return out


def _term(d: TermData) -> list[Record]:
    services, see_also, aliases = (",".join(d[k]) for k in ("services", "see_also", "aliases"))
    return [("term", d["id"], d["term"], services, d["definition"], see_also, aliases, origin(d))]


def _service(d: Data) -> list[Record]:
    out: list[Record] = [
        ("service", d["id"], d["name"], d["full_name"], d["category"], d.get("summary", ""), origin(d))
    ]
    out.extend(
        ("fact", d["id"], f["topic"], f["text"], f.get("notes_said") or "", origin(f))
        for f in d.get("facts", [])
    )
    out.extend(limit_record(lim) for lim in d.get("limits", []))
    out.extend(_more_quotas(d, d["id"]))
    out.extend(("related-term", d["id"], t["id"], t["term"]) for t in d.get("terms", []))
    out.extend(("related-comparison", d["id"], c["id"], c["title"]) for c in d.get("comparisons", []))
    return out


def _more_quotas(d: Data, sid: str) -> list[Record]:
    """The count of a service's catalogue quotas a card or table leaves out, and where they are."""
    count = d.get("more_quotas")
    return [("more-quotas", sid, count, f"awsref list quotas {sid}")] if count else []


def _comparison(d: ComparisonData) -> list[Record]:
    subjects = ",".join(d["subjects"])
    out: list[Record] = [
        ("comparison", d["id"], d["title"], subjects, yes(d["curated"]), d["choose"], origin(d))
    ]
    out.extend(("row", d["id"], r["aspect"], *r["values"]) for r in d["rows"])
    return out


def _hits(d: HitsData) -> list[Record]:
    return [
        ("hit", h["kind"], h["ref"], f"{h['score']:g}", h["title"], h["command"], h["snippet"])
        for h in d["hits"]
    ]


def stats_counts(counts: Data) -> list[str]:
    return [str(counts[c]) for c in STATS_KEYS]


def _stats(d: Data) -> list[Record]:
    out: list[Record] = [("stats", "total", "", *stats_counts(d["total"]))]
    out.extend(("stats", "domain", name, *stats_counts(c)) for name, c in d["domains"].items())
    out.extend(("stats", "service", name, *stats_counts(c)) for name, c in d["services"].items())
    out.extend(
        ("exam-task", t["task"], t["domain"], t["title"], t["bullets"], t["mapped"], t["entries"])
        for t in d.get("exam", [])
    )
    return out


def _validation(d: Data) -> list[Record]:
    out: list[Record] = []
    for f in d["files"]:
        out.append(("file", f["path"], "valid" if f["ok"] else "invalid", str(len(f["problems"]))))
        out.extend(("problem", f["path"], p) for p in f["problems"])
    return out


def _extra_records(lim: LimitData) -> list[Record]:
    """``conversion`` and ``check`` records of ``limit --in/--check``."""
    out: list[Record] = []
    conv = lim.get("conversion")
    if conv:
        values = (number(conv["value"]), number(conv["min"]), number(conv["default"]))
        out.append(("conversion", lim["service"], lim["id"], conv["unit"], *values, conv["display"]))
    check = lim.get("check")
    if check:
        out.append(
            (
                "check",
                lim["service"],
                lim["id"],
                check["given"],
                number(check["value"]),
                check["unit"],
                fits(check["fits"]),
                number(check["percent_of_max"]),
                check["verdict"],
                number(check["value_si"]),
                fits(check["fits_si"]),
            )
        )
    return out


PROGRESS_FIELDS = ("cards", "new", "learning", "known", "due")


def _progress(d: Data) -> list[Record]:
    """``progress`` records: scope (total, service, domain), id, name, cards, new, learning, known, due."""
    out: list[Record] = [("progress", "total", "", "", *(d["total"][f] for f in PROGRESS_FIELDS))]
    for scope in ("services", "domains"):
        out.extend(
            ("progress", scope[:-1], g["id"], g["name"], *(g[f] for f in PROGRESS_FIELDS)) for g in d[scope]
        )
    return out


def _calculation(d: Data) -> list[Record]:
    """``calculation``, ``input``, ``step`` and ``uses-limit`` records of ``awsref calc``."""
    r, calc = d["result"], d["calculator"]
    out: list[Record] = [
        ("calculation", calc, r["name"], number(r["value"]), r["unit"], r["display"], fits(d["fits"])),
        ("formula", calc, d["formula"]),
    ]
    out.extend(("input", calc, i["name"], i["given"], number(i["value"]), i["display"]) for i in d["inputs"])
    out.extend(("step", calc, s["step"], s["working"], number(s["value"])) for s in d["steps"])
    if d["verdict"]:
        out.append(("verdict", calc, fits(d["fits"]), d["verdict"]))
    out.extend(
        ("uses-limit", lim["service"], lim["id"], number(lim["value"]), *_unit_display_source(lim))
        for lim in d["limits"]
    )
    return out


def _unit_display_source(lim: Data) -> tuple[str, str, str, str]:
    return lim["unit"], lim["display"], lim["source"], lim["as_of"]


def _exam_task(t: Data, domain: str) -> Record:
    return ("exam-task", t["id"], domain, t["title"], t["bullets"], t["mapped"], t["entries"])


def _exam(d: Data) -> list[Record]:
    """``exam-task`` records (task, domain, title, bullets, mapped, entries) of the outline."""
    return [_exam_task(t, dom["domain"]) for dom in d["domains"] for t in dom["tasks"]]


def _exam_tasks(d: Data) -> list[Record]:
    """A task's ``exam-task``, then ``exam-item`` (id, kind, text) and ``exam-ref`` (item,
    kind, id, label, command) records."""
    out: list[Record] = []
    for t in d["tasks"]:
        out.append(_exam_task(t, d["domain"]["domain"]))
        for item in t["items"]:
            out.append(("exam-item", item["id"], item["kind"], item["text"]))
            out.extend(
                ("exam-ref", item["id"], r["kind"], r["id"], r["label"], r["command"]) for r in item["refs"]
            )
    return out


def _list(d: ListData) -> list[Record]:
    kind, items = d["list"], d["items"]
    if kind == "services":
        return [("service", i["id"], i["name"], i["full_name"], i["category"]) for i in items]
    if kind == "terms":
        return [("term", i["id"], i["term"], ",".join(i["services"])) for i in items]
    if kind == "comparisons":
        return [("comparison", i["id"], i["title"], ",".join(i["subjects"])) for i in items]
    return [limit_record(i) for i in items]


# Each answer kind's records, before its "also" and "note" records.
KIND_RECORDS: dict[str, Callable[[Data], list[Record]]] = {
    "limit": lambda d: _limit(cast("LimitData", d)),
    "usage": _usage,
    "limits": lambda d: [*(limit_record(lim) for lim in d["limits"]), *_more_quotas(d, d["service"])],
    "term": lambda d: _term(cast("TermData", d)),
    "service": _service,
    "comparison": lambda d: _comparison(cast("ComparisonData", d)),
    "hits": lambda d: _hits(cast("HitsData", d)),
    "list": lambda d: _list(cast("ListData", d)),
    "stats": _stats,
    "calculation": _calculation,
    "exam": _exam,
    "exam-task": _exam_tasks,
    "progress": _progress,
    "validation": _validation,
}


def records(answer: Answer) -> list[Record]:
    """One tuple per output line of ``-o text``."""
    kind_records = KIND_RECORDS.get(answer.kind)
    out = kind_records(answer.data) if kind_records else []
    out.extend(
        ("also", a["kind"], a["id"], a["label"], a["command"], a.get("detail", "")) for a in answer.also
    )
    out.extend(("note", n) for n in answer.notes)
    return out


# The field names of every ``-o text`` record type, after the type itself: the header
# lines ``-o text --header`` prints. Fields beyond these (a comparison row's values, one
# per subject) are named value_1, value_2...
RECORD_FIELDS = {
    "limit": (
        "service", "id", "name", "value", "unit", "display", "scope", "adjustable", "verified",
        "source", "as_of", "notes_value", "change", "origin", "quota_code", "global",
    ),
    "account": (
        "service", "id", "quota_code", "region", "default", "applied", "value", "value_from", "usage",
        "percent", "changed", "unit",
    ),
    "usage-summary": ("region", "threshold", "checked", "measured", "at_or_above"),
    "exam-task": ("id", "domain", "title", "bullets", "mapped", "entries"),
    "exam-item": ("id", "kind", "text"),
    "exam-ref": ("item", "kind", "id", "label", "command"),
    "service": ("id", "name", "full_name", "category", "summary", "origin"),
    "fact": ("service", "topic", "text", "notes_said", "origin"),
    "term": ("id", "term", "services", "definition", "see_also", "aliases", "origin"),
    "comparison": ("id", "title", "subjects", "curated", "choose", "origin"),
    "row": ("comparison", "aspect"),
    "hit": ("kind", "ref", "score", "title", "command", "snippet"),
    "related-term": ("service", "id", "term"),
    "more-quotas": ("service", "count", "command"),
    "related-comparison": ("service", "id", "title"),
    "also": ("kind", "id", "label", "command", "detail"),
    "note": ("text",),
    "file": ("path", "status", "problems"),
    "problem": ("path", "problem"),
    "partner": ("service", "id", "partner", "name", "display", "command"),
    "conversion": ("service", "id", "unit", "value", "min", "default", "display"),
    "check": (
        "service", "id", "given", "value", "unit", "result", "percent_of_max", "verdict",
        "value_si", "result_si",
    ),
    "calculation": ("calculator", "result", "value", "unit", "display", "fits"),
    "formula": ("calculator", "formula"),
    "input": ("calculator", "name", "given", "value", "display"),
    "step": ("calculator", "step", "working", "value"),
    "verdict": ("calculator", "fits", "text"),
    "uses-limit": ("service", "id", "value", "unit", "display", "source", "as_of"),
    "stats": ("scope", "name", *STATS_KEYS),
    "progress": ("scope", "id", "name", "cards", "new", "learning", "known", "due"),
}  # fmt: skip


def header(record: Record) -> tuple[str, ...]:
    """The header line of ``record``'s type: ``record`` and its field names."""
    names = RECORD_FIELDS.get(str(record[0]), ())[: len(record) - 1]
    extra = [f"value_{i}" for i in range(1, len(record) - len(names))]
    return ("record", *names, *extra)
