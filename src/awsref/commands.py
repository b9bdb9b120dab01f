"""Run one command end to end: open the knowledge base, look up, render, exit code.

The fast path in ``entry`` and the full parser in ``cli`` both call ``execute``, which
runs every command through its handler in ``HANDLERS`` (one signature for all); it is
the only place where an ``AwsrefError`` becomes a message on stderr and an exit code.
The study modules are imported only when a study command runs.
"""

from __future__ import annotations

from awsref.answer import Answer
from awsref.errors import (
    EXIT_DATA,
    EXIT_NOT_FOUND,
    EXIT_OK,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    AwsrefError,
    UsageError,
)
from awsref.kb import KnowledgeBase
from awsref.output import error, warn, write_answer, write_error_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Handler = Callable[[KnowledgeBase, list[str], str | None, dict[str, Any]], tuple[Answer | None, int]]

LOOKUPS = ("limit", "compare", "define", "show", "search", "ask")


def lookup_for(command: str) -> Callable[[KnowledgeBase, list[str]], Answer]:
    """The lookup that answers ``command``. ``limit`` goes straight to its engine: the
    commonest lookup does not load the other commands' code (``lookup``, the resolver)."""
    if command == "limit":
        from awsref.limits import limit

        return limit
    from awsref import lookup

    return getattr(lookup, command)


def check_query(args: list[str]) -> None:
    """Refuse a query too long to be a question: matching cost and echoes stay bounded."""
    chars = sum(len(a) for a in args) + max(len(args) - 1, 0)
    if chars > MAX_QUERY_CHARS:
        raise UsageError(f"the query is too long ({chars:,} characters; at most {MAX_QUERY_CHARS:,})")
    words = sum(len(a.split()) for a in args)
    if words > MAX_QUERY_WORDS:
        raise UsageError(f"the query is too long ({words:,} words; at most {MAX_QUERY_WORDS})")


def execute(command: str, args: list[str], fmt: str | None, options: dict[str, Any] | None = None) -> int:
    """Answer ``command`` with its positional ``args`` in output format ``fmt``, with the
    ``options`` the parser read (by their spec names); returns the exit code.

    Every command runs here through its handler in ``HANDLERS``; this is the one place
    where an ``AwsrefError`` becomes a message on stderr (and JSON with ``-o json``).
    """
    options = options or {}
    try:
        if command != "validate":
            check_query(args)
        if command == "validate":
            answer, code = _validate(args)
        else:
            answer, code = HANDLERS[command](_open(), args, fmt, options)
    except AwsrefError as e:
        error(e.message, e.hints, e.try_next)
        if fmt == "json":
            write_error_json(command, " ".join(args), e.exit_code, e.message, e.hints, e.try_next)
        return e.exit_code
    if answer is not None:
        write_answer(answer, fmt)
    return code


def _open() -> KnowledgeBase:
    """The knowledge base, its warnings said once on stderr."""
    from awsref.kb import open_kb

    kb = open_kb()
    for message in kb.warnings:
        warn(message)
    return kb


# Every handler takes (knowledge base, positional words, output format, options) and
# returns the answer to render (None: it printed its own) and the exit code.
Result = tuple[Answer | None, int]


def _lookup(command: str) -> Handler:
    def run(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
        if not options.get("account") and (options.get("profile") or options.get("region")):
            raise UsageError("--profile and --region go with --account")
        if command == "show" and options.get("section"):
            from awsref import lookup

            return lookup.show(kb, words, section=options["section"]), EXIT_OK
        answer = lookup_for(command)(kb, words)
        code = EXIT_OK
        if options.get("check") is not None or options.get("in_unit") is not None:
            from awsref.checks import apply

            code = apply(answer, options.get("check"), options.get("in_unit"))
        if options.get("account"):
            missing = with_account(kb, answer, options)
            if missing:
                write_answer(answer, fmt)
                error(missing)
                return None, EXIT_NOT_FOUND
        return answer, code

    return run


def _list(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    kind, adjustable = (words[0] if words else "services"), bool(options.get("adjustable"))
    from awsref import lookup

    return lookup.listing(kb, kind, options.get("domain"), words[1:], adjustable), EXIT_OK


def _search(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    from awsref import lookup

    return lookup.search(kb, words, domain=options.get("domain")), EXIT_OK


def _stats(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    from awsref import lookup

    return lookup.stats(kb), EXIT_OK


def _exam(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    from awsref.exam import exam

    return exam(kb, words), EXIT_OK


def _calc(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    from awsref.calc import calculate

    return calculate(kb, words[0], words[1], options)


def _quiz(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    from awsref.study import run_quiz

    code = run_quiz(
        kb,
        words,
        number=options.get("number", 10),
        seed=options.get("seed"),
        domain=options.get("domain"),
        due=bool(options.get("due")),
        show=bool(options.get("show")),
        fmt=fmt,
        task=options.get("task"),
        scenarios=bool(options.get("scenarios")),
    )
    return None, code


def _progress(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    from awsref.study import run_progress

    run_progress(kb, words, options.get("domain"), fmt)
    return None, EXIT_OK


def _export(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    from awsref.export import run_export

    services = list(options.get("service") or [])
    file = words[1] if len(words) > 1 else None
    run_export(
        kb,
        services,
        fmt=words[0],
        file=file,
        domain=options.get("domain"),
        task=options.get("task"),
        force=bool(options.get("force")),
    )
    return None, EXIT_OK


def _usage(kb: KnowledgeBase, words: list[str], fmt: str | None, options: dict[str, Any]) -> Result:
    return usage(kb, words, options)


def _validate(words: list[str]) -> Result:
    """``validate`` reads the notes files, not the knowledge base."""
    answer = validate(words)
    return answer, EXIT_DATA if not all(f["ok"] for f in answer.data["files"]) else EXIT_OK


def with_account(kb: KnowledgeBase, answer: Answer, options: dict[str, Any]) -> str:
    """Add your account's view of the answer's limit (``limit --account``): AWS's default,
    your applied value, your usage. Returns why AWS cannot be asked ("" when it was)."""
    if answer.kind != "limit":
        raise UsageError("--account needs one limit; for every quota of a service: awsref usage SERVICE")
    d = answer.data
    if not d.get("quota_code"):
        return (
            f"{d['service_name']} {d['name']} has no quota code in awsref, so your account's value "
            "cannot be asked for (the curated value is shown)"
        )
    from awsref import account

    service = kb.service(d["service"])
    assert service is not None
    sq, cw = account.open_clients(options.get("profile"), options.get("region"))
    if d.get("global") and account.reads_global_elsewhere(sq.meta.region_name):
        sq, cw = account.open_clients(options.get("profile"), account.GLOBAL_REGION)
    with account.asking(sq.meta.region_name):
        d["account"] = account.quota_status(sq, cw, service["quota_service"], d)
    return ""


def threshold_of(text: str | None) -> float:
    """``--threshold``: a percentage, 0 to 100 ("80", "80%", "12.5"); 80 when not given."""
    if text is None:
        return 80.0
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise UsageError(f"--threshold takes a percentage from 0 to 100, not {text[:40]!r}")
    return value


def usage(kb: KnowledgeBase, words: list[str], options: dict[str, Any]) -> tuple[Answer, int]:
    """``awsref usage [SERVICE...]``: your quotas at or above the threshold; exit 1 when any is."""
    threshold = threshold_of(options.get("threshold"))
    from awsref import lookup

    limits = lookup.quota_limits(kb, words)
    from awsref import account

    sq, cw = account.open_clients(options.get("profile"), options.get("region"))
    elsewhere = account.reads_global_elsewhere(sq.meta.region_name) and any(
        lim.get("global") for _, lim in limits
    )
    both = account.open_clients(options.get("profile"), account.GLOBAL_REGION) if elsewhere else None
    data = account.report(sq, cw, limits, threshold, both)
    answer = Answer("usage", " ".join(words), "usage", data)
    return answer, EXIT_NOT_FOUND if data["quotas"] else EXIT_OK


def validate(paths: list[str]) -> Answer:
    """``awsref validate [FILE...]``: check user notes files (default: the notes directory)."""
    from awsref import paths as where
    from awsref.kb import user_note_files
    from awsref.loader import check_user_file, load_document

    files = list(paths) or user_note_files()
    base = load_document(where.data_file())
    results = []
    for path in files:
        problems = check_user_file(path, base)
        results.append({"path": path, "ok": not problems, "problems": problems})
    folder = where.notes_dir()
    notes = [] if files else [f"no notes files in {folder or '(no notes directory)'}"]
    return Answer("validate", " ".join(paths), "validation", {"files": results}, notes=notes)


HANDLERS: dict[str, Handler] = {
    **{name: _lookup(name) for name in LOOKUPS},
    "list": _list,
    "search": _search,
    "stats": _stats,
    "exam": _exam,
    "calc": _calc,
    "quiz": _quiz,
    "progress": _progress,
    "export": _export,
    "usage": _usage,
}
