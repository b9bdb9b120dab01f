"""Start-up is dominated by imports: each path imports only what it needs.

A real process (warm cache) reports ``sys.modules`` after answering; these are the import
budgets the README and ``bench/startup.py`` rely on.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import run_cache_dir

REPORT = """
import sys
from awsref.entry import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)))
"""
# Never on a lookup's or a completion's way: the Typer app and its Click, the fuzzy
# matcher, the study commands' libraries, the index builder (the cache is warm), and the
# heavier standard modules.
HEAVY = {
    "typer",
    "click",
    "rich",
    "rapidfuzz",
    "pydantic",
    "sqlite3",
    "genanki",
    "platformdirs",
    "awsref.cli",
    "awsref.index",
    "awsref.loader",
    "awsref.schema",
    "re",
    "typing",
    "enum",
    "hashlib",
    "zlib",  # bucket keys are hashed with buckets.crc32, not zlib's (its import costs more)
    "bisect",  # only a typo's correction and search's prefixes need it
    # --account and usage only: the plain lookup path never loads the AWS SDK.
    "boto3",
    "botocore",
    "awsref.account",
}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The run's shared cache directory (conftest), warm for every test here."""
    folder = str(run_cache_dir(tmp_path_factory))
    env = {**os.environ, "AWSREF_CACHE_DIR": folder, "AWSREF_NOTES_DIR": ""}
    subprocess.run([sys.executable, "-m", "awsref", "stats"], env=env, capture_output=True, timeout=60)
    return folder


def modules(cache: str, *argv: str, env: dict[str, str] | None = None) -> set[str]:
    full = {**os.environ, "AWSREF_CACHE_DIR": cache, "AWSREF_NOTES_DIR": "", **(env or {})}
    run = [sys.executable, "-c", REPORT, *argv]
    result = subprocess.run(run, env=full, capture_output=True, text=True, timeout=60)
    return set(result.stderr.rsplit("\nMODULES ", 1)[1].split())


def top(names: set[str]) -> set[str]:
    return names | {n.split(".")[0] for n in names if not n.startswith("awsref.")}


def test_a_piped_search_imports_nothing_heavy_but_bisect(cache: str) -> None:
    """Its prefixes need ``bisect``; nothing else (``typing`` alone would cost about 10 ms)."""
    loaded = top(modules(cache, "search", "message", "size"))
    assert not loaded & (HEAVY - {"bisect"}), sorted(loaded & HEAVY)


@pytest.mark.parametrize(
    "argv",
    [
        ["limit", "sqs", "message-size"],
        ["limit", "sqs", "message-size", "-o", "text"],
        ["define", "visibility", "timeout", "-o", "markdown"],
        ["show", "dynamodb"],
        ["sqs", "vs", "sns"],
        ["limit", "lambda", "L-B99A9384"],
        ["sqs", "message", "size"],
        ["compare", "memcached", "redis"],
    ],
    ids=" ".join,
)
def test_a_piped_lookup_imports_nothing_heavy(argv: list[str], cache: str) -> None:
    loaded = top(modules(cache, *argv))
    assert not loaded & HEAVY, sorted(loaded & HEAVY)
    assert "json" not in loaded


@pytest.mark.parametrize(
    "argv",
    [
        ["limit", "sqs", "message-size"],
        ["define", "visibility", "timeout"],
        ["show", "dynamodb"],
        ["sqs", "message", "size"],
        ["compare", "memcached", "redis"],
    ],
    ids=" ".join,
)
def test_a_lookup_by_exact_names_never_loads_the_resolver(argv: list[str], cache: str) -> None:
    """Names word for word are found by key: the resolver and its lexicon are for the rest."""
    loaded = modules(cache, *argv)
    assert not loaded & {"awsref.resolve", "awsref.lexicon"}, sorted(
        loaded & {"awsref.resolve", "awsref.lexicon"}
    )


def test_a_limit_named_word_for_word_loads_no_matching_at_all(cache: str) -> None:
    loaded = modules(cache, "limit", "sqs", "message-size")
    assert not loaded & {"awsref.names", "awsref.resolve", "awsref.lexicon"}


def test_json_output_adds_json_and_nothing_heavy(cache: str) -> None:
    loaded = top(modules(cache, "limit", "sqs", "message-size", "-o", "json"))
    assert "json" in loaded
    allowed = {"re", "enum"}  # the json package's own imports
    assert not loaded & (HEAVY - allowed), sorted(loaded & HEAVY)


def test_a_table_adds_rich_and_nothing_else_heavy(cache: str) -> None:
    loaded = top(modules(cache, "limit", "sqs", "message-size", "-o", "table"))
    assert "rich" in loaded
    assert not loaded & (HEAVY - {"rich", "re", "typing", "enum", "bisect"}), sorted(loaded & HEAVY)


@pytest.mark.parametrize(
    "env",
    [
        {"_AWSREF_COMPLETE": "complete_bash", "COMP_WORDS": "awsref limit sqs ", "COMP_CWORD": "3"},
        {"_AWSREF_COMPLETE": "complete_zsh_pairs", "_TYPER_COMPLETE_ARGS": "awsref define visib"},
    ],
    ids=["bash", "zsh"],
)
def test_tab_completion_imports_nothing_heavy(env: dict[str, str], cache: str) -> None:
    loaded = top(modules(cache, env=env))
    assert not loaded & (HEAVY | {"json", "awsref.lookup", "awsref.output"}), sorted(loaded & HEAVY)


@pytest.mark.parametrize(
    "argv",
    [["define", "visibilty", "timeout"], ["define", "flibbertigibbet"], ["limit", "sqs", "flibber"]],
    ids=" ".join,
)
def test_a_typo_or_a_miss_imports_neither_the_fuzzy_matcher_nor_typer(argv: list[str], cache: str) -> None:
    """Typo correction and "did you mean" use ``similarity``: rapidfuzz's scores without it."""
    loaded = top(modules(cache, *argv))
    assert not loaded & {"rapidfuzz", "typer", "click", "rich", "awsref.cli"}, sorted(loaded & HEAVY)


@pytest.mark.parametrize(
    "argv",
    [["limit", "sqs", "message-size", "--check", "300KB"], ["limit", "lambda", "concurrency", "--help"]],
    ids=" ".join,
)
def test_the_full_parser_never_loads_the_aws_sdk_without_account(argv: list[str], cache: str) -> None:
    loaded = top(modules(cache, *argv))
    assert "awsref.cli" in loaded
    assert not loaded & {"boto3", "botocore", "awsref.account"}


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["help", "limit"],
        ["calc", "dynamodb", "rcu", "--item-size", "6KB", "--reads", "10"],
        ["calc", "--help"],
        ["quiz", "-n", "1", "--reveal", "--seed", "3"],
        ["progress"],
        ["limit", "sqs", "--bogus"],
        ["export", "csv", "--service", "sqs"],
    ],
    ids=" ".join,
)
def test_help_calc_and_the_study_commands_never_import_typer_or_click(argv: list[str], cache: str) -> None:
    loaded = top(modules(cache, *argv))
    assert "awsref.cli" in loaded  # the full parser ran
    assert not loaded & {"typer", "click", "rich", "boto3"}, sorted(loaded & {"typer", "click", "rich"})


def test_help_imports_nothing_of_the_knowledge_base(cache: str) -> None:
    loaded = top(modules(cache, "--help"))
    assert not loaded & (HEAVY - {"awsref.cli"} | {"awsref.kb", "awsref.lookup", "json"}), sorted(
        loaded & HEAVY
    )
