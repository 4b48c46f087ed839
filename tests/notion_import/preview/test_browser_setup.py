"""Finding or installing Chromium for the browser test: every way it can go, without apt."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from tests.notion_import.preview import browser
from tests.notion_import.preview.browser import find_or_install_chromium


class FakeApt:
    """Answers apt-get commands from a script; "installs" Chromium when told to succeed."""

    def __init__(self, codes: list[int], installs: bool) -> None:
        self.codes = codes
        self.installs = installs
        self.calls: list[list[str]] = []
        self.installed = False

    def __call__(self, command: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append(command)
        code = self.codes[len(self.calls) - 1]
        if code == 0 and command[-1] == "chromium-driver" and self.installs:
            self.installed = True
        return subprocess.CompletedProcess(command, code, "", "E: Unable to locate package")


@pytest.fixture
def apt(monkeypatch: pytest.MonkeyPatch) -> FakeApt:
    fake = FakeApt([100, 0, 0], installs=True)
    monkeypatch.setattr(
        browser, "find_chromium", lambda: "/usr/bin/chromium" if fake.installed else None
    )
    return fake


def test_installs_after_updating_the_package_lists(apt: FakeApt) -> None:
    found = find_or_install_chromium(apt_get="apt-get", run=apt, is_root=True)
    assert found == ("/usr/bin/chromium", "")
    assert [c[-1] for c in apt.calls] == ["chromium-driver", "update", "chromium-driver"]


def test_a_failed_install_is_a_reason_to_skip(apt: FakeApt) -> None:
    apt.codes = [100, 100, 100]
    path, why = find_or_install_chromium(apt_get="apt-get", run=apt, is_root=True)
    assert path is None
    assert "cannot install Chromium" in why and "Unable to locate package" in why


def test_without_root_or_apt_nothing_is_run(apt: FakeApt) -> None:
    assert find_or_install_chromium(apt_get="apt-get", run=apt, is_root=False)[1].endswith(
        "needs root"
    )
    assert "no apt-get" in find_or_install_chromium(apt_get="", run=apt, is_root=True)[1]
    assert apt.calls == []
