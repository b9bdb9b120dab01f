"""The DVA-C02 exam outline: which entries answer each task statement (``awsref exam``).

The map lives in the data (``exam`` in notes.json): domains, task statements and each
"knowledge of" / "skills in" bullet, with the entries that answer it. This module reads the
cache's ``exam`` section and answers two questions, both pure (no printing):

- ``awsref exam``: every domain and task with how much of it the knowledge base covers;
- ``awsref exam D2.T1`` (or ``D2``, ``2.1``, ``D2.T1.S3``, ``security``): what to know for it.
"""

from __future__ import annotations

from awsref.answer import Answer
from awsref.errors import NotFound
from awsref.kb import KnowledgeBase
from awsref.text import printable

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from typing import Any

_NOISE = ("TASK", "DOMAIN", "STATEMENT")


def parse_id(text: str) -> str | None:
    """``D2.T1`` from what people type for it: d2.t1, D2T1, 2.1, task 2.1, D2.T1.S3; None if unreadable."""
    compact = "".join(text.upper().split())
    for word in _NOISE:
        compact = compact.replace(word, "")
    compact = compact.replace(".", "")
    if compact[:1] == "D":
        compact = compact[1:]
    if not compact[:1].isdigit():
        return None
    parts = ["D" + compact[0]]
    rest = compact[1:]
    if rest:
        rest = rest[1:] if rest[0] == "T" else rest
        digits = ""
        while rest[:1].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        if not digits:
            return None
        parts.append("T" + digits)
    if rest:
        kind, number = rest[0], rest[1:]
        if kind not in "KS" or not number.isdigit():
            return None
        parts.append(kind + number)
    ident = ".".join(parts)
    return ident if ident.isascii() else None


def _section(kb: KnowledgeBase) -> dict[str, Any]:
    exam = kb.section("exam")
    if not exam:
        raise NotFound("this knowledge base has no exam outline")
    return exam


def _coverage(task: dict[str, Any]) -> dict[str, int]:
    """How many bullets a task has, how many map to an entry, and how many entries they name."""
    return {
        "bullets": len(task["items"]),
        "mapped": sum(1 for i in task["items"] if i["refs"]),
        "entries": len({(r["kind"], r["id"]) for item in task["items"] for r in item["refs"]}),
    }


def outline(kb: KnowledgeBase) -> Answer:
    """``awsref exam``: every domain and task statement, with the entries mapped to each."""
    exam = _section(kb)
    domains = [
        {
            **{k: d[k] for k in ("id", "domain", "title", "weight")},
            "tasks": [{"id": t["id"], "title": t["title"], **_coverage(t)} for t in d["tasks"]],
        }
        for d in exam["domains"]
    ]
    data = {k: exam[k] for k in ("code", "title", "source", "as_of")}
    data["domains"] = domains
    return Answer("exam", "", "exam", data)


def _by_name(exam: dict[str, Any], text: str) -> str | None:
    """A domain's id from its name or title (``security``, ``troubleshooting``)."""
    wanted = " ".join(text.lower().split())
    for d in exam["domains"]:
        if wanted and (wanted == d["domain"] or wanted == d["title"].lower()):
            return d["id"]
    return None


def task(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref exam ID``: a domain, a task statement or one bullet, with the entries that answer it."""
    exam = _section(kb)
    text = " ".join(words).strip()
    ident = _by_name(exam, text) or parse_id(text)
    for d in exam["domains"]:
        if ident is None or not (ident == d["id"] or ident.startswith(d["id"] + ".")):
            continue
        tasks = [t for t in d["tasks"] if ident in (d["id"], t["id"]) or ident.startswith(t["id"] + ".")]
        if ident.count(".") == 2:
            tasks = [{**t, "items": [i for i in t["items"] if i["id"] == ident]} for t in tasks]
            tasks = [t for t in tasks if t["items"]]
        if tasks:
            tasks = [{**t, **_coverage(t)} for t in tasks]
            data = {
                "code": exam["code"],
                "domain": {k: d[k] for k in ("id", "domain", "title", "weight")},
                "tasks": tasks,
            }
            return Answer("exam", ident, "exam-task", data)
    every = [t["id"] for d in exam["domains"] for t in d["tasks"]]
    near = [t for t in every if ident and (t.startswith(ident) or ident.startswith(t))]
    near = near or [d["id"] for d in exam["domains"]]
    raise NotFound(
        f"{printable(text)!r} is not a domain, task or bullet of the {exam['code']} outline",
        hints=[f"awsref exam {t}" for t in near[:4]],
        try_next="awsref exam",
    )


def exam(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref exam [ID]``: the outline, or one part of it."""
    return task(kb, words) if any(w.strip() for w in words) else outline(kb)


def task_refs(kb: KnowledgeBase, ident: str) -> list[dict[str, Any]]:
    """Every entry the bullets under ``ident`` (a domain, task or bullet) map to, once each, in order."""
    answer = task(kb, [ident])
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for t in answer.data["tasks"]:
        for item in t["items"]:
            for ref in item["refs"]:
                seen.setdefault((ref["kind"], ref["id"]), ref)
    return list(seen.values())


def ref_services(kb: KnowledgeBase, refs: list[dict[str, Any]]) -> set[str]:
    """The services ``refs`` are about: a ``service:ID`` itself, a limit's service, a term's services."""
    term_services = {tid: services for tid, _, services, *_ in kb.terms}
    out: set[str] = set()
    for ref in refs:
        if ref["kind"] == "service":
            out.add(ref["id"])
        elif ref["kind"] == "limit":
            out.add(ref["id"].partition("/")[0])
        elif ref["kind"] == "term":
            out.update(term_services.get(ref["id"], ()))
    return out


def service_tasks(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Each service's exam task statements (``D2.T1``), from what their bullets map to; {} without a map."""
    exam = kb.section("exam")
    out: dict[str, list[str]] = {}
    for d in (exam or {}).get("domains", []):
        for t in d["tasks"]:
            refs = [r for item in t["items"] for r in item["refs"]]
            for sid in sorted(ref_services(kb, refs)):
                out.setdefault(sid, []).append(t["id"])
    return out
