"""Rich-text samples and recorded exchanges the block tests share."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from tests import paths

RECORDINGS = paths.RECORDINGS
PAGE = "393abc1eedcd8170aebfcf1d14057b30"
PAGE_DASHED = "393abc1e-edcd-8170-aebf-cf1d14057b30"
ANNOTATIONS = {
    "bold": False,
    "italic": False,
    "strikethrough": False,
    "underline": False,
    "code": False,
    "color": "default",
}


def text(content: str) -> list[dict[str, Any]]:
    return [{"text": {"content": content}}]


def text_out(content: str, **annotations: Any) -> dict[str, Any]:
    return {
        "type": "text",
        "text": {"content": content, "link": None},
        "annotations": {**ANNOTATIONS, **annotations},
        "plain_text": content,
        "href": None,
    }


def ordered(value: Any) -> str:
    """JSON with key order kept: equal strings mean equal values in the same key order."""
    return json.dumps(value, ensure_ascii=False)


def recorded(name: str, method: str, uri_end: str) -> tuple[Any, Any]:
    """(request body, response body) of the first recorded call matching method and URI."""
    path = RECORDINGS / name
    if not path.exists():
        pytest.skip(f"recording {name} not available")
    for interaction in yaml.safe_load(path.read_text())["interactions"]:
        request = interaction["request"]
        if request["method"] == method and request["uri"].endswith(uri_end):
            return json.loads(request["body"]), json.loads(
                interaction["response"]["body"]["string"]
            )
    raise AssertionError(f"no {method} ...{uri_end} in {name}")


HEADINGS = {"heading_1", "heading_2", "heading_3", "heading_4"}
