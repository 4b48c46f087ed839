"""Replaying recorded real Notion exchanges against the emulator and comparing the answers.

Used by ``test_recordings.py`` (``../shared/reference/notion-recordings/``, vcrpy cassettes whose
response is ``body.string`` and ``status.code``) and ``test_replay_uno.py``
(``../shared/reference/notion-recordings-uno/``, whose response is ``content`` and
``status_code``). A cassette is replayed in order against a fresh in-process emulator:

- the request keeps its method, path, query string, ``Notion-Version``, ``Content-Type`` and
  body (multipart bodies are sent byte for byte with their recorded boundary);
- the redacted token becomes the emulator's token, except where Notion answered 401: that
  request was sent with a bad token, so it is replayed with one;
- ids are rewritten: the recorded workspace root page is the emulator's root page, recorded
  users are the emulator's bot and person, objects the recorded workspace already held are
  seeded first (:mod:`tests.notion_emulator.replay_seed`), and every id that appears in a
  recorded answer is the id at the same JSON path in the emulator's answer (dashed or
  dashless, in the path, the query string and the body).

Then the answers must agree: the same status code, and the same *shape* of JSON — the same keys
at every object level, the same JSON types, the same ``object`` and ``type`` values (and the
same error ``code``), lists compared element by element. Values themselves (names, times,
URLs) may differ, except in the few places listed in :data:`NULLABLE_KEYS` and in a replay's
``dependent`` table, where what the recorded workspace held decides, and in its allow-list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import httpx
import yaml

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport

NOTION_HOST = "api.notion.com"
BASE_URL = "http://notion-emulator.local"
BAD_TOKEN = "secret_not_the_emulator_token"

#: Keys whose value may be null in one answer and a value in the other: they hold what the
#: recorded workspace happened to have (a person's avatar, an icon or cover someone set, the
#: expiry of a signed file URL).
NULLABLE_KEYS = frozenset({"icon", "cover", "avatar_url", "expiry_time"})

_DASHED = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: An id inside a URI or body, dashed or dashless (``task_<hex>`` ids included).
_ID_IN_TEXT = re.compile(rf"(?<![0-9a-f])(?:{_DASHED}|[0-9a-f]{{32}})(?![0-9a-f])")
#: A JSON string that is an id as a whole.
_WHOLE_ID = re.compile(rf"^(?:[a-z]+_)?(?:{_DASHED}|[0-9a-f]{{32}})$")
#: Route templates, to name an endpoint in a dependent table and in messages.
_ID_SEGMENT = re.compile(rf"/(?:[a-z]+_)?(?:{_DASHED}|[0-9a-f]{{32}})(?=/|$)")


def hex_id(value: str) -> str:
    """The 32 hex digits of an id (dashes and a ``task_``-style prefix dropped)."""
    return value.rsplit("_", 1)[-1].replace("-", "").lower()


def dashed(hex32: str) -> str:
    """The dashed form of 32 hex digits."""
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


@dataclass
class IdMap:
    """Recorded id -> emulator id, both as 32 lower-case hex digits."""

    ids: dict[str, str] = field(default_factory=dict)
    #: Recorded property id -> the emulator's id for the same property (both URL-decoded):
    #: Notion names properties with short ids of its own choosing, which clients send back.
    properties: dict[str, str] = field(default_factory=dict)

    def learn_properties(self, recorded: Any, emulated: Any, key: str = "") -> None:
        """Pair the property ids of a recorded answer with those at the same place in the
        emulator's answer (which has the recorded answer's shape)."""
        if isinstance(recorded, dict) and isinstance(emulated, dict):
            for name, value in recorded.items():
                if name not in emulated:
                    continue
                if key == "properties" and isinstance(value, dict):
                    self._pair(value.get("id"), (emulated[name] or {}).get("id"))
                if name == "synced_property_id":
                    self._pair(value, emulated[name])
                self.learn_properties(value, emulated[name], name)
        elif isinstance(recorded, list) and isinstance(emulated, list):
            for want, got in zip(recorded, emulated, strict=False):
                self.learn_properties(want, got, key)

    def _pair(self, recorded: Any, emulated: Any) -> None:
        if isinstance(recorded, str) and isinstance(emulated, str) and recorded != "title":
            self.properties.setdefault(unquote(recorded), unquote(emulated))

    def rewrite_properties(self, body: bytes) -> bytes:
        """A JSON request body whose ``properties`` keys that are recorded property ids name
        the emulator's ids instead."""

        def swap(value: Any, key: str = "") -> Any:
            if isinstance(value, dict):
                return {
                    (self._property(k) if key == "properties" else k): swap(v, k)
                    for k, v in value.items()
                }
            if isinstance(value, list):
                return [swap(v, key) for v in value]
            return value

        try:
            data = json.loads(body)
        except ValueError:
            return body
        return json.dumps(swap(data)).encode("utf-8")

    def rewrite_target(self, target: str) -> str:
        """A request's path and query with known ids replaced, a property id in
        ``/properties/{property_id}`` included."""
        return re.sub(
            r"(?<=/properties/)[^/?]+", lambda m: self._property(m.group(0)), self.rewrite(target)
        )

    def _property(self, key: str) -> str:
        mapped = self.properties.get(unquote(key))
        return quote(mapped, safe="") if mapped is not None else key

    def rewrite(self, text: str) -> str:
        """``text`` with every known recorded id replaced, in the form it was written."""

        def swap(found: re.Match[str]) -> str:
            recorded = found.group(0)
            mapped = self.ids.get(hex_id(recorded))
            if mapped is None:
                return recorded
            return dashed(mapped) if "-" in recorded else mapped

        return _ID_IN_TEXT.sub(swap, text)

    def rewrite_json(self, value: Any) -> Any:
        """A JSON value with every known recorded id replaced."""
        return json.loads(self.rewrite(json.dumps(value)))


@dataclass(frozen=True)
class Mismatch:
    """One place where the emulator's answer does not have the recorded answer's shape."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"at {self.path or '<root>'}: {self.problem}"


@dataclass(frozen=True)
class Allowed:
    """A kept difference: the key at ``path`` (list indices written ``[]``; a leading ``*.``
    matches any prefix) may be absent from either answer and its value is not compared, in
    the answers of ``endpoint`` ("METHOD /v1/route"; None: of every endpoint)."""

    path: str
    reason: str
    endpoint: str | None = None

    def matches(self, general: str) -> bool:
        """Whether this entry covers the key at the index-free ``general`` path."""
        if self.path.startswith("*."):
            return general == self.path[2:] or general.endswith(self.path[1:])
        return general == self.path


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


def _element_id(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return hex_id(value["id"])
    return ""


def _index_free(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


@dataclass
class ShapeCheck:
    """Walks a recorded answer and the emulator's in parallel: shape mismatches and id pairs."""

    dependent: frozenset[str]
    allowed: tuple[Allowed, ...] = ()
    #: Emulator id -> recorded id (32 hex digits), to pair the elements of dependent lists.
    recorded_ids: Mapping[str, str] = field(default_factory=dict)
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

    def _optional(self, path: str, keys: set[str]) -> set[str]:
        general = _index_free(path)
        return {
            key
            for key in keys
            if any(entry.matches(f"{general}.{key}".lstrip(".")) for entry in self.allowed)
        }

    def _compare_objects(
        self, recorded: dict[str, Any], emulated: dict[str, Any], path: str
    ) -> Iterator[Mismatch]:
        optional = self._optional(path, recorded.keys() | emulated.keys())
        missing = recorded.keys() - emulated.keys() - optional
        extra = emulated.keys() - recorded.keys() - optional
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
            if key not in optional:
                yield from self.compare(value, emulated[key], f"{path}.{key}".lstrip("."))

    def _compare_lists(
        self, recorded: list[Any], emulated: list[Any], path: str, general: str
    ) -> Iterator[Mismatch]:
        if general in self.dependent:
            # which elements the workspace held decides the list: no ids are learnt from it
            yield from self._compare_dependent(recorded, emulated, path)
            return
        if len(recorded) != len(emulated):
            yield Mismatch(
                path, f"recorded {len(recorded)} elements, the emulator answered {len(emulated)}"
            )
            return
        for i, (want, got) in enumerate(zip(recorded, emulated, strict=True)):
            yield from self.compare(want, got, f"{path}[{i}]")

    def _compare_dependent(
        self, recorded: list[Any], emulated: list[Any], path: str
    ) -> Iterator[Mismatch]:
        if not recorded:
            return  # nothing recorded to compare the elements with
        by_id = {hex_id(w["id"]): w for w in recorded if isinstance(w, dict) and "id" in w}
        for i, got in enumerate(emulated):
            # an element the recorded list also holds must have its shape, any other element
            # the shape of some recorded element
            twin = by_id.get(self.recorded_ids.get(_element_id(got), ""))
            first: Mismatch | None = None
            for want in [twin] if twin is not None else recorded:
                probe = ShapeCheck(self.dependent, self.allowed, self.recorded_ids)
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
        """``METHOD /v1/route`` with every id written ``{id}``."""
        path = self.target.split("?", 1)[0]
        return f"{self.method} {_ID_SEGMENT.sub('/{id}', path)}"


def _first(headers: Mapping[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


def _response(response: dict[str, Any]) -> tuple[int, str]:
    """Status and JSON text of a recorded response, in either cassette format."""
    if "status_code" in response:
        return int(response["status_code"]), response.get("content") or ""
    return int(response["status"]["code"]), response["body"]["string"]


def load_exchanges(cassette: Path) -> list[Exchange]:
    """The cassette's interactions with api.notion.com, in order (other hosts are skipped)."""
    data = yaml.load(cassette.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    out: list[Exchange] = []
    for index, interaction in enumerate(data["interactions"]):
        request = interaction["request"]
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
        status, text = _response(interaction["response"])
        out.append(
            Exchange(
                index=index,
                method=request["method"],
                target=url.path + (f"?{url.query}" if url.query else ""),
                headers=headers,
                body=body,
                status=status,
                answer=json.loads(text) if text else None,
            )
        )
    return out


@dataclass(frozen=True)
class Replay:
    """How one set of recordings is replayed: what its workspace held and what is kept."""

    #: The page the recordings' integration was shared with; the emulator's root page plays it.
    root_id: str
    #: Per endpoint ("METHOD /v1/route"), the paths (list indices written ``[]``) whose value
    #: depends on what else the recorded workspace held: lists whose length and order may
    #: differ (each element must still have a recorded element's shape) and values that may
    #: be null on one side.
    dependent: Mapping[str, frozenset[str]]
    #: Kept differences, each with its reason.
    allowed: tuple[Allowed, ...] = ()
    #: Seed the objects the recorded workspace held before the run.
    seed: bool = False

    async def run(self, cassette: Path, exchanges: list[Exchange]) -> None:
        """Replay ``exchanges`` against a fresh emulator; an AssertionError names a difference."""
        # seeding builds on this module's ids and exchanges, so it is imported here
        from tests.notion_emulator.replay_recorded import user_ids
        from tests.notion_emulator.replay_seed import Seeder

        config = EmulatorConfig(rate=0)
        app = create_app(config)
        ids = IdMap({hex_id(self.root_id): hex_id(app.state.emulator.root_page_id)})
        users = user_ids(exchanges, config.bot_id, config.person_id)
        ids.ids.update(users)
        async with httpx.AsyncClient(
            transport=EmulatorTransport(app),
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {config.token}"},
        ) as client:
            if self.seed:
                await Seeder(client, app.state.emulator.store, ids, self.root_id, exchanges).seed()
            for exchange in exchanges:
                await self._one(client, config.token, cassette, exchange, ids, set(users))

    async def _one(
        self,
        client: httpx.AsyncClient,
        token: str,
        cassette: Path,
        exchange: Exchange,
        ids: IdMap,
        users: set[str],
    ) -> None:
        if exchange.status == 401:
            token = BAD_TOKEN
        headers = {**exchange.headers, "Authorization": f"Bearer {token}"}
        target = ids.rewrite_target(exchange.target)
        body = exchange.body
        if body and "multipart/" not in exchange.headers.get("content-type", ""):
            body = ids.rewrite_properties(ids.rewrite(body.decode("utf-8")).encode("utf-8"))
        response = await client.request(exchange.method, target, content=body, headers=headers)
        where = f"{cassette.stem} #{exchange.index} {exchange.method} {target}"
        answer = response.json()
        assert response.status_code == exchange.status, (
            f"{where}: recorded status {exchange.status}, the emulator answered "
            f"{response.status_code}: {answer}"
        )
        check = ShapeCheck(
            self.dependent.get(exchange.endpoint, frozenset()),
            tuple(a for a in self.allowed if a.endpoint in (None, exchange.endpoint)),
            {emulated: recorded for recorded, emulated in ids.ids.items()},
        )
        problems = list(check.compare(exchange.answer, answer))
        assert not problems, (
            f"{where}: the answer's shape differs from Notion's\n  "
            + "\n  ".join(map(str, problems[:5]))
            + f"\nemulator answered: {json.dumps(answer)[:2000]}"
        )
        ids.learn_properties(exchange.answer, answer)
        for path, recorded, emulated in check.pairs:
            if hex_id(recorded) in users:
                continue  # several recorded users may play one emulator user
            known = ids.ids.setdefault(hex_id(recorded), hex_id(emulated))
            assert known == hex_id(emulated), (
                f"{where}: at {path}, recorded id {recorded} was answered as "
                f"{dashed(known)} before and as {emulated} now"
            )
