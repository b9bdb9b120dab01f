"""Uniqueness and cross-references of a complete (merged) knowledge base: ids and names
claimed once, quota codes unique, partners, terms, comparisons and the exam map pointing
at entries that exist. Every problem carries its JSON path."""

from __future__ import annotations

from awsref.spec import DOMAINS
from awsref.text import key

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time: only the type checker reads it
    from awsref.schema import Comparison, Document, Limit, Service, Term


def check_references(document: Document) -> list[str]:
    """Uniqueness and cross-references of a complete (merged) knowledge base."""
    services = {s["id"]: i for i, s in enumerate(document["services"])}
    terms = {t["id"]: i for i, t in enumerate(document["terms"])}
    problems = _check_ids_and_names(document)
    codes: dict[str, str] = {}
    for i, service in enumerate(document["services"]):
        problems += _check_limits(service, f"$.services[{i}]", codes)
    for i, term in enumerate(document["terms"]):
        problems += _check_term(term, f"$.terms[{i}]", services, terms)
    for i, comp in enumerate(document["comparisons"]):
        problems += _check_comparison(comp, f"$.comparisons[{i}]", services, terms)
    problems += _check_exam(document, services, terms)
    return problems


def _check_ids_and_names(document: Document) -> list[str]:
    """Ids unique per kind; every name (id, name, aliases, full name) of a service or term
    claimed by one entry only."""
    problems: list[str] = []
    owner: dict[str, str] = {}
    # The names each service and term claims, in claim order (id, name, aliases, full name).
    claimed: dict[str, list[list[str]]] = {
        "service": [[s["id"], s["name"], *s["aliases"], s["full_name"]] for s in document["services"]],
        "term": [[t["id"], t["term"], *t["aliases"]] for t in document["terms"]],
        "comparison": [[] for _ in document["comparisons"]],
    }
    ids: dict[str, list[str]] = {
        "service": [s["id"] for s in document["services"]],
        "term": [t["id"] for t in document["terms"]],
        "comparison": [c["id"] for c in document["comparisons"]],
    }
    for kind, kind_ids in ids.items():
        seen: set[str] = set()
        for i, ident in enumerate(kind_ids):
            path = f"$.{kind}s[{i}]"
            if ident in seen:
                problems.append(f"{path}.id: duplicate {kind} id {ident!r}")
            seen.add(ident)
            who = f"{kind} {ident!r}"
            for name in dict.fromkeys(key(n) for n in claimed[kind][i]):
                other = owner.setdefault(name, who) if name else who
                if other != who:
                    problems.append(f"{path}: name {name!r} is already used by {other}")
    return problems


def _check_limit_fields(limit: Limit, where: str) -> list[str]:
    """One limit's fields that depend on each other."""
    problems = []
    if not limit.get("catalogue"):
        if limit["adjustable"] is None:
            problems.append(f"{where}.adjustable: a curated limit says whether it is adjustable")
        if not limit["scope"].strip():
            problems.append(f"{where}.scope: must not be blank")
    if limit.get("notes_value") and not limit.get("change"):
        problems.append(f"{where}: notes_value needs a 'change' line")
    for bound, b in (("min", limit.get("min")), ("default", limit.get("default"))):
        if b is not None and limit["value"] is not None and b > limit["value"]:
            problems.append(f"{where}.{bound}: larger than value")
    return problems


def _check_limits(service: Service, path: str, codes: dict[str, str]) -> list[str]:
    """A service's limits: ids and names unique within it, quota codes unique across the
    knowledge base (``codes``: code -> service/limit so far), bounds and partners sound."""
    problems: list[str] = []
    own: dict[str, str] = {}
    ids: set[str] = set()
    for j, limit in enumerate(service["limits"]):
        where = f"{path}.limits[{j}]"
        code = limit.get("quota_code")
        if code is not None:
            ref = f"{service['id']}/{limit['id']}"
            if codes.setdefault(code, ref) != ref:
                problems.append(f"{where}.quota_code: {code!r} is already the code of {codes[code]}")
            if not service.get("quota_service"):
                problems.append(f"{where}.quota_code: service {service['id']!r} has no quota_service")
        if limit["id"] in ids:
            problems.append(f"{where}.id: service {service['id']!r} already has a limit {limit['id']!r}")
        ids.add(limit["id"])
        for name in dict.fromkeys(key(n) for n in (limit["id"], limit["name"], *limit["aliases"])):
            other = own.setdefault(name, limit["id"])
            if other != limit["id"]:
                problems.append(f"{where}: name {name!r} is already used by limit {other!r}")
        problems += _check_limit_fields(limit, where)
    for j, limit in enumerate(service["limits"]):
        for k, partner in enumerate(limit.get("partners") or []):
            where = f"{path}.limits[{j}].partners[{k}]"
            if partner == limit["id"]:
                problems.append(f"{where}: a limit is not its own partner")
            elif partner not in ids:
                problems.append(f"{where}: service {service['id']!r} has no limit {partner!r}")
    return problems


def _check_term(term: Term, path: str, services: dict[str, int], terms: dict[str, int]) -> list[str]:
    problems = [
        f"{path}.services[{j}]: unknown service {sid!r}"
        for j, sid in enumerate(term["services"])
        if sid not in services
    ]
    problems += [
        f"{path}.see_also[{j}]: unknown term {tid!r}"
        for j, tid in enumerate(term["see_also"])
        if tid not in terms and tid not in services
    ]
    return problems


def _check_comparison(
    comp: Comparison, path: str, services: dict[str, int], terms: dict[str, int]
) -> list[str]:
    problems: list[str] = []
    subjects = comp["subjects"]
    if len(subjects) < 2:
        problems.append(f"{path}.subjects: needs at least two subjects")
    if len(set(subjects)) != len(subjects):
        problems.append(f"{path}.subjects: a subject is listed twice")
    problems += [
        f"{path}.subjects[{j}]: unknown term or service {sid!r}"
        for j, sid in enumerate(subjects)
        if sid not in terms and sid not in services
    ]
    problems += [
        f"{path}.services[{j}]: unknown service {sid!r}"
        for j, sid in enumerate(comp["services"])
        if sid not in services
    ]
    problems += [
        f"{path}.rows[{j}].values: {len(row['values'])} values for {len(subjects)} subjects"
        for j, row in enumerate(comp["rows"])
        if len(row["values"]) != len(subjects)
    ]
    return problems


def _check_exam(document: Document, services: dict[str, int], terms: dict[str, int]) -> list[str]:
    """The exam map: ids nested and unique, domains known, every bullet mapped to entries that exist."""
    exam = document.get("exam")
    if exam is None:
        return []
    problems: list[str] = []
    comparisons = {c["id"] for c in document["comparisons"]}
    limits = {f"{s['id']}/{lim['id']}" for s in document["services"] for lim in s["limits"]}
    known = {"service": services, "term": terms, "comparison": comparisons, "limit": limits}
    seen: set[str] = set()

    def claim(ident: str, parent: str, path: str) -> None:
        if ident in seen:
            problems.append(f"{path}.id: duplicate exam id {ident!r}")
        seen.add(ident)
        if parent and not ident.startswith(parent + "."):
            problems.append(f"{path}.id: {ident!r} is not inside {parent!r}")

    for i, domain in enumerate(exam["domains"]):
        path = f"$.exam.domains[{i}]"
        claim(domain["id"], "", path)
        if domain["domain"] not in DOMAINS:
            problems.append(f"{path}.domain: unknown exam domain {domain['domain']!r}")
        for j, task in enumerate(domain["tasks"]):
            tpath = f"{path}.tasks[{j}]"
            claim(task["id"], domain["id"], tpath)
            for k, item in enumerate(task["items"]):
                ipath = f"{tpath}.items[{k}]"
                claim(item["id"], task["id"], ipath)
                if item["id"].rsplit(".", 1)[-1][0] != item["kind"][0].upper():
                    problems.append(f"{ipath}.id: {item['id']!r} does not match its kind {item['kind']!r}")
                if not item["refs"]:
                    problems.append(f"{ipath}.refs: maps to no entry")
                for m, ref in enumerate(item["refs"]):
                    kind, _, ident = ref.partition(":")
                    if ident not in known.get(kind, ()):
                        problems.append(f"{ipath}.refs[{m}]: no such entry {ref!r}")
    return problems
