"""``-o json``: one versioned envelope for every command.

{"version": 1, "command": "limit", "query": "sqs message-size", "kind": "limit",
 "match": "exact", "result": {...}, "also": [...], "notes": [...]}
"""

from __future__ import annotations

import json

from awsref.answer import Answer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

JSON_VERSION = 1


def envelope(answer: Answer) -> dict[str, Any]:
    """The JSON document for ``answer``."""
    return {
        "version": JSON_VERSION,
        "command": answer.command,
        "query": answer.query,
        "kind": answer.kind,
        "match": answer.match,
        "result": answer.data,
        "also": answer.also,
        "notes": answer.notes,
    }


def render(answer: Answer, out: TextIO) -> None:
    """Write the envelope as indented JSON (ASCII-safe, so any terminal encoding works)."""
    out.write(json.dumps(envelope(answer), indent=2, ensure_ascii=True) + "\n")


ERROR_TYPES = {1: "not-found", 2: "usage", 3: "data"}


def error_envelope(
    command: str, query: str, code: int, message: str, hints: list[str], try_next: str
) -> dict[str, Any]:
    """The JSON document for a miss or an error: the envelope, with ``kind`` "error", no
    result, and an ``error`` object (exit status, type, message, did-you-mean, what to try)."""
    return {
        "version": JSON_VERSION,
        "command": command,
        "query": query,
        "kind": "error",
        "match": None,
        "result": None,
        "error": {
            "status": code,
            "type": ERROR_TYPES.get(code, "error"),
            "message": message,
            "did_you_mean": hints,
            "try": try_next,
        },
        "also": [],
        "notes": [],
    }


def render_error(document: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(document, indent=2, ensure_ascii=True) + "\n")
