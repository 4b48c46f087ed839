"""The two independent copies of Notion's facts agree, with each other and with the recordings.

The importer (``notion_import.notion`` and the converter's vocabularies) and the emulator (its
``schema``) each keep their own copy of Notion's limits and vocabularies, on purpose: the
emulator is the oracle the importer is tested against, so a misreading must not be shared by
importing one from the other. What stops the copies drifting apart is this file: every table is
compared across the sides, and with what the real API said in ``../shared/reference``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests import paths

import notion_view.markup
from notion_import import notion
from notion_import.convert import colors

UNO = paths.SHARED / "reference" / "notion-recordings-uno"


@cache
def emulator_fact(name: str) -> Any:
    """The module-level value called ``name`` in the emulator, wherever it is kept (exactly
    one module may define it: a second copy fails here as well)."""
    found: dict[str, Any] = {}
    for module in emulator_modules():
        if name in vars(module) and _defined_in(module, name):
            found[module.__name__] = vars(module)[name]
    assert len(found) == 1, f"the emulator keeps {name} in {sorted(found) or 'no module'}"
    return next(iter(found.values()))


def emulator_modules() -> list[Any]:
    package = importlib.import_module("notion_emulator")
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(package.__path__, "notion_emulator.")
        if not info.name.endswith("__main__")
    ]


def _defined_in(module: Any, name: str) -> bool:
    """Is ``name`` bound by an assignment in ``module`` itself (not imported into it)?"""
    source = Path(module.__file__).read_text(encoding="utf-8")
    return re.search(rf"^{name}\s*(?::[^=\n]+)?=", source, re.M) is not None


def _defines_function(module: Any, name: str) -> bool:
    source = Path(module.__file__).read_text(encoding="utf-8")
    return re.search(rf"^def {name}\(", source, re.M) is not None


def recorded(pattern: str) -> set[str]:
    """Every value captured by ``pattern`` in the recorded exchanges (JSON inside YAML, so
    quotes may be escaped)."""
    folders = [folder for folder in (paths.RECORDINGS, UNO) if folder.is_dir()]
    if not folders:
        pytest.skip(f"the recorded Notion exchanges are not present at {paths.RECORDINGS}")
    found: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".yaml", ".yml", ".json"}:
                text = path.read_text(encoding="utf-8", errors="replace").replace('\\"', '"')
                found.update(re.findall(pattern, text))
    return found


def names(values: Iterable[Any]) -> set[str]:
    return {str(v) for v in values}


# -- limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importer", "emulator"),
    [("MAX_TEXT", "MAX_TEXT"), ("MAX_URL", "MAX_URL"), ("MAX_ITEMS", "MAX_ARRAY")],
)
def test_limits_agree(importer: str, emulator: str) -> None:
    assert getattr(notion, importer) == emulator_fact(emulator)


def test_the_emulator_counts_text_as_the_importer_does() -> None:
    samples = ["", "plain", "é", "日本語", "😀", "a😀b" * 700, "\U0010ffff"]
    emulator_length = next(
        vars(m)["js_length"] for m in emulator_modules() if _defines_function(m, "js_length")
    )
    assert [notion.js_length(s) for s in samples] == [emulator_length(s) for s in samples]
    assert notion.js_length("😀") == 2  # UTF-16 code units, as Notion (JavaScript) counts


# -- vocabularies ---------------------------------------------------------------------------


def test_code_languages_agree() -> None:
    assert names(notion.CODE_LANGUAGES) == names(emulator_fact("CODE_LANGUAGES"))


def test_every_recorded_code_language_is_known_to_both() -> None:
    seen = recorded(r'"language":\s*"([^"]+)"')
    assert seen, "the recordings hold code blocks"
    assert seen <= names(notion.CODE_LANGUAGES)
    assert seen <= names(emulator_fact("CODE_LANGUAGES"))


def test_colours_agree() -> None:
    plain = {c for c in names(notion.COLORS) if not c.endswith("_background")}
    assert plain == names(emulator_fact("COLORS"))
    assert names(notion.COLORS) <= names(emulator_fact("API_COLORS"))


def test_every_colour_the_converter_writes_is_one_the_emulator_accepts() -> None:
    accepted = names(emulator_fact("API_COLORS"))
    written = {name for _, name in colors.HUES} | {"default", "gray", "brown"}
    written |= {f"{name}_background" for name in written - {"default"}}
    assert written <= accepted


def test_every_recorded_colour_is_accepted_by_the_emulator() -> None:
    seen = recorded(r'"color":\s*"([a-z_]+)"')
    assert {"default", "blue", "red_background"} <= seen
    assert seen <= names(emulator_fact("API_COLORS"))


def test_the_renderer_draws_every_colour_the_emulator_knows() -> None:
    assert names(notion_view.markup.COLORS) == names(emulator_fact("COLORS"))


async def test_the_emulator_refuses_what_its_colour_table_lacks() -> None:
    """The emulator's table is the one its validator applies, so comparing the importer's
    colours with it means something: a colour outside it is refused, one inside accepted."""
    import httpx

    from notion_emulator.app import EmulatorConfig, create_app
    from notion_emulator.transport import EmulatorTransport

    app = create_app(EmulatorConfig(rate=0))
    state = app.state.emulator
    headers = {"Authorization": f"Bearer {state.config.token}", "Notion-Version": "2025-09-03"}

    def paragraph(color: str) -> dict[str, Any]:
        text = [{"type": "text", "text": {"content": "x"}}]
        return {"children": [{"paragraph": {"rich_text": text, "color": color}}]}

    async with httpx.AsyncClient(transport=EmulatorTransport(app)) as http:
        url = f"http://emulator.test/v1/blocks/{state.root_page_id}/children"
        refused = await http.patch(url, json=paragraph("magenta"), headers=headers)
        accepted = await http.patch(url, json=paragraph("pink_background"), headers=headers)
    assert "magenta" not in names(emulator_fact("API_COLORS"))
    assert refused.status_code == 400 and refused.json()["code"] == "validation_error"
    assert accepted.status_code == 200
