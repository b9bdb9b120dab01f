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
from typing import Literal, NotRequired, TypedDict, Union

from awsref.field_rules import check_controls, is_date, is_exam_id, is_quota_service, is_slug
from awsref.references import check_references as check_references  # its old home
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


# ``global`` (true: one quota for the account across every Region, as Service Quotas calls
# it; absent or false: Regional, or a property of a resource) is a Python keyword, so it is
# declared in TypedDict's functional form and Limit inherits it.
_Reach = TypedDict("_Reach", {"global": NotRequired[bool]})


class Limit(_Reach):
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
    adjustable: bool | None  # None: the page does not say (catalogue quotas only)
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
    # From AWS's quota tables (data/quotas.json), not hand-written: looked up, listed and
    # searched like any limit, but kept off service cards, quizzes and decks.
    catalogue: NotRequired[bool]


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


class CatalogueService(TypedDict):
    """One service's quotas in the quota catalogue: the service must exist in the knowledge base."""

    id: str
    limits: list[Limit]


class Catalogue(TypedDict):
    """The quota catalogue file (``data/quotas.json``), merged into the knowledge base it sits beside."""

    schema_version: Literal[1]
    services: list[CatalogueService]


class UserDocument(TypedDict, total=False):
    """A file in the user's notes directory: every section optional."""

    schema_version: Literal[1]
    services: list[PartialService]
    terms: list[Term]
    comparisons: list[Comparison]


def _check_field(name: str, value: object, path: str, problems: list[str]) -> None:
    """Constraints beyond types, keyed by field name."""
    check_controls(name, value, path, problems)
    if name == "domains" and isinstance(value, list):
        for i, domain in enumerate(value):
            if isinstance(domain, str) and domain not in DOMAINS:  # the exam map's domains are objects
                problems.append(f"{path}[{i}]: unknown exam domain {domain!r}; one of {', '.join(DOMAINS)}")
        return
    if not isinstance(value, str):
        return
    # A catalogue quota's scope may be unsaid (references.py holds curated limits to one).
    if name not in ("notes_said", "notes_value", "change", "scope") and not value.strip():
        problems.append(f"{path}: must not be blank")
    elif name == "id" and not (is_slug(value) or is_exam_id(value)):
        problems.append(f"{path}: {value!r} is not a slug (lower-case words joined by '-')")
    elif name == "unit" and value not in UNITS:
        problems.append(f"{path}: unknown unit {value!r}; one of {', '.join(UNITS)}")
    elif name == "category" and value not in CATEGORIES:
        problems.append(f"{path}: unknown category {value!r}")
    elif name == "source" and not is_url(value):
        problems.append(f"{path}: must be an https:// URL (printable ASCII; no spaces, quotes or <>)")
    elif name == "as_of" and not is_date(value):
        problems.append(f"{path}: must be a date YYYY-MM-DD")
    elif name == "quota_code" and not is_quota_code(value):
        problems.append(f"{path}: {value!r} is not a quota code ('L-' and 8 upper-case hex digits)")
    elif name == "quota_service" and not is_quota_service(value):
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
    if origin in (Union, types.UnionType, Literal, list):
        _check_generic(value, tp, origin, path, problems)
    elif isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__annotations__"):
        _check_object(value, tp, path, problems)
    elif not _is_scalar(value, tp):
        problems.append(f"{path}: expected {_type_name(tp)}, got {_json_type(value)}")


def _check_generic(value: object, tp: object, origin: object, path: str, problems: list[str]) -> None:
    """A union, a literal or a list."""
    if origin in (Union, types.UnionType):
        for option in typing.get_args(tp):
            sub: list[str] = []
            _check(value, option, path, sub)
            if not sub:
                return
        problems.append(f"{path}: expected {_type_name(tp)}, got {_json_type(value)}")
    elif origin is Literal:
        if value not in typing.get_args(tp):
            problems.append(f"{path}: expected {_type_name(tp)}, got {value!r}")
    elif not isinstance(value, list):
        problems.append(f"{path}: expected array, got {_json_type(value)}")
    else:
        (item_tp,) = typing.get_args(tp)
        for i, item in enumerate(value):
            _check(item, item_tp, f"{path}[{i}]", problems)


def _is_scalar(value: object, tp: object) -> bool:
    """Whether ``value`` is of the JSON scalar type ``tp`` (a bool is not a number)."""
    if tp is type(None):
        return value is None
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, tp)  # type: ignore[arg-type]


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


def check_shape(document: object, *, partial: bool = False, model: type | None = None) -> list[str]:
    """Type-check a decoded document against the schema (or ``model``); returns problems, [] if none."""
    problems: list[str] = []
    _check_object(document, model or (UserDocument if partial else Document), "$", problems)
    return problems
