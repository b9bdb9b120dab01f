"""The wheel carries the knowledge base, so a non-editable install works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_the_knowledge_base_and_the_quota_catalogue(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("awsref-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "awsref/data/notes.json" in names
        assert zf.read("awsref/data/notes.json") == (ROOT / "data" / "notes.json").read_bytes()
        assert zf.read("awsref/data/quotas.json") == (ROOT / "data" / "quotas.json").read_bytes()
        assert "awsref/entry.py" in names


def test_version_is_a_constant_not_package_metadata() -> None:
    source = (ROOT / "src" / "awsref" / "__init__.py").read_text()
    assert "importlib.metadata" not in source
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    from awsref import __version__

    assert project["version"] == __version__


def test_awsref_answers_from_an_unrelated_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "awsref", "limit", "sqs", "message-size", "-o", "text"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("limit\tsqs\tmessage-size\tMaximum message size\t1048576\t")
