"""Start-up stays fast: the benchmark's quick form runs with the tests and fails on a miss.

The full figures come from ``python bench/startup.py --scale`` on a quiet machine; this is
the regression tripwire CI can afford (a couple of seconds, best-of-5, 25% slack).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / ("awsref.exe" if os.name == "nt" else "awsref")


@pytest.mark.skipif(not SCRIPT.exists(), reason="awsref is not installed beside this Python")
def test_the_quick_startup_benchmark_meets_every_target() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "startup.py"), "--quick", "--awsref", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all targets met" in result.stdout
