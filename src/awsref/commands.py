"""Run one command end to end: open the knowledge base, look up, render, exit code.

Both the Typer app and the fast path in ``entry`` call ``execute``; it is the single
place where an ``AwsrefError`` becomes a message on stderr and an exit code.
"""

from __future__ import annotations

from awsref import lookup
from awsref.errors import (
    EXIT_DATA,
    EXIT_OK,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    AwsrefError,
    UsageError,
)
from awsref.output import error, warn, write_answer

LOOKUPS = {
    "limit": lookup.limit,
    "compare": lookup.compare,
    "define": lookup.define,
    "show": lookup.show,
    "search": lookup.search,
}


def check_query(args: list[str]) -> None:
    """Refuse a query too long to be a question: matching cost and echoes stay bounded."""
    chars = sum(len(a) for a in args) + max(len(args) - 1, 0)
    if chars > MAX_QUERY_CHARS:
        raise UsageError(f"the query is too long ({chars:,} characters; at most {MAX_QUERY_CHARS:,})")
    words = sum(len(a.split()) for a in args)
    if words > MAX_QUERY_WORDS:
        raise UsageError(f"the query is too long ({words:,} words; at most {MAX_QUERY_WORDS})")


def execute(command: str, args: list[str], fmt: str | None) -> int:
    """Answer ``command`` with ``args`` in output format ``fmt``; returns the exit code."""
    from awsref.kb import open_kb

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
                answer = lookup.listing(kb, args[0] if args else "services")
            else:
                answer = LOOKUPS[command](kb, args)
    except AwsrefError as e:
        error(e.message, e.hints)
        return e.exit_code
    write_answer(answer, fmt)
    if command == "validate" and not all(f["ok"] for f in answer.data["files"]):
        return EXIT_DATA
    return EXIT_OK


def validate(paths: list[str]) -> lookup.Answer:
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
    return lookup.Answer("validate", " ".join(paths), "validation", {"files": results}, notes=notes)
