"""Shell completion, answered without importing Typer.

Typer's scripts (``awsref --install-completion`` / ``--show-completion``) call awsref
back with ``_AWSREF_COMPLETE=complete_<shell>`` and the command line in environment
variables; ``entry`` routes such calls here. This module speaks that protocol for
bash, zsh, fish and PowerShell, reads only the cache sections it needs, and offers
context-aware candidates: prefix matches first, fuzzy ones when nothing has the prefix.
"""

from __future__ import annotations

import os

COMMANDS = {
    "limit": "One limit of a service, with its current value and source",
    "compare": "Side-by-side comparison of services or concepts",
    "define": "Glossary definition of a term",
    "show": "The service card: summary, facts, limits, terms",
    "search": "Ranked hits across everything",
    "list": "List services, limits, terms or comparisons",
    "validate": "Check knowledge-base notes files",
}
FORMATS = {
    "table": "Rich table (default on a terminal)",
    "text": "Tab-separated lines (default when piped)",
    "json": "Versioned JSON envelope, for jq",
    "markdown": "Markdown, to paste into notes",
}
LIST_KINDS = {
    "services": "Every service",
    "limits": "Every limit of every service",
    "terms": "Every glossary term",
    "comparisons": "Every curated comparison",
}
TOP_OPTIONS = {
    "--help": "Show help and exit",
    "--version": "Print the version and exit",
    "--install-completion": "Install completion for the current shell",
    "--show-completion": "Show completion for the current shell",
}
COMMAND_OPTIONS = {"--output": "Output format", "-o": "Output format", "--help": "Show help and exit"}
OUTPUT_OPTIONS = ("-o", "--output")


def split_arg_string(string: str) -> list[str]:
    """Split a command line as Click does (shlex, tolerating an unclosed quote)."""
    if not any(c in string for c in "'\"\\"):
        return string.split()
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out


def _filter(items: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Items whose value starts with ``incomplete``; if none, the fuzzily closest."""
    if not incomplete:
        return items
    low = incomplete.casefold()
    hits = [i for i in items if i[0].casefold().startswith(low)]
    if hits or len(incomplete) < 2:
        return hits
    from rapidfuzz import fuzz, process

    found = process.extract(low, [i[0] for i in items], scorer=fuzz.WRatio, limit=10, score_cutoff=70)
    return [items[j] for _, _, j in found]


def _services(kb: object) -> list[tuple[str, str]]:
    return [(sid, f"{name} — {full}") for sid, name, full, _, _ in kb.services]  # type: ignore[attr-defined]


def _service_by_alias(kb: object, incomplete: str) -> list[tuple[str, str]]:
    """Services one of whose other names starts with ``incomplete`` (ddb -> dynamodb)."""
    from awsref.text import normalize

    low = normalize(incomplete)
    ids = [
        ref[1] for name, ref in kb.section("names").items() if ref[0] == "service" and name.startswith(low)
    ]  # type: ignore[attr-defined]
    wanted = dict.fromkeys(ids)
    return [s for s in _services(kb) if s[0] in wanted]


def candidates(args: list[str], incomplete: str) -> list[tuple[str, str]]:
    """(value, description) pairs for completing ``incomplete`` after ``args``."""
    if args and args[-1] in OUTPUT_OPTIONS:
        return _filter(list(FORMATS.items()), incomplete)
    command = args[0] if args else None
    if incomplete.startswith("-"):
        options = TOP_OPTIONS if command is None else COMMAND_OPTIONS
        return [(o, h) for o, h in options.items() if o.startswith(incomplete)]
    if command is None:
        return _filter(list(COMMANDS.items()), incomplete)
    positional: list[str] = []
    skip = False
    for word in args[1:]:
        if skip:
            skip = False
        elif word in OUTPUT_OPTIONS:
            skip = True
        elif not word.startswith("-"):
            positional.append(word)
    if command == "list":
        return _filter(list(LIST_KINDS.items()), incomplete) if not positional else []
    if command not in ("limit", "compare", "define", "show"):
        return []
    from awsref.kb import open_kb

    kb = open_kb()
    if command in ("limit", "show") and not positional:
        return _filter(_services(kb), incomplete) or _service_by_alias(kb, incomplete)
    if command == "limit":
        from awsref.resolve import entity_by_name

        service = kb.service(positional[0]) or kb.service(entity_by_name(kb, positional[0], "service") or "")
        if service is None:
            return []
        items = [(lim["id"], f"{lim['name']}: {lim['display']}") for lim in service["limits"]]
        return _filter(items, incomplete)
    if command == "define":
        if positional:
            return []
        if len(incomplete) >= 2:
            from awsref.text import prefix_bucket

            bucket = kb.section(f"terms-by-prefix/{prefix_bucket(incomplete)}") or []
            hits = [(tid, label) for tid, label in bucket if tid.casefold().startswith(incomplete.casefold())]
            if hits:
                return hits
        return _filter([(tid, label) for tid, label, _ in kb.terms], incomplete)
    if command == "compare":
        labels = kb.section("labels")
        subjects = {ref: labels.get(ref, ref) for _, _, refs in kb.comparisons for ref in refs}
        for sid, item in _services(kb):
            subjects.setdefault(sid, item)
        return _filter([(r, d) for r, d in subjects.items() if r not in positional], incomplete)
    return []


def _one_line(s: str) -> str:
    """A value or description as one field of one line: control characters become spaces."""
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else " " for c in s)


# Typer's zsh script (installed before awsref had its own) evals what it receives: it only
# ever gets this constant, never data.
OUTDATED_ZSH = (
    "_message -r 'awsref: this completion script is outdated; run: awsref --install-completion zsh'"
)


def respond(shell: str, environ: dict[str, str] | os._Environ) -> tuple[str, int]:
    """The text to print and the exit code for one completion request."""
    if shell == "bash":
        words = split_arg_string(environ.get("COMP_WORDS", ""))
        try:
            cword = int(environ.get("COMP_CWORD", "0"))
        except ValueError:
            cword = 0
        args = words[1:cword]
        incomplete = words[cword] if 0 <= cword < len(words) else ""
    else:
        line = environ.get("_TYPER_COMPLETE_ARGS", "")
        words = split_arg_string(line)
        args = words[1:]
        if shell in ("powershell", "pwsh"):
            incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
            if incomplete:
                args = args[:-1]
        elif args and not line.endswith(" "):
            incomplete = args.pop()
        else:
            incomplete = ""
    if shell == "zsh":
        return OUTDATED_ZSH, 0
    items = candidates(args, incomplete)
    if shell == "bash":
        return "\n".join(_one_line(v) for v, _ in items), 0
    if shell == "zsh_pairs":  # awsref's own zsh script: value<TAB>description, never code
        return "\n".join(f"{_one_line(v)}\t{_one_line(h)}" for v, h in items), 0
    if shell == "fish":
        action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return "", 0 if items else 1
        return "\n".join(f"{_one_line(v)}\t{' '.join(h.split())}" for v, h in items), 0
    if shell in ("powershell", "pwsh"):
        return "\n".join(f"{_one_line(v)}:::{_one_line(h) or ' '}" for v, h in items), 0
    return "", 1
