"""The demo's prose: the YAML files of ``demo/data``, read once.

The French texts of the demo debates (people, contributions, answers, moderation cases,
report sections) and the phrase banks of the synthetic corpus live there as data, so that
the modules of ``demo`` keep only what builds them through Palabre's services.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """The data file ``demo/data/<name>.yaml``, parsed once: callers must not modify it."""
    text = files("demo").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
