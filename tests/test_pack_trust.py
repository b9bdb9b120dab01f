"""The user's own cache pack is unmarshalled only when a digest keyed with this user's
secret vouches for it: a pack from anywhere else (copied, restored, crafted) is rebuilt,
never unmarshalled, so crafted marshal data can neither crash awsref nor hand it code."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
SQS = ("limit", "sqs", "message-size", "-o", "text")

# Writes a pack for the data in use whose sections are what the variant says, with the
# pack module's own writer, in a cache directory of its own (so with another key), and
# copies it over the real pack of the cache directory given.
FORGE = """
import glob, os, shutil, sys
from awsref import kb, pack, paths
cache, variant = sys.argv[1], sys.argv[2]
(real,) = glob.glob(os.path.join(cache, "kb-*.pack"))
raw = open(real, "rb").read()
start = len(pack.MAGIC) + 4
size = int.from_bytes(raw[len(pack.MAGIC):start], "little")
lines = raw[start:start + size].decode("ascii").split("\\n")[:-2]
sections = kb.build(os.path.abspath(paths.data_file()), [])
code = compile("__import__('os').system('echo pwned')", "x", "exec")
if variant == "code":
    for k in list(sections):
        sections[k] = code
forged = os.path.join(cache + "-elsewhere", os.path.basename(real))
os.makedirs(os.path.dirname(forged), exist_ok=True)
pack.write_pack(forged, lines, sections)
shutil.copyfile(forged, real)
os.chmod(real, 0o600)
"""

# Runs awsref with the pack's calls of marshal.loads counted (not the import system's).
COUNTED = """
import marshal, sys
calls = []
real = marshal.loads
def counted(data, *args):
    if sys._getframe(1).f_globals.get("__name__") == "awsref.pack":
        calls.append(len(data))
    return real(data, *args)
marshal.loads = counted
from awsref.entry import main
try:
    main(sys.argv[1:])
except SystemExit as e:
    code = e.code
sys.stderr.write(f"\\nLOADS {len(calls)}\\n")
sys.exit(code)
"""


@pytest.fixture
def cache(tmp_path: Path, small_data: Path) -> dict[str, str]:
    # The small knowledge base (conftest): every rebuild here is a cold build, a tenth the cost.
    env = {
        **os.environ,
        "AWSREF_CACHE_DIR": str(tmp_path / "cache"),
        "AWSREF_NOTES_DIR": "",
        "AWSREF_DATA": str(small_data),
    }
    run(env)  # a warm cache: its pack and its key
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "awsref", *(args or SQS)], env=env, capture_output=True, text=True, timeout=60
    )


def counted(env: dict[str, str]) -> tuple[subprocess.CompletedProcess, int]:
    result = subprocess.run(
        [sys.executable, "-c", COUNTED, *SQS], env=env, capture_output=True, text=True, timeout=60
    )
    return result, int(result.stderr.rsplit("LOADS ", 1)[1])


def forge(env: dict[str, str], variant: str) -> Path:
    subprocess.run(
        [sys.executable, "-c", FORGE, env["AWSREF_CACHE_DIR"], variant], env=env, check=True, timeout=120
    )
    (pack,) = Path(env["AWSREF_CACHE_DIR"]).glob("kb-*.pack")
    return pack


def test_a_pack_full_of_code_objects_is_rebuilt_never_used(cache: dict[str, str]) -> None:
    pack = forge(cache, "code")
    forged = pack.read_bytes()
    result = run(cache)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("limit\tsqs\tmessage-size\tMaximum message size\t1048576\t")
    assert "pwned" not in result.stdout + result.stderr
    assert pack.read_bytes() != forged  # rebuilt


def test_bytes_no_keyed_digest_vouches_for_are_never_unmarshalled(cache: dict[str, str]) -> None:
    warm, loads = counted(cache)
    assert warm.returncode == 0 and loads > 0  # a pack awsref wrote is read
    forge(cache, "plain")  # well-formed, but written under another key
    result, loads = counted(cache)
    assert result.returncode == 0, result.stderr
    assert loads == 0


@POSIX
def test_a_copied_cache_directory_key_and_all_is_not_trusted(cache: dict[str, str], tmp_path: Path) -> None:
    copy = tmp_path / "restored"
    shutil.copytree(cache["AWSREF_CACHE_DIR"], copy)  # a backup or CI cache restore
    env = {**cache, "AWSREF_CACHE_DIR": str(copy)}
    result, loads = counted(env)
    assert result.returncode == 0 and loads == 0
    again, loads = counted(env)  # the rebuilt pack is this copy's own
    assert again.returncode == 0 and loads > 0


@POSIX
def test_the_key_is_private_and_a_readable_one_is_replaced(cache: dict[str, str]) -> None:
    key = Path(cache["AWSREF_CACHE_DIR"]) / "pack.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32
    old = key.read_bytes()
    key.chmod(0o644)
    _, loads = counted(cache)
    assert loads == 0  # not used: others could read it
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.read_bytes() != old
    _, loads = counted(cache)
    assert loads > 0
