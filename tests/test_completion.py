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

from awsref import completion, spec
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


def test_completer_knows_every_command_of_the_spec() -> None:
    from awsref import spec_commands

    assert list(completion.COMMANDS) == list(spec_commands.COMMANDS)
    assert [v for v, _ in completion.candidates([], "")] == list(spec_commands.COMMANDS)


def test_completer_knows_every_calculator() -> None:
    from awsref.calc import FUNCTIONS

    assert {(s, c) for s, calcs in completion.CALCULATORS.items() for c in calcs} == set(FUNCTIONS)
    assert completion.candidates(["calc"], "dy") == [("dynamodb", "rcu, wcu")]
    assert [v for v, _ in completion.candidates(["calc", "dynamodb"], "")] == ["rcu", "wcu"]


def test_completer_formats_and_list_kinds_are_the_specs() -> None:
    from awsref import spec

    assert [v for v, _ in completion.candidates(["show", "sqs", "-o"], "")] == list(spec.FORMATS)
    assert [v for v, _ in completion.candidates(["list"], "")] == list(spec.LIST_KINDS)


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
    from awsref import spec_commands

    for name, command in spec_commands.COMMANDS.items():
        if command.group:
            continue
        offered = {v for v, _ in completion.candidates([name], "-")}
        declared = {flag for o in command.options for flag in o.flags}
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


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_bash_script_is_silent_when_awsref_is_no_longer_installed(tmp_path: Path) -> None:
    script = completion_script("bash")
    test = f"""
export PATH={tmp_path}
{script}
COMP_WORDS=(awsref limit sq)
COMP_CWORD=2
_awsref_completion awsref
echo "candidates=${{#COMPREPLY[@]}}"
"""
    bash = shutil.which("bash")
    assert bash is not None
    out = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", test], capture_output=True, text=True, timeout=60
    )
    assert out.stdout == "candidates=0\n"
    assert out.stderr == ""


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish not installed")
def test_fish_script_is_silent_when_awsref_is_no_longer_installed(tmp_path: Path) -> None:
    script = completion_script("fish")
    fish = shutil.which("fish")
    assert fish is not None
    test = f"set -x PATH {tmp_path}; {script}; complete -C 'awsref compare memcached '"
    out = subprocess.run(
        [fish, "--no-config", "-c", test], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert out.stderr == ""


def test_bash_script_keeps_awsrefs_order_of_candidates() -> None:
    assert "compopt -o nosort" in completion_script("bash")


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish not installed")
def test_real_fish_keeps_the_curated_partner_first(tmp_path: Path) -> None:
    script = completion_script("fish")
    put_awsref_on_path(tmp_path)
    test = f"set -x PATH {tmp_path} $PATH; {script}; complete -C 'awsref compare memcached '"
    out = subprocess.run(["fish", "--no-config", "-c", test], capture_output=True, text=True, timeout=60)
    assert out.stdout.split("\t", 1)[0] == "redis", out.stdout[:200]


def values(args: list[str], typed: str = "") -> list[str]:
    return [value for value, _ in completion.candidates(args, typed)]


@pytest.mark.parametrize(
    ("service", "name"), [(s, c) for s, group in completion.CALCULATORS.items() for c in group]
)
def test_each_calculator_offers_exactly_its_spec_options(service: str, name: str) -> None:
    from awsref import spec_commands

    command = spec_commands.COMMANDS["calc"].group[service].group[name]
    declared = {flag for o in command.options for flag in o.flags}
    assert set(values(["calc", service, name], "-")) == declared | {"--help"}
    assert "--item-size" not in values(["calc", service], "-")  # no calculator named yet


@pytest.mark.parametrize("command", ["quiz", "progress", "export"])
def test_each_study_command_offers_exactly_its_spec_options(command: str) -> None:
    from awsref import spec_commands

    declared = {flag for o in spec_commands.COMMANDS[command].options for flag in o.flags}
    assert set(values([command], "-")) == declared | {"--help"}


def test_export_never_offers_an_option_it_rejects() -> None:
    assert "-o" not in values(["export"], "-")
    assert "--output" not in values(["export", "csv"], "--")


def test_calculator_and_quiz_options_complete() -> None:
    assert values(["calc", "dynamodb", "rcu"], "--str") == ["--strongly-consistent"]
    assert values(["quiz"], "--rev") == ["--reveal"]
    assert values(["quiz", "-d"], "sec") == ["security"]
    assert values(["quiz", "-o"], "") == ["text", "json"]
    assert values(["export", "csv", "--domain"], "dep") == ["deployment"]


def test_a_calculator_option_value_is_not_read_as_a_word() -> None:
    assert values(["calc", "dynamodb", "rcu", "--item-size"], "") == []
    assert "--reads" in values(["calc", "dynamodb", "rcu", "--item-size", "6KB"], "--r")


def test_quiz_domain_offers_the_exam_domains_and_n_takes_a_number() -> None:
    assert values(["quiz", "--domain"]) == list(spec.DOMAINS)
    assert values(["quiz", "-n"]) == []
    assert values(["quiz", "-n", "5"], "sq") == ["sqs"]


def test_in_offers_units() -> None:
    offered = values(["limit", "lambda", "timeout", "--in"])
    assert {"minutes", "bytes", "KiB", "MB/s", "per minute"} <= set(offered)
    assert values(["limit", "lambda", "timeout", "--in"], "min") == ["minutes"]


def test_color_offers_its_three_values() -> None:
    assert values(["--color"]) == ["auto", "always", "never"]


def test_a_bare_first_word_offers_commands_then_the_services_a_bare_query_names() -> None:
    assert values([], "sq") == ["sqs"]
    assert values([], "li")[:2] == ["limit", "list"]
    assert "lambda" in values([], "l")
    assert values([], "") == list(completion.COMMANDS)


def test_limit_offers_only_services_that_have_limits() -> None:
    from awsref.kb import open_kb

    offered = set(values(["limit"]))
    empty = {sid for sid, _, _, _, count, *_ in open_kb().services if not count}
    assert empty and not offered & empty
    assert "codestar" in values(["show"], "codes")
    assert "codestar" not in values(["limit"], "codes")


@pytest.mark.parametrize("word", ["version", "update", "config", "random"])
def test_a_reserved_word_is_never_completed_as_a_query(word: str) -> None:
    assert values([word]) == []


def test_help_completes_command_names() -> None:
    assert values(["help"], "ca") == ["calc"]


def test_limit_of_a_service_without_limits_says_so_and_points_to_its_card(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from conftest import entry_run

    result = entry_run("limit", "codestar", "-o", "table", capsys=capsys)
    assert result.code == 1
    assert result.out == ""
    assert "awsref: error: the knowledge base has no CodeStar limits" in result.err
    assert "(awsref show codestar)" in result.err


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish not installed")
@pytest.mark.parametrize(
    ("line", "expected"), [("awsref limit sqs message-", "message-size"), ("awsref search ", "")]
)
def test_fish_calls_awsref_once_per_tab(tmp_path: Path, line: str, expected: str) -> None:
    script = completion_script("fish")
    log = tmp_path / "calls"
    shim = tmp_path / "awsref"
    shim.write_text(f'#!/bin/sh\necho call >> {log}\nexec {sys.executable} -m awsref "$@"\n')
    shim.chmod(0o755)
    test = f"set -x PATH {tmp_path} $PATH; {script}; complete -C '{line}'"
    out = subprocess.run(
        ["fish", "--no-config", "-c", test], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert expected in out.stdout, out.stderr
    assert log.read_text().count("call") == 1


def test_tab_after_an_exact_service_id_reads_no_names_table(sections_read: list[str]) -> None:
    read = sections_read
    assert "message-size" in values(["limit", "sqs"], "mess")
    assert "redis" in values(["compare", "memcached"], "")
    assert not [name for name in read if name.startswith("names")], read


def test_tab_after_compare_reads_the_subject_s_comparisons_not_every_comparison(
    sections_read: list[str],
) -> None:
    # What TAB reads must not grow with the knowledge base: the partners come from the
    # subject's own comparisons, a typed prefix from one names-by-prefix bucket.
    assert values(["compare", "memcached"], "")[0] == "redis"
    assert "memcached" in values(["compare"], "mem")
    assert "list:comparisons" not in sections_read
    assert "names" not in sections_read
