"""What each kind of answer looks like, independent of the output format.

``blocks(answer)`` describes a rendered page as a list of simple blocks (title, fields,
table, paragraph, note, bullets) that the table and markdown renderers draw;
``records(answer)`` gives the tab-separated lines of ``-o text``, one record per line,
first field naming the record type. Strings here are raw data; renderers neutralise
them for their medium.
"""

from __future__ import annotations

from awsref.answer import Answer, Url
from awsref.spec import STATS_KEYS


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _yes(flag: object) -> str:
    return "yes" if flag else "no"


def _origin(item: dict) -> str:
    return item.get("origin") or ""


def _mine(item: dict) -> str:
    origin = _origin(item)
    return f" [your note: {origin}]" if origin else ""


def _short(text: str, width: int = 90) -> str:
    """``text`` cut at a word boundary to about ``width`` characters (tables only)."""
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def limit_value(lim: dict) -> str:
    """The value as shown to a reader: display text, flagged when unverified."""
    text = lim["display"]
    if lim.get("verified") is False:
        text += " (unverified)"
    return text


def quota_number(value: object) -> str:
    """1,000 or 0.5: a value from AWS as people read it ("" for none)."""
    if not isinstance(value, (int, float)):
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _aws_unit(status: dict) -> str:
    """Service Quotas' unit as a suffix (" Gigabytes"); none for a plain count."""
    unit = status.get("unit") or "None"
    return "" if unit in ("None", "Count") else f" {unit}"


def usage_text(status: dict) -> str:
    """ "870 of 1,000 (87%)", or why there is no figure."""
    if status.get("usage") is None:
        if not status.get("usage_metric"):
            return "not measured: Service Quotas names no usage metric for this quota"
        return f"no data in the last hour ({status['usage_metric']})"
    used, value = quota_number(status["usage"]), quota_number(status["value"])
    return f"{used} of {value} ({quota_number(status['percent'])}%)"


def _yes_no_blank(flag: object) -> str:
    return "" if flag is None else _yes(flag)


# ---- text records -------------------------------------------------------------------


def limit_record(lim: dict) -> tuple:
    """``limit`` record: service, id, name, value, unit, display, scope, adjustable,
    verified, source, as_of, notes_value, change, origin, quota_code (last: fields only
    ever join at the end, so the position of every earlier one holds)."""
    return (
        "limit",
        lim["service"],
        lim["id"],
        lim["name"],
        _number(lim["value"]),
        lim["unit"],
        lim["display"],
        lim["scope"],
        _yes(lim["adjustable"]),
        _yes(lim.get("verified", True)),
        lim["source"],
        lim["as_of"],
        lim.get("notes_value") or "",
        lim.get("change") or "",
        _origin(lim),
        lim.get("quota_code") or "",
    )


def account_record(lim: dict, status: dict) -> tuple:
    """``account`` record: service, id, quota_code, region, AWS default, applied value (empty:
    none applied), your value, where it came from (applied or default), usage, percent,
    changed (yes, no or empty: not compared), Service Quotas' unit."""
    return (
        "account",
        lim["service"],
        lim["id"],
        status["quota_code"],
        status["region"],
        _number(status["default"]),
        _number(status["applied"]),
        _number(status["value"]),
        status["value_from"],
        _number(status["usage"]),
        _number(status["percent"]),
        _yes_no_blank(status["changed"]),
        status["unit"],
    )


def records(answer: Answer) -> list[tuple]:
    """One tuple per output line of ``-o text``."""
    d = answer.data
    out: list[tuple] = []
    if answer.kind == "limit":
        out.append(limit_record(d))
        out.extend(
            ("partner", d["service"], d["id"], p["id"], p["name"], p["display"], p["command"])
            for p in d.get("partner_limits") or []
        )
        out.extend(_extra_records(d))
        if d.get("account"):
            out.append(account_record(d, d["account"]))
    elif answer.kind == "usage":
        out.extend(account_record(q, q) for q in d["quotas"])
        out.append(
            (
                "usage-summary",
                d["region"],
                quota_number(d["threshold"]),
                d["checked"],
                d["measured"],
                len(d["quotas"]),
            )
        )
    elif answer.kind == "limits":
        out.extend(limit_record(lim) for lim in d["limits"])
    elif answer.kind == "term":
        out.append(
            (
                "term",
                d["id"],
                d["term"],
                ",".join(d["services"]),
                d["definition"],
                ",".join(d["see_also"]),
                ",".join(d["aliases"]),
                _origin(d),
            )
        )
    elif answer.kind == "service":
        out.append(
            ("service", d["id"], d["name"], d["full_name"], d["category"], d.get("summary", ""), _origin(d))
        )
        out.extend(
            ("fact", d["id"], f["topic"], f["text"], f.get("notes_said") or "", _origin(f))
            for f in d.get("facts", [])
        )
        out.extend(limit_record(lim) for lim in d.get("limits", []))
        out.extend(("related-term", d["id"], t["id"], t["term"]) for t in d.get("terms", []))
        out.extend(("related-comparison", d["id"], c["id"], c["title"]) for c in d.get("comparisons", []))
    elif answer.kind == "comparison":
        out.append(
            (
                "comparison",
                d["id"],
                d["title"],
                ",".join(d["subjects"]),
                _yes(d["curated"]),
                d["choose"],
                _origin(d),
            )
        )
        out.extend(("row", d["id"], r["aspect"], *r["values"]) for r in d["rows"])
    elif answer.kind == "hits":
        out.extend(
            ("hit", h["kind"], h["ref"], f"{h['score']:g}", h["title"], h["command"], h["snippet"])
            for h in d["hits"]
        )
    elif answer.kind == "list":
        out.extend(_list_records(d))
    elif answer.kind == "stats":
        out.extend(("stats", "total", "", *_counts(d["total"])) for _ in [0])
        out.extend(("stats", "domain", name, *_counts(c)) for name, c in d["domains"].items())
        out.extend(("stats", "service", name, *_counts(c)) for name, c in d["services"].items())
        out.extend(
            ("exam-task", t["task"], t["domain"], t["title"], t["bullets"], t["mapped"], t["entries"])
            for t in d.get("exam", [])
        )
    elif answer.kind == "calculation":
        out.extend(_calculation_records(d))
    elif answer.kind in ("exam", "exam-task"):
        out.extend(_exam_records(answer.kind, d))
    elif answer.kind == "progress":
        out.extend(_progress_records(d))
    elif answer.kind == "validation":
        for f in d["files"]:
            out.append(("file", f["path"], "valid" if f["ok"] else "invalid", str(len(f["problems"]))))
            out.extend(("problem", f["path"], p) for p in f["problems"])
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
        "source", "as_of", "notes_value", "change", "origin", "quota_code",
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


def header(record: tuple) -> tuple:
    """The header line of ``record``'s type: ``record`` and its field names."""
    names = RECORD_FIELDS.get(record[0], ())[: len(record) - 1]
    extra = [f"value_{i}" for i in range(1, len(record) - len(names))]
    return ("record", *names, *extra)


def _counts(counts: dict) -> list[str]:
    return [str(counts[c]) for c in STATS_KEYS]


def stats_rows(d: dict) -> list[list[str]]:
    """The ``awsref stats`` table: a total row, one per exam domain, one per service."""
    rows = [["all", *_counts(d["total"])]]
    rows.extend([f"domain: {name}", *_counts(c)] for name, c in d["domains"].items())
    rows.extend([name, *_counts(c)] for name, c in d["services"].items())
    return rows


def _extra_records(lim: dict) -> list[tuple]:
    """``conversion`` and ``check`` records of ``limit --in/--check``."""
    out: list[tuple] = []
    conv = lim.get("conversion")
    if conv:
        out.append(
            (
                "conversion",
                lim["service"],
                lim["id"],
                conv["unit"],
                _number(conv["value"]),
                _number(conv["min"]),
                _number(conv["default"]),
                conv["display"],
            )
        )
    check = lim.get("check")
    if check:
        out.append(
            (
                "check",
                lim["service"],
                lim["id"],
                check["given"],
                _number(check["value"]),
                check["unit"],
                "fits" if check["fits"] else "does-not-fit",
                _number(check["percent_of_max"]),
                check["verdict"],
                _number(check["value_si"]),
                "" if check["fits_si"] is None else ("fits" if check["fits_si"] else "does-not-fit"),
            )
        )
    return out


PROGRESS_FIELDS = ("cards", "new", "learning", "known", "due")


def _progress_records(d: dict) -> list[tuple]:
    """``progress`` records: scope (total, service, domain), id, name, cards, new, learning, known, due."""
    out = [("progress", "total", "", "", *(d["total"][f] for f in PROGRESS_FIELDS))]
    for scope in ("services", "domains"):
        out.extend(
            ("progress", scope[:-1], g["id"], g["name"], *(g[f] for f in PROGRESS_FIELDS)) for g in d[scope]
        )
    return out


def _fits(flag: object) -> str:
    return "" if flag is None else ("fits" if flag else "does-not-fit")


def _calculation_records(d: dict) -> list[tuple]:
    """``calculation``, ``input``, ``step`` and ``uses-limit`` records of ``awsref calc``."""
    r = d["result"]
    out: list[tuple] = [
        (
            "calculation",
            d["calculator"],
            r["name"],
            _number(r["value"]),
            r["unit"],
            r["display"],
            _fits(d["fits"]),
        )
    ]
    out.append(("formula", d["calculator"], d["formula"]))
    out.extend(
        ("input", d["calculator"], i["name"], i["given"], _number(i["value"]), i["display"])
        for i in d["inputs"]
    )
    out.extend(("step", d["calculator"], s["step"], s["working"], _number(s["value"])) for s in d["steps"])
    if d["verdict"]:
        out.append(("verdict", d["calculator"], _fits(d["fits"]), d["verdict"]))
    out.extend(
        (
            "uses-limit",
            lim["service"],
            lim["id"],
            _number(lim["value"]),
            lim["unit"],
            lim["display"],
            lim["source"],
            lim["as_of"],
        )
        for lim in d["limits"]
    )
    return out


def _exam_records(kind: str, d: dict) -> list[tuple]:
    """``exam-task`` records (task, domain, title, bullets, mapped, entries) of the outline;
    ``exam-item`` (id, kind, text) and ``exam-ref`` (item, kind, id, label, command) of a task."""
    if kind == "exam":
        return [
            ("exam-task", t["id"], dom["domain"], t["title"], t["bullets"], t["mapped"], t["entries"])
            for dom in d["domains"]
            for t in dom["tasks"]
        ]
    out: list[tuple] = []
    for t in d["tasks"]:
        out.append(
            ("exam-task", t["id"], d["domain"]["domain"], t["title"], t["bullets"], t["mapped"], t["entries"])
        )
        for item in t["items"]:
            out.append(("exam-item", item["id"], item["kind"], item["text"]))
            out.extend(
                ("exam-ref", item["id"], r["kind"], r["id"], r["label"], r["command"]) for r in item["refs"]
            )
    return out


def _list_records(d: dict) -> list[tuple]:
    kind = d["list"]
    if kind == "services":
        return [("service", i["id"], i["name"], i["full_name"], i["category"]) for i in d["items"]]
    if kind == "terms":
        return [("term", i["id"], i["term"], ",".join(i["services"])) for i in d["items"]]
    if kind == "comparisons":
        return [("comparison", i["id"], i["title"], ",".join(i["subjects"])) for i in d["items"]]
    return [limit_record(i) for i in d["items"]]


# ---- blocks -------------------------------------------------------------------------


def _limit_rows(limits: list[dict]) -> list[list[str]]:
    return [
        [
            lim["id"] + _mine(lim),
            lim["name"],
            limit_value(lim),
            lim["scope"],
            _yes(lim["adjustable"]),
            lim.get("notes_value") or "",
        ]
        for lim in limits
    ]


LIMIT_HEADERS = ["Limit", "Name", "Value", "Scope", "Adjustable", "Older material said"]


def _limit_blocks(lim: dict) -> list[tuple]:
    fields = [
        ("Value", limit_value(lim)),
        ("Scope", lim["scope"]),
        ("Adjustable", _yes(lim["adjustable"])),
        *([("Quota code", lim["quota_code"])] if lim.get("quota_code") else []),
        ("Source", Url(lim["source"])),
        ("Checked", lim["as_of"]),
    ]
    for partner in reversed(lim.get("partner_limits") or []):  # the other half of a pair, up front
        fields[1:1] = [("Also", f"{partner['name']}: {partner['display']}"), ("Show it", partner["command"])]
    if _origin(lim):
        fields.append(("From", f"your notes ({_origin(lim)})"))
    if lim.get("account"):
        at = next(i for i, (name, _) in enumerate(fields) if name == "Source")
        fields[at:at] = _account_fields(lim, lim["account"])
    if lim.get("conversion"):
        fields.insert(1, (f"In {lim['conversion']['given'].strip()}", lim["conversion"]["display"]))
    if lim.get("check"):
        check = lim["check"]
        fields.insert(0, ("Check", f"{check['given']}: {check['verdict']}"))
    blocks: list[tuple] = [
        ("title", f"{lim['service_name']} · {lim['name']}", f"awsref limit {lim['service']} {lim['id']}"),
        ("fields", fields),
    ]
    if lim.get("verified") is False:
        blocks.append(("note", "warn", "Unverified: no current AWS page confirmed this value."))
    if lim.get("notes_value"):
        blocks.append(
            (
                "note",
                "warn",
                f"Older study material: {lim['notes_value']}. {lim.get('change') or ''}".strip(),
            )
        )
    return blocks


def _account_fields(lim: dict, status: dict) -> list[tuple[str, str]]:
    """AWS default, your account's value and your usage, beside the curated value."""
    unit = _aws_unit(status)
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


def _also_text(ref: dict) -> str:
    """One alternative: its label and, for a limit, its value."""
    return f"{ref['label']}: {ref['detail']}" if ref.get("detail") else ref["label"]


def blocks(answer: Answer) -> list[tuple]:
    """The page for ``-o table`` and ``-o markdown``.

    How the query was read comes first: an ambiguous answer says so, with the other
    candidates and their values, before the answer itself, and so do typo readings.
    """
    d = answer.data
    out: list[tuple] = []
    if answer.match == "ambiguous" and answer.also:
        out.append(
            ("note", "warn", f"Ambiguous: {answer.query!r} fits several entries; the closest is shown. Also:")
        )
        out.append(("refs", [(_also_text(a), a["command"]) for a in answer.also]))
    if answer.kind != "calculation":  # a calculation's result comes first, then its notes
        out.extend(("note", "info", n) for n in answer.notes)
    if answer.kind == "limit":
        out.extend(_limit_blocks(d))
    elif answer.kind == "limits":
        out.append(("title", f"{d['service_name']} limits", f"awsref limit {d['service']} LIMIT"))
        out.append(("table", "", LIMIT_HEADERS, _limit_rows(d["limits"])))
    elif answer.kind == "term":
        out.append(("title", d["term"] + _mine(d), f"awsref define {d['id']}"))
        out.append(("para", d["definition"]))
        fields = [("Service", ", ".join(d["service_names"]) or "General")]
        if d["aliases"]:
            fields.append(("Also called", ", ".join(d["aliases"])))
        if d["see_also"]:
            fields.append(("See also", ", ".join(d["see_also"])))
        out.append(("fields", fields))
    elif answer.kind == "service":
        out.extend(_service_blocks(d))
    elif answer.kind == "comparison":
        out.append(("title", d["title"] + _mine(d), "awsref compare " + " ".join(d["subjects"])))
        rows = [[r["aspect"], *r["values"]] for r in d["rows"]]
        out.append(("table", "", ["", *d["subject_labels"]], rows))
        if d["choose"]:
            out.append(("para", d["choose"]))
    elif answer.kind == "hits":
        rows = [[h["kind"], h["title"], _short(h["snippet"]), h["command"]] for h in d["hits"]]
        out.append(("title", f"Search: {answer.query}", f"{len(d['hits'])} best hits"))
        out.append(("table", "", ["Kind", "Hit", "Detail", "Show with"], rows))
    elif answer.kind == "list":
        out.extend(_list_blocks(d))
    elif answer.kind == "stats":
        out.append(("title", "Knowledge base", "awsref stats"))
        out.append(("table", "", ["", *(c.capitalize() for c in STATS_KEYS)], stats_rows(d)))
        if d.get("exam"):
            rows = [
                [t["task"], t["domain"], str(t["bullets"]), str(t["mapped"]), str(t["entries"])]
                for t in d["exam"]
            ]
            headers = ["Exam task", "Domain", "Bullets", "Mapped", "Entries"]
            out.append(("table", "DVA-C02 outline coverage (awsref exam)", headers, rows))
    elif answer.kind == "calculation":
        out.extend(_calculation_blocks(d, answer.notes))
    elif answer.kind in ("exam", "exam-task"):
        out.extend(_exam_blocks(answer.kind, d))
    elif answer.kind == "progress":
        total = d["total"]
        out.append(
            (
                "title",
                "Progress",
                f"{total['known']} of {total['cards']} cards known, {total['learning']} learning, "
                f"{total['new']} new, {total['due']} due",
            )
        )
        out.extend(_progress_blocks(d))
    elif answer.kind == "usage":
        out.extend(_usage_blocks(d))
    elif answer.kind == "validation":
        rows = [
            [f["path"], "valid" if f["ok"] else "invalid", p]
            for f in d["files"]
            for p in (f["problems"] or [""])
        ]
        out.append(("table", "", ["File", "Status", "Problem"], rows))
    if answer.also and answer.match != "ambiguous":
        out.append(("note", "info", "Also:"))
        out.append(("refs", [(_also_text(a), a["command"]) for a in answer.also]))
    return out


def _usage_blocks(d: dict) -> list[tuple]:
    threshold = quota_number(d["threshold"])
    out: list[tuple] = [("title", f"Quotas at or above {threshold}% in {d['region']}", "awsref usage")]
    rows = [[q["service"], q["name"], q["quota_code"], usage_text(q), q["value_from"]] for q in d["quotas"]]
    if rows:
        out.append(("table", "", ["Service", "Limit", "Quota code", "Usage", "Your value is"], rows))
    else:
        out.append(("note", "info", f"No quota is at or above {threshold}%."))
    summary = f"{d['checked']} quotas checked, {d['measured']} with usage data in the last hour"
    if d["not_in_region"]:
        summary += f"; not in this Region: {', '.join(d['not_in_region'])}"
    out.append(("note", "info", summary + "."))
    return out


NOT_STARTED_SHOWN = 8  # more untouched services than this fold into one line


def _progress_blocks(d: dict) -> list[tuple]:
    """Bars per service and per exam domain: what has been studied first (most answered
    cards, then most due), and the services never touched folded into one line when
    there are many of them."""
    out: list[tuple] = []
    for scope, title in (("services", "By service"), ("domains", "By exam domain")):
        groups = d[scope]
        if not groups:
            continue
        studied = [g for g in groups if g["known"] or g["learning"]]
        studied.sort(key=lambda g: (-(g["known"] + g["learning"]), -g["due"]))
        untouched = [g for g in groups if not (g["known"] or g["learning"])]
        fold = scope == "services" and studied and len(untouched) > NOT_STARTED_SHOWN
        shown = studied if fold else studied + untouched
        rows = [[g["name"], g["known"], g["learning"], g["new"], g["due"]] for g in shown]
        out.append(("bars", title, rows))
        if fold:
            names = ", ".join(g["name"] for g in untouched)
            cards = sum(g["cards"] for g in untouched)
            out.append(("note", "info", f"Not started ({len(untouched)} services, {cards} cards): {names}"))
    return out


def _calculation_blocks(d: dict, notes: list[str]) -> list[tuple]:
    r = d["result"]
    out: list[tuple] = [
        ("title", d["title"], f"awsref calc {d['calculator']}"),
        ("fields", [("Result", r["display"]), ("Formula", d["formula"])]),
        *(("note", "info", n) for n in notes),
        (
            "table",
            "Inputs",
            ["Input", "Given", "Value"],
            [[i["name"], i["given"], i["display"]] for i in d["inputs"]],
        ),
        (
            "table",
            "Working",
            ["Step", "Working", "Result"],
            [[s["step"], s["working"], s["display"]] for s in d["steps"]],
        ),
    ]
    if d["verdict"]:
        out.append(("note", "info" if d["fits"] is not False else "warn", d["verdict"]))
    used = [
        f"{lim['service']} {lim['id']}: {limit_value(lim)} ({lim['scope']}); {lim['source']}"
        for lim in d["limits"]
    ]
    out.append(("bullets", "Limits used", used))
    return out


def _exam_blocks(kind: str, d: dict) -> list[tuple]:
    if kind == "exam":
        out: list[tuple] = [("title", f"{d['code']} · {d['title']}", "awsref exam TASK")]
        for dom in d["domains"]:
            rows = [[t["id"], t["title"], str(t["bullets"]), str(t["entries"])] for t in dom["tasks"]]
            title = f"{dom['id']} {dom['title']} ({dom['weight']}% of the exam)"
            out.append(("table", title, ["Task", "Statement", "Bullets", "Entries"], rows))
        out.append(("fields", [("Source", d["source"]), ("Checked", d["as_of"])]))
        return out
    dom = d["domain"]
    out = []
    for t in d["tasks"]:
        out.append(("title", f"{t['id']} {t['title']}", f"{dom['id']} {dom['title']} · {d['code']}"))
        for item in t["items"]:
            out.append(("para", f"{item['id']} ({item['kind']}): {item['text']}"))
            out.append(("refs", [(r["label"], r["command"]) for r in item["refs"]]))
    return out


def _service_blocks(d: dict) -> list[tuple]:
    out: list[tuple] = [("title", f"{d['name']} — {d['full_name']}" + _mine(d), d["category"])]
    if "summary" in d:
        out.append(("para", d["summary"]))
    if d.get("domains"):
        out.append(("fields", [("Exam domains", ", ".join(d["domains"]))]))
    topics: dict[str, list[str]] = {}
    for fact in d.get("facts", []):
        text = fact["text"] + _mine(fact)
        if fact.get("notes_said"):
            text += f" (older study material: {fact['notes_said']})"
        topics.setdefault(fact["topic"], []).append(text)
    for topic, items in topics.items():
        out.append(("bullets", topic, items))
    if d.get("limits"):
        out.append(("table", "Limits", LIMIT_HEADERS, _limit_rows(d["limits"])))
    if d.get("terms"):
        out.append(("fields", [("Terms", ", ".join(t["id"] for t in d["terms"]))]))
    if d.get("comparisons"):
        out.append(("bullets", "Comparisons", []))
        out.append(("refs", [(c["title"], c["command"]) for c in d["comparisons"]]))
    return out


def _list_blocks(d: dict) -> list[tuple]:
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
        rows = [[i["service"], *row] for i, row in zip(items, _limit_rows(items), strict=True)]
        headers = ["Service", *LIMIT_HEADERS]
    return [("title", f"{len(items)} {kind}", f"awsref list {kind}"), ("table", "", headers, rows)]
