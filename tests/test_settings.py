"""Settings: one table read one way (``forum/settings.py``), each setting documented."""

from __future__ import annotations

import re
from pathlib import Path

from forum import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app.py", "forum", "questions", "moderation", "synthesis", "demo")


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []


def test_no_other_module_reads_the_environment():
    readers = []
    for name in PACKAGES:
        path = ROOT / name
        for source in [path] if path.is_file() else sorted(path.rglob("*.py")):
            if source.name == "settings.py":
                continue
            if re.search(r"os\.environ\.get|os\.getenv|environ\[", source.read_text()):
                readers.append(str(source.relative_to(ROOT)))
    assert readers == []


def test_values_are_parsed_and_fall_back_to_their_default(tmp_path):
    environ = {"PALABRE_PER_PAGE": "35", "PALABRE_MAX_PHOTOS": "plusieurs"}
    config = settings.from_environment(tmp_path, environ)
    assert config["PALABRE_PER_PAGE"] == 35
    assert config["PALABRE_MAX_PHOTOS"] == 3
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'palabre.sqlite3'}"
    assert config["PALABRE_ALLOWED_HOSTS"] == []
    assert config["MAX_CONTENT_LENGTH"] == 3 * 8 * 1024 * 1024 + 2 * 1024 * 1024


def test_a_documented_setting_reaches_the_application(tmp_path):
    """The erasure log's place was documented but never read from the environment."""
    log = tmp_path / "elsewhere" / "erasures.log"
    config = settings.from_environment(tmp_path, {"PALABRE_ERASURE_LOG": str(log)})
    assert config["PALABRE_ERASURE_LOG"] == str(log)


def test_the_older_spelling_of_the_rate_limit_storage_is_accepted(tmp_path):
    environ = {"PALABRE_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}
    assert settings.from_environment(tmp_path, environ)["RATELIMIT_STORAGE_URI"] == (
        "redis://127.0.0.1:6379/0"
    )
    assert settings.value("PALABRE_RATELIMIT_STORAGE_URL", {}) == "memory://"
