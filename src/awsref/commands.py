"""Run one command end to end: open the knowledge base, look up, render, exit code.

Both the Typer app and the fast path in ``entry`` call ``execute``; the study commands
(``quiz``, ``progress``, ``export``) come through Typer only and call ``study``. These
two are the only places where an ``AwsrefError`` becomes a message on stderr and an
exit code. The study modules are imported only when a study command runs.
"""

from __future__ import annotations

from awsref import lookup
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

LOOKUPS = {
    "limit": lookup.limit,
    "compare": lookup.compare,
    "define": lookup.define,
    "show": lookup.show,
    "search": lookup.search,
    "ask": lookup.ask,
}


def check_query(args: list[str]) -> None:
    """Refuse a query too long to be a question: matching cost and echoes stay bounded."""
    chars = sum(len(a) for a in args) + max(len(args) - 1, 0)
    if chars > MAX_QUERY_CHARS:
        raise UsageError(f"the query is too long ({chars:,} characters; at most {MAX_QUERY_CHARS:,})")
    words = sum(len(a.split()) for a in args)
    if words > MAX_QUERY_WORDS:
        raise UsageError(f"the query is too long ({words:,} words; at most {MAX_QUERY_WORDS})")


def execute(command: str, args: list[str], fmt: str | None, options: dict | None = None) -> int:
    """Answer ``command`` with ``args`` in output format ``fmt``; returns the exit code.

    ``options`` carries what only the Typer path parses: ``check`` and ``in_unit`` for
    ``limit``, a calculator's inputs for ``calc`` (``args`` = [service, calculator]), and
    ``domain`` for ``list`` and ``search``.
    """
    from awsref.kb import open_kb

    options = options or {}
    domain = options.get("domain")
    code = EXIT_OK
    try:
        if command != "validate":
            check_query(args)
        if command == "validate":
            answer = validate(args)
        else:
            kb = open_kb()
            for message in kb.warnings:
                warn(message)
            if command == "list":
                kind = args[0] if args else "services"
                answer = lookup.listing(kb, kind, domain, args[1:], bool(options.get("adjustable")))
            elif command == "search":
                answer = lookup.search(kb, args, domain=domain)
            elif command == "stats":
                answer = lookup.stats(kb)
            elif command == "exam":
                from awsref.exam import exam

                answer = exam(kb, args)
            elif command == "calc":
                from awsref.calc import calculate

                answer, code = calculate(kb, args[0], args[1], options)
            elif command == "show" and options.get("section"):
                answer = lookup.show(kb, args, section=options["section"])
            elif command == "usage":
                answer, code = usage(kb, args, options)
            else:
                if not options.get("account") and (options.get("profile") or options.get("region")):
                    raise UsageError("--profile and --region go with --account")
                answer = LOOKUPS[command](kb, args)
                if options.get("check") is not None or options.get("in_unit") is not None:
                    from awsref.checks import apply

                    code = apply(answer, options.get("check"), options.get("in_unit"))
                if options.get("account"):
                    missing = with_account(kb, answer, options)
                    if missing:
                        write_answer(answer, fmt)
                        error(missing)
                        return EXIT_NOT_FOUND
    except AwsrefError as e:
        error(e.message, e.hints, e.try_next)
        if fmt == "json":
            write_error_json(command, " ".join(args), e.exit_code, e.message, e.hints, e.try_next)
        return e.exit_code
    write_answer(answer, fmt)
    if command == "validate" and not all(f["ok"] for f in answer.data["files"]):
        return EXIT_DATA
    return code


def with_account(kb: KnowledgeBase, answer: Answer, options: dict) -> str:
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


def usage(kb: KnowledgeBase, words: list[str], options: dict) -> tuple[Answer, int]:
    """``awsref usage [SERVICE...]``: your quotas at or above the threshold; exit 1 when any is."""
    threshold = threshold_of(options.get("threshold"))
    limits = lookup.quota_limits(kb, words)
    from awsref import account

    sq, cw = account.open_clients(options.get("profile"), options.get("region"))
    data = account.report(sq, cw, limits, threshold)
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


def study(command: str, words: list[str], options: dict) -> int:
    """``quiz``, ``progress`` or ``export`` with the SERVICE ``words`` and ``options``."""
    from awsref.kb import open_kb

    try:
        kb = open_kb()
        for message in kb.warnings:
            warn(message)
        if command == "quiz":
            from awsref.study import run_quiz

            return run_quiz(kb, words, **options)
        if command == "progress":
            from awsref.study import run_progress

            run_progress(kb, words, **options)
            return EXIT_OK
        from awsref.export import run_export

        run_export(kb, words, **options)
        return EXIT_OK
    except AwsrefError as e:
        error(e.message, e.hints, e.try_next)
        if options.get("fmt") == "json" and command != "export":
            write_error_json(command, " ".join(words), e.exit_code, e.message, e.hints, e.try_next)
        return e.exit_code
