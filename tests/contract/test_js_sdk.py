"""The official JavaScript SDK (``@notionhq/client``) against the emulator: tests/contract/js.

The suite there type-checks every answer against the SDK's own response types, at compile time
and at run time (see its README). It needs node and the packages ``make contract-js`` installs;
this test never installs anything (``make test`` must not reach the network): without node, or
before the first ``make contract-js``, it is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from tests import paths

SUITE = paths.ROOT / "tests" / "contract" / "js"
MIN_NODE = 20


@pytest.fixture
def node() -> str:
    """The node command, or a skip with the reason the suite cannot run here."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the @notionhq/client suite needs node 20 or later")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    major = int(version.stdout.strip().lstrip("v").split(".")[0])
    if major < MIN_NODE:
        pytest.skip(f"node {version.stdout.strip()} is too old: the suite needs node {MIN_NODE}")
    if not (SUITE / "node_modules" / "@notionhq" / "client").is_dir():
        pytest.skip("node_modules missing: run make contract-js")
    return node


@pytest.mark.slow
def test_the_javascript_sdk_suite_passes(node: str, server: dict[str, str]) -> None:
    """Compiles the suite (the compile-time check) and runs it against a running emulator."""
    env = {
        **os.environ,
        "NOTION_BASE_URL": server["base_url"],
        "NOTION_TOKEN": server["token"],
        "NOTION_ROOT_PAGE_ID": server["root_page_id"],
    }
    steps = [
        [node, str(SUITE / "node_modules" / "typescript" / "bin" / "tsc"), "-p", str(SUITE)],
        [node, str(SUITE / "build" / "run.js")],
    ]
    for step in steps:
        done = subprocess.run(step, cwd=SUITE, env=env, capture_output=True, text=True, timeout=600)
        output = (done.stdout + done.stderr)[-8000:]
        assert done.returncode == 0, f"{' '.join(step[1:])} failed:\n{output}"
