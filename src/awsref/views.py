"""What each kind of answer looks like on a page, independent of the output format.

``blocks(answer)`` describes a rendered page as a list of typed blocks (``page``: title,
fields, table, paragraph, note, bullets, refs, bars) that the table and markdown renderers
draw; ``records`` gives the lines of ``-o text``. Strings here are raw data; renderers
neutralise them for their medium.
"""

from __future__ import annotations

from awsref.answer import Answer, Url
from awsref.display import (
    adjustable,
    aws_unit,
    limit_value,
    mine,
    origin,
    quota_number,
    short,
    usage_text,
    yes,
)
from awsref.page import Bar, Bars, Bullets, Fields, Note, Para, Refs, Table, Title
from awsref.records import stats_counts
from awsref.spec import STATS_KEYS

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time: only the type checker reads it
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any, TypeAlias

    from awsref.answer import ComparisonData, HitsData, LimitData, LimitsData, ListData, Ref, TermData
    from awsref.page import Block

    Data: TypeAlias = dict[str, Any]
    Row: TypeAlias = Mapping[str, Any]  # a limit, as any answer holds it


def stats_rows(d: Data) -> list[list[str]]:
    """The ``awsref stats`` table: a total row, one per exam domain, one per service."""
    rows = [["all", *stats_counts(d["total"])]]
    rows.extend([f"domain: {name}", *stats_counts(c)] for name, c in d["domains"].items())
    rows.extend([name, *stats_counts(c)] for name, c in d["services"].items())
    return rows


def _limit_rows(limits: Sequence[Row], codes: bool = False, reach: bool = False) -> list[list[str]]:
    """One row per limit (``LIMIT_HEADERS``), whether it is global when ``reach``, and its
    quota code when ``codes``."""
    return [
        [
            lim["id"] + mine(lim),
            lim["name"],
            limit_value(lim),
            lim["scope"],
            adjustable(lim["adjustable"]),
            *([yes(bool(lim.get("global")))] if reach else []),
            *([lim.get("quota_code") or ""] if codes else []),
            lim.get("notes_value") or "",
        ]
        for lim in limits
    ]


LIMIT_HEADERS = ["Limit", "Name", "Value", "Scope", "Adjustable", "Older material said"]


def _limit_table(title: str, limits: Sequence[Row], service: bool = False) -> Table:
    """A table of limits (each one's service first when ``service``), with a global column
    when any of them is global and a quota code column when any has a code."""
    codes = any(lim.get("quota_code") for lim in limits)
    reach = any(lim.get("global") for lim in limits)
    headers = LIMIT_HEADERS[:-1] + ["Global"] * reach + ["Quota code"] * codes + LIMIT_HEADERS[-1:]
    rows = _limit_rows(limits, codes, reach)
    if service:
        headers = ["Service", *headers]
        rows = [[lim["service"], *row] for lim, row in zip(limits, rows, strict=True)]
    if not any(lim.get("notes_value") for lim in limits):  # no column of blanks
        headers, rows = headers[:-1], [row[:-1] for row in rows]
    return Table(title, headers, rows)


def _limit_fields(lim: LimitData) -> list[tuple[str, str]]:
    """A limit's label: value pairs, what was asked of it (check, conversion) first."""
    fields: list[tuple[str, str]] = [
        ("Value", limit_value(lim)),
        *([("Scope", lim["scope"])] if lim["scope"] else []),  # a catalogue quota's may be unsaid
        ("Adjustable", adjustable(lim["adjustable"])),
        *([("Global", "yes: one quota for the account in every Region")] if lim.get("global") else []),
        *([("Quota code", lim["quota_code"])] if lim.get("quota_code") else []),
        ("Source", Url(lim["source"])),
        ("Checked", lim["as_of"]),
    ]
    for partner in reversed(lim.get("partner_limits") or []):  # the other half of a pair, up front
        fields[1:1] = [("Also", f"{partner['name']}: {partner['display']}"), ("Show it", partner["command"])]
    if origin(lim):
        fields.append(("From", f"your notes ({origin(lim)})"))
    if lim.get("account"):
        at = next(i for i, (name, _) in enumerate(fields) if name == "Source")
        fields[at:at] = _account_fields(lim, lim["account"])
    if lim.get("conversion"):
        fields.insert(1, (f"In {lim['conversion']['given'].strip()}", lim["conversion"]["display"]))
    if lim.get("check"):
        check = lim["check"]
        fields.insert(0, ("Check", f"{check['given']}: {check['verdict']}"))
    return fields


def _limit_blocks(lim: LimitData) -> list[Block]:
    blocks: list[Block] = [
        Title(f"{lim['service_name']} · {lim['name']}", f"awsref limit {lim['service']} {lim['id']}"),
        Fields(_limit_fields(lim)),
    ]
    if lim.get("verified") is False:
        blocks.append(Note("warn", "Unverified: no current AWS page confirmed this value."))
    if lim.get("notes_value"):
        older = f"Older study material: {lim['notes_value']}. {lim.get('change') or ''}"
        blocks.append(Note("warn", older.strip()))
    return blocks


def _account_fields(lim: LimitData, status: Data) -> list[tuple[str, str]]:
    """AWS default, your account's value and your usage, beside the curated value."""
    unit = aws_unit(status)
    default = f"{quota_number(status['default'])}{unit} in {status['region']}"
    if status["changed"]:
        default += f" (changed since {lim['as_of']}: awsref's data says {lim['display']})"
    elif status["changed"] is None and status["default"] is not None:
        default += " (not compared with awsref's value: other unit)"
    how = (
        "applied to your account" if status["value_from"] == "applied" else "no increase applied: the default"
    )
    return [
        ("AWS default", default),
        ("Your account", f"{quota_number(status['value'])}{unit} ({how})"),
        ("Usage", usage_text(status)),
    ]


def _also_text(ref: Ref) -> str:
    """One alternative: its label and, for a limit, its value."""
    return f"{ref['label']}: {ref['detail']}" if ref.get("detail") else str(ref["label"])


def _limits_blocks(d: LimitsData) -> list[Block]:
    return [
        Title(f"{d['service_name']} limits", f"awsref limit {d['service']} LIMIT"),
        _limit_table("", d["limits"]),
        *_more_quotas(d.get("more_quotas", 0), d["service"]),
    ]


def _more_quotas(count: int, sid: str) -> list[Block]:
    """Where the quota catalogue's quotas of a service are, which cards and tables leave out."""
    if not count:
        return []
    return [Refs([(f"{count:,} more quotas from AWS's quota tables", f"awsref list quotas {sid}")])]


def _term_blocks(d: TermData) -> list[Block]:
    fields = [("Service", ", ".join(d["service_names"]) or "General")]
    if d["aliases"]:
        fields.append(("Also called", ", ".join(d["aliases"])))
    if d["see_also"]:
        fields.append(("See also", ", ".join(d["see_also"])))
    return [Title(d["term"] + mine(d), f"awsref define {d['id']}"), Para(d["definition"]), Fields(fields)]


def _comparison_blocks(d: ComparisonData) -> list[Block]:
    rows = [[r["aspect"], *r["values"]] for r in d["rows"]]
    out: list[Block] = [
        Title(d["title"] + mine(d), "awsref compare " + " ".join(d["subjects"])),
        Table("", ["", *d["subject_labels"]], rows),
    ]
    if d["choose"]:
        out.append(Para(d["choose"]))
    return out


def _hits_blocks(d: HitsData, query: str) -> list[Block]:
    rows = [[h["kind"], h["title"], short(h["snippet"]), h["command"]] for h in d["hits"]]
    return [
        Title(f"Search: {query}", f"{len(d['hits'])} best hits"),
        Table("", ["Kind", "Hit", "Detail", "Show with"], rows),
    ]


def _stats_blocks(d: Data) -> list[Block]:
    out: list[Block] = [
        Title("Knowledge base", "awsref stats"),
        Table("", ["", *(c.capitalize() for c in STATS_KEYS)], stats_rows(d)),
    ]
    if d.get("exam"):
        rows = [
            [t["task"], t["domain"], str(t["bullets"]), str(t["mapped"]), str(t["entries"])]
            for t in d["exam"]
        ]
        headers = ["Exam task", "Domain", "Bullets", "Mapped", "Entries"]
        out.append(Table("DVA-C02 outline coverage (awsref exam)", headers, rows))
    return out


def _validation_blocks(d: Data) -> list[Block]:
    rows = [
        [f["path"], "valid" if f["ok"] else "invalid", p] for f in d["files"] for p in (f["problems"] or [""])
    ]
    return [Table("", ["File", "Status", "Problem"], rows)]


def _usage_blocks(d: Data) -> list[Block]:
    threshold = quota_number(d["threshold"])
    out: list[Block] = [Title(f"Quotas at or above {threshold}% in {d['region']}", "awsref usage")]
    rows = [[q["service"], q["name"], q["quota_code"], usage_text(q), q["value_from"]] for q in d["quotas"]]
    if rows:
        out.append(Table("", ["Service", "Limit", "Quota code", "Usage", "Your value is"], rows))
    else:
        out.append(Note("info", f"No quota is at or above {threshold}%."))
    summary = f"{d['checked']} quotas checked, {d['measured']} with usage data in the last hour"
    if d["not_in_region"]:
        summary += f"; not in this Region: {', '.join(d['not_in_region'])}"
    out.append(Note("info", summary + "."))
    return out


NOT_STARTED_SHOWN = 8  # more untouched services than this fold into one line


def _progress_blocks(d: Data) -> list[Block]:
    """Bars per service and per exam domain: what has been studied first (most answered
    cards, then most due), and the services never touched folded into one line when
    there are many of them."""
    total = d["total"]
    out: list[Block] = [
        Title(
            "Progress",
            f"{total['known']} of {total['cards']} cards known, {total['learning']} learning, "
            f"{total['new']} new, {total['due']} due",
        )
    ]
    for scope, title in (("services", "By service"), ("domains", "By exam domain")):
        groups = d[scope]
        if not groups:
            continue
        studied = [g for g in groups if g["known"] or g["learning"]]
        studied.sort(key=lambda g: (-(g["known"] + g["learning"]), -g["due"]))
        untouched = [g for g in groups if not (g["known"] or g["learning"])]
        fold = scope == "services" and studied and len(untouched) > NOT_STARTED_SHOWN
        shown = studied if fold else studied + untouched
        out.append(
            Bars(title, [Bar(g["name"], g["known"], g["learning"], g["new"], g["due"]) for g in shown])
        )
        if fold:
            names = ", ".join(g["name"] for g in untouched)
            cards = sum(g["cards"] for g in untouched)
            out.append(Note("info", f"Not started ({len(untouched)} services, {cards} cards): {names}"))
    return out


def _calculation_blocks(d: Data, notes: list[str]) -> list[Block]:
    r = d["result"]
    out: list[Block] = [
        Title(d["title"], f"awsref calc {d['calculator']}"),
        Fields([("Result", r["display"]), ("Formula", d["formula"])]),
        *(Note("info", n) for n in notes),
        Table(
            "Inputs",
            ["Input", "Given", "Value"],
            [[i["name"], i["given"], i["display"]] for i in d["inputs"]],
        ),
        Table(
            "Working",
            ["Step", "Working", "Result"],
            [[s["step"], s["working"], s["display"]] for s in d["steps"]],
        ),
    ]
    if d["verdict"]:
        out.append(Note("info" if d["fits"] is not False else "warn", d["verdict"]))
    used = [
        f"{lim['service']} {lim['id']}: {limit_value(lim)} ({lim['scope']}); {lim['source']}"
        for lim in d["limits"]
    ]
    out.append(Bullets("Limits used", used))
    return out


def _exam_blocks(d: Data) -> list[Block]:
    out: list[Block] = [Title(f"{d['code']} · {d['title']}", "awsref exam TASK")]
    for dom in d["domains"]:
        rows = [[t["id"], t["title"], str(t["bullets"]), str(t["entries"])] for t in dom["tasks"]]
        title = f"{dom['id']} {dom['title']} ({dom['weight']}% of the exam)"
        out.append(Table(title, ["Task", "Statement", "Bullets", "Entries"], rows))
    out.append(Fields([("Source", d["source"]), ("Checked", d["as_of"])]))
    return out


def _exam_task_blocks(d: Data) -> list[Block]:
    dom = d["domain"]
    out: list[Block] = []
    for t in d["tasks"]:
        out.append(Title(f"{t['id']} {t['title']}", f"{dom['id']} {dom['title']} · {d['code']}"))
        for item in t["items"]:
            out.append(Para(f"{item['id']} ({item['kind']}): {item['text']}"))
            out.append(Refs([(r["label"], r["command"]) for r in item["refs"]]))
    return out


def _service_blocks(d: Data) -> list[Block]:
    out: list[Block] = [Title(f"{d['name']} — {d['full_name']}" + mine(d), d["category"])]
    if "summary" in d:
        out.append(Para(d["summary"]))
    if d.get("domains"):
        out.append(Fields([("Exam domains", ", ".join(d["domains"]))]))
    topics: dict[str, list[str]] = {}
    for fact in d.get("facts", []):
        text = fact["text"] + mine(fact)
        if fact.get("notes_said"):
            text += f" (older study material: {fact['notes_said']})"
        topics.setdefault(fact["topic"], []).append(text)
    out.extend(Bullets(topic, items) for topic, items in topics.items())
    if d.get("limits"):
        out.append(Table("Limits", LIMIT_HEADERS, _limit_rows(d["limits"])))
    out.extend(_more_quotas(d.get("more_quotas", 0), d["id"]))
    if d.get("terms"):
        out.append(Fields([("Terms", ", ".join(t["id"] for t in d["terms"]))]))
    if d.get("comparisons"):
        out.append(Bullets("Comparisons", []))
        out.append(Refs([(c["title"], c["command"]) for c in d["comparisons"]]))
    return out


def _list_blocks(d: ListData) -> list[Block]:
    kind = d["list"]
    items = d["items"]
    if kind == "services":
        rows = [[i["id"], i["name"], i["full_name"], i["category"], str(i["limits"])] for i in items]
        headers = ["Id", "Name", "Full name", "Category", "Limits"]
    elif kind == "terms":
        rows = [[i["id"], i["term"], ", ".join(i["services"])] for i in items]
        headers = ["Id", "Term", "Services"]
    elif kind == "comparisons":
        rows = [[i["id"], i["title"], " ".join(i["subjects"])] for i in items]
        headers = ["Id", "Title", "Subjects"]
    else:
        return [Title(f"{len(items)} {kind}", _list_command(d)), _limit_table("", items, service=True)]
    return [Title(f"{len(items)} {kind}", _list_command(d)), Table("", headers, rows)]


def _list_command(d: ListData) -> str:
    """The command that lists these items again."""
    words = ["awsref list", d["list"], *d.get("services", [])]
    if d.get("domain"):
        words.append(f"--domain {d['domain']}")
    if d.get("adjustable"):
        words.append("--adjustable")
    return " ".join(words)


# Each answer kind's page, between how the query was read and the "also" pointers.
KIND_BLOCKS: dict[str, Callable[[Answer], list[Block]]] = {
    "limit": lambda a: _limit_blocks(a.as_limit()),
    "limits": lambda a: _limits_blocks(a.as_limits()),
    "term": lambda a: _term_blocks(a.as_term()),
    "service": lambda a: _service_blocks(a.data),
    "comparison": lambda a: _comparison_blocks(a.as_comparison()),
    "hits": lambda a: _hits_blocks(a.as_hits(), a.query),
    "list": lambda a: _list_blocks(a.as_list()),
    "stats": lambda a: _stats_blocks(a.data),
    "calculation": lambda a: _calculation_blocks(a.data, a.notes),
    "exam": lambda a: _exam_blocks(a.data),
    "exam-task": lambda a: _exam_task_blocks(a.data),
    "progress": lambda a: _progress_blocks(a.data),
    "usage": lambda a: _usage_blocks(a.data),
    "validation": lambda a: _validation_blocks(a.data),
}


def blocks(answer: Answer) -> list[Block]:
    """The page for ``-o table`` and ``-o markdown``.

    How the query was read comes first: an ambiguous answer says so, with the other
    candidates and their values, before the answer itself, and so do typo readings.
    """
    out: list[Block] = []
    if answer.match == "ambiguous" and answer.also:
        out.append(
            Note("warn", f"Ambiguous: {answer.query!r} fits several entries; the closest is shown. Also:")
        )
        out.append(Refs([(_also_text(a), a["command"]) for a in answer.also]))
    if answer.kind != "calculation":  # a calculation's result comes first, then its notes
        out.extend(Note("info", n) for n in answer.notes)
    kind_blocks = KIND_BLOCKS.get(answer.kind)
    if kind_blocks is not None:
        out.extend(kind_blocks(answer))
    if answer.also and answer.match != "ambiguous":
        out.append(Note("info", "Also:"))
        out.append(Refs([(_also_text(a), a["command"]) for a in answer.also]))
    return out
