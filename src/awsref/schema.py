"""The knowledge-base schema: typed models and the validator that enforces them.

The TypedDicts below are the single definition of the file format. ``validate``
walks a decoded JSON document against them and reports every problem with its JSON
path (``$.services[3].limits[0].unit``). This module is imported only when a file is
validated (a cache rebuild or ``awsref validate``), never on the lookup path.

No ``from __future__ import annotations`` here: the validator reads the annotations at
run time, and ``NotRequired`` must be seen as such.
"""

import functools
import types
import typing
import unicodedata
from typing import Literal, NotRequired, TypedDict, Union

from awsref.spec import DOMAINS
from awsref.text import is_quota_code, is_url

SCHEMA_VERSION = 1

UNITS = (
    "bytes",
    "seconds",
    "count",
    "characters",
    "percent",
    "requests-per-second",
    "operations-per-second",
    "iops",
    "bytes-per-second",
)


CATEGORIES = (
    "Security & identity",
    "Compute",
    "Storage",
    "Database",
    "Networking & content delivery",
    "Application integration",
    "Developer tools",
    "Management & governance",
    "Analytics",
    "Containers",
)


class Fact(TypedDict):
    """One statement about a service, grouped under ``topic``."""

    topic: str
    text: str
    notes_said: NotRequired[str | None]  # what the 2019 notes claimed, when no longer true
    source: NotRequired[str]  # the AWS page that states it
    as_of: NotRequired[str]  # the date it was checked there
    questions: NotRequired[list[str]]  # questions it answers, as students ask them (search reads them)


class Limit(TypedDict):
    """A quota or limit with a structured value, its source and the date checked."""

    id: str
    name: str
    aliases: list[str]
    value: int | float | None  # None: no fixed maximum ("Unlimited")
    unit: str
    min: NotRequired[int | float | None]
    default: NotRequired[int | float | None]
    display: str
    scope: str
    adjustable: bool
    quota_code: NotRequired[str]  # the Service Quotas code, "L-B99A9384"
    source: str
    as_of: str
    verified: NotRequired[bool]
    notes_value: NotRequired[str | None]  # the 2019 notes' figure, where it differs
    change: NotRequired[str | None]  # one line: what changed and when
    domains: NotRequired[list[str]]  # exam domains; absent: the service's
    questions: NotRequired[list[str]]
    # The other half of a pair, shown beside this one ("also: 250 MB unzipped"): ids of
    # limits of the same service (Lambda's zipped and unzipped package, a rate and its burst).
    partners: NotRequired[list[str]]


class Service(TypedDict):
    """An AWS service: summary, facts by topic and limits."""

    id: str
    name: str
    full_name: str
    aliases: list[str]
    category: str
    quota_service: NotRequired[str]  # the Service Quotas service code: "lambda", "sqs"
    summary: str
    facts: list[Fact]
    limits: list[Limit]
    domains: NotRequired[list[str]]  # DVA-C02 exam domains (DOMAINS)
    questions: NotRequired[list[str]]


class Term(TypedDict):
    """A glossary entry."""

    id: str
    term: str
    aliases: list[str]
    services: list[str]
    definition: str
    see_also: list[str]
    domains: NotRequired[list[str]]
    source: NotRequired[str]
    as_of: NotRequired[str]
    questions: NotRequired[list[str]]


class Row(TypedDict):
    """One aspect of a comparison: a value per subject, in subject order."""

    aspect: str
    values: list[str]


class Comparison(TypedDict):
    """A curated side-by-side comparison of two or more terms or services."""

    id: str
    title: str
    aliases: list[str]
    subjects: list[str]  # term or service ids
    services: list[str]
    rows: list[Row]
    choose: str
    domains: NotRequired[list[str]]
    questions: NotRequired[list[str]]


class Synonym(TypedDict):
    """Words people type for what the knowledge base calls otherwise ("how long" -> timeout)."""

    phrase: str
    means: list[str]


class Uncovered(TypedDict):
    """A product awsref knows by name but has no entry for (Amazon Bedrock, Azure Functions):
    a query about it is answered "not covered", not with what mentions it in passing."""

    name: str
    match: list[str]


class ExamItem(TypedDict):
    """One "knowledge of" or "skills in" bullet of an exam task, and the entries that answer it."""

    id: str  # D2.T1.K3 (knowledge) or D2.T1.S3 (skill)
    kind: Literal["knowledge", "skill"]
    text: str
    refs: list[str]  # "service:ID", "term:ID", "comparison:ID" or "limit:SERVICE/ID"


class ExamTask(TypedDict):
    """A task statement of the exam guide."""

    id: str  # D2.T1
    title: str
    items: list[ExamItem]


class ExamDomain(TypedDict):
    """A content domain of the exam guide, with its share of the scored questions."""

    id: str  # D2
    domain: str  # one of DOMAINS
    title: str
    weight: int  # percent
    tasks: list[ExamTask]


class Exam(TypedDict):
    """The exam's outline: domains, task statements and their bullets, mapped to entries."""

    code: str
    title: str
    source: str
    as_of: str
    domains: list[ExamDomain]


class Document(TypedDict):
    """A whole knowledge-base file."""

    schema_version: NotRequired[Literal[1]]
    services: list[Service]
    terms: list[Term]
    comparisons: list[Comparison]
    synonyms: NotRequired[list[Synonym]]
    uncovered: NotRequired[list[Uncovered]]
    exam: NotRequired[Exam]


class PartialService(TypedDict, total=False):
    """A user note about a service: a new service, or facts/limits/aliases for an existing one."""

    id: typing.Required[str]
    name: str
    full_name: str
    aliases: list[str]
    category: str
    quota_service: str
    summary: str
    facts: list[Fact]
    limits: list[Limit]
    domains: list[str]
    questions: list[str]


class UserDocument(TypedDict, total=False):
    """A file in the user's notes directory: every section optional."""

    schema_version: Literal[1]
    services: list[PartialService]
    terms: list[Term]
    comparisons: list[Comparison]


def _is_slug(value: str) -> bool:
    parts = value.split("-")
    return all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)


def _is_exam_id(value: str) -> bool:
    """D2, D2.T1 or D2.T1.K3 / D2.T1.S3: the exam map's ids."""
    parts = value.split(".")
    prefixes = ("D", "T", "KS")
    return 0 < len(parts) <= 3 and all(
        len(p) > 1 and p[0] in prefixes[i] and p[1:].isdigit() and p[1:].isascii()
        for i, p in enumerate(parts)
    )


def _is_quota_service(value: str) -> bool:
    """A Service Quotas service code: ASCII letters, digits and '-' ("lambda", "cognito-idp")."""
    return value.isascii() and all(c.isalnum() or c == "-" for c in value)


def _is_date(value: str) -> bool:
    y, _, rest = value.partition("-")
    m, _, d = rest.partition("-")
    return (
        len(value) == 10 and all(x.isdigit() for x in (y, m, d)) and 1 <= int(m) <= 12 and 1 <= int(d) <= 31
    )


# No string of a notes file may hold a control character (C0, DEL, C1: ESC, BEL, CR, a
# newline...) or a bidirectional control, which reorders what a terminal shows: labels are
# shown on one line and offered to shells by completion, and prose reaches terminals,
# spreadsheets and Anki. Renderers escape them anyway (``text.printable``).
PROSE = frozenset(
    {"text", "summary", "definition", "choose", "notes_said", "notes_value", "change", "values", "questions"}
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _control(value: str) -> str | None:
    """The first control or bidirectional character of ``value``, or None."""
    if value.isprintable():  # bidirectional controls are not printable either
        return None
    for ch in value:
        if ch in _BIDI or unicodedata.category(ch) == "Cc":
            return ch
    return None


def _check_controls(name: str, value: object, path: str, problems: list[str]) -> None:
    kind = "text" if name in PROSE else "a label"
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        if isinstance(item, str):
            ch = _control(item)
            if ch is not None:
                where = f"{path}[{i}]" if isinstance(value, list) else path
                problems.append(f"{where}: control character U+{ord(ch):04X} is not allowed in {kind}")


def _check_field(name: str, value: object, path: str, problems: list[str]) -> None:
    """Constraints beyond types, keyed by field name."""
    _check_controls(name, value, path, problems)
    if name == "domains" and isinstance(value, list):
        for i, domain in enumerate(value):
            if isinstance(domain, str) and domain not in DOMAINS:  # the exam map's domains are objects
                problems.append(f"{path}[{i}]: unknown exam domain {domain!r}; one of {', '.join(DOMAINS)}")
        return
    if not isinstance(value, str):
        return
    if name not in ("notes_said", "notes_value", "change") and not value.strip():
        problems.append(f"{path}: must not be blank")
    elif name == "id" and not (_is_slug(value) or _is_exam_id(value)):
        problems.append(f"{path}: {value!r} is not a slug (lower-case words joined by '-')")
    elif name == "unit" and value not in UNITS:
        problems.append(f"{path}: unknown unit {value!r}; one of {', '.join(UNITS)}")
    elif name == "category" and value not in CATEGORIES:
        problems.append(f"{path}: unknown category {value!r}")
    elif name == "source" and not is_url(value):
        problems.append(f"{path}: must be an https:// URL (printable ASCII; no spaces, quotes or <>)")
    elif name == "as_of" and not _is_date(value):
        problems.append(f"{path}: must be a date YYYY-MM-DD")
    elif name == "quota_code" and not is_quota_code(value):
        problems.append(f"{path}: {value!r} is not a quota code ('L-' and 8 upper-case hex digits)")
    elif name == "quota_service" and not _is_quota_service(value):
        problems.append(f"{path}: {value!r} is not a Service Quotas service code (letters, digits, '-')")


def _type_name(tp: object) -> str:
    if isinstance(tp, type):
        return {
            "str": "string",
            "int": "integer",
            "float": "number",
            "bool": "boolean",
            "list": "array",
            "NoneType": "null",
        }.get(tp.__name__, "object")
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(tp))
    if origin is list:
        return "array"
    if origin is Literal:
        return " or ".join(repr(a) for a in typing.get_args(tp))
    return "object"


_ORIGINS: dict[object, object] = {}  # typing.get_origin per schema type, asked ~30,000 times


def _check(value: object, tp: object, path: str, problems: list[str]) -> None:
    if tp is str:  # most fields: answered before asking typing anything
        if not isinstance(value, str):
            problems.append(f"{path}: expected string, got {_json_type(value)}")
        return
    try:
        origin = _ORIGINS[tp]
    except KeyError:
        origin = _ORIGINS[tp] = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = typing.get_args(tp)
        for option in options:
            sub: list[str] = []
            _check(value, option, path, sub)
            if not sub:
                return
        problems.append(f"{path}: expected {_type_name(tp)}, got {_json_type(value)}")
        return
    if origin is Literal:
        if value not in typing.get_args(tp):
            problems.append(f"{path}: expected {_type_name(tp)}, got {value!r}")
        return
    if origin is list:
        if not isinstance(value, list):
            problems.append(f"{path}: expected array, got {_json_type(value)}")
            return
        (item_tp,) = typing.get_args(tp)
        for i, item in enumerate(value):
            _check(item, item_tp, f"{path}[{i}]", problems)
        return
    if isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__annotations__"):
        _check_object(value, tp, path, problems)
        return
    if tp is type(None):
        if value is not None:
            problems.append(f"{path}: expected null, got {_json_type(value)}")
        return
    if tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, tp)  # type: ignore[arg-type]
    if not ok:
        problems.append(f"{path}: expected {_type_name(tp)}, got {_json_type(value)}")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@functools.cache
def _hints(model: type) -> dict[str, object]:
    """A model's field types (evaluating annotations is slow: once per model, not per object)."""
    return typing.get_type_hints(model)


def _check_object(value: object, model: type, path: str, problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"{path}: expected object, got {_json_type(value)}")
        return
    hints = _hints(model)
    required = model.__required_keys__  # type: ignore[attr-defined]
    for name in sorted(required - value.keys()):
        problems.append(f"{path}: missing required field {name!r}")
    for name, item in value.items():
        if name not in hints:
            problems.append(f"{path}: unknown field {name!r}")
            continue
        field_path = f"{path}.{name}"
        before = len(problems)
        _check(item, hints[name], field_path, problems)
        if len(problems) == before:
            _check_field(name, item, field_path, problems)


def check_shape(document: object, *, partial: bool = False) -> list[str]:
    """Type-check a decoded document against the schema; returns problems, [] if none."""
    problems: list[str] = []
    _check_object(document, UserDocument if partial else Document, "$", problems)
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


def check_references(document: Document) -> list[str]:
    """Uniqueness and cross-references of a complete (merged) knowledge base."""
    from awsref.text import key

    problems: list[str] = []
    owner: dict[str, str] = {}

    def claim(name: str, who: str, path: str) -> None:
        k = key(name)
        if not k:
            return
        other = owner.setdefault(k, who)
        if other != who:
            problems.append(f"{path}: name {name!r} is already used by {other}")

    services = {s["id"]: i for i, s in enumerate(document["services"])}
    terms = {t["id"]: i for i, t in enumerate(document["terms"])}
    # The names each service and term claims, in claim order (id, name, aliases, full name).
    claimed: dict[str, list[list[str]]] = {
        "service": [[s["id"], s["name"], *s["aliases"], s["full_name"]] for s in document["services"]],
        "term": [[t["id"], t["term"], *t["aliases"]] for t in document["terms"]],
    }
    for kind, items in (
        ("service", document["services"]),
        ("term", document["terms"]),
        ("comparison", document["comparisons"]),
    ):
        seen: set[str] = set()
        for i, item in enumerate(items):
            path = f"$.{kind}s[{i}]"
            if item["id"] in seen:
                problems.append(f"{path}.id: duplicate {kind} id {item['id']!r}")
            seen.add(item["id"])
            if kind == "comparison":
                continue
            who = f"{kind} {item['id']!r}"
            for name in dict.fromkeys(key(n) for n in claimed[kind][i]):
                claim(name, who, f"{path}")
    codes: dict[str, str] = {}
    for i, service in enumerate(document["services"]):
        own: dict[str, str] = {}
        ids: set[str] = set()
        for j, limit in enumerate(service["limits"]):
            path = f"$.services[{i}].limits[{j}]"
            code = limit.get("quota_code")
            if code is not None:
                where = f"{service['id']}/{limit['id']}"
                if codes.setdefault(code, where) != where:
                    problems.append(f"{path}.quota_code: {code!r} is already the code of {codes[code]}")
                if not service.get("quota_service"):
                    problems.append(f"{path}.quota_code: service {service['id']!r} has no quota_service")
            if limit["id"] in ids:
                problems.append(f"{path}.id: service {service['id']!r} already has a limit {limit['id']!r}")
            ids.add(limit["id"])
            for name in dict.fromkeys(key(n) for n in (limit["id"], limit["name"], *limit["aliases"])):
                other = own.setdefault(name, limit["id"])
                if other != limit["id"]:
                    problems.append(f"{path}: name {name!r} is already used by limit {other!r}")
            if limit.get("notes_value") and not limit.get("change"):
                problems.append(f"{path}: notes_value needs a 'change' line")
            for bound, b in (("min", limit.get("min")), ("default", limit.get("default"))):
                if b is not None and limit["value"] is not None and b > limit["value"]:
                    problems.append(f"{path}.{bound}: larger than value")
        for j, limit in enumerate(service["limits"]):
            for k, partner in enumerate(limit.get("partners") or []):
                where = f"$.services[{i}].limits[{j}].partners[{k}]"
                if partner == limit["id"]:
                    problems.append(f"{where}: a limit is not its own partner")
                elif partner not in ids:
                    problems.append(f"{where}: service {service['id']!r} has no limit {partner!r}")
    for i, term in enumerate(document["terms"]):
        for j, sid in enumerate(term["services"]):
            if sid not in services:
                problems.append(f"$.terms[{i}].services[{j}]: unknown service {sid!r}")
        for j, tid in enumerate(term["see_also"]):
            if tid not in terms and tid not in services:
                problems.append(f"$.terms[{i}].see_also[{j}]: unknown term {tid!r}")
    for i, comp in enumerate(document["comparisons"]):
        path = f"$.comparisons[{i}]"
        subjects = comp["subjects"]
        if len(subjects) < 2:
            problems.append(f"{path}.subjects: needs at least two subjects")
        if len(set(subjects)) != len(subjects):
            problems.append(f"{path}.subjects: a subject is listed twice")
        for j, sid in enumerate(subjects):
            if sid not in terms and sid not in services:
                problems.append(f"{path}.subjects[{j}]: unknown term or service {sid!r}")
        for j, sid in enumerate(comp["services"]):
            if sid not in services:
                problems.append(f"{path}.services[{j}]: unknown service {sid!r}")
        for j, row in enumerate(comp["rows"]):
            if len(row["values"]) != len(subjects):
                problems.append(
                    f"{path}.rows[{j}].values: {len(row['values'])} values for {len(subjects)} subjects"
                )
    problems += _check_exam(document, services, terms)
    return problems
