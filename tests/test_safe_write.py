"""Export writes through one safe writer: devices, pipes and links stay what they are, a
regular file is replaced whole or not at all, and someone else's file is never touched.

Real processes only. Device tests use a character device made in a temp directory, or a
private mount namespace with its own /dev, never the machine's /dev.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import proc

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files")
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534
EXPORT = ("export", "csv", "-s", "sqs")


def export(target: str | Path, *extra: str, **kwargs: object) -> subprocess.CompletedProcess:
    return proc(*EXPORT, str(target), *extra, **kwargs)


def csv_header(text: str) -> bool:
    return text.startswith("id,kind,services,domains,front,back,source,command\n")


def try_mknod(path: Path, major: int, minor: int) -> bool:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except (OSError, AttributeError):
        return False
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError:  # a nodev mount
        path.unlink()
        return False
    return True


def unshare_works() -> bool:
    if not ROOT or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt"], capture_output=True, timeout=20
    )
    return probe.returncode == 0


# ---- devices, pipes and descriptors stay what they are -------------------------------------


@POSIX
@pytest.mark.parametrize(("name", "minor", "code"), [("null", 3, 0), ("full", 7, 74)])
def test_a_character_device_is_written_in_place_never_replaced(
    tmp_path: Path, name: str, minor: int, code: int
) -> None:
    device = tmp_path / name
    if not try_mknod(device, 1, minor):
        pytest.skip("cannot make a character device here")
    result = export(device)
    assert result.returncode == code, result.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert os.major(device.stat().st_rdev) == 1 and os.minor(device.stat().st_rdev) == minor
    if code:
        assert result.stderr == f"awsref: error: cannot write {device}: No space left on device\n"
    assert [p.name for p in tmp_path.iterdir()] == [name]


@POSIX
@pytest.mark.skipif(not unshare_works(), reason="needs root and unshare -m for a private /dev")
@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_the_dev_null_and_dev_full_names_stay_devices(device: str) -> None:
    script = (
        "mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7 && "
        f'{sys.executable} -m awsref {" ".join(EXPORT)} {device}; echo "rc=$?"; '
        f"stat -c %F {device}; ls -a /dev"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env)
    lines = result.stdout.split()
    assert lines[0] == ("rc=0" if device == "/dev/null" else "rc=74"), result.stderr
    assert "character special file" in result.stdout
    assert sorted(lines[-4:]) == [".", "..", "full", "null"]  # no temp file left in /dev
    if device == "/dev/full":
        assert "No space left on device" in result.stderr


@POSIX
def test_a_fifo_is_written_in_place_and_its_reader_gets_everything(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = export(fifo)
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert csv_header(got[0].decode())


@POSIX
@pytest.mark.parametrize("path", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"])
def test_a_descriptor_path_writes_to_the_descriptor(path: str) -> None:
    if not os.path.exists(path):
        pytest.skip(f"no {path}")
    result = export(path)
    assert result.returncode == 0, result.stderr
    assert csv_header(result.stdout)


@POSIX
def test_dev_stdout_redirected_to_a_file_appends_with_double_angle(tmp_path: Path) -> None:
    out = tmp_path / "log"
    out.write_text("kept\n")
    cmd = f"{sys.executable} -m awsref {' '.join(EXPORT)} /dev/stdout >> {out}"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("kept\n") and csv_header(text[len("kept\n") :])


@POSIX
@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_process_substitution_gets_the_export() -> None:
    cmd = f"{sys.executable} -m awsref {' '.join(EXPORT)} >(head -1 > /dev/stderr); wait"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "id,kind,services" in result.stderr


def test_dash_is_standard_output() -> None:
    result = export("-")
    assert result.returncode == 0 and csv_header(result.stdout)


# ---- regular files: whole or not at all, mode kept -----------------------------------------


@POSIX
def test_a_new_file_gets_the_umask_mode_and_no_temp_is_left(tmp_path: Path) -> None:
    target = tmp_path / "cards.csv"
    result = proc(*EXPORT, str(target), preexec_fn=lambda: os.umask(0o027))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["cards.csv"]


@POSIX
def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.csv"
    target.write_text("old")
    target.chmod(0o600)
    assert export(target).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert csv_header(target.read_text())


@POSIX
def test_a_read_only_file_is_refused_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "frozen.csv"
    target.write_text("precious")
    target.chmod(0o444)
    result = export(target)
    assert result.returncode == 74
    assert (
        result.stderr
        == f"awsref: error: cannot write {target}: the file is read-only; refused (--force replaces it)\n"
    )
    assert target.read_text() == "precious"
    forced = export(target, "--force")
    assert forced.returncode == 0, forced.stderr
    assert csv_header(target.read_text()) and stat.S_IMODE(target.stat().st_mode) == 0o444


@POSIX
@pytest.mark.skipif(not ROOT, reason="needs root to make a file another user owns")
def test_another_users_file_is_refused_unless_forced_and_keeps_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "theirs.csv"
    target.write_text("theirs")
    os.chown(target, NOBODY, NOBODY)
    result = export(target)
    assert result.returncode == 74 and "belongs to another user" in result.stderr
    assert target.read_text() == "theirs"
    assert export(target, "--force").returncode == 0
    assert target.stat().st_uid == NOBODY and csv_header(target.read_text())


@POSIX
def test_an_own_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert export(link).returncode == 0
    assert link.is_symlink() and csv_header(real.read_text())


@POSIX
@pytest.mark.skipif(not ROOT, reason="needs root to plant a link owned by another user")
def test_a_link_planted_by_another_user_in_a_shared_directory_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = shared / "out.csv"
    link.symlink_to(victim)
    os.lchown(link, NOBODY, NOBODY)
    result = export(link)
    assert result.returncode == 74 and "refused" in result.stderr
    assert victim.read_text() == "precious" and link.is_symlink()


@POSIX
def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "nowhere" / "planted")
    result = export(link)
    assert result.returncode == 74 and "missing file" in result.stderr
    assert not (tmp_path / "nowhere").exists()


@POSIX
@pytest.mark.skipif(not unshare_works(), reason="needs root and unshare for a private PID namespace")
def test_planted_links_at_predictable_temp_names_are_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "out.csv"
    for pid in range(1, 200):  # the old predictable names, for every pid awsref can get below
        (shared / f"out.csv.{pid}.tmp").symlink_to(victim)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "awsref", *EXPORT, str(target)]
    result = subprocess.run(["unshare", "-p", "-f", *command], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "precious"
    assert csv_header(target.read_text()) and not target.is_symlink()


def test_a_directory_is_refused(tmp_path: Path) -> None:
    result = export(tmp_path)
    assert result.returncode == 74 and "is a directory" in result.stderr


# ---- faults: the old file survives, no temp file stays -------------------------------------


def _limit_fsize(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@POSIX
@pytest.mark.parametrize("fmt", ["csv", "anki"])
def test_a_file_size_limit_is_a_clear_error_and_the_old_file_survives(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out"
    target.write_text("precious")
    result = proc("export", fmt, str(target), preexec_fn=lambda: _limit_fsize(4096))
    assert result.returncode == 74, result.stderr
    reason = "File too large (the file-size limit, ulimit -f, was reached)"
    assert result.stderr == f"awsref: error: cannot write {target}: {reason}\n"
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@POSIX
@pytest.mark.skipif(not unshare_works(), reason="needs root and unshare -m for a small private tmpfs")
def test_a_full_disk_keeps_the_old_file_and_leaves_no_temp() -> None:
    script = (
        "mount -t tmpfs -o size=64k none /mnt && echo precious > /mnt/out.csv && "
        f'{sys.executable} -m awsref export csv /mnt/out.csv; echo "rc=$?"; cat /mnt/out.csv; ls -a /mnt'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env)
    assert result.stdout.split() == ["rc=74", "precious", ".", "..", "out.csv"], result.stderr
    assert result.stderr == "awsref: error: cannot write /mnt/out.csv: No space left on device\n"


@POSIX
def test_temp_files_left_by_a_killed_run_are_swept(tmp_path: Path) -> None:
    stale = tmp_path / ".out.csv.0123456789abcdef.awsref-tmp"
    stale.write_text("left by a run killed with SIGKILL")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".other.csv.fedcba9876543210.awsref-tmp"
    fresh.write_text("another export still running")
    assert export(tmp_path / "out.csv").returncode == 0
    assert not stale.exists() and fresh.exists()
