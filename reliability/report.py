"""RELIABILITY.md from the campaigns' results (``reliability/results/*.json``)."""

from __future__ import annotations

import importlib
import json
from typing import Any

from reliability.common import PROJECT, RESULTS

HEADER = """# Reliability

What the proof campaigns (`make reliability`, or `python -m reliability.<campaign>` alone)
last showed. This file is regenerated from `reliability/results/*.json` by
`python -m reliability.report`; each campaign exits non-zero on any lost or duplicated item.
"""


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def _about(campaign: str) -> str:
    """The campaign's own prose (its ``ABOUT``), for a result written without it."""
    try:
        module = importlib.import_module(f"reliability.{campaign}")
    except ImportError:
        return ""
    return str(getattr(module, "ABOUT", ""))


def write_report() -> None:
    parts = [HEADER]
    for path in sorted(RESULTS.glob("*.json")):
        result = json.loads(path.read_text())
        parts.append(f"\n## {result['campaign']}: {'PASS' if result['passed'] else 'FAIL'}\n")
        about = result.get("about") or _about(result["campaign"])
        if about:
            parts.append(f"{about}\n")
        parts.append(f"Command: `{result['command']}`  ")
        parts.append(f"Date: {result['date']}. Machine: {result['machine']['cores']} cores.\n")
        parts.append("| figure | value |\n|---|---|")
        for name, value in result["figures"].items():
            parts.append(f"| {name} | {_value(value)} |")
    (PROJECT / "RELIABILITY.md").write_text("\n".join(parts) + "\n")


if __name__ == "__main__":
    write_report()
