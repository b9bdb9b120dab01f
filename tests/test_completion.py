"""Shell completion through Typer's protocol, answered by awsref's own completer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awsref import completion
from conftest import proc


def complete_bash(line: str) -> list[str]:
    words = line.split(" ")
    result = proc(
        env={"_AWSREF_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def completion_script(shell: str) -> str:
    """Typer's script for ``shell`` (shell detection off, so the shell can be named)."""
    env = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = proc("--show-completion", shell, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def put_awsref_on_path(folder: Path) -> None:
    """An ``awsref`` executable in ``folder`` that runs this interpreter's awsref."""
    shim = folder / "awsref"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m awsref "$@"\n')
    shim.chmod(0o755)


def test_bash_completes_subcommands() -> None:
    commands = ["limit", "compare", "define", "show", "search", "list", "exam", "stats", "calc"]
    commands += ["quiz", "progress", "export", "usage", "validate"]
    assert complete_bash("awsref ") == commands


def test_bash_completes_services_after_limit() -> None:
    assert complete_bash("awsref limit sq") == ["sqs"]


def test_bash_completes_the_limits_of_the_chosen_service() -> None:
    found = complete_bash("awsref limit sqs ")
    assert "message-size" in found
    assert "visibility-timeout" in found


def test_bash_completes_terms_after_define() -> None:
    assert "visibility-timeout" in complete_bash("awsref define visib")


def test_bash_completes_output_formats() -> None:
    assert complete_bash("awsref show sqs -o ") == ["table", "text", "json", "markdown"]


def test_compare_completes_comparison_subjects_and_services() -> None:
    found = complete_bash("awsref compare mem")
    assert "memcached" in found
    assert "sqs" in complete_bash("awsref compare sq")


def test_alias_prefix_completes_to_the_service_id() -> None:
    assert complete_bash("awsref show ddb") == ["dynamodb"]


def test_fuzzy_completion_when_no_prefix_matches() -> None:
    assert "dynamodb" in complete_bash("awsref show dynmodb")


def test_zsh_candidates_carry_descriptions() -> None:
    env = {"_AWSREF_COMPLETE": "complete_zsh_pairs", "_TYPER_COMPLETE_ARGS": "awsref limit dyn"}
    result = proc(env=env)
    assert result.stdout.startswith("dynamodb\tDynamoDB")


def test_zsh_falls_back_to_files_when_nothing_matches() -> None:
    env = {"_AWSREF_COMPLETE": "complete_zsh_pairs", "_TYPER_COMPLETE_ARGS": "awsref validate "}
    result = proc(env=env)
    assert result.returncode == 0
    assert result.stdout.strip() == ""  # no candidates: the script offers files


def test_fish_candidates_are_tab_separated_with_descriptions() -> None:
    env = {
        "_AWSREF_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": "awsref limit sqs message-",
    }
    lines = proc(env=env).stdout.splitlines()
    assert any(line.startswith("message-size\t") for line in lines)


def test_fish_is_args_exit_status_says_whether_there_are_candidates() -> None:
    env = {"_AWSREF_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "is-args"}
    assert proc(env={**env, "_TYPER_COMPLETE_ARGS": "awsref show s"}).returncode == 0
    assert proc(env={**env, "_TYPER_COMPLETE_ARGS": "awsref search "}).returncode == 1


def test_completer_knows_every_typer_command() -> None:
    from awsref.cli import app

    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    names |= {g.name for g in app.registered_groups}
    assert names == set(completion.COMMANDS)


def test_completer_knows_every_calculator() -> None:
    from awsref.calc import FUNCTIONS

    assert {(s, c) for s, calcs in completion.CALCULATORS.items() for c in calcs} == set(FUNCTIONS)
    assert completion.candidates(["calc"], "dy") == [("dynamodb", "rcu, wcu")]
    assert [v for v, _ in completion.candidates(["calc", "dynamodb"], "")] == ["rcu", "wcu"]


def test_completer_formats_and_list_kinds_match_the_commands() -> None:
    from awsref.cli import Output
    from awsref.lookup import LIST_KINDS

    assert [o.value for o in Output] == list(completion.FORMATS)
    assert list(LIST_KINDS) == list(completion.LIST_KINDS)


def test_split_arg_string_tolerates_an_open_quote() -> None:
    assert completion.split_arg_string("awsref define 'visib") == ["awsref", "define", "visib"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_the_shell(shell: str) -> None:
    assert f"_AWSREF_COMPLETE=complete_{shell}" in completion_script(shell)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_real_bash_sources_the_script_and_fills_compreply(tmp_path: Path) -> None:
    script = completion_script("bash")
    put_awsref_on_path(tmp_path)
    test = f"""
export PATH={tmp_path}:$PATH
{script}
COMP_WORDS=(awsref limit sqs mess)
COMP_CWORD=3
_awsref_completion awsref
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", test], capture_output=True, text=True, timeout=60
    )
    assert "message-size" in out.stdout.split(), out.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
def test_real_zsh_gets_candidates_from_the_protocol(tmp_path: Path) -> None:
    put_awsref_on_path(tmp_path)
    test = (
        f"export PATH={tmp_path}:$PATH; words=(awsref show dyn); CURRENT=3; "
        'env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _AWSREF_COMPLETE=complete_zsh_pairs awsref'
    )
    out = subprocess.run(["zsh", "-f", "-c", test], capture_output=True, text=True, timeout=60)
    assert "dynamodb\t" in out.stdout, out.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish not installed")
def test_real_fish_completes_with_the_generated_script(tmp_path: Path) -> None:
    script = completion_script("fish")
    put_awsref_on_path(tmp_path)
    test = f"set -x PATH {tmp_path} $PATH; {script}; complete -C 'awsref limit sqs message-'"
    out = subprocess.run(["fish", "--no-config", "-c", test], capture_output=True, text=True, timeout=60)
    assert "message-size" in out.stdout, out.stderr


@pytest.mark.parametrize(
    ("args", "typed", "expected"),
    [
        (["define"], "gsi", "global-secondary-index"),
        (["define"], "rcu", "read-capacity-unit"),
        (["limit"], "ddb", "dynamodb"),
        (["limit"], "dynamdb", "dynamodb"),
        (["show"], "lamda", "lambda"),
        (["limit", "sqs"], "mesage", "message-size"),
    ],
)
def test_completion_offers_what_lookup_resolves(args: list[str], typed: str, expected: str) -> None:
    from awsref.completion import candidates

    assert expected in [value for value, _ in candidates(args, typed)]


def test_compare_offers_a_subjects_curated_partners_first() -> None:
    from awsref.completion import candidates

    assert candidates(["compare", "memcached"], "")[0][0] == "redis"


_ALIASES = [
    (a, t["id"])
    for t in json.loads((Path(__file__).parent.parent / "data" / "notes.json").read_text(encoding="utf-8"))[
        "terms"
    ]
    for a in t["aliases"]
    if " " not in a.strip() and len(a) >= 3 and a[0].isalnum()
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_ALIASES))
def test_a_one_word_alias_completes_to_the_term_define_shows(pair: tuple[str, str]) -> None:
    from awsref.completion import candidates
    from awsref.kb import open_kb
    from awsref.lookup import define

    alias, _ = pair
    shown = define(open_kb(), [alias]).data["id"]
    assert shown in [value for value, _ in candidates(["define"], alias)]


def test_a_command_completes_the_options_its_spec_declares() -> None:
    from awsref import spec

    for name, command in spec.COMMANDS.items():
        if command.options is None:
            continue
        offered = {v for v, _ in completion.candidates([name], "-")}
        declared = {flag for o in command.options for flag in spec.OPTIONS[o].flags}
        assert offered == declared | {"--help"}, name


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "sqs", "--section"], ["facts", "limits", "terms", "comparisons"]),
        (["search", "--domain"], ["development", "security", "deployment", "troubleshooting"]),
        (["list", "terms", "-d"], ["development", "security", "deployment", "troubleshooting"]),
        (["limit", "sqs", "-o"], ["table", "text", "json", "markdown"]),
        (["limit", "sqs", "message-size", "--check"], []),  # free text: nothing to offer
    ],
)
def test_an_option_completes_its_values(args: list[str], expected: list[str]) -> None:
    assert [v for v, _ in completion.candidates(args, "")] == expected


def test_an_option_value_is_not_read_as_a_word() -> None:
    offered = completion.candidates(["show", "--section", "limits"], "dynamo")
    assert [v for v, _ in offered][:1] == ["dynamodb"]


def test_exam_completes_the_outline_ids() -> None:
    assert complete_bash("awsref exam D2") == ["D2", "D2.T1", "D2.T2", "D2.T3"]
    assert complete_bash("awsref exam d4.t") == ["D4.T1", "D4.T2", "D4.T3"]


def test_exam_completes_nothing_after_its_id() -> None:
    assert complete_bash("awsref exam D2 ") == []
