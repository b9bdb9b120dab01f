"""``-o json``: one versioned envelope for every command.

{"version": 1, "command": "limit", "query": "sqs message-size", "kind": "limit",
 "match": "exact", "result": {...}, "also": [...], "notes": [...]}
"""

from __future__ import annotations

import json

from awsref.answer import Answer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

JSON_VERSION = 1


def envelope(answer: Answer) -> dict:
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
