"""Where awsref reads its knowledge base, the user's notes and its cache, and keeps quiz progress.

Hand-written rather than platformdirs to keep start-up lean; it follows the same
conventions (XDG on Linux, ~/Library on macOS, %APPDATA%/%LOCALAPPDATA% on Windows).
Only the quiz's data directory uses platformdirs, imported when a study command runs.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def packaged_data() -> str:
    """The knowledge base shipped with awsref (inside the wheel, or the source tree)."""
    inside = os.path.join(_HERE, "data", "notes.json")
    if os.path.exists(inside):
        return inside
    return os.path.normpath(os.path.join(_HERE, "..", "..", "data", "notes.json"))


def data_file() -> str:
    """``AWSREF_DATA`` if set, else the packaged knowledge base."""
    return os.environ.get("AWSREF_DATA") or packaged_data()


def catalogue_file(data_path: str) -> str:
    """Where the quota catalogue of ``data_path`` would be: ``quotas.json`` beside it (it may be absent)."""
    return os.path.join(os.path.dirname(data_path), "quotas.json")


def _home() -> str | None:
    home = os.path.expanduser("~")
    return home if os.path.isabs(home) else None


def _base(env: str, posix_default: str, mac: str, windows_env: str) -> str | None:
    if sys.platform == "win32":
        return os.environ.get(windows_env) or None
    if sys.platform == "darwin":
        home = _home()
        return os.path.join(home, mac) if home else None
    value = os.environ.get(env)
    if value and os.path.isabs(value):
        return value
    home = _home()
    return os.path.join(home, posix_default) if home else None


def notes_dir() -> str | None:
    """The user's notes directory (``AWSREF_NOTES_DIR`` overrides), or None without a home."""
    override = os.environ.get("AWSREF_NOTES_DIR")
    if override is not None:
        return override or None
    base = _base("XDG_CONFIG_HOME", ".config", "Library/Application Support", "APPDATA")
    return os.path.join(base, "awsref", "notes.d") if base else None


def cache_dir() -> str | None:
    """Where decoded knowledge bases are cached (``AWSREF_CACHE_DIR`` overrides)."""
    override = os.environ.get("AWSREF_CACHE_DIR")
    if override is not None:
        return override or None
    base = _base("XDG_CACHE_HOME", ".cache", "Library/Caches", "LOCALAPPDATA")
    return os.path.join(base, "awsref") if base else None


def study_dir() -> str | None:
    """Where quiz progress is kept (``AWSREF_DATA_DIR`` overrides; empty: nowhere).

    Only ``quiz`` and ``progress`` call this, so only they import platformdirs.
    """
    override = os.environ.get("AWSREF_DATA_DIR")
    if override is not None:
        return override or None
    if sys.platform not in ("win32", "darwin") and not os.environ.get("XDG_DATA_HOME") and not _home():
        return None
    import platformdirs

    return platformdirs.user_data_dir("awsref", appauthor=False)
