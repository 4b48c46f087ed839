"""Checks shared by filters and sorts: Notion's messages for them, union keys, property lookup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import unquote

from notion_emulator.errors import ValidationError
from notion_emulator.schema.limits import MAX_ARRAY
from notion_emulator.schema.messages import (
    at_most,
    body_failed,
    fix_one,
    missing_line,
    one_of,
    was,
)

TIMESTAMPS: Final = ("created_time", "last_edited_time")


def expected(path: str, what: str, value: Any) -> ValidationError:
    """``body failed validation: <path> should be <what>, instead was `<value>`.``"""
    return body_failed(path, was(f"should be {what}", value))


def not_present(path: str, value: Any) -> ValidationError:
    """A key the request may not carry here."""
    return expected(path, "not present", value)


def too_long(path: str, length: int) -> ValidationError:
    """An array longer than :data:`~notion_emulator.schema.limits.MAX_ARRAY`."""
    return body_failed(f"{path}.length", at_most(MAX_ARRAY, length))


def one_of_error(path: str, allowed: Sequence[str], value: Any) -> ValidationError:
    """``should be one of `"a"`, `"b"`, instead was ...``."""
    return expected(path, one_of(allowed), value)


def pick(obj: Any, path: str, keys: Mapping[str, object] | Sequence[str]) -> str:
    """The one key of a discriminated union ``obj`` carries; any other key is refused."""
    if not isinstance(obj, dict):
        raise expected(path, "an object", obj)
    found = next((k for k in obj if isinstance(k, str) and k in keys), None)
    if found is None:
        raise fix_one([missing_line(f"{path}.{k}") for k in keys])
    for key, value in obj.items():
        if key != found:
            raise not_present(f"{path}.{key}", value)
    return found


def property_index(schema: Mapping[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Property lookup by name, then by id (raw and URL-decoded); names win."""
    by_id: dict[str, tuple[str, dict[str, Any]]] = {}
    by_name: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, spec in schema.items():
        if not isinstance(spec, dict):
            continue
        by_name[name] = (name, spec)
        prop_id = spec.get("id")
        if isinstance(prop_id, str):
            by_id.setdefault(prop_id, (name, spec))
            by_id.setdefault(unquote(prop_id), (name, spec))
    return {**by_id, **by_name}
