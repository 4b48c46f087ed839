"""Contract test: every recorded real exchange, replayed against the emulator, has Notion's shape.

The recordings in ``../shared/reference/notion-recordings/`` are vcrpy cassettes captured
against api.notion.com (see ``SOURCE.md`` there). Each cassette is replayed in order against a
fresh in-process emulator:

- the request keeps its method, path, query string, ``Notion-Version``, ``Content-Type`` and
  body (multipart bodies are sent byte for byte with their recorded boundary);
- the redacted token becomes the emulator's token, except where Notion answered 401: that
  request was sent with a bad token, so it is replayed with one;
- ids are rewritten: the recorded workspace root page is the emulator's root page, and every id
  that appears in a recorded answer is the id at the same JSON path in the emulator's answer
  (dashed or dashless, in the path, the query string and the body).

Then the answers must agree: the same status code, and the same *shape* of JSON — the same keys
at every object level, the same JSON types, the same ``object`` and ``type`` values (and the
same error ``code``), lists compared element by element. Values themselves (names, times,
URLs) may differ, except in the few places listed in :data:`NULLABLE_KEYS` and
:data:`WORKSPACE_DEPENDENT`, where what the recorded workspace held decides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml
from tests import paths

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport

RECORDINGS = paths.RECORDINGS

if not RECORDINGS.is_dir():
    pytest.skip(
        f"the recorded Notion exchanges are not present at {RECORDINGS}",
        allow_module_level=True,
    )

NOTION_HOST = "api.notion.com"
BASE_URL = "http://notion-emulator.local"
#: The page the recordings' integration was shared with; the emulator's root page plays it.
RECORDED_ROOT_ID = "393abc1e-edcd-80f3-813b-e205934558c6"
BAD_TOKEN = "secret_not_the_emulator_token"

#: Keys whose value may be null in one answer and a value in the other: they hold what the
#: recorded workspace happened to have (a person's avatar, an icon or cover someone set, the
#: expiry of a signed file URL).
NULLABLE_KEYS = frozenset({"icon", "cover", "avatar_url", "expiry_time"})

#: Per endpoint ("METHOD /v1/route"), the paths (list indices written ``[]``) whose value
#: depends on what else the recorded workspace held: lists whose length may differ (their
#: elements must still have a recorded element's shape) and values that may be null on one side.
WORKSPACE_DEPENDENT: dict[str, frozenset[str]] = {
    # search sees every page shared with the integration; the recorded root page is untitled
    "POST /v1/search": frozenset({"results", "results[].properties.title.title"}),
    # the recorded workspace held uploads left by earlier test runs
    "GET /v1/file_uploads": frozenset({"results", "next_cursor"}),
}

#: Cassettes that cannot be replayed faithfully, with the reason (xfail, strict).
XFAIL: dict[str, str] = {}

_DASHED = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: An id inside a URI or body, dashed or dashless (``task_<hex>`` ids included).
_ID_IN_TEXT = re.compile(rf"(?<![0-9a-f])(?:{_DASHED}|[0-9a-f]{{32}})(?![0-9a-f])")
#: A JSON string that is an id as a whole.
_WHOLE_ID = re.compile(rf"^(?:[a-z]+_)?(?:{_DASHED}|[0-9a-f]{{32}})$")
#: Route templates, to name an endpoint in :data:`WORKSPACE_DEPENDENT` and in messages.
_ID_SEGMENT = re.compile(rf"/(?:[a-z]+_)?(?:{_DASHED}|[0-9a-f]{{32}})(?=/|$)")


def _hex(value: str) -> str:
    """The 32 hex digits of an id (dashes and a ``task_``-style prefix dropped)."""
    return value.rsplit("_", 1)[-1].replace("-", "").lower()


def _dashed(hex32: str) -> str:
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


@dataclass
class IdMap:
    """Recorded id -> emulator id, both as 32 lower-case hex digits."""

    ids: dict[str, str] = field(default_factory=dict)

    def rewrite(self, text: str) -> str:
        """``text`` with every known recorded id replaced, in the form it was written."""

        def swap(found: re.Match[str]) -> str:
            recorded = found.group(0)
            mapped = self.ids.get(_hex(recorded))
            if mapped is None:
                return recorded
            return _dashed(mapped) if "-" in recorded else mapped

        return _ID_IN_TEXT.sub(swap, text)


@dataclass(frozen=True)
class Mismatch:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"at {self.path or '<root>'}: {self.problem}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "object"


def _index_free(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


@dataclass
class ShapeCheck:
    """Walks a recorded answer and the emulator's in parallel: shape mismatches and id pairs."""

    dependent: frozenset[str]
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (path, recorded, emulated)

    def compare(self, recorded: Any, emulated: Any, path: str = "") -> Iterator[Mismatch]:
        general = _index_free(path)
        want, got = _kind(recorded), _kind(emulated)
        if want != got:
            key = path.rsplit(".", 1)[-1]
            nullable = key in NULLABLE_KEYS or general in self.dependent
            if not (nullable and "null" in (want, got)):
                yield Mismatch(path, f"recorded a {want}, the emulator answered a {got}")
            return
        if want == "string":
            if _WHOLE_ID.match(recorded):
                if not _WHOLE_ID.match(emulated):
                    yield Mismatch(path, f"recorded an id, the emulator answered {emulated!r}")
                else:
                    self.pairs.append((path, recorded, emulated))
        elif want == "object":
            yield from self._compare_objects(recorded, emulated, path)
        elif want == "list":
            yield from self._compare_lists(recorded, emulated, path, general)

    def _compare_objects(
        self, recorded: dict[str, Any], emulated: dict[str, Any], path: str
    ) -> Iterator[Mismatch]:
        missing, extra = recorded.keys() - emulated.keys(), emulated.keys() - recorded.keys()
        if missing or extra:
            yield Mismatch(
                path,
                f"keys differ: missing in the emulator's answer {sorted(missing)}, "
                f"not in the recorded answer {sorted(extra)}",
            )
            return
        tags = ["object", "type"] + (["code"] if recorded.get("object") == "error" else [])
        for tag in tags:
            if tag in recorded and recorded[tag] != emulated[tag]:
                yield Mismatch(
                    f"{path}.{tag}".lstrip("."),
                    f"recorded {recorded[tag]!r}, the emulator answered {emulated[tag]!r}",
                )
                return
        for key, value in recorded.items():
            yield from self.compare(value, emulated[key], f"{path}.{key}".lstrip("."))

    def _compare_lists(
        self, recorded: list[Any], emulated: list[Any], path: str, general: str
    ) -> Iterator[Mismatch]:
        if len(recorded) == len(emulated):
            for i, (want, got) in enumerate(zip(recorded, emulated, strict=True)):
                yield from self.compare(want, got, f"{path}[{i}]")
            return
        if general not in self.dependent:
            yield Mismatch(
                path, f"recorded {len(recorded)} elements, the emulator answered {len(emulated)}"
            )
            return
        if not recorded:
            return  # nothing recorded to compare the extra elements with
        for i, got in enumerate(emulated):
            # each element must have the shape of some recorded element (no ids are learnt)
            first: Mismatch | None = None
            for want in recorded:
                probe = ShapeCheck(self.dependent)
                problem = next(probe.compare(want, got, f"{path}[{i}]"), None)
                if problem is None:
                    break
                first = first or problem
            else:
                assert first is not None
                yield first
                return


@dataclass(frozen=True)
class Exchange:
    """One recorded interaction against api.notion.com."""

    index: int
    method: str
    target: str  # path and query string
    headers: dict[str, str]
    body: bytes
    status: int
    answer: Any

    @property
    def endpoint(self) -> str:
        path = self.target.split("?", 1)[0]
        return f"{self.method} {_ID_SEGMENT.sub('/{id}', path)}"


def _first(headers: dict[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


def load_exchanges(cassette: Path) -> list[Exchange]:
    """The cassette's interactions with api.notion.com, in order (other hosts are skipped)."""
    data = yaml.load(cassette.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    out: list[Exchange] = []
    for index, interaction in enumerate(data["interactions"]):
        request, response = interaction["request"], interaction["response"]
        url = urlsplit(request["uri"])
        if url.hostname != NOTION_HOST:
            continue
        headers = {
            name: value
            for name in ("notion-version", "content-type")
            if (value := _first(request.get("headers") or {}, name)) is not None
        }
        raw = request.get("body") or b""
        body = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        text = response["body"]["string"]
        out.append(
            Exchange(
                index=index,
                method=request["method"],
                target=url.path + (f"?{url.query}" if url.query else ""),
                headers=headers,
                body=body,
                status=int(response["status"]["code"]),
                answer=json.loads(text) if text else None,
            )
        )
    return out


def _cassettes() -> list[Any]:
    params = []
    for path in sorted(RECORDINGS.glob("*.yaml")):
        marks = []
        if path.stem in XFAIL:
            marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[path.stem]))
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


@pytest.mark.parametrize("cassette", _cassettes())
async def test_recording_replays_with_notions_shapes(cassette: Path) -> None:
    config = EmulatorConfig(rate=0)
    app = create_app(config)
    ids = IdMap({_hex(RECORDED_ROOT_ID): _hex(app.state.emulator.root_page_id)})
    exchanges = load_exchanges(cassette)
    if not exchanges:
        pytest.skip(f"{cassette.name} holds no exchange with {NOTION_HOST}")
    async with httpx.AsyncClient(transport=EmulatorTransport(app), base_url=BASE_URL) as client:
        for exchange in exchanges:
            token = BAD_TOKEN if exchange.status == 401 else config.token
            headers = {**exchange.headers, "Authorization": f"Bearer {token}"}
            target = ids.rewrite(exchange.target)
            body = exchange.body
            if body and "multipart/" not in exchange.headers.get("content-type", ""):
                body = ids.rewrite(body.decode("utf-8")).encode("utf-8")
            response = await client.request(exchange.method, target, content=body, headers=headers)
            where = f"{cassette.stem} #{exchange.index} {exchange.method} {target}"
            answer = response.json()
            assert response.status_code == exchange.status, (
                f"{where}: recorded status {exchange.status}, the emulator answered "
                f"{response.status_code}: {answer}"
            )
            check = ShapeCheck(WORKSPACE_DEPENDENT.get(exchange.endpoint, frozenset()))
            problems = list(check.compare(exchange.answer, answer))
            assert not problems, (
                f"{where}: the answer's shape differs from Notion's\n  "
                + "\n  ".join(map(str, problems[:5]))
                + f"\nemulator answered: {json.dumps(answer)[:2000]}"
            )
            for path, recorded, emulated in check.pairs:
                known = ids.ids.setdefault(_hex(recorded), _hex(emulated))
                assert known == _hex(emulated), (
                    f"{where}: at {path}, recorded id {recorded} was answered as "
                    f"{_dashed(known)} before and as {emulated} now"
                )
