"""Where the ``notion-import`` command starts (``notion_import.__main__``): Ctrl-C while its
modules load ends it as an interrupt later does, with exit 130 and a line; the emulator is
loaded only for a sandbox run."""

from __future__ import annotations

import importlib.abc
import subprocess
import sys
from typing import Any

import pytest


class _Interrupting(importlib.abc.MetaPathFinder):
    """Ctrl-C pressed while ``notion_import.cli`` loads."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "notion_import.cli":
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_the_command_loads_ends_it_with_a_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from notion_import.__main__ import main

    for name in [
        n for n in sys.modules if n == "notion_import.cli" or n.startswith("notion_import.cli.")
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_Interrupting(), *sys.meta_path])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 130
    assert (
        capsys.readouterr().err == "notion-import: interrupted while starting; nothing was done\n"
    )


def test_the_command_loads_the_emulator_only_for_a_sandbox() -> None:
    probe = (
        "import sys\n"
        "from notion_import.cli import main\n"
        "from notion_import.cli.sandbox import open_sandbox\n"
        "print('notion_emulator' in sys.modules)\n"
        "open_sandbox()\n"
        "print('notion_emulator' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
