"""Headless Chromium for tests: found or installed, and driven over the DevTools pipe.

:func:`find_or_install_chromium` returns the browser's path, installing Debian's ``chromium``
and ``chromium-driver`` packages when they are missing and we may (root, ``apt-get``
present), within a time limit; otherwise it returns the reason there is none, for a skip.

:class:`Browser` speaks the Chrome DevTools Protocol over ``--remote-debugging-pipe`` (file
descriptors 3 and 4, messages separated by NUL), as Puppeteer and Playwright do: no driver
binary, no port, no third-party package.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
)


def find_chromium() -> str | None:
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def find_or_install_chromium(
    *,
    timeout: float = 600.0,
    apt_get: str | None = None,
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
    is_root: bool | None = None,
) -> tuple[str | None, str]:
    """(path, "") when a browser is there or could be installed; (None, why) otherwise."""
    found = find_chromium()
    if found:
        return found, ""
    apt = apt_get if apt_get is not None else shutil.which("apt-get")
    if not apt:
        return None, "no Chromium at /usr/bin/chromium and no apt-get to install it"
    root = (os.geteuid() == 0) if is_root is None else is_root
    if not root:
        return None, "no Chromium at /usr/bin/chromium, and installing it needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [
        apt,
        "-o",
        "DPkg::Lock::Timeout=120",
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ]
    deadline = time.monotonic() + timeout
    why = ""
    for step in (install, [apt, "update"], install):
        left = deadline - time.monotonic()
        if left <= 0:
            return None, f"installing Chromium took more than {timeout:.0f} s"
        try:
            done = run(step, capture_output=True, text=True, timeout=left, env=env, check=False)
        except subprocess.TimeoutExpired:
            return None, f"installing Chromium took more than {timeout:.0f} s"
        except OSError as exc:
            return None, f"cannot run apt-get: {exc}"
        if step[-1] == "chromium-driver" and done.returncode == 0:
            found = find_chromium()
            if found:
                return found, ""
        if done.returncode != 0:
            why = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["failed"]
            why = f"apt-get {step[-1] if step[1] != 'update' else 'update'}: {why[0]}"
    return None, f"cannot install Chromium ({why or 'not found after installing'})"


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium with one page; ``with Browser(path) as b: b.goto(url)``."""

    def __init__(
        self, executable: str, *, width: int = 1400, height: int = 1000, timeout: float = 30.0
    ) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-profile-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # the child reads commands on fd 3 and writes answers on fd 4
            read_end, write_end = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile.name}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # fds 3 and 4 are made in ``wire``; the rest are close-on-exec
            preexec_fn=wire,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._from_browser, selectors.EVENT_READ)
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
            self.session = attached["sessionId"]
            self.call("Page.enable", session=True)
            self.call("Runtime.enable", session=True)
            self.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                session=True,
            )
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._selector.close()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    # -- protocol

    def _send(self, method: str, params: dict[str, Any] | None, session: bool) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_browser, data) :]
        return self._next_id

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            if not self._selector.select(left):
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = False
    ) -> dict[str, Any]:
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def wait_event(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method:
                    del self._events[index]
                    return event
            message = self._receive(deadline)
            if "method" in message:
                self._events.append(message)

    # -- what tests use

    def goto(self, url: str) -> None:
        """Load ``url`` and wait for its load event (every image loaded or failed)."""
        self._events.clear()
        answer = self.call("Page.navigate", {"url": url}, session=True)
        if answer.get("errorText"):
            raise BrowserError(f"cannot load {url}: {answer['errorText']}")
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        answer = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=True,
        )
        if "exceptionDetails" in answer:
            raise BrowserError(f"script failed: {answer['exceptionDetails']}")
        return answer.get("result", {}).get("value")

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        data = self.call("Page.captureScreenshot", params, session=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path


def run_checks(browser: Browser, urls: Sequence[str], script: str) -> dict[str, Any]:
    """``script`` (an expression) evaluated in every page of ``urls``; results by URL."""
    results: dict[str, Any] = {}
    for url in urls:
        browser.goto(url)
        results[url] = browser.evaluate(script)
    return results
