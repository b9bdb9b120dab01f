"""What users see, as golden files: every kind of answer in every output format.

Each case is one kind of answer (a limit, an ambiguous limit, a service card, a miss, ...);
each is rendered as a table on an 80-column terminal without colour, as text, as JSON and
as Markdown, and compared byte for byte with ``tests/golden/formats/KIND.FORMAT``. A case
that fails keeps its own exit status and its stderr in ``KIND.FORMAT.stderr``. Run with
``AWSREF_UPDATE_GOLDEN=1`` to rewrite the files after a deliberate change, and read the diff.

The pages are rendered from the frozen fixture knowledge base (``tests/data/fixture-kb.json``,
tlrc's fixture-page approach), so adding data changes no golden file; every case is also run
once on the live knowledge base as a smoke test (its exit status and a non-empty page).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from awsref.spec import EXIT, FORMATS
from conftest import FIXTURE, entry_run

GOLDEN = Path(__file__).parent / "golden" / "formats"
ALL = tuple(FORMATS)
OK, NOT_FOUND, USAGE = EXIT["OK"], EXIT["NOT_FOUND"], EXIT["USAGE"]


class Case:
    """One kind of answer: the command line, the formats it has and its exit status."""

    def __init__(self, argv: list[str], formats: tuple[str, ...] = ALL, code: int = OK) -> None:
        self.argv = argv
        self.formats = formats
        self.code = code


CASES = {
    "limit": Case(["limit", "sqs", "message-size"]),
    "limit-ambiguous": Case(["limit", "kinesis", "shard", "throughput"]),
    "limit-unverified": Case(["limit", "kms", "key", "policy", "size"]),
    "limit-check": Case(["limit", "sqs", "message-size", "--check", "300KB"]),
    "limit-check-fails": Case(["limit", "sqs", "message-size", "--check", "2MB"], code=NOT_FOUND),
    "limit-in": Case(["limit", "lambda", "timeout", "--in", "minutes"]),
    "limit-by-code": Case(["limit", "lambda", "L-B99A9384"]),
    "limits": Case(["limit", "lambda"]),
    "limit-fact": Case(["limit", "dynamodb", "ttl", "deletion"]),
    "define": Case(["define", "visibility", "timeout"]),
    "define-service": Case(["define", "sam"]),
    "show": Case(["show", "sqs"]),
    "show-term": Case(["show", "gsi"]),
    "show-section": Case(["show", "dynamodb", "--section", "limits"]),
    "compare": Case(["compare", "memcached", "redis"]),
    "compare-uncurated": Case(["compare", "lambda", "fargate"]),
    "search": Case(["search", "exponential", "backoff"]),
    "search-domain": Case(["search", "encryption", "--domain", "security"]),
    "ask-limit": Case(["sqs", "message", "size"]),
    "ask-compare": Case(["sqs", "vs", "sns"]),
    "list": Case(["list", "comparisons"]),
    "list-services": Case(["list", "services"]),
    "list-terms-domain": Case(["list", "terms", "--domain", "deployment"]),
    "list-quotas": Case(["list", "quotas"]),
    "list-quotas-service": Case(["list", "quotas", "kms", "--adjustable"]),
    "stats": Case(["stats"]),
    "exam": Case(["exam"]),
    "exam-task": Case(["exam", "D2.T3"]),
    "calc": Case(["calc", "dynamodb", "rcu", "--item-size", "6KB", "--reads", "10"]),
    "calc-kinesis": Case(["calc", "kinesis", "shards", "--write", "5MB/s", "--records", "3000/s"]),
    "validate": Case(["validate"]),
    "not-found": Case(["define", "flibbertigibbet"], code=NOT_FOUND),
    "no-such-service": Case(["limit", "nosuchservice", "size"], code=NOT_FOUND),
    "usage-error": Case(["compare", "sqs"], code=USAGE),
    "quiz-reveal": Case(["quiz", "sqs", "-n", "3", "--seed", "7", "--reveal"], formats=("text", "json")),
    "progress": Case(["progress", "sqs"]),
}
MATRIX = [(name, fmt) for name, case in CASES.items() for fmt in case.formats]


def render(argv: list[str], fmt: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``awsref ARGV -o FMT`` on an 80-column terminal."""
    result = entry_run(*argv, "-o", fmt, capsys=capsys)
    return result.code, result.out, result.err


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")
    # Relative directories, so that the paths awsref prints are the same on every machine.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.d").mkdir()
    monkeypatch.setenv("AWSREF_NOTES_DIR", "notes.d")  # empty
    monkeypatch.setenv("AWSREF_DATA_DIR", "study")  # no progress yet
    monkeypatch.setenv("AWSREF_DATA", str(FIXTURE))


def check_golden(path: Path, actual: str) -> None:
    if os.environ.get("AWSREF_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        if actual:
            path.write_text(actual, encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
        return
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    assert actual == expected, f"{path.name} differs; AWSREF_UPDATE_GOLDEN=1 rewrites it"


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(("name", "fmt"), MATRIX, ids=[f"{n}.{f}" for n, f in MATRIX])
def test_every_kind_in_every_format_matches_its_golden_file(
    name: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    code, out, err = render(case.argv, fmt, capsys)
    assert code == case.code, err
    if fmt == "json" and out:
        assert json.loads(out)["version"] == 1
    check_golden(GOLDEN / f"{name}.{fmt}", out)
    check_golden(GOLDEN / f"{name}.{fmt}.stderr", err)


def test_every_format_of_the_spec_is_in_the_matrix() -> None:
    assert {fmt for _, fmt in MATRIX} == set(FORMATS)


def test_no_golden_file_is_left_without_its_case() -> None:
    expected = {f"{n}.{f}" for n, f in MATRIX}
    for path in GOLDEN.iterdir():
        assert path.name.removesuffix(".stderr") in expected, f"{path.name} is stale"


@pytest.mark.parametrize("name", list(CASES))
def test_every_kind_answers_on_the_live_knowledge_base(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AWSREF_PAGER", "never")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AWSREF_DATA_DIR", "study")
    monkeypatch.delenv("AWSREF_DATA", raising=False)
    case = CASES[name]
    fmt = "text" if "text" in case.formats else case.formats[0]
    result = entry_run(*case.argv, "-o", fmt, capsys=capsys)
    assert result.code == case.code, result.err
    assert result.out or result.err
