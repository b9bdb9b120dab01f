"""What TAB offers from the knowledge base: services, limits, terms, subjects, quota codes,
exam ids, units; prefix matches first, then names and aliases, then what a typo resolves to.

``completion`` decides from the spec which of these a word needs (``values_for``); this
module reads only the cache sections that answer it, and an exact id before any names table.
"""

from __future__ import annotations

from awsref.spec_commands import COMMANDS

TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from typing import Any

    Found = list[Any]

    from awsref.kb import KnowledgeBase

# Units ``--in`` converts to, as people type them.
IN_UNITS = [
    ("seconds", "duration"),
    ("minutes", "duration"),
    ("hours", "duration"),
    ("days", "duration"),
    ("ms", "duration: milliseconds"),
    ("bytes", "size"),
    ("KiB", "size: 1,024 bytes"),
    ("MiB", "size: 1,048,576 bytes"),
    ("GiB", "size"),
    ("KB", "size (read as KiB, as AWS does)"),
    ("MB", "size (read as MiB, as AWS does)"),
    ("GB", "size (read as GiB, as AWS does)"),
    ("MB/s", "throughput"),
    ("KB/s", "throughput"),
    ("per second", "rate"),
    ("per minute", "rate"),
    ("per hour", "rate"),
]


def filter_items(items: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Items whose value starts with ``incomplete`` (case-insensitive)."""
    if not incomplete:
        return items
    low = incomplete.casefold()
    return [i for i in items if i[0].casefold().startswith(low)]


def _services(kb: KnowledgeBase, with_limits: bool = False) -> list[tuple[str, str]]:
    """(id, description) of every service; ``with_limits``: only those that have limits."""
    return [
        (sid, f"{name} — {full}")
        for sid, name, full, _, limits, *_ in kb.services
        if limits or not with_limits
    ]


def first_word(incomplete: str) -> list[tuple[str, str]]:
    """``awsref sq<TAB>``: the commands, and the services a bare query names (``awsref sqs``
    shows its card): commands first, then services by id, then by name or alias."""
    found = filter_items([(name, c.help) for name, c in COMMANDS.items()], incomplete)
    if not incomplete:
        return found
    from awsref.kb import open_kb

    kb = open_kb()
    return found + [s for s in _entries(kb, _services(kb), incomplete, ("service",)) if s[0] not in COMMANDS]


def _described(kb: KnowledgeBase, refs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(id, description) for service and term refs, without repeats."""
    out: dict[str, str] = {}
    for kind, ident in refs:
        if kind == "service":
            card = kb.service(ident)
            out.setdefault(ident, f"{card['name']} — {card['full_name']}" if card else ident)
        elif kind == "term":
            out.setdefault(ident, kb.label(ident))
    return list(out.items())


def _by_name(kb: KnowledgeBase, incomplete: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """Entries one of whose names starts with ``incomplete`` (ddb -> dynamodb, gsi -> its term)."""
    from awsref.text import normalize

    low = normalize(incomplete)
    if not low:
        return []
    names: dict[str, list[str]] = kb.section("names")
    refs = [(ref[0], ref[1]) for name, ref in names.items() if ref[0] in kinds and name.startswith(low)]
    return _described(kb, refs)


def _resolved(kb: KnowledgeBase, incomplete: str, kinds: tuple[str, ...], within: str | None = None) -> Found:
    """What lookup itself resolves ``incomplete`` to (a confident typo, a partial name)."""
    if len(incomplete) < 3:
        return []
    from awsref.resolve import resolve

    res = resolve(incomplete, kb.lexicon(), kinds, within=within)
    if res is None:
        return []
    return [(res.kind, res.ref), *(a for a in res.alternatives if a[0] in kinds)]


def _entries(kb: KnowledgeBase, ids: list[tuple[str, str]], incomplete: str, kinds: tuple[str, ...]) -> Found:
    """One candidate list for every shell, agreeing with lookup: ids by prefix first, then
    the ids whose names or aliases have the prefix, then what a typo resolves to."""
    found = (
        filter_items(ids, incomplete)
        or _by_name(kb, incomplete, kinds)
        or _described(kb, _resolved(kb, incomplete, kinds))
    )
    return _exact_first(kb, incomplete, kinds, found)


def _exact_first(kb: KnowledgeBase, incomplete: str, kinds: tuple[str, ...], found: Found) -> Found:
    """What the typed word names exactly ("origin" is CloudFront's origin) leads the list."""
    from awsref.text import key

    if not incomplete:
        return found
    exact = [item for item in found if item[0] == incomplete]
    if exact:  # the typed word is an id: it leads, and no names table is read
        return exact + [item for item in found if item[0] != incomplete]
    hit = kb.name(key(incomplete))
    if not hit or hit[0] not in kinds:
        return found
    first = _described(kb, [(hit[0], hit[1])])
    return first + [item for item in found if item[0] != hit[1]]


def _quota_codes(kb: KnowledgeBase, positional: list[str], incomplete: str) -> list[tuple[str, str]]:
    """Quota codes starting with ``incomplete`` (any case), of the service named first if one is."""
    service = _service_named(kb, positional[0]) if positional else None
    within = f"{service['id']}/" if service else ""
    prefix = incomplete.upper()
    codes = kb.section("quota-codes") or {}
    return [
        (code, label)
        for code, (ref, label) in sorted(codes.items())
        if code.startswith(prefix) and ref.startswith(within)
    ]


def _exam_ids(incomplete: str) -> list[tuple[str, str]]:
    """The exam outline's domain and task ids (D2, D2.T1) with their titles."""
    from awsref.kb import open_kb

    exam = open_kb().section("exam") or {"domains": []}
    ids = [(d["id"], d["title"]) for d in exam["domains"]]
    ids += [(t["id"], t["title"]) for d in exam["domains"] for t in d["tasks"]]
    return [(i, title) for i, title in ids if i.lower().startswith(incomplete.lower())]


def _limits(kb: KnowledgeBase, positional: list[str], incomplete: str) -> list[tuple[str, str]]:
    """``limit``: a service with limits, then its limits (ids, then what a typo resolves to);
    ``L-`` a quota code."""
    if incomplete[:2].upper() == "L-":
        return _quota_codes(kb, positional, incomplete)
    if not positional:
        with_limits = _services(kb, with_limits=True)
        allowed = {sid for sid, _ in with_limits}
        return [c for c in _entries(kb, with_limits, incomplete, ("service",)) if c[0] in allowed]
    service = _service_named(kb, positional[0])
    if service is None:
        return []
    items = [(lim["id"], f"{lim['name']}: {lim['display']}") for lim in service["limits"]]
    found = filter_items(items, incomplete)
    if found or not incomplete:
        return found
    mine = {lim["id"]: desc for lim, (_, desc) in zip(service["limits"], items, strict=True)}
    refs = _resolved(kb, incomplete, ("limit",), within=f"{service['id']}/")
    return [(r.partition("/")[2], mine.get(r.partition("/")[2], "")) for _, r in refs]


def _service_named(kb: KnowledgeBase, word: str) -> dict[str, Any] | None:
    """The service card ``word`` names: its exact id first, only then the names table."""
    service = kb.service(word)
    if service is not None:
        return service
    from awsref.text import key

    hit = kb.name(key(word))
    return kb.service(hit[1]) if hit and hit[0] == "service" else None


def _terms(kb: KnowledgeBase, incomplete: str) -> list[tuple[str, str]]:
    """``define``: terms by id prefix from their bucket, else every term and what a typo names."""
    if len(incomplete) >= 2:
        from awsref.buckets import prefix_bucket

        bucket = kb.section(f"terms-by-prefix/{prefix_bucket(incomplete)}") or []
        hits = [(tid, label) for tid, label in bucket if tid.casefold().startswith(incomplete.casefold())]
        if hits:
            return _exact_first(kb, incomplete, ("term", "service"), hits)
    terms = [(tid, label) for tid, label, *_ in kb.terms]
    return _entries(kb, terms, incomplete, ("term", "service"))


def _subjects(kb: KnowledgeBase, positional: list[str], incomplete: str) -> list[tuple[str, str]]:
    """``compare``: the curated partners of the last subject first, then the services, then
    the terms whose names start as typed. Read from that subject's comparisons and one
    prefix bucket: what TAB reads does not grow with the number of comparisons."""
    partners: list[str] = []
    if positional:
        partners = kb.partners(positional[-1])
        if not partners:  # a name or alias rather than an id ("elasticache redis")
            from awsref.text import key

            hit = kb.name(key(positional[-1]))
            partners = kb.partners(hit[1]) if hit else []
    items = [(ref, kb.label(ref)) for ref in partners] + _services(kb)
    if incomplete:
        from awsref.text import normalize

        prefix = normalize(incomplete).replace(" ", "")
        terms = [ref[1] for _, ref in kb.names_starting(prefix) if ref[0] == "term"] if prefix else []
        items += [(tid, kb.label(tid)) for tid in dict.fromkeys(terms)]
    unique: dict[str, str] = {}
    for ref, description in items:
        unique.setdefault(ref, description)
    found = [(r, d) for r, d in unique.items() if r not in positional]
    return filter_items(found, incomplete) or _entries(kb, [], incomplete, ("service", "term"))


def _checkable(kb: KnowledgeBase, incomplete: str) -> list[tuple[str, str]]:
    """``usage``: only the services it can check, those with quota codes."""
    coded = {ref.partition("/")[0] for ref, _ in (kb.section("quota-codes") or {}).values()}
    checkable = [item for item in _services(kb) if item[0] in coded]
    return [item for item in _entries(kb, checkable, incomplete, ("service",)) if item[0] in coded]


def values_for(source: str | None, positional: list[str], incomplete: str) -> list[tuple[str, str]]:
    """Candidates for a positional word or an option value whose spec says ``values=source``."""
    if source == "exam":
        return _exam_ids(incomplete)
    if source == "units":
        return filter_items(IN_UNITS, incomplete)
    if source not in ("service", "services", "quota-services", "limit", "terms", "subjects"):
        return []
    from awsref.kb import open_kb

    kb = open_kb()
    if source == "limit":
        return _limits(kb, positional, incomplete)
    if source == "terms":
        return _terms(kb, incomplete)
    if source == "subjects":
        return _subjects(kb, positional, incomplete)
    if source == "quota-services":
        return _checkable(kb, incomplete)
    return _entries(kb, _services(kb), incomplete, ("service",))
