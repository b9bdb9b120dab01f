"""Read, validate and merge knowledge-base files into one checked document.

Runs only when the cache is cold (or for ``awsref validate``): it imports json and the
schema, which the lookup path never needs.
"""

from __future__ import annotations

import copy
import json
import os

from awsref.errors import DataError
from awsref.schema import Document, check_references, check_shape


def read_json(path: str) -> object:
    """Decode ``path``; any failure is a DataError naming the file and the place in it."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except IsADirectoryError:
        raise DataError(path, ["is a directory, not a JSON file"]) from None
    except FileNotFoundError:
        raise DataError(path, ["no such file"]) from None
    except OSError as e:
        raise DataError(path, [f"cannot be read: {e.strerror or e}"]) from None
    if not raw.strip():
        raise DataError(path, ["is empty"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError(path, [f"byte {e.start}: not UTF-8 text"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError(path, [f"line {e.lineno}, column {e.colno}: {e.msg}"]) from None
    except RecursionError:
        raise DataError(path, ["nested too deeply"]) from None


def load_document(path: str) -> Document:
    """A complete knowledge base from ``path``, fully validated."""
    doc = read_json(path)
    problems = check_shape(doc)
    if not problems:
        problems = check_references(doc)  # type: ignore[arg-type]
    if problems:
        raise DataError(path, problems)
    return doc  # type: ignore[return-value]


def check_user_file(path: str, base: Document) -> list[str]:
    """Every problem of a user notes file, judged as an overlay on ``base``."""
    try:
        merged = overlay(base, read_json(path), os.path.basename(path))
    except DataError as e:
        return e.problems
    return check_references(merged)


def overlay(base: Document, user: object, origin: str) -> Document:
    """``base`` with a user document merged in; raises DataError on any conflict.

    Users may add services, limits, terms and comparisons, and add facts, limits and
    aliases to packaged services. Everything added carries ``origin`` (the file name).
    """
    problems = check_shape(user, partial=True)
    if problems:
        raise DataError(origin, problems)
    assert isinstance(user, dict)
    merged: Document = copy.deepcopy(base)
    by_id = {s["id"]: s for s in merged["services"]}
    for i, service in enumerate(user.get("services", [])):
        path = f"$.services[{i}]"
        facts = [dict(f, origin=origin) for f in service.get("facts", [])]
        limits = [dict(x, origin=origin) for x in service.get("limits", [])]
        existing = by_id.get(service["id"])
        if existing is None:
            new = dict(service, facts=facts, limits=limits, origin=origin)
            missing = [k for k in ("name", "full_name", "category", "summary") if k not in new]
            if missing:
                problems.append(f"{path}: a new service needs {', '.join(missing)}")
                continue
            new.setdefault("aliases", [])
            merged["services"].append(new)  # type: ignore[arg-type]
            by_id[new["id"]] = new  # type: ignore[assignment]
            continue
        extra = sorted(set(service) - {"id", "aliases", "facts", "limits"})
        if extra:
            problems.append(
                f"{path}: can only add aliases, facts and limits to the packaged service "
                f"{service['id']!r}, not {', '.join(extra)}"
            )
            continue
        existing["aliases"] = [*existing["aliases"], *service.get("aliases", [])]
        existing["facts"] = [*existing["facts"], *facts]
        existing["limits"] = [*existing["limits"], *limits]
    for section in ("terms", "comparisons"):
        merged[section] = [*merged[section], *(dict(x, origin=origin) for x in user.get(section, []))]  # type: ignore[literal-required]
    if problems:
        raise DataError(origin, problems)
    return merged


def load_merged(path: str, user_files: list[str]) -> tuple[Document, list[str]]:
    """The packaged (or ``AWSREF_DATA``) knowledge base with each valid user file merged in.

    A broken user file never hides the knowledge base: it is skipped with a warning.
    """
    doc = load_document(path)
    warnings: list[str] = []
    for user_path in user_files:
        try:
            merged = overlay(doc, read_json(user_path), os.path.basename(user_path))
        except DataError as e:
            warnings.append(f"{user_path}: {e.problems[0]} (file skipped)")
            continue
        problems = check_references(merged)
        if problems:
            warnings.append(f"{user_path}: {problems[0]} (file skipped)")
            continue
        doc = merged
    return doc, warnings
