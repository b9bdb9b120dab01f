"""Write a file the user named without ever losing, leaking or replacing the wrong thing.

Every file awsref writes for the user (``export``) goes through ``write_file``:

- ``-`` is standard output;
- a descriptor path (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``:
  what ``>(...)`` passes) is written through the descriptor awsref already holds, so
  ``>>`` keeps appending and a pipe gets the bytes;
- anything else that is not a regular file (a device such as ``/dev/null`` or ``/dev/full``,
  a FIFO, a socket) is written in place: never replaced by a regular file;
- a regular file (or a new one) is written to a fresh, randomly named temp file in the
  same directory (``O_CREAT|O_EXCL|O_NOFOLLOW``, mode 0600), which takes the target's
  mode (a new file: 0666 less the umask) and is renamed over it only once it is
  complete; on any failure (full disk, file-size limit, Ctrl-C, SIGTERM) the temp file is
  removed, and temp files left by killed runs are removed by the next write;
- a symbolic link is followed to its target only where the kernel's
  ``protected_symlinks`` rule would follow it: a link in a sticky world-writable directory
  (``/tmp``) owned by neither this user nor the directory's owner is refused, as is a
  dangling link;
- a read-only file, or a regular file owned by another user, is refused unless ``force``.

Failures are ``WriteError`` (exit 74, one line naming the file and the reason).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys

from awsref.errors import EXIT_IO, AwsrefError
from awsref.text import printable

TEMP_SUFFIX = ".awsref-tmp"
TEMP_MAX_AGE_S = 600  # a temp file older than this was left by a killed run
_FD_PATH = re.compile(r"/dev/(?:fd/(\d+)|(stdin|stdout|stderr))|/proc/(?:self|thread-self|(\d+))/fd/(\d+)")
_STD = {"stdin": 0, "stdout": 1, "stderr": 2}


class WriteError(AwsrefError):
    """The file could not be written, or was refused; nothing the user had is lost."""

    exit_code = EXIT_IO


def _fail(path: str, reason: str) -> WriteError:
    return WriteError(f"cannot write {printable(path)[:200]}: {reason}")


def _reason(e: OSError) -> str:
    if e.errno == errno.EFBIG:
        return "File too large (the file-size limit, ulimit -f, was reached)"
    return e.strerror or str(e)


def descriptor_of(path: str) -> int | None:
    """The descriptor ``path`` names when it is one of this process's (``/dev/stdout``...)."""
    m = _FD_PATH.fullmatch(os.path.normpath(path))
    if not m:
        return None
    fd_text, std, pid, proc_fd = m.groups()
    if pid is not None and int(pid) != os.getpid():
        return None
    fd = _STD[std] if std else int(fd_text or proc_fd)
    try:
        os.fstat(fd)
    except (OSError, OverflowError):
        return None
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        done = os.write(fd, view[: 1 << 20])
        view = view[done:]


def _symlink_allowed(path: str, link: os.stat_result) -> bool:
    """Whether the kernel's protected_symlinks rule lets this user follow the link at ``path``."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    try:
        folder = os.stat(os.path.dirname(os.path.abspath(path)))
    except OSError:
        return False
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    return not shared or link.st_uid in (getuid(), folder.st_uid)


def _umask_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def sweep_temps(folder: str) -> None:
    """Remove this user's temp files that a killed write left in ``folder``."""
    import time

    now = time.time()
    getuid = getattr(os, "getuid", None)
    try:
        with os.scandir(folder) as entries:
            for e in entries:
                if not (e.name.startswith(".") and e.name.endswith(TEMP_SUFFIX)):
                    continue
                try:
                    st = e.stat(follow_symlinks=False)
                    mine = getuid is None or st.st_uid == getuid()
                    if stat.S_ISREG(st.st_mode) and mine and now - st.st_mtime > TEMP_MAX_AGE_S:
                        os.unlink(e.path)
                except OSError:
                    pass
    except OSError:
        pass


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a temp file existed: clean up, then exit."""


def _signals() -> dict[int, object]:
    """Turn SIGTERM/SIGHUP into an exception (so the temp file is removed) and ignore
    SIGXFSZ (so a file-size limit is the EFBIG error it should be, not a core dump)."""
    import signal

    def raise_terminated(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    saved: dict[int, object] = {}
    for name, handler in (
        ("SIGTERM", raise_terminated),
        ("SIGHUP", raise_terminated),
        ("SIGXFSZ", signal.SIG_IGN),
    ):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            saved[number] = signal.signal(number, handler)
        except (ValueError, OSError):  # not the main thread
            pass
    return saved


def _restore(saved: dict[int, object]) -> None:
    import signal

    for number, handler in saved.items():
        signal.signal(number, handler)  # type: ignore[arg-type]


def _replace_regular(path: str, data: bytes, existing: os.stat_result | None) -> None:
    """Write ``data`` to a new temp file beside ``path`` and rename it over ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    sweep_temps(folder)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(8).hex()}{TEMP_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    saved = _signals()
    try:
        fd = os.open(tmp, flags | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _write_all(fd, data)
            mode = stat.S_IMODE(existing.st_mode) if existing else _umask_mode()
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            if existing is not None and hasattr(os, "fchown") and existing.st_uid != os.getuid():
                try:
                    os.fchown(fd, existing.st_uid, existing.st_gid)  # --force as root: keep the owner
                except OSError:
                    pass
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    finally:
        _restore(saved)


def _write_in_place(path: str, data: bytes) -> None:
    """A device, FIFO or socket: open it for writing and write, never replace it."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):  # it changed under us: never truncate a regular file here
            raise OSError(errno.EEXIST, "changed while it was opened")
        saved = _signals()
        try:
            _write_all(fd, data)
        finally:
            _restore(saved)
    finally:
        os.close(fd)


def write_file(path: str, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` as the module docstring says; raises ``WriteError``."""
    if path == "-":
        sys.stdout.flush()
        _write_all(sys.stdout.fileno(), data)
        return
    fd = descriptor_of(path)
    if fd is not None:  # as if redirected: errors are the output's (a closed pipe is exit 0)
        _write_all(fd, data)
        return
    try:
        target = path
        try:
            st: os.stat_result | None = os.lstat(path)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISLNK(st.st_mode):
            if not _symlink_allowed(path, st):
                raise _fail(path, "a symbolic link in a shared directory, owned by another user; refused")
            try:
                st = os.stat(path)
            except FileNotFoundError:
                raise _fail(path, "a symbolic link to a missing file; refused") from None
            target = os.path.realpath(path)
        if st is None:
            _replace_regular(target, data, None)
            return
        if stat.S_ISDIR(st.st_mode):
            raise _fail(path, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            _write_in_place(target, data)
            return
        getuid = getattr(os, "getuid", None)
        if not force and getuid is not None and st.st_uid != getuid():
            raise _fail(path, "the file belongs to another user; refused (--force replaces it)")
        if not force and not st.st_mode & stat.S_IWUSR:
            raise _fail(path, "the file is read-only; refused (--force replaces it)")
        _replace_regular(target, data, st)
    except _Terminated:
        raise KeyboardInterrupt from None
    except OSError as e:
        raise _fail(path, _reason(e)) from None
