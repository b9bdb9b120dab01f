"""Answer shaping: knowledge-base entries as the JSON-ready data of an ``Answer``, and the
pointers to entries ("also", "did you mean") every lookup prints. Pure: no matching here.

The one place an entry becomes answer data: lookups, ``calc`` and the study cards all
shape a limit with ``limit_data``.
"""

from __future__ import annotations

from awsref.answer import QUALITIES, Answer
from awsref.text import printable

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any, TypeAlias

    from awsref.answer import Quality, Ref, Resolution
    from awsref.kb import KnowledgeBase

    Data: TypeAlias = dict[str, Any]


# Which limits are the quota catalogue's (``data/quotas.json``) and which are curated:
# catalogue quotas are looked up, listed and searched like any limit; service cards, the limit
# tables of ``awsref limit SERVICE``, comparisons, quizzes and decks show only the curated
# ones, which carry the explanations a student needs.


def curated(limits: Iterable[Mapping[str, Any]]) -> list[Any]:
    """The hand-written limits among ``limits``, in order."""
    return [lim for lim in limits if not lim.get("catalogue")]


def catalogued(limits: Iterable[Mapping[str, Any]]) -> int:
    """How many of ``limits`` come from the quota catalogue."""
    return sum(1 for lim in limits if lim.get("catalogue"))


def worst(*qualities: Quality) -> Quality:
    """The least sure of several match qualities (exact < fuzzy < ambiguous)."""
    return max(qualities, key=QUALITIES.index)


def entry_ref(kb: KnowledgeBase, kind: str, ref: str) -> Ref:
    """A pointer to an entry: its label, the command that shows it, and (limits) its value."""
    if kind == "service":
        return {"kind": kind, "id": ref, "label": kb.label(ref), "command": f"awsref show {ref}"}
    if kind == "term":
        return {"kind": kind, "id": ref, "label": kb.label(ref), "command": f"awsref define {ref}"}
    if kind == "comparison":
        comp = kb.comparison(ref) or {"title": ref, "subjects": [ref]}
        return {"kind": kind, "id": ref, "label": comp["title"], "command": compare_command(comp)}
    sid, _, lid = ref.partition("/")
    service = kb.service(sid)
    lim = next((x for x in service["limits"] if x["id"] == lid), None) if service else None
    label = f"{kb.label(sid)} {lim['name'] if lim else lid}"
    out: Ref = {"kind": "limit", "id": ref, "label": label, "command": f"awsref limit {sid} {lid}"}
    if lim:
        out["detail"] = lim["display"]
    return out


def ref_hint(r: Ref) -> str:
    """A pointer as one "did you mean" hint: label, value, and the command in brackets."""
    detail = f": {r['detail']}" if r.get("detail") else ""
    return f"{r['label']}{detail} ({r['command']})"


def limit_data(service: Data, limit: Data) -> Data:
    """A limit as printed: its own fields plus the service it belongs to, and the other
    half of its pair (``partners``: zipped and unzipped, rate and burst) as they read."""
    data = {"service": service["id"], "service_name": service["name"], **limit}
    data["global"] = bool(limit.get("global"))
    if limit.get("partners"):
        mine = {lim["id"]: lim for lim in service["limits"]}
        data["partner_limits"] = [
            {
                "id": pid,
                "name": mine[pid]["name"],
                "display": mine[pid]["display"],
                "command": f"awsref limit {service['id']} {pid}",
            }
            for pid in limit["partners"]
            if pid in mine
        ]
    return data


def find_limit(service: Data, lid: str) -> Data:
    """The limit ``lid`` of ``service`` (which has it)."""
    return next(lim for lim in service["limits"] if lim["id"] == lid)


def service_data(kb: KnowledgeBase, service: Data) -> Data:
    """A service card's data: its limits shaped, its terms and comparisons labelled."""
    data = dict(service)
    data["limits"] = [limit_data(service, lim) for lim in curated(service["limits"])]
    if more := catalogued(service["limits"]):
        data["more_quotas"] = more
    data["terms"] = [{"id": t, "term": kb.label(t)} for t in service["terms"]]
    data["comparisons"] = [
        {"id": c, "title": comp["title"], "command": compare_command(comp)}
        for c in service["comparisons"]
        if (comp := kb.comparison(c))
    ]
    return data


def term_data(kb: KnowledgeBase, term: Data) -> Data:
    """A glossary entry's data, with its services' and see-also entries' labels."""
    data = dict(term)
    data["service_names"] = [kb.label(s) for s in term["services"]]
    data["see_also_labels"] = [kb.label(t) for t in term["see_also"]]
    return data


def service_as_term(kb: KnowledgeBase, service: Data) -> Data:
    """A service's summary in the shape of a glossary entry (``define sam``)."""
    return {
        "id": service["id"],
        "term": service["name"],
        "aliases": [service["full_name"], *service["aliases"]],
        "services": [service["id"]],
        "definition": service["summary"],
        "see_also": [],
        "service_names": [service["name"]],
        "see_also_labels": [],
        "entity": "service",
    }


def curated_data(kb: KnowledgeBase, cid: str) -> Data:
    """A curated comparison's data, with its subjects' labels."""
    comp = kb.comparison(cid)
    assert comp is not None
    data = dict(comp)
    data["curated"] = True
    data["subject_labels"] = [kb.label(s) for s in comp["subjects"]]
    return data


def compare_command(comp: Data) -> str:
    return "awsref compare " + " ".join(comp["subjects"])


def answer_for(kb: KnowledgeBase, command: str, query: str, res: Resolution, notes: list[str]) -> Answer:
    """The answer for a resolved entry, in the shape of ``command`` where kinds differ."""
    also = [entry_ref(kb, k, r) for k, r in res.alternatives]
    notes = [*notes, *res.notes]
    if res.kind == "limit":
        sid, _, lid = res.ref.partition("/")
        service = kb.service(sid)
        assert service is not None
        data = limit_data(service, find_limit(service, lid))
        return Answer(command, query, "limit", data, res.quality, also, notes)
    if res.kind == "comparison":
        return Answer(command, query, "comparison", curated_data(kb, res.ref), res.quality, also, notes)
    if res.kind == "term":
        term = kb.term(res.ref)
        assert term is not None
        if command == "show":
            notes.insert(0, f"no service card for {printable(query)!r}: its glossary entry")
        return Answer(command, query, "term", term_data(kb, term), res.quality, also, notes)
    service = kb.service(res.ref)
    assert service is not None
    if command == "define":
        notes.insert(
            0,
            f"{service['name']} is a service, not a glossary term: its summary "
            f"(the whole card: awsref show {service['id']})",
        )
        return Answer(command, query, "term", service_as_term(kb, service), res.quality, also, notes)
    return Answer(command, query, "service", service_data(kb, service), res.quality, also, notes)
