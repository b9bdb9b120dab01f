"""The README's install command works where users run it: on a system Python marked
"externally managed" (PEP 668: Debian 12, Ubuntu 23.04+, Homebrew), where ``pip install
--user`` is refused, and on a plain one.

The command is read from the README (between the ``install`` markers) and run as written,
with pipx (``.ci/run`` installs Debian's), in a throwaway home directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def install_command() -> str:
    """The one command of the README's install block."""
    block = README.split("<!-- install:begin -->\n", 1)[1].split("<!-- install:end -->", 1)[0]
    lines = [line for line in block.splitlines() if line and not line.startswith("```")]
    assert len(lines) == 1, lines
    return lines[0]


def externally_managed(python: str) -> bool:
    """Whether ``python`` carries the PEP 668 marker in its standard library directory."""
    probe = (
        "import os, sysconfig; "
        "print(os.path.isfile(os.path.join(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')))"
    )
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() == "True"


def system_python() -> str | None:
    """An externally managed ``python3`` (Debian's own), if this machine has one."""
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"):
        if os.access(candidate, os.X_OK) and externally_managed(candidate):
            return candidate
    return None


def plain_python() -> str | None:
    """A python3 not marked externally managed (the one this test venv was made from, when
    it is not the system's own), if this machine has one."""
    seen = [
        getattr(sys, "_base_executable", sys.executable),
        *(shutil.which(n) for n in ("python3.11", "python3")),
    ]
    for candidate in seen:
        if candidate and os.access(candidate, os.X_OK) and not externally_managed(candidate):
            return candidate
    return None


def test_the_install_command_installs_with_pipx_never_with_pip_into_the_system() -> None:
    command = install_command()
    assert command.startswith("pipx install . ")
    assert "pip install" not in command
    assert command.endswith("~/.local/bin/awsref limit sqs message size")


def test_the_old_command_is_refused_on_an_externally_managed_python() -> None:
    python = system_python()
    if python is None:
        pytest.skip("no externally managed python3 here (.ci/run installs Debian's)")
    done = subprocess.run(
        [python, "-m", "pip", "install", "--user", "--dry-run", "--no-index", "pipx"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if "No module named pip" in done.stderr:
        pytest.skip("this python3 has no pip at all")
    assert done.returncode != 0
    assert "externally-managed-environment" in done.stderr + done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["externally-managed", "plain"])
def test_the_readme_install_command_works(kind: str, tmp_path: Path) -> None:
    pipx = shutil.which("pipx")
    if pipx is None:
        pytest.skip("pipx is not installed (.ci/run installs Debian's: apt install pipx)")
    python = system_python() if kind == "externally-managed" else plain_python()
    if python is None:
        pytest.skip(f"no {kind} python3 on this machine")
    assert externally_managed(python) is (kind == "externally-managed")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "PATH": f"{Path(pipx).parent}:/usr/bin:/bin",
        "PIPX_DEFAULT_PYTHON": python,
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "AWSREF_PAGER": "never",
    }
    for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE"):
        if name in os.environ:
            env[name] = os.environ[name]
    done = subprocess.run(
        ["bash", "-c", install_command()], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "SQS · Maximum message size" in done.stdout or "message-size" in done.stdout
    assert (home / ".local" / "bin" / "awsref").exists()
