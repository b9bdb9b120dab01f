"""Nothing a file, a stream or a shared directory can do breaks awsref or its user (issue 14).

Every test here reproduces one of the issue's findings with real processes: closed
descriptors, /dev/full, FIFOs, hostile notes and data files, a cache directory someone
else can write to, and a real zsh driven through zpty for the completion injection.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from awsref import pack as pack_file
from conftest import DATA, small_document

PY = [sys.executable, "-m", "awsref"]
SQS_SIZE = ["limit", "sqs", "message-size"]


def run(
    *args: str,
    env: dict[str, str] | None = None,
    close: tuple[int, ...] = (),
    stdout: object = subprocess.PIPE,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """``python -m awsref ARGS`` as a real process; ``close`` names descriptors closed in it."""

    def closer() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run(
        [*PY, *args],
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=None if 1 in close else stdout,
        stderr=None if 2 in close else subprocess.PIPE,
        preexec_fn=closer if close else None,
        timeout=timeout,
    )


def text(b: bytes | None) -> str:
    return (b or b"").decode("utf-8", "replace")


# ---------------------------------------------------------------- streams and exit codes


def test_closed_stdout_is_an_io_error_not_an_internal_error() -> None:
    result = run(*SQS_SIZE, close=(1,))
    assert result.returncode == 74
    err = text(result.stderr)
    assert err == "awsref: error: cannot write the output: standard output is closed\n"


def test_closed_stdout_does_not_change_a_miss() -> None:
    result = run("limit", "sqs", "zzqxv", close=(1,))
    assert result.returncode == 1
    assert "no SQS limit matches" in text(result.stderr)
    assert "internal error" not in text(result.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json", "table", "markdown"])
def test_a_full_device_is_one_line_and_exit_74(fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        result = run(*SQS_SIZE, "-o", fmt, stdout=full)
    assert result.returncode == 74
    err = text(result.stderr)
    assert err == "awsref: error: cannot write the output: No space left on device\n"
    assert "Exception ignored" not in err and "report" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_help_on_a_full_device_is_exit_74() -> None:
    with open("/dev/full", "wb") as full:
        result = run("--help", stdout=full)
    assert result.returncode == 74
    assert "Exception ignored" not in text(result.stderr)


@pytest.mark.parametrize(
    "args", [["list", "limits", "-o", "table"], ["list", "limits"], ["--help"], ["limit", "--help"]]
)
def test_output_closed_early_exits_0(args: list[str]) -> None:
    # `true` never reads: every write of awsref meets a closed pipe (the `| head -c1` case).
    cmd = " ".join([*PY, *args]) + " | true; echo ${PIPESTATUS[0]}"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "0", result.stderr
    assert result.stderr == ""


def test_head_c1_on_a_table_exits_0() -> None:
    cmd = " ".join([*PY, "list", "limits", "-o", "table"]) + " | head -c1 >/dev/null; echo ${PIPESTATUS[0]}"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "0", result.stderr


@pytest.mark.parametrize("args", [["compare", "sqs"], ["limit"], ["list", "nope"], ["--bogus"]])
def test_with_stderr_closed_usage_errors_never_reach_stdout(args: list[str]) -> None:
    result = run(*args, close=(2,))
    assert result.returncode == 2
    assert result.stdout == b""


def test_with_stderr_closed_an_answer_is_unchanged() -> None:
    result = run(*SQS_SIZE, close=(2,))
    assert result.returncode == 0
    assert result.stdout.startswith(b"limit\tsqs\tmessage-size")


# ---------------------------------------------------------------- input bounds


def test_a_100000_word_query_is_refused_fast_with_a_bounded_echo() -> None:
    words = ["size"] * 100_000
    for command in ("search", "compare", "limit"):
        start = time.monotonic()
        result = run(command, *words)
        assert time.monotonic() - start < 10
        assert result.returncode == 2
        assert "too long" in text(result.stderr)
        assert len(result.stderr) < 300


def test_a_128_kib_argument_is_refused_fast() -> None:
    start = time.monotonic()
    result = run("define", "x" * (128 * 1024 - 1))  # the largest single argument Linux passes
    assert time.monotonic() - start < 10
    assert result.returncode == 2
    assert len(result.stderr) < 300


# ---------------------------------------------------------------- data and notes files

# The data-file tests edit a copy of the small knowledge base (conftest): what a hostile data
# file does does not depend on how much good data surrounds the damage.
GOOD = json.loads(small_document())
NOTE_TERM = {
    "id": "team-term",
    "term": "Team term",
    "aliases": [],
    "services": ["sqs"],
    "definition": "A term of ours.",
    "see_also": [],
}


@pytest.fixture
def home(tmp_path: Path, small_data: Path) -> dict[str, str]:
    """A private cache and notes directory for one real process, on the small knowledge base
    (conftest), so that each cold build these tests cause costs a tenth of the packaged one."""
    (tmp_path / "notes").mkdir()
    return {
        "AWSREF_CACHE_DIR": str(tmp_path / "cache"),
        "AWSREF_NOTES_DIR": str(tmp_path / "notes"),
        "AWSREF_DATA": str(small_data),
    }


@pytest.fixture(scope="session")
def built_pack(tmp_path_factory: pytest.TempPathFactory, small_data: Path) -> Path:
    """A pack a real process wrote for the small data and no notes (once per worker)."""
    cache = tmp_path_factory.mktemp("built") / "cache"
    env = {
        **os.environ,
        "AWSREF_CACHE_DIR": str(cache),
        "AWSREF_NOTES_DIR": "",
        "AWSREF_DATA": str(small_data),
    }
    subprocess.run([*PY, "stats"], env=env, capture_output=True, timeout=60, check=True)
    (pack,) = cache.glob("kb-*.pack")
    return pack


@pytest.fixture
def warm_home(home: dict[str, str], built_pack: Path) -> dict[str, str]:
    """``home`` with that pack already in its cache, as after a first run: for the tests
    about what happens to an existing pack, which need not pay for building one."""
    cache = Path(home["AWSREF_CACHE_DIR"])
    cache.mkdir(mode=0o700)
    shutil.copy2(built_pack, cache / built_pack.name)
    return home


def notes_file(env: dict[str, str], name: str, content: str | bytes) -> Path:
    path = Path(env["AWSREF_NOTES_DIR"]) / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def data_file(tmp_path: Path, content: str) -> str:
    path = tmp_path / "kb.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def with_limit_value(raw_value: str) -> str:
    """The packaged knowledge base with SQS's first limit value spelled ``raw_value``."""
    doc = json.loads(json.dumps(GOOD))
    doc["services"][[s["id"] for s in doc["services"]].index("sqs")]["limits"][0]["value"] = 424242
    return json.dumps(doc).replace("424242", raw_value, 1)


def note_limit(value: str, extra: str = "") -> str:
    return (
        '{"services": [{"id": "sqs", "limits": [{"id": "team-limit", "name": "Team limit", '
        f'"aliases": [], "value": {value},{extra} "unit": "count", "display": "5", "scope": "per team", '
        '"adjustable": false, "source": "https://docs.aws.amazon.com/x", "as_of": "2026-01-01"}]}]}'
    )


HOSTILE_NUMBERS = {
    "5000-digits": "9" * 5000,
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e999": "1e999",
    "long-float": "1." + "0" * 5000,
}


@pytest.mark.parametrize("number", list(HOSTILE_NUMBERS.values()), ids=list(HOSTILE_NUMBERS))
def test_a_hostile_number_in_notes_is_skipped_with_a_warning(number: str, home: dict[str, str]) -> None:
    from awsref import loader

    path = str(notes_file(home, "bad.json", note_limit(number)))
    doc, warnings, _ = loader.load_merged(home["AWSREF_DATA"], [path])
    assert [w for w in warnings if "bad.json" in w] == [w for w in warnings if "(file skipped)" in w]
    assert len(warnings) == 1
    sqs = next(s for s in doc["services"] if s["id"] == "sqs")
    assert "team-limit" not in [limit["id"] for limit in sqs["limits"]]
    assert loader.check_user_file(path, loader.load_document(home["AWSREF_DATA"]))


def test_a_skipped_notes_file_warns_once_on_every_path_of_a_real_process(home: dict[str, str]) -> None:
    notes_file(home, "bad.json", note_limit("NaN"))
    for args in (SQS_SIZE, ["list"], ["limit", "sqs", "-o", "json"]):
        result = run(*args, env=home)
        assert result.returncode == 0, result.stderr
        assert text(result.stderr).count("bad.json") == 1
        assert "(file skipped)" in text(result.stderr)
    out = run("limit", "sqs", "-o", "json", env=home).stdout
    json.loads(out, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))
    completion = run(
        env={**home, "_AWSREF_COMPLETE": "complete_bash", "COMP_WORDS": "awsref limit sq", "COMP_CWORD": "2"}
    )
    assert completion.returncode == 0 and completion.stdout.split() == [b"sqs"]
    result = run("validate", env=home)
    assert result.returncode == 3
    assert b"bad.json\tinvalid" in result.stdout or b"problem" in result.stdout


@pytest.mark.parametrize("number", list(HOSTILE_NUMBERS.values()), ids=list(HOSTILE_NUMBERS))
def test_a_hostile_number_in_the_data_file_is_exit_3(number: str, tmp_path: Path) -> None:
    result = run(*SQS_SIZE, env={"AWSREF_DATA": data_file(tmp_path, with_limit_value(number))})
    assert result.returncode == 3
    assert "kb.json" in text(result.stderr)
    assert "internal error" not in text(result.stderr)


def test_with_stderr_closed_a_broken_notes_file_changes_nothing(home: dict[str, str]) -> None:
    clean = run(*SQS_SIZE, env=home)
    notes_file(home, "bad.json", note_limit("9" * 5000))
    for bad in ("{ not json", note_limit("NaN"), '{"terms": ' + "[" * 2000 + "]" * 2000 + "}"):
        notes_file(home, "bad.json", bad)
        result = run(*SQS_SIZE, env=home, close=(2,))
        assert result.returncode == 0
        assert result.stdout == clean.stdout


def test_a_duplicate_key_in_notes_is_refused(home: dict[str, str]) -> None:
    path = notes_file(home, "dup.json", note_limit("5", ' "value": 7,'))
    result = run("limit", "sqs", "-o", "text", env=home)
    assert result.returncode == 0
    assert "team-limit" not in text(result.stdout)  # the file was skipped
    assert "key 'value' appears twice" in text(result.stderr)
    result = run("validate", str(path), "-o", "text", env=home)
    assert result.returncode == 3
    assert "appears twice" in text(result.stdout)


def test_a_duplicate_top_level_section_in_the_data_file_is_exit_3(tmp_path: Path) -> None:
    raw = json.dumps(GOOD)
    twice = raw[:-1] + ', "comparisons": []}'
    result = run(*SQS_SIZE, env={"AWSREF_DATA": data_file(tmp_path, twice)})
    assert result.returncode == 3
    assert "key 'comparisons' appears twice" in text(result.stderr)


def test_a_notes_limit_may_not_reuse_a_packaged_id(home: dict[str, str]) -> None:
    reused = json.loads(note_limit("5"))
    reused["services"][0]["limits"][0]["id"] = "message-size"
    path = notes_file(home, "reuse.json", json.dumps(reused))
    result = run("validate", str(path), "-o", "text", env=home)
    assert result.returncode == 3
    assert "already has a limit 'message-size'" in text(result.stdout)
    listing = run("limit", "sqs", "-o", "text", env=home)
    assert listing.returncode == 0
    assert [line.split("\t")[2] for line in text(listing.stdout).splitlines()].count("message-size") == 1
    assert "reuse.json" in text(listing.stderr)


@pytest.mark.parametrize("where", ["notes", "data"])
def test_deep_nesting_under_a_128_kib_stack_is_a_clean_error(
    where: str, home: dict[str, str], tmp_path: Path
) -> None:
    deep = '{"terms": ' + "[" * 990 + "]" * 990 + "}"
    env = dict(home)
    if where == "notes":
        notes_file(home, "deep.json", deep)
    else:
        env["AWSREF_DATA"] = data_file(tmp_path, deep)
    cmd = "ulimit -s 128; exec " + " ".join([*PY, *SQS_SIZE])
    result = subprocess.run(
        ["bash", "-c", cmd], env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == (0 if where == "notes" else 3), result.stderr
    assert "nested more than 32 levels deep" in result.stderr


def test_brackets_inside_strings_do_not_count_as_nesting(home: dict[str, str]) -> None:
    term = dict(NOTE_TERM, definition="[[[[{{{{" * 50 + ' \\" [[[ \\\\')
    notes_file(home, "brackets.json", json.dumps({"terms": [term]}))
    result = run("define", "team-term", env=home)
    assert result.returncode == 0, result.stderr
    assert text(result.stderr) == ""


@pytest.mark.parametrize("label", ["\x1b[2Jx", "a\nb", "tab\there", "bidi\u202eevil", "nul\x00"])
def test_control_characters_in_labels_fail_validation(label: str, home: dict[str, str]) -> None:
    for field in ("term", "aliases"):
        term = dict(NOTE_TERM, **{field: [label] if field == "aliases" else label})
        path = notes_file(home, "ctl.json", json.dumps({"terms": [term]}))
        result = run("validate", str(path), "-o", "text", env=home)
        assert result.returncode == 3
        assert "control character" in text(result.stdout)


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["fifo", "symlink-to-fifo", "dev-zero", "huge"])
def test_a_data_file_that_is_not_a_small_regular_file_is_exit_3(kind: str, tmp_path: Path) -> None:
    if kind == "fifo":
        path = str(make_fifo(tmp_path / "kb.json"))
    elif kind == "symlink-to-fifo":
        make_fifo(tmp_path / "fifo")
        (tmp_path / "kb.json").symlink_to(tmp_path / "fifo")
        path = str(tmp_path / "kb.json")
    elif kind == "dev-zero":
        path = "/dev/zero"
    else:
        path = str(tmp_path / "kb.json")
        with open(path, "wb") as f:
            f.truncate(300 * 1024 * 1024)  # sparse: 300 MB on paper, over the 32 MiB cap
    start = time.monotonic()
    result = run(*SQS_SIZE, env={"AWSREF_DATA": path}, timeout=30)
    assert time.monotonic() - start < 20
    assert result.returncode == 3
    err = text(result.stderr)
    assert "not a regular file" in err or "larger than the 32 MiB limit" in err
    result = run("validate", path, timeout=30)
    assert result.returncode == 3


def test_a_fifo_or_device_in_the_notes_dir_is_skipped_with_a_warning(home: dict[str, str]) -> None:
    make_fifo(Path(home["AWSREF_NOTES_DIR"]) / "fifo.json")
    (Path(home["AWSREF_NOTES_DIR"]) / "zero.json").symlink_to("/dev/zero")
    result = run(*SQS_SIZE, env=home, timeout=30)
    assert result.returncode == 0
    assert "fifo.json: is not a regular file" in text(result.stderr)
    assert "zero.json: is not a regular file" in text(result.stderr)


def test_a_notes_file_over_the_cap_is_skipped(home: dict[str, str]) -> None:
    path = Path(home["AWSREF_NOTES_DIR"]) / "big.json"
    with open(path, "wb") as f:
        f.truncate(5 * 1024 * 1024)
    result = run(*SQS_SIZE, env=home)
    assert result.returncode == 0
    assert "big.json: is larger than the 4 MiB limit" in text(result.stderr)


def test_an_unusable_notes_dir_warns(tmp_path: Path, small_data: Path) -> None:
    not_a_dir = tmp_path / "notes-file"
    not_a_dir.write_text("{}")
    env = {
        "AWSREF_CACHE_DIR": str(tmp_path / "cache"),
        "AWSREF_NOTES_DIR": str(not_a_dir),
        "AWSREF_DATA": str(small_data),
    }
    result = run(*SQS_SIZE, env=env)
    assert result.returncode == 0
    assert "the notes directory is not a directory" in text(result.stderr)
    assert "the notes directory is not a directory" in text(run(*SQS_SIZE, env=env).stderr)  # warm too


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_an_unreadable_notes_dir_warns(home: dict[str, str]) -> None:
    folder = Path(home["AWSREF_NOTES_DIR"])
    folder.chmod(0)
    try:
        result = run(*SQS_SIZE, env=home)
    finally:
        folder.chmod(0o700)
    assert result.returncode == 0
    assert "the notes directory cannot be read" in text(result.stderr)


def test_many_notes_files_do_not_make_a_cold_start_slow(home: dict[str, str]) -> None:
    # The same cold start without notes files first: what 300 files add is measured against
    # it, so a loaded machine (test workers beside this one) slows both alike.
    bare = dict(home, AWSREF_CACHE_DIR=home["AWSREF_CACHE_DIR"] + "-bare", AWSREF_NOTES_DIR="")
    start = time.monotonic()
    assert run("define", "visibility-timeout", env=bare).returncode == 0
    baseline = time.monotonic() - start
    for i in range(300):
        term = dict(NOTE_TERM, id=f"team-term-{i}", term=f"Team term {i}")
        fact = {"topic": "Team", "text": f"Fact {i}."}
        notes_file(
            home, f"n{i:04}.json", json.dumps({"terms": [term], "services": [{"id": "sqs", "facts": [fact]}]})
        )
    start = time.monotonic()
    result = run("define", "team-term-299", env=home)
    cold = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert text(result.stdout).rstrip("\n").endswith("n0299.json")
    assert cold < 2 * baseline + 2  # was about 45 ms per file (13 s for 300)


# ---------------------------------------------------------------- the cache


def only_pack(env: dict[str, str]) -> Path:
    (pack,) = Path(env["AWSREF_CACHE_DIR"]).glob("kb-*.pack")
    return pack


def sqs_name(env: dict[str, str]) -> str:
    result = run("show", "sqs", "-o", "json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["result"]["name"]


def test_the_cache_dir_is_created_private_and_the_pack_is_0600(home: dict[str, str]) -> None:
    assert run(*SQS_SIZE, env=home).returncode == 0
    assert stat.S_IMODE(os.stat(home["AWSREF_CACHE_DIR"]).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(only_pack(home)).st_mode) == 0o600


def test_a_flipped_bit_anywhere_in_the_pack_is_a_miss_never_wrong_text(
    warm_home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A section read from a damaged pack is refused or is exactly what was written:
    three bit flips at 600 places spread over the whole file, checked at the reader on
    the section that holds the damaged byte (and on SQS's card, the one users see)."""
    from awsref import kb, paths

    for name, value in warm_home.items():
        monkeypatch.setenv(name, value)
    assert sqs_name(warm_home) == "SQS"
    pack = only_pack(warm_home)
    good = pack.read_bytes()
    user_files, notes_problem = kb.notes_listing()
    key = kb._header_key(kb.pack_inputs(os.path.abspath(paths.data_file()), user_files), notes_problem)
    reader = pack_file.open_pack(str(pack), key)
    assert reader is not None
    spans = {n: where for n, where in reader._index.items()}
    for sub in [n for n in reader._index if n.startswith("@")]:
        kind = sub[1:].split("/")[0]
        spans |= {f"{kind}:{ident}": where for ident, where in reader.read(sub).items()}
    base = reader._base
    expected = {n: reader.read(n) for n in spans}
    assert expected["service:sqs"]["name"] == "SQS"
    step = max(1, len(good) // 600)
    positions = sorted({good.index(b"Simple Queue Service") + 2, *range(0, len(good), step)})
    with open(pack, "r+b") as f:
        for at in positions:
            held = [n for n, (off, length, _) in spans.items() if base + off <= at < base + off + length]
            for bit in (0x01, 0x20, 0x80):
                os.pwrite(f.fileno(), bytes([good[at] ^ bit]), at)
                reader = pack_file.open_pack(str(pack), key)
                for n in [*held, "service:sqs"] if reader is not None else []:
                    try:
                        value = reader.read(n)
                    except pack_file.PACK_ERRORS:
                        continue  # refused: the caller rebuilds
                    assert value == expected[n], (at, bit, n)
            os.pwrite(f.fileno(), good[at : at + 1], at)
    assert pack.read_bytes() == good


def test_a_flipped_byte_in_the_pack_is_rebuilt_by_a_real_process(warm_home: dict[str, str]) -> None:
    assert sqs_name(warm_home) == "SQS"
    pack = only_pack(warm_home)
    good = pack.read_bytes()
    for at in (40, good.index(b"Simple Queue Service") + 2, len(good) - 7):
        damaged = bytearray(good)
        damaged[at] ^= 0x20
        pack.write_bytes(bytes(damaged))
        result = run("show", "sqs", "-o", "json", env=warm_home)
        assert result.returncode == 0, (at, result.stderr)
        doc = json.loads(result.stdout)
        assert doc["result"]["full_name"] == "Amazon Simple Queue Service"
        assert result.stderr == b""
    assert sqs_name(warm_home) == "SQS"


def test_a_bad_section_rebuilds_and_rewrites_the_pack(warm_home: dict[str, str]) -> None:
    sqs_name(warm_home)
    pack = only_pack(warm_home)
    good = pack.read_bytes()
    pack.write_bytes(good.replace(b"Simple Queue Service", b"Simple Queue Servicf"))  # "SUS for SQS"
    assert sqs_name(warm_home) == "SQS"
    assert only_pack(warm_home).read_bytes() == good


@pytest.mark.parametrize(
    "content",
    [
        b"AWSREF-PACK-3\n" + b"\x14\x00\x00\x00" + b"\xff" * 16,  # 34 bytes
        b"AWSREF-PACK-2\n" + (20).to_bytes(8, "little") + b"\xfb\x00\x00\x00\x00" + b"\x00" * 15,
        b"AWSREF-PACK-3\n" + (2**31).to_bytes(4, "little"),
        b"AWSREF-PACK-3\n" + (8).to_bytes(4, "little") + b"\xe9\x80\x80\x80\x80\x80\x80\x80",
        b"",
    ],
    ids=["crafted-34-bytes", "old-marshal-header", "huge-header", "non-ascii-header", "empty"],
)
def test_a_crafted_pack_is_a_miss_never_a_crash(content: bytes, warm_home: dict[str, str]) -> None:
    sqs_name(warm_home)
    pack = only_pack(warm_home)
    pack.write_bytes(content)
    for args in (SQS_SIZE, ["list"]):
        result = run(*args, env=warm_home)
        assert result.returncode == 0, result.stderr
        assert result.stderr == b""
    bash = {"_AWSREF_COMPLETE": "complete_bash", "COMP_WORDS": "awsref limit sq", "COMP_CWORD": "2"}
    completion = run(env={**warm_home, **bash})
    assert completion.returncode == 0 and completion.stdout.split() == [b"sqs"]


def forge(env: dict[str, str]) -> Path:
    """A pack with the current key and correct checksums whose text says "Servicf": what
    anyone who can write the cache dir could make, since every key part is public."""
    from awsref import kb

    pack = only_pack(env)
    good = pack.read_bytes()
    magic = pack_file.MAGIC
    size = int.from_bytes(good[len(magic) : len(magic) + 4], "little")
    key_lines = good[len(magic) + 4 : len(magic) + 4 + size].decode("ascii").split("\n")[:-2]
    sections = kb.build(env.get("AWSREF_DATA") or str(DATA), [])
    sqs = dict(sections["service:sqs"], full_name="Amazon Simple Queue Servicf")  # type: ignore[call-overload]
    sections["service:sqs"] = sqs
    pack.unlink()
    pack_file.write_pack(str(pack), key_lines, sections)
    return pack


def test_a_forged_pack_is_served_only_if_the_user_wrote_it(warm_home: dict[str, str]) -> None:
    sqs_name(warm_home)
    pack = forge(warm_home)
    pack.chmod(0o600)
    shown = json.loads(run("show", "sqs", "-o", "json", env=warm_home).stdout)
    assert "Servicf" in shown["result"]["full_name"]
    # the same bytes, writable by the group or the world: never read
    for mode in (0o620, 0o602, 0o666):
        pack = forge(warm_home)
        pack.chmod(mode)
        doc = json.loads(run("show", "sqs", "-o", "json", env=warm_home).stdout)
        assert doc["result"]["full_name"] == "Amazon Simple Queue Service"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_a_pack_owned_by_another_user_is_never_read(warm_home: dict[str, str]) -> None:
    sqs_name(warm_home)
    pack = forge(warm_home)
    os.chown(pack, 65534, 65534)
    pack.chmod(0o644)
    doc = json.loads(run("show", "sqs", "-o", "json", env=warm_home).stdout)
    assert doc["result"]["full_name"] == "Amazon Simple Queue Service"


@pytest.mark.parametrize("kind", ["fifo", "symlink-to-fifo", "symlink-to-pack"])
def test_a_fifo_or_symlink_in_place_of_the_pack_never_hangs(kind: str, warm_home: dict[str, str]) -> None:
    sqs_name(warm_home)
    pack = only_pack(warm_home)
    real = pack.with_name("elsewhere")
    pack.rename(real)
    if kind == "fifo":
        make_fifo(pack)
    elif kind == "symlink-to-fifo":
        make_fifo(pack.with_name("fifo"))
        pack.symlink_to(pack.with_name("fifo"))
    else:
        pack.symlink_to(real)
    start = time.monotonic()
    result = run(*SQS_SIZE, env=warm_home, timeout=30)
    assert time.monotonic() - start < 20
    assert result.returncode == 0 and result.stderr == b""


def test_a_planted_symlink_never_makes_awsref_write_elsewhere(home: dict[str, str], tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    cache = Path(home["AWSREF_CACHE_DIR"])
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)  # a shared cache dir
    sqs_name(home)
    pack = only_pack(home)
    pack.unlink()
    pack.symlink_to(victim)  # the final name
    for pid in range(os.getpid() - 50, os.getpid() + 500):  # the old predictable temp names
        (cache / f"{pack.name}.{pid}.tmp").symlink_to(victim)
    assert sqs_name(home) == "SQS"
    assert victim.read_text() == "precious"
    assert only_pack(home).is_file() and not only_pack(home).is_symlink()


def test_temp_files_are_cleaned_up(home: dict[str, str]) -> None:
    sqs_name(home)
    cache = Path(home["AWSREF_CACHE_DIR"])
    stale = cache / f".{only_pack(home).name}.0123456789abcdef.tmp"
    stale.write_bytes(b"left by a run killed at the rename")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = cache / f".{only_pack(home).name}.fedcba9876543210.tmp"
    fresh.write_bytes(b"another run, writing right now")
    only_pack(home).unlink()
    assert sqs_name(home) == "SQS"  # a cold start writes a pack and sweeps
    assert not stale.exists()
    assert fresh.exists()
    fresh.unlink()
    assert sorted(p.name for p in cache.iterdir()) == sorted([only_pack(home).name, "pack.key"])


def test_a_same_size_edit_with_the_mtime_restored_is_not_served_stale(tmp_path: Path) -> None:
    path = Path(data_file(tmp_path, json.dumps(GOOD)))
    env = {"AWSREF_DATA": str(path), "AWSREF_CACHE_DIR": str(tmp_path / "cache"), "AWSREF_NOTES_DIR": ""}
    assert sqs_name(env) == "SQS"
    before = os.stat(path)
    path.write_bytes(path.read_bytes().replace(b'"name": "SQS"', b'"name": "SUS"', 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    assert sqs_name(env) == "SUS"


def test_a_data_file_flipped_during_parallel_runs_never_leaves_a_wrong_cache(tmp_path: Path) -> None:
    versions = {}
    for name in ("SQS", "SUS"):
        doc = json.loads(json.dumps(GOOD))
        doc["services"][[s["id"] for s in doc["services"]].index("sqs")]["name"] = name
        versions[name] = tmp_path / f"{name}.json"
        versions[name].write_text(json.dumps(doc), encoding="utf-8")
    link = tmp_path / "kb.json"
    env = {
        **os.environ,
        "AWSREF_DATA": str(link),
        "AWSREF_CACHE_DIR": str(tmp_path / "cache"),
        "AWSREF_NOTES_DIR": "",
    }
    for round_ in range(3):
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        link.unlink(missing_ok=True)
        link.symlink_to(versions["SQS"])
        procs = [
            subprocess.Popen(
                [*PY, "show", "sqs", "-o", "json"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(6)
        ]
        for i in range(20):
            target = versions["SUS" if i % 2 == 0 else "SQS"]
            tmp_link = tmp_path / "kb.tmp"
            tmp_link.unlink(missing_ok=True)
            tmp_link.symlink_to(target)
            tmp_link.replace(link)
            time.sleep(0.01)
        for p in procs:
            p.wait(timeout=60)
        final = os.readlink(link)
        expected = "SUS" if final.endswith("SUS.json") else "SQS"
        assert (
            sqs_name({k: env[k] for k in ("AWSREF_DATA", "AWSREF_CACHE_DIR", "AWSREF_NOTES_DIR")}) == expected
        ), round_


def test_the_key_is_the_version_that_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic form of the race: the link flips right after the build read version A."""
    from awsref import kb, loader

    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(GOOD), encoding="utf-8")
    doc = json.loads(json.dumps(GOOD))
    doc["services"][[s["id"] for s in doc["services"]].index("sqs")]["name"] = "SUS"
    b.write_text(json.dumps(doc), encoding="utf-8")
    link = tmp_path / "kb.json"
    link.symlink_to(a)
    monkeypatch.setenv("AWSREF_DATA", str(link))
    monkeypatch.setenv("AWSREF_CACHE_DIR", str(tmp_path / "cache"))
    real = loader.read_bytes

    def read_then_flip(path: str, limit: int) -> tuple[bytes, object]:
        out = real(path, limit)
        if path == str(link):
            link.unlink()
            link.symlink_to(b)
        return out

    monkeypatch.setattr(loader, "read_bytes", read_then_flip)
    assert kb.open_kb().service("sqs")["name"] == "SQS"  # built from A, written keyed by A
    monkeypatch.setattr(loader, "read_bytes", real)
    assert kb.open_kb().service("sqs")["name"] == "SUS"  # B now: never A's pack


def test_an_io_error_reading_a_section_is_a_rebuild(
    home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from awsref import kb

    for k, v in home.items():
        monkeypatch.setenv(k, v)
    kb.open_kb()
    base = kb.open_kb()
    assert base._reader is not None
    real = pack_file._pread
    calls = {"n": 0}

    def failing(fd: int, length: int, offset: int) -> bytes:
        calls["n"] += 1
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(pack_file, "_pread", failing)
    assert base.service("sqs")["name"] == "SQS"
    assert calls["n"] >= 1
    monkeypatch.setattr(pack_file, "_pread", real)


def test_the_temp_file_is_created_exclusively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    victim = tmp_path / "victim"
    victim.write_text("precious")
    cache = tmp_path / "cache"
    cache.mkdir()
    pack = cache / "kb-test.pack"
    monkeypatch.setattr(os, "urandom", lambda n: b"\0" * n)  # make the random name predictable
    planted = cache / f".kb-test.pack.{'00' * 8}.tmp"
    planted.symlink_to(victim)
    (cache / f"kb-test.pack.{os.getpid()}.tmp").symlink_to(victim)  # the old predictable name
    with pytest.raises(FileExistsError):
        pack_file.write_pack(str(pack), ["x"], {"meta": {"warnings": [], "buckets": 1}})
    assert victim.read_text() == "precious"
    assert planted.is_symlink() and not pack.exists()


# ---------------------------------------------------------------- completion never runs data

ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "stty rows 40 columns 160; PS1='READY> '; $SETUP; cd $WORK"
zpty -w z 'capture() { print -r -- "$BUFFER" >| $LINE_FILE; print x >> $EVENTS }'
zpty -w z 'zle -N capture; bindkey "^X" capture'
events() { [[ -e $EVENTS ]] && wc -l < $EVENTS || print 0 }
# After each key sequence, wait for what it causes (awsref run by a TAB, the line saved by
# Ctrl-X: each appends a line to $EVENTS), then give zsh a moment to draw the listing.
for keys in "${KEYS[@]}"; do
  before=$(events)
  zpty -w -n z "$keys"
  for i in {1..100}; do (( $(events) > before )) && break; sleep 0.05; done
  sleep 0.3
done
zpty -w -n z $'\C-u'
zpty -w z 'echo DONE""MARKER'
out=''
for i in {1..200}; do
  if zpty -r -t z chunk; then out+=$chunk; [[ $out == *DONEMARKER* ]] && break; else sleep 0.1; fi
done
zpty -d z
print -r -- $out
"""


def zsh_session(tmp_path: Path, env: dict[str, str], keys: list[str], how: str = "fpath") -> str:
    """Type ``keys`` into a fresh interactive zsh with awsref's completion loaded ``how``;
    returns what the terminal showed. Ctrl-X saves the command line to ``tmp_path/line``."""
    bin_dir, zfunc, work = tmp_path / "bin", tmp_path / "zfunc", tmp_path / "work"
    for d in (bin_dir, zfunc, work):
        d.mkdir(exist_ok=True)
    shim = bin_dir / "awsref"
    events = tmp_path / "events"
    shim.write_text(f'#!/bin/sh\n{sys.executable} -m awsref "$@"\nrc=$?\necho x >> {events}\nexit $rc\n')
    shim.chmod(0o755)
    script = run("--show-completion", "zsh").stdout
    (zfunc / "_awsref").write_bytes(script)
    setup = f"export PATH={bin_dir}:$PATH; "
    if how == "fpath":  # as --install-completion does: autoloaded on the first TAB
        setup += f"fpath=({zfunc} $fpath); autoload -Uz compinit; compinit -u -D"
    else:  # sourced after compinit, as in a .zshrc
        setup += f"autoload -Uz compinit; compinit -u -D; source {zfunc / '_awsref'}"
    driver = tmp_path / "drive.zsh"
    driver.write_text(
        "KEYS=(" + " ".join("$'" + k.replace("'", "\\'") + "'" for k in keys) + ")\n" + ZSH_DRIVER
    )
    result = subprocess.run(
        ["zsh", "-f", str(driver)],
        env={
            **os.environ,
            **env,
            "SETUP": setup,
            "WORK": str(work),
            "TERM": "xterm",
            "LINE_FILE": str(tmp_path / "line"),
            "EVENTS": str(events),
        },
        capture_output=True,
        timeout=120,
    )
    return text(result.stdout)


HOSTILE_LABELS = ['\\");touch PWNED;x=(\\"', "'$(touch PWNED2)'`touch PWNED3`", '";touch PWNED4;"']


def injection_notes(env: dict[str, str]) -> None:
    terms = [
        dict(NOTE_TERM, id=f"zz-pwn{i}", term=label, aliases=[]) for i, label in enumerate(HOSTILE_LABELS)
    ]
    limits = [
        json.loads(note_limit("5"))["services"][0]["limits"][0]
        | {"id": f"team-x{i}", "name": label, "display": label}
        for i, label in enumerate(HOSTILE_LABELS)
    ]
    notes_file(env, "pwn.json", json.dumps({"terms": terms, "services": [{"id": "sqs", "limits": limits}]}))
    assert run("validate", env=env).returncode == 0  # printable labels are legitimate data


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
@pytest.mark.parametrize("how", ["fpath", "source"])
@pytest.mark.parametrize("line", ["awsref define zz", "awsref limit sqs team"])
def test_tab_in_zsh_never_runs_a_label_as_code(
    line: str, how: str, home: dict[str, str], tmp_path: Path
) -> None:
    injection_notes(home)
    out = zsh_session(tmp_path, home, [line + "\t", "\t"], how)
    assert list((tmp_path / "work").iterdir()) == [], out
    shown = "zz-pwn" if "define" in line else "team-x"
    assert f"{shown}0" in out and f"{shown}1" in out, out
    assert "touch PWNED;x=(" in out  # the label is shown, literally


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
@pytest.mark.parametrize("how", ["fpath", "source"])
def test_the_first_tab_in_a_fresh_zsh_completes(how: str, warm_home: dict[str, str], tmp_path: Path) -> None:
    out = zsh_session(tmp_path, warm_home, ["awsref show dynamo\t", "\x18"], how)
    assert (tmp_path / "line").read_text().strip() == "awsref show dynamodb", out


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
def test_zsh_completes_an_alias_to_its_entry(warm_home: dict[str, str], tmp_path: Path) -> None:
    out = zsh_session(tmp_path, warm_home, ["awsref show ddb\t", "\x18"])
    assert (tmp_path / "line").read_text().strip() == "awsref show dynamodb", out


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
def test_zsh_offers_files_when_nothing_matches(warm_home: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "notes-to-check.json").write_text("{}")
    out = zsh_session(tmp_path, warm_home, ["awsref validate notes-to\t", "\x18"])
    assert (tmp_path / "line").read_text().strip() == "awsref validate notes-to-check.json", out


def test_the_zsh_protocol_is_pairs_of_value_and_description(home: dict[str, str]) -> None:
    injection_notes(home)
    env = {**home, "_AWSREF_COMPLETE": "complete_zsh_pairs", "_TYPER_COMPLETE_ARGS": "awsref define zz-pwn0"}
    assert run(env=env).stdout == b'zz-pwn0\t\\");touch PWNED;x=(\\"\n'


def test_an_outdated_typer_zsh_script_gets_a_constant_never_data(home: dict[str, str]) -> None:
    injection_notes(home)
    env = {**home, "_AWSREF_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "awsref define zz"}
    out = text(run(env=env).stdout)
    assert "PWNED" not in out and "zz-pwn" not in out
    assert "--install-completion zsh" in out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_show_completion_honours_the_shell_named(shell: str) -> None:
    markers = {
        "bash": "complete -o default -F",
        "zsh": "#compdef awsref",
        "fish": "complete --command awsref",
        "powershell": "Register-ArgumentCompleter",
    }
    env = {k: v for k, v in os.environ.items() if k != "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"}
    for argv in (["--show-completion", shell], [f"--show-completion={shell}"]):
        result = subprocess.run([*PY, *argv], env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert markers[shell] in result.stdout
        others = [m for s, m in markers.items() if s != shell]
        assert not any(m in result.stdout for m in others)


def test_show_completion_refuses_an_unknown_shell() -> None:
    result = run("--show-completion", "tcsh")
    assert result.returncode == 2
    assert "unsupported shell 'tcsh'" in text(result.stderr)


def test_install_completion_for_zsh_writes_awsrefs_script(tmp_path: Path) -> None:
    result = run("--install-completion", "zsh", env={"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    script = (tmp_path / ".zfunc" / "_awsref").read_text()
    assert "complete_zsh_pairs" in script and "eval $(" not in script
    assert "compinit" in (tmp_path / ".zshrc").read_text()


def test_completion_output_is_one_line_per_candidate_whatever_the_data(home: dict[str, str]) -> None:
    from awsref import completion

    assert completion._one_line("a\nb\tc\x1bd") == "a b c d"
