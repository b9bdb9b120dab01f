"""The lookups: arguments in, an ``Answer`` out. Pure: no printing, no argv.

Every path into awsref (the Typer app and the fast path of ``entry``) calls these same
functions, so output can never depend on the path a command took. Each command looks
at every kind of entry (a user does not know whether awsref files a thing as a service,
a term, a limit or a comparison) and answers in its own shape, saying what it did.
"""

from __future__ import annotations

from awsref.answer import QUALITIES, Answer
from awsref.errors import NotFound, UsageError
from awsref.kb import KnowledgeBase
from awsref.resolve import Resolution, resolve, suggest
from awsref.spec import CARD_SECTIONS, DOMAINS, LIST_KINDS
from awsref.text import FILLER, QUESTION_VERBS, is_quota_code, key, normalize, printable, root, stem, tokens

ASK_COMMANDS = {"service": "show", "term": "define", "limit": "limit", "comparison": "compare"}
TYPE_CHECKING = False  # typing costs start-up time: only the type checker reads it
if TYPE_CHECKING:
    from awsref.answer import Quality

SEPARATORS = frozenset({"vs", "versus", "v", "&", "and", "or", "with"})


def _worst(*qualities: Quality) -> Quality:
    """The least sure of several match qualities (exact < fuzzy < ambiguous)."""
    return max(qualities, key=QUALITIES.index)


def _query(words: list[str]) -> str:
    text = " ".join(w.strip() for w in words).strip()
    if not text:
        raise UsageError("the query is empty")
    return text


def _meaningful(text: str) -> bool:
    return any(w not in FILLER for w in normalize(text).split())


# ---- references to entries ("also", "did you mean") ----------------------------------


def _ref(kb: KnowledgeBase, kind: str, ref: str) -> dict:
    """A pointer to an entry: its label, the command that shows it, and (limits) its value."""
    if kind == "service":
        return {"kind": kind, "id": ref, "label": kb.label(ref), "command": f"awsref show {ref}"}
    if kind == "term":
        return {"kind": kind, "id": ref, "label": kb.label(ref), "command": f"awsref define {ref}"}
    if kind == "comparison":
        comp = kb.comparison(ref) or {"title": ref, "subjects": [ref]}
        return {"kind": kind, "id": ref, "label": comp["title"], "command": _compare_command(comp)}
    sid, _, lid = ref.partition("/")
    service = kb.service(sid)
    lim = next((x for x in service["limits"] if x["id"] == lid), None) if service else None
    label = f"{kb.label(sid)} {lim['name'] if lim else lid}"
    out = {"kind": "limit", "id": ref, "label": label, "command": f"awsref limit {sid} {lid}"}
    if lim:
        out["detail"] = lim["display"]
    return out


def _hint(r: dict) -> str:
    detail = f": {r['detail']}" if r.get("detail") else ""
    return f"{r['label']}{detail} ({r['command']})"


def _not_found(kb: KnowledgeBase, message: str, refs: list[dict], query: str) -> NotFound:
    """A miss, with its suggestions and ``awsref search`` to try next when search finds something."""
    from awsref.search import search as run_search

    try_next = f"awsref search {query}" if run_search(kb, query, 1) else ""
    return NotFound(message, hints=[_hint(r) for r in refs], try_next=try_next)


def _suggestions(kb: KnowledgeBase, text: str, kinds: tuple[str, ...], count: int = 3) -> list[dict]:
    return [_ref(kb, k, r) for k, r in suggest(text, kb.lexicon(), kinds, count)]


def _resolve(
    kb: KnowledgeBase, text: str, kinds: tuple[str, ...], **options: bool | str
) -> Resolution | None:
    """``resolve.resolve``, honest: a word the entry's names lack must be in its own text or
    its service's card (the service is the question's context).

    "limit sqs max subscribers per queue" names the queue-name length but for
    "subscribers", which nothing about SQS mentions: unknown, not an answer with the word
    dropped. "lambda how many layers can I attach" keeps the layers limit: Lambda's card
    speaks of attaching.
    """
    res = resolve(text, kb.lexicon(), kinds, **options)  # type: ignore[arg-type]
    if res is not None and res.kind in ("service", "term") and not _named_whole(kb, res, text):
        return None  # "amazon connect" is not ECS Service Connect
    if res is None or not res.ignored:
        return res
    from awsref.search import widespread

    have = {root(w) for w in tokens(_entry_text(kb, res.kind, res.ref))}
    card: set[str] = set()
    for sid in _services_of(kb, res.kind, res.ref):  # the words its service's card uses
        card.update(root(w) for w in tokens(_card_text(kb, sid)))
    synonyms = kb.lexicon().synonyms
    for word in res.ignored:  # a word, or one of the meanings the synonym table gives it
        if normalize(word) in QUESTION_VERBS:
            continue
        means = [word, *synonyms.get(" ".join(normalize(word).split()), [])]
        if any(all(_mentions(have, root(w)) for w in tokens(m)) for m in means):
            continue
        # The card's word, when it is of the domain's everyday language ("attach", "trace"),
        # not a subject of its own ("joins": DynamoDB's card says it has none).
        if not all(root(w) in card and widespread(kb, w) for w in tokens(word)):
            return None
    return res


def _named_whole(kb: KnowledgeBase, res: Resolution, text: str) -> bool:
    """A product named with "aws" or "amazon" must be one of the entry's names whole, its
    filler words too ("amazon connect" does not name "Service Connect")."""
    typed = normalize(text).split()
    if not any(w in ("aws", "amazon") for w in typed):
        return True
    entry = kb.service(res.ref) if res.kind == "service" else kb.term(res.ref)
    if entry is None:
        return True
    names = [
        res.ref,
        entry.get("name", ""),
        entry.get("full_name", ""),
        entry.get("term", ""),
        *entry["aliases"],
    ]
    words = set(tokens(text))
    return any(n and set(tokens(n)) <= words for n in names)


def _services_of(kb: KnowledgeBase, kind: str, ref: str) -> list[str]:
    if kind == "limit":
        return [ref.partition("/")[0]]
    if kind == "service":
        return [ref]
    entry = kb.term(ref) if kind == "term" else kb.comparison(ref)
    return list((entry or {}).get("services", []))


def _card_text(kb: KnowledgeBase, sid: str) -> str:
    """What a service's card says: summary, facts and its limits' names."""
    card = kb.service(sid) or {}
    facts = [f"{f['topic']} {f['text']}" for f in card.get("facts", [])]
    limits = [f"{lim['name']} {lim['scope']}" for lim in card.get("limits", [])]
    return " ".join([card.get("summary", ""), *facts, *limits])


def _mentions(have: set[str], word: str) -> bool:
    """Whether the entry's words contain ``word``, or one it begins (pol: polling, store: storage).
    A bare number ("in one template") is part of the question, not of a name."""
    return word.isdigit() or word in have or (len(word) >= 3 and any(h.startswith(word) for h in have))


# What a limit's unit lets a question call it ("how long", "what size", "how many").
UNIT_WORDS = {
    "seconds": "time duration long wait period",
    "bytes": "size big large space payload data",
    "count": "number many count",
    "characters": "length long size characters",
    "requests-per-second": "rate throughput requests",
    "operations-per-second": "rate throughput operations",
    "bytes-per-second": "rate throughput bandwidth",
}


def _entry_text(kb: KnowledgeBase, kind: str, ref: str) -> str:
    """Everything an entry says of itself: names, aliases, values, definition, rows."""
    if kind == "limit":
        sid, _, lid = ref.partition("/")
        service = kb.service(sid)
        lim = next((x for x in service["limits"] if x["id"] == lid), None) if service else None
        if service is None or lim is None:
            return ""
        fields = [
            service["name"],
            service["full_name"],
            lim["name"],
            *lim["aliases"],
            lim["display"],
            lim["scope"],
        ]
        fields.append(UNIT_WORDS.get(lim["unit"], ""))
        return " ".join([*fields, lim.get("change") or "", *lim.get("questions", [])])
    if kind == "term":
        t = kb.term(ref) or {}
        return " ".join(
            [t.get("term", ""), *t.get("aliases", []), t.get("definition", ""), *t.get("questions", [])]
        )
    if kind == "comparison":
        c = kb.comparison(ref) or {}
        rows = [f"{r['aspect']} {' '.join(r['values'])}" for r in c.get("rows", [])]
        return " ".join([c.get("title", ""), *c.get("aliases", []), *rows, c.get("choose", "")])
    s = kb.service(ref) or {}
    return " ".join([s.get("name", ""), s.get("full_name", ""), *s.get("aliases", []), s.get("summary", "")])


# ---- building answers ------------------------------------------------------------------


def limit_data(service: dict, limit: dict) -> dict:
    """A limit as printed: its own fields plus the service it belongs to, and the other
    half of its pair (``partners``: zipped and unzipped, rate and burst) as they read."""
    data = {"service": service["id"], "service_name": service["name"], **limit}
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


def _find_limit(service: dict, lid: str) -> dict:
    return next(lim for lim in service["limits"] if lim["id"] == lid)


def _service_data(kb: KnowledgeBase, service: dict) -> dict:
    data = dict(service)
    data["limits"] = [limit_data(service, lim) for lim in service["limits"]]
    data["terms"] = [{"id": t, "term": kb.label(t)} for t in service["terms"]]
    data["comparisons"] = [
        {"id": c, "title": comp["title"], "command": _compare_command(comp)}
        for c in service["comparisons"]
        if (comp := kb.comparison(c))
    ]
    return data


def _term_data(kb: KnowledgeBase, term: dict) -> dict:
    data = dict(term)
    data["service_names"] = [kb.label(s) for s in term["services"]]
    data["see_also_labels"] = [kb.label(t) for t in term["see_also"]]
    return data


def _service_as_term(kb: KnowledgeBase, service: dict) -> dict:
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


def _curated_data(kb: KnowledgeBase, cid: str) -> dict:
    comp = kb.comparison(cid)
    assert comp is not None
    data = dict(comp)
    data["curated"] = True
    data["subject_labels"] = [kb.label(s) for s in comp["subjects"]]
    return data


def _compare_command(comp: dict) -> str:
    return "awsref compare " + " ".join(comp["subjects"])


def _answer(kb: KnowledgeBase, command: str, query: str, res: Resolution, notes: list[str]) -> Answer:
    """The answer for a resolved entry, in the shape of ``command`` where kinds differ."""
    also = [_ref(kb, k, r) for k, r in res.alternatives]
    notes = [*notes, *res.notes]
    if res.kind == "limit":
        sid, _, lid = res.ref.partition("/")
        service = kb.service(sid)
        assert service is not None
        data = limit_data(service, _find_limit(service, lid))
        return Answer(command, query, "limit", data, res.quality, also, notes)
    if res.kind == "comparison":
        return Answer(command, query, "comparison", _curated_data(kb, res.ref), res.quality, also, notes)
    if res.kind == "term":
        term = kb.term(res.ref)
        assert term is not None
        if command == "show":
            notes.insert(0, f"no service card for {printable(query)!r}: its glossary entry")
        return Answer(command, query, "term", _term_data(kb, term), res.quality, also, notes)
    service = kb.service(res.ref)
    assert service is not None
    if command == "define":
        notes.insert(
            0,
            f"{service['name']} is a service, not a glossary term: its summary "
            f"(the whole card: awsref show {service['id']})",
        )
        return Answer(command, query, "term", _service_as_term(kb, service), res.quality, also, notes)
    return Answer(command, query, "service", _service_data(kb, service), res.quality, also, notes)


def _exact_entity(kb: KnowledgeBase, text: str) -> Resolution | None:
    """A service or term named exactly (id, name or alias, spaces optional)."""
    k = key(text)
    hit = kb.name(k) or kb.name(k.replace(" ", ""))
    if hit:
        return Resolution(hit[0], hit[1], "exact", 2.0, [], [])
    cid = kb.section("comparison-names").get(k)
    if cid:
        return Resolution("comparison", cid, "exact", 2.0, [], [])
    return None


def _resolve_any(kb: KnowledgeBase, text: str, kinds: tuple[str, ...]) -> Resolution | None:
    exact = _exact_entity(kb, text)
    if exact is not None and exact.kind in kinds:
        return exact
    return _resolve(kb, text, kinds, short_ok=True)


# ---- the commands ----------------------------------------------------------------------


def define(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref define TERM...``: a glossary entry (or whatever else the words name)."""
    return _entry_lookup(kb, "define", words, ("term", "service", "comparison", "limit"), "term")


def show(kb: KnowledgeBase, words: list[str], section: str | None = None) -> Answer:
    """``awsref show SERVICE [--section S]``: the service card, or one part of it.

    Words that name another kind of entry get that entry, and say so.
    """
    answer = _entry_lookup(kb, "show", words, ("service", "term", "comparison", "limit"), "service")
    if section is not None and answer.kind == "service":
        if section not in CARD_SECTIONS:
            raise UsageError(f"unknown section {printable(section)!r}; one of {', '.join(CARD_SECTIONS)}")
        d = answer.data
        keep = ("id", "name", "full_name", "category", "domains", "origin")
        answer.data = {k: d[k] for k in keep if k in d} | {"section": section, section: d[section]}
    return answer


def _entry_lookup(
    kb: KnowledgeBase, command: str, words: list[str], kinds: tuple[str, ...], what: str
) -> Answer:
    query = _query(words)
    res = _resolve_any(kb, query, kinds)
    if res is None and command == "define":
        facts = _facts_naming(kb, query)
        if facts is not None:  # "define edge-optimized endpoint": no entry, but facts say what it is
            facts.notes = [f"no entry is named {printable(query)!r}; facts that name it (not a {what})"]
            return facts
    if res is None:
        refs = _suggestions(kb, query, kinds)
        raise _not_found(kb, f"no {what} or other entry matches {printable(query)!r}", refs, query)
    return _answer(kb, command, query, res, [])


def ask(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref QUERY...``: answer as the best command would (card, limit, term, comparison, search)."""
    query = _query(words)
    lowered = [w.casefold() for w in words]
    if any(w in ("vs", "versus") for w in lowered):
        return compare(kb, words)
    if any(is_quota_code(w.upper()) for w in words):  # "awsref L-B99A9384": that limit
        return limit(kb, words)
    if "between" in lowered[1:-1] and {"difference", "differences"} & set(lowered):
        # "difference between sqs and sns", "what's the difference between X and Y"
        return compare(kb, words[lowered.index("between") + 1 :])
    if "or" in lowered[1:-1]:
        try:  # "sqs or sns", "user pool or identity pool": a choice between two entries
            return compare(kb, words)
        except (NotFound, UsageError):
            pass
    res = _exact_entity(kb, query) or _resolve(
        kb, query, ("service", "term", "limit", "comparison"), short_ok=True
    )
    if (res is None or res.kind in ("service", "term")) and _asks_for_a_number(kb, query, res):
        # "max lambda layers", "how many gsi per table": the limit, not the glossary entry.
        number = _resolve(kb, query, ("limit",), short_ok=True)
        if number is not None and number.quality != "ambiguous":
            res = number
    meant = _command_typo(kb, words[0])
    if res is not None:
        notes = (
            [f"{printable(words[0])!r} is not a command (did you mean {meant}?); read as a query"]
            if meant
            else []
        )
        return _answer(kb, ASK_COMMANDS[res.kind], query, res, notes)
    if meant:
        rest = " ".join(words[1:])
        raise UsageError(
            f"unknown command {printable(words[0])!r}; did you mean: awsref {meant} {printable(rest)}"
        )
    from awsref.search import search as run_search

    hits = run_search(kb, query, 10, require_all=True, fuzzy=False)
    if not hits:
        refs = _suggestions(kb, query, ("service", "term"))
        raise _not_found(kb, f"awsref knows nothing named {printable(query)!r}", refs, query)
    notes = [f"no entry is named {printable(query)!r}: entries that contain every word"]
    return Answer("search", query, "hits", {"hits": hits}, "fuzzy", notes=notes)


# Words that ask for a number: a bare query with one of them wants a limit's value.
QUANTITY = frozenset(
    "max maximum min minimum default limit limits quota quotas largest biggest longest "
    "smallest shortest most least".split()
)
HOW = frozenset("many long big much large".split())


def _asks_for_a_number(kb: KnowledgeBase, query: str, res: Resolution | None) -> bool:
    """Whether the query asks how much, how many or how long ("lambda layers max", "how many
    gsi per table") about at least two words of its own. Not when the quantity word is part
    of the name matched ("max receive count") or names one thing only ("default vpc")."""
    from itertools import pairwise  # built in: costs nothing

    words = normalize(query).split()
    asks = any(w in QUANTITY for w in words) or any(a == "how" and b in HOW for a, b in pairwise(words))
    if not asks or len([w for w in words if w not in FILLER]) < 2:
        return False
    if res is None:
        return True
    entry = kb.term(res.ref) if res.kind == "term" else kb.service(res.ref)
    names = [entry.get("term") or entry.get("name") or "", *entry.get("aliases", [])] if entry else []
    asked = {w for w in words if w in QUANTITY} | {"maximum" for w in words if w == "max"}
    return not any(w in asked for n in names for w in normalize(n).split())


def _command_typo(kb: KnowledgeBase, word: str) -> str | None:
    """The command ``word`` is one slip from ("limt", "defien"), unless the word is awsref's own."""
    from awsref.resolve import correct
    from awsref.spec import COMMANDS

    w = normalize(word)
    if len(w) < 4 or w in COMMANDS or kb.lexicon().known(stem(w)):
        return None
    return correct(w, sorted(COMMANDS), short_ok=True)


def limit(kb: KnowledgeBase, words: list[str]) -> Answer:
    """``awsref limit SERVICE [WORDS...]``: one limit, or a service's limits table."""
    query = _query(words)
    parts = query.split()
    by_code = _limit_by_code(kb, query, parts)
    if by_code is not None:
        return by_code
    split = _split_service(kb, parts)
    if split is None:
        first = normalize(parts[0])
        if first and first not in FILLER and not kb.lexicon().known(stem(first.replace(" ", ""))):
            # "limit azure blob size": the service's place holds a name awsref does not know.
            refs = _near_services(kb, first) + _suggestions(kb, " ".join(parts[1:]) or query, ("limit",), 2)
            raise _not_found(kb, f"no service named {printable(parts[0])!r}", refs, query)
        return _limit_anywhere(kb, query)
    sid, quality, rest, notes = split
    service = kb.service(sid)
    assert service is not None
    text = " ".join(rest)
    if not service["limits"] and not _meaningful(text):
        # An empty table would look like an answer: say there is none, and where to look.
        raise NotFound(
            f"the knowledge base has no {service['name']} limits",
            hints=[f"{service['name']}'s card, with its facts (awsref show {sid})"],
        )
    if not _meaningful(text):
        data = {
            "service": sid,
            "service_name": service["name"],
            "limits": [limit_data(service, lim) for lim in service["limits"]],
        }
        return Answer("limit", query, "limits", data, quality, notes=notes)
    k = key(text)
    for lim in service["limits"]:
        if any(key(n) == k for n in (lim["id"], lim["name"], *lim["aliases"])):
            return Answer("limit", query, "limit", limit_data(service, lim), quality, notes=notes)
    res = _resolve(kb, text, ("limit",), within=f"{sid}/")
    if res is None:
        # A question about this service's limits may carry words awsref knows from other
        # names ("s3 largest object i can store"): the limit must still account
        # for them in its own text ("sqs number of vcpus" has no such limit: not found).
        res = _resolve(kb, text, ("limit",), within=f"{sid}/", lenient=True)
        verbs_only = res is not None and all(normalize(w) in QUESTION_VERBS for w in res.ignored)
        elsewhere = _resolve(kb, text, ("limit",)) if res is not None and not verbs_only else None
        if elsewhere is not None and not elsewhere.ref.startswith(f"{sid}/"):
            res = None  # the ignored word names another service's limit ("dynamodb message retention")
    if res is not None:
        answer = _answer(kb, "limit", query, res, notes)
        answer.match = _worst(answer.match, quality)
        return answer
    facts = _facts_about(kb, sid, text)
    if facts is not None:
        facts.notes = [
            f"no {service['name']} limit matches {printable(text)!r}; facts from its card (not limits)",
            *notes,
        ]
        return facts
    mine = _nearest_limits(kb, service, text)
    others = []
    other = _resolve(kb, text, ("limit",))
    if other is not None:
        others = [_ref(kb, "limit", other.ref)] + [_ref(kb, k, r) for k, r in other.alternatives[:1]]
    raise _not_found(
        kb, f"no {service['name']} limit matches {printable(text)!r}", (others + mine)[:4], f"{sid} {text}"
    )


def _limit_by_code(kb: KnowledgeBase, query: str, parts: list[str]) -> Answer | None:
    """The limit a Service Quotas code names (``L-B99A9384``), wherever it stands in the words.

    A code is a name of exactly one limit: the other words may name its service, and
    nothing else is matched. A code no limit has, or a service that is not the code's, is
    "not found" rather than the nearest limit. None when no word is shaped like a code.
    """
    codes = [p.upper() for p in parts if is_quota_code(p.upper())]
    if not codes:
        return None
    code = codes[0]
    found = (kb.section("quota-codes") or {}).get(code)
    if found is None:
        raise _not_found(kb, f"no limit in awsref has the quota code {code}", [], query)
    ref = found[0]
    sid, _, lid = ref.partition("/")
    service = kb.service(sid)
    assert service is not None
    rest = [p for p in parts if p.upper() != code]
    split = _split_service(kb, rest) if rest else None
    if split is not None and split[0] != sid:
        name = _find_limit(service, lid)["name"]
        message = f"{code} is the quota code of {service['name']} {name}, not a limit of {kb.label(split[0])}"
        raise _not_found(kb, message, [_ref(kb, "limit", ref)], query)
    notes = split[3] if split is not None else []
    return Answer("limit", query, "limit", limit_data(service, _find_limit(service, lid)), notes=notes)


def _nearest_limits(kb: KnowledgeBase, service: dict, text: str, count: int = 3) -> list[dict]:
    """The service's limits whose names look most like ``text``: a "did you mean", never an answer."""
    from rapidfuzz import fuzz, process

    names = [f"{lim['id']} {lim['name']}" for lim in service["limits"]]
    found = process.extract(normalize(text), names, scorer=fuzz.WRatio, limit=count)
    return [_ref(kb, "limit", f"{service['id']}/{service['limits'][i]['id']}") for _, _, i in found]


def _near_services(kb: KnowledgeBase, word: str) -> list[dict]:
    """Services whose one-word name is one edit from ``word`` ("sqz": SQS), for "did you mean"."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    keys = kb.lexicon().service_keys()
    found = process.extract(word.replace(" ", ""), keys, scorer=OSA.distance, score_cutoff=1, limit=3)
    refs: list[dict] = []
    for key_, _, _ in found:
        hit = kb.name(key_)
        if hit and hit[0] == "service" and all(r["id"] != hit[1] for r in refs):
            refs.append(_ref(kb, "service", hit[1]))
    return refs


def _split_service(kb: KnowledgeBase, parts: list[str]) -> tuple[str, Quality, list[str], list[str]] | None:
    """(service id, quality, remaining words, notes) when the query starts with a service.

    The longest leading run of words that names a service exactly wins ("simple queue
    service message size"); failing that, a leading word that is a confident typo of a
    service's name ("dynamdb", "lamda", "sqz"). Never a partial or loose match: "message
    size" must not be read as SQS just because SQS is a message queue.
    """
    for n in range(min(len(parts), 4), 0, -1):
        k = key(" ".join(parts[:n]))
        if n > 1 and k == key(" ".join(parts[: n - 1])):
            continue  # the run's last word adds nothing ("sqs how"): leave it to the limit
        hit = kb.name(k) or (kb.name(k.replace(" ", "")) if " " in k else None)
        if hit and hit[0] == "service":
            return hit[1], "exact", parts[n:], []
    from awsref.resolve import correct

    lex = kb.lexicon()
    first = normalize(parts[0])
    if first and first not in FILLER and not lex.known(first):
        fixed = correct(first.replace(" ", ""), lex.service_keys(), short_ok=True)
        if fixed:
            hit = kb.name(fixed)
            if hit and hit[0] == "service":
                note = f"{printable(parts[0])!r} read as {kb.label(hit[1])}"
                return hit[1], "fuzzy", parts[1:], [note]
    return None


def _limit_anywhere(kb: KnowledgeBase, query: str) -> Answer:
    res = _resolve(kb, query, ("limit",))
    if res is None:
        refs = _suggestions(kb, query.split()[0], ("service",), 2) + _suggestions(kb, query, ("limit",), 2)
        raise _not_found(kb, f"no service or limit matches {printable(query)!r}", refs, query)
    first = query.split()[0]
    notes = []
    if _meaningful(first) and normalize(first) not in FILLER:
        notes.append(
            f"{printable(first)!r} is not a service awsref knows; matched the limits of every service"
        )
    return _answer(kb, "limit", query, res, notes)


def _facts_about(kb: KnowledgeBase, sid: str, text: str) -> Answer | None:
    """Facts of one service that contain every meaningful word of ``text``."""
    from awsref.search import search as run_search

    hits = [h for h in run_search(kb, text, 10, service=sid, require_all=True) if h["kind"] == "fact"][:5]
    if not hits:
        return None
    return Answer("limit", text, "hits", {"hits": hits}, "fuzzy")


def _facts_naming(kb: KnowledgeBase, text: str) -> Answer | None:
    """Facts that name ``text``, a phrase of two words or more, word for word in a row
    ("edge-optimized endpoint"): what awsref knows of a thing without an entry of its own."""
    from awsref.search import search as run_search

    words = [w for w in tokens(text) if w not in FILLER]
    lex = kb.lexicon()
    # Mostly words awsref's own names use: a part of something it knows, not another product.
    if len(words) < 2 or 2 * sum(lex.known(stem(w)) for w in words) < len(words):
        return None
    phrase = [root(w) for w in words]
    hits = []
    for h in run_search(kb, text, 10, require_all=True):
        said = [root(w) for w in tokens(h["snippet"])]
        if h["kind"] == "fact" and _in_order(phrase, said, len(phrase) + 1):
            hits.append(h)
    return Answer("define", text, "hits", {"hits": hits[:5]}, "fuzzy") if hits else None


def _in_order(phrase: list[str], words: list[str], window: int) -> bool:
    """Whether ``phrase`` occurs in ``words`` in its order, within ``window`` words."""
    for i, w in enumerate(words):
        if w == phrase[0]:
            rest = iter(words[i + 1 : i + window])
            if all(p in rest for p in phrase[1:]):
                return True
    return False


# ---- compare ---------------------------------------------------------------------------


def compare(kb: KnowledgeBase, subjects: list[str]) -> Answer:
    """``awsref compare A B [C...]``: a curated comparison, else the entries side by side.

    Subjects may be several words without quotes (``user pool identity pool``), separated
    by ``vs``, ``versus``, ``and`` or commas, or be the ids ``list comparisons`` prints.
    Each resolves to an entry first; one that does not is an error naming it.
    """
    cleaned = [s.strip() for s in subjects if s.strip()]
    if not cleaned:
        raise UsageError("compare needs at least two subjects")
    query = " ".join(cleaned)
    whole = _exact_entity(kb, query)
    if whole is not None and whole.kind == "comparison":
        return Answer("compare", query, "comparison", _curated_data(kb, whole.ref), "exact")
    # The words may name a curated comparison whatever their subjects do ("standard vs
    # express", "compare query scan"): used when the subjects alone do not answer.
    whole_comparison = _resolve(kb, query, ("comparison",), short_ok=True)
    if whole_comparison is not None and whole_comparison.quality == "ambiguous":
        whole_comparison = None
    phrases = _subject_phrases(kb, cleaned)
    if len(phrases) < 2:
        if whole_comparison is not None:
            return _answer(kb, "compare", query, whole_comparison, [])
        raise UsageError(f"compare needs at least two subjects; {printable(query)!r} names one or none")
    resolved: list[Resolution] = []
    for phrase in phrases:
        res = _resolve_any(kb, phrase, ("service", "term"))
        if (res is None or res.quality == "ambiguous") and whole_comparison is not None:
            return _answer(kb, "compare", query, whole_comparison, [])
        if res is None or res.quality == "ambiguous":
            sides = _sub_entities(kb, [w for arg in cleaned for w in arg.split()])
            if sides is not None:
                return _sides_answer(kb, query, sides)
            refs = [_ref(kb, k, r) for k, r in (res.alternatives if res else [])]
            if res is not None:
                refs.insert(0, _ref(kb, res.kind, res.ref))
            refs = refs or _suggestions(kb, phrase, ("service", "term"))
            what = "is ambiguous" if res else "matches no service or term"
            raise _not_found(kb, f"compare: {printable(phrase)!r} {what}", refs, phrase)
        resolved.append(res)
    _split_shared_names(kb, phrases, resolved)
    _drop_context_services(kb, phrases, resolved)
    entities: list[tuple[str, str]] = []
    quality: Quality = "exact"
    notes: list[str] = []
    for phrase, res in zip(phrases, resolved, strict=True):
        quality = _worst(quality, res.quality)
        notes.extend(res.notes)
        if (res.kind, res.ref) in entities:
            raise UsageError(
                f"compare needs different subjects; {kb.label(res.ref)} is given twice "
                f"({printable(phrase)!r})"
            )
        entities.append((res.kind, res.ref))
    cid = _curated_for(kb, [ref for _, ref in entities])
    if cid is not None:
        return Answer("compare", query, "comparison", _curated_data(kb, cid), quality, notes=notes)
    if whole_comparison is not None:
        return _answer(kb, "compare", query, whole_comparison, [])
    return _side_by_side(kb, query, entities, quality, notes)


def _drop_context_services(kb: KnowledgeBase, phrases: list[str], resolved: list[Resolution]) -> None:
    """A service named beside its own sub-entities is their context, not a subject:
    "sqs standard queue sqs fifo queue" compares the two queue types."""
    owners: set[str] = set()
    for r in resolved:
        if r.kind == "term":
            owners.update((kb.term(r.ref) or {}).get("services", []))
    keep = [i for i, r in enumerate(resolved) if not (r.kind == "service" and r.ref in owners)]
    if len(keep) >= 2 and len(keep) < len(resolved):
        phrases[:] = [phrases[i] for i in keep]
        resolved[:] = [resolved[i] for i in keep]


Side = tuple[str, str, str, str]  # (label, what it is, what it says, command)


def _side_of(kb: KnowledgeBase, phrase: str, service: str | None) -> tuple[int, set[str], Side] | None:
    """What one side of a comparison names: a service or term (2), or else the one fact
    of the service in context that has every word of it (1); and the services it is of."""
    from awsref.search import search as run_search

    res = _resolve_any(kb, f"{kb.label(service)} {phrase}" if service else phrase, ("service", "term"))
    if res is not None and res.quality != "ambiguous" and not res.ignored and res.ref != service:
        if res.kind == "service":
            card = kb.service(res.ref) or {}
            side = (kb.label(res.ref), "service", card.get("summary", ""), f"awsref show {res.ref}")
            return 2, {res.ref}, side
        t = kb.term(res.ref) or {}
        what = "term: " + ", ".join(kb.label(x) for x in t.get("services", []))
        side = (t.get("term", res.ref), what, t.get("definition", ""), f"awsref define {res.ref}")
        return 2, set(t.get("services", [])), side
    if not _meaningful(phrase):
        return None
    hits = [h for h in run_search(kb, phrase, 5, service=service, require_all=True) if h["kind"] == "fact"]
    if not hits:
        return None
    h = hits[0]
    return 1, {h["ref"]}, (printable(phrase), f"fact: {h['title']}", h["snippet"], h["command"])


def _sub_entities(kb: KnowledgeBase, words: list[str]) -> list[Side] | None:
    """Two parts of one thing that are not entries of their own ("sns fifo topic standard
    topic", "http proxy integration non-proxy integration"): the split of the words into
    two sides that each name an entry or a fact: entries first, sides that end alike
    ("X topic | Y topic"), then the most even split. A service named first is the context
    of both sides; else one side must be an entry, and both of one service."""
    words = [w for w in words if w.casefold() not in SEPARATORS and w != ","]
    service = None
    split = _split_service(kb, words) if words else None
    if split is not None and split[1] == "exact" and len(split[2]) >= 2:
        service, words = split[0], split[2]
    best: tuple[tuple[int, int], list[Side]] | None = None
    for i in range(1, len(words)):
        left = _side_of(kb, " ".join(words[:i]), service)
        right = _side_of(kb, " ".join(words[i:]), service) if left else None
        if left is None or right is None or left[2][2] == right[2][2]:
            continue
        if service is None and (left[0] + right[0] < 3 or not left[1] & right[1]):
            continue  # not two parts of one service's thing ("glue vs emr", "azure functions lambda")
        parallel = key(words[i - 1]) == key(words[-1])  # "fifo topic | standard topic"
        rank = (left[0] + right[0] + 2 * parallel, -abs(len(words) - 2 * i))
        if best is None or rank > best[0]:
            best = rank, [left[2], right[2]]
    return best[1] if best else None


def _sides_answer(kb: KnowledgeBase, query: str, sides: list[Side]) -> Answer:
    """Two sides that are not both entries, side by side, each saying what it is."""
    data = {
        "id": "-vs-".join(key(label).replace(" ", "-") for label, *_ in sides),
        "title": " vs ".join(label for label, *_ in sides),
        "subjects": [label for label, *_ in sides],
        "subject_labels": [label for label, *_ in sides],
        "rows": [
            {"aspect": "What it is", "values": [said for _, _, said, _ in sides]},
            {"aspect": "Kind", "values": [what for _, what, _, _ in sides]},
            {"aspect": "More", "values": [command for *_, command in sides]},
        ],
        "choose": "",
        "curated": False,
    }
    notes = ["not a curated comparison: what awsref holds on each side, side by side"]
    return Answer("compare", query, "comparison", data, "fuzzy", notes=notes)


def _split_shared_names(kb: KnowledgeBase, phrases: list[str], resolved: list[Resolution]) -> None:
    """Subjects that all name one service ("alb", "nlb": both ELB's aliases) are read as the
    glossary entries they also name (the load balancer types), when each names a different one."""
    refs = [(r.kind, r.ref) for r in resolved]
    for shared in {ref for ref in refs if refs.count(ref) > 1}:
        where = [i for i, ref in enumerate(refs) if ref == shared]
        terms = [_resolve(kb, phrases[i], ("term",)) for i in where]
        sure = [t for t in terms if t is not None and t.quality != "ambiguous"]
        if len(sure) == len(terms) and len({t.ref for t in sure}) == len(sure):
            for i, t in zip(where, sure, strict=True):
                resolved[i] = t


def _subject_phrases(kb: KnowledgeBase, args: list[str]) -> list[str]:
    """Split compare's arguments into one phrase per subject."""
    words: list[str] = []
    for arg in args:
        words.extend(arg.replace(",", " , ").split())
    # Explicit separators win ("kinesis vs firehose", "a, b and c").
    if any(w.casefold() in SEPARATORS or w == "," for w in words):
        phrases: list[str] = []
        current: list[str] = []
        for w in words:
            if w.casefold() in SEPARATORS or w == ",":
                if current:
                    phrases.append(" ".join(current))
                current = []
            else:
                current.append(w)
        if current:
            phrases.append(" ".join(current))
        if len(phrases) >= 2 and all(_resolve_any(kb, p, ("service", "term")) for p in phrases):
            return phrases
    plain = [w for w in words if w.casefold() not in ("vs", "versus", ",")]
    # The segmentation of the words into the fewest exactly named entries
    # ("lambda@edge cloudfront functions" is two subjects, not three).
    best = _segment(kb, plain)
    if best and len(best) >= 2:
        return best
    # Else the arguments as given, when each names an entry.
    if len(args) >= 2 and all(_exact_entity(kb, a) for a in args):
        return list(args)
    return args if len(args) >= 2 else plain if len(plain) == 2 else [" ".join(plain)]


def _segment(kb: KnowledgeBase, words: list[str]) -> list[str] | None:
    """The fewest consecutive phrases that each name a service or term exactly."""
    n = len(words)
    if n > 16:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 5), end):
            prefix = best[start]
            if prefix is None:
                continue
            phrase = " ".join(words[start:end])
            hit = _exact_entity(kb, phrase)
            if hit is None or hit.kind == "comparison":
                continue
            candidate = [*prefix, phrase]
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    return best[n]


def _curated_for(kb: KnowledgeBase, refs: list[str]) -> str | None:
    """The curated comparison of exactly these subjects, or the one with the fewest extra.

    A service given beside terms of a comparison about it ("rds multi-az read replicas")
    is taken as context, not as a subject.
    """
    by_subject = kb.section("subject-comparisons")
    order = {c[0]: i for i, c in enumerate(kb.comparisons)}
    sizes = {c[0]: len(c[2]) for c in kb.comparisons}

    def covering(wanted: list[str]) -> set[str]:
        sets = [set(by_subject.get(r, ())) for r in wanted]
        return set.intersection(*sets) if sets else set()

    common = covering(refs)
    if not common:
        services = {c[0] for c in kb.services}
        subjects = [r for r in refs if r not in services]
        context = [r for r in refs if r in services]
        if len(subjects) >= 2 and context:
            common = {
                cid
                for cid in covering(subjects)
                if set(context) <= set((kb.comparison(cid) or {}).get("services", []))
            }
    if not common:
        return None
    return min(common, key=lambda c: (sizes[c], order[c]))


def _side_by_side(
    kb: KnowledgeBase, query: str, entities: list[tuple[str, str]], quality: Quality, notes: list[str]
) -> Answer:
    """No curated comparison: the entries' own facts side by side, labelled as such."""
    labels = [kb.label(ref) for _, ref in entities]
    rows: list[dict] = []
    if all(kind == "service" for kind, _ in entities):
        services: list[dict] = []
        for _, ref in entities:
            card = kb.service(ref)
            assert card is not None  # the subjects were resolved against this knowledge base
            services.append(card)
        rows = [
            {"aspect": "Full name", "values": [s["full_name"] for s in services]},
            {"aspect": "Category", "values": [s["category"] for s in services]},
            {"aspect": "Summary", "values": [s["summary"] for s in services]},
        ]
        width = max(len(s["limits"]) for s in services)
        for i in range(min(width, 5)):
            rows.append(
                {
                    "aspect": f"Key limit {i + 1}",
                    "values": [
                        f"{s['limits'][i]['name']}: {s['limits'][i]['display']}"
                        if i < len(s["limits"])
                        else "-"
                        for s in services
                    ],
                }
            )
    else:
        values = []
        kinds = []
        for kind, ref in entities:
            if kind == "service":
                s = kb.service(ref)
                values.append(s["summary"] if s else "")
                kinds.append("service")
            else:
                t = kb.term(ref)
                values.append(t["definition"] if t else "")
                kinds.append("term: " + ", ".join(kb.label(x) for x in (t or {}).get("services", [])))
        rows = [{"aspect": "What it is", "values": values}, {"aspect": "Kind", "values": kinds}]
    ids = [ref for _, ref in entities]
    data = {
        "id": "-vs-".join(ids),
        "title": " vs ".join(labels),
        "subjects": ids,
        "subject_labels": labels,
        "rows": rows,
        "choose": "",
        "curated": False,
    }
    notes = ["not a curated comparison: the entries side by side", *notes]
    return Answer("compare", query, "comparison", data, quality, notes=notes)


# ---- search and list -------------------------------------------------------------------


def _check_domain(domain: str | None) -> str | None:
    if domain is None:
        return None
    if domain not in DOMAINS:
        raise UsageError(f"unknown exam domain {printable(domain)!r}; one of {', '.join(DOMAINS)}")
    return domain


def search(kb: KnowledgeBase, words: list[str], limit: int = 10, domain: str | None = None) -> Answer:
    """``awsref search QUERY... [--domain D]``: ranked hits across everything."""
    from awsref.search import search as run_search
    from awsref.search import uncovered_named

    query = _query(words)
    hits = run_search(kb, query, limit, domain=_check_domain(domain))
    if not hits:
        where = f" in the {domain} domain" if domain else ""
        refs = _suggestions(kb, query, ("service", "term", "comparison"))
        hints = [_hint(r) for r in refs] or ["try fewer or other words"]
        products = sorted(set(uncovered_named(kb, query).values()))
        if products:
            where += f": awsref does not cover {' or '.join(products)}"
        raise NotFound(f"nothing clearly matches {printable(query)!r}{where}", hints=hints)
    return Answer("search", query, "hits", {"hits": hits})


def listing(kb: KnowledgeBase, kind: str, domain: str | None = None) -> Answer:
    """``awsref list [services|limits|terms|comparisons] [--domain D]``."""
    if kind not in LIST_KINDS:
        raise UsageError(f"unknown list {printable(kind)!r}; one of {', '.join(LIST_KINDS)}")
    domain = _check_domain(domain)
    if kind == "services":
        items = [
            {"id": i, "name": n, "full_name": f, "category": c, "limits": k, "domains": d}
            for i, n, f, c, k, d in kb.services
        ]
    elif kind == "terms":
        items = [{"id": i, "term": t, "services": s, "domains": d} for i, t, s, d in kb.terms]
    elif kind == "comparisons":
        items = [{"id": i, "title": t, "subjects": s, "domains": d} for i, t, s, d in kb.comparisons]
    else:
        items = []
        for sid, *_ in kb.services:
            service = kb.service(sid)
            assert service is not None
            items.extend(limit_data(service, lim) for lim in service["limits"])
    if domain:
        items = [i for i in items if domain in i.get("domains", ())]
    data = {"list": kind, "items": items}
    if domain:
        data["domain"] = domain
    return Answer("list", kind, "list", data)


def stats(kb: KnowledgeBase) -> Answer:
    """``awsref stats``: counts of services, limits, facts, terms and comparisons."""
    return Answer("stats", "", "stats", kb.section("stats"))


def services_named(kb: KnowledgeBase, words: list[str]) -> list[str]:
    """The service ids that ``words`` name, in order (``quiz sqs simple notification service``).

    Each service is the longest run of words naming one exactly, or a confident typo of
    one; anything else is a NotFound naming the words that are not a service.
    """
    parts = [p for w in words for p in w.split()]
    found: list[str] = []
    while parts:
        split = _split_service(kb, parts)
        if split is None:
            refs = _suggestions(kb, parts[0], ("service",))
            raise _not_found(kb, f"{printable(parts[0])!r} is not a service awsref knows", refs, parts[0])
        sid, _, parts, _ = split
        if sid not in found:
            found.append(sid)
    return found


def quota_limits(kb: KnowledgeBase, words: list[str]) -> list[tuple[str, dict]]:
    """(Service Quotas service code, limit) for every limit with a quota code, of the services
    ``words`` name (all services when none). A named service without quota codes, or a word
    that names no service, is a usage error: ``usage`` keeps exit 1 for "at the threshold"."""
    try:
        sids = services_named(kb, words) if words else [s[0] for s in kb.services]
    except NotFound as e:
        raise UsageError(e.message, hints=e.hints) from None
    out: list[tuple[str, dict]] = []
    for sid in sids:
        service = kb.service(sid)
        assert service is not None
        coded = [lim for lim in service["limits"] if lim.get("quota_code")]
        mine = [(service["quota_service"], limit_data(service, lim)) for lim in coded]
        if words and not mine:
            raise UsageError(f"awsref has no quota codes for {service['name']}, so usage cannot check it")
        out += mine
    return out
