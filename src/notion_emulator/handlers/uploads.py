"""The File Upload API: create, send (multipart/form-data), complete, retrieve, list."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncGenerator
from typing import Any

from starlette.datastructures import Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from notion_emulator import query
from notion_emulator.errors import ValidationError, not_found
from notion_emulator.handlers.common import reject_unknown
from notion_emulator.render import listing
from notion_emulator.routing import Ctx
from notion_emulator.schema.messages import MISSING, body_failed, was
from notion_emulator.store import UPLOAD_TTL_SECONDS, Upload, new_id, normalize_id

MIB = 1024 * 1024
#: single_part uploads and every multi_part part are at most 20 MiB; parts but the last >= 5 MiB.
MAX_PART_BYTES = 20 * MIB
MIN_PART_BYTES = 5 * MIB
MAX_PARTS = 1000
MAX_FILENAME_BYTES = 900
_CREATE_KEYS = frozenset({"mode", "filename", "content_type", "number_of_parts", "external_url"})
_MODES = ("single_part", "multi_part", "external_url")


def _upload(ctx: Ctx) -> Upload:
    upload_id = ctx.id_param(kind="file_upload")
    upload = ctx.store.uploads.get(upload_id)
    if upload is None:
        raise not_found(upload_id, "file upload")
    return upload


def _bad(path: str, expectation: str, value: Any) -> ValidationError:
    return body_failed(path, was(expectation, value))


async def create_upload(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _CREATE_KEYS)
    mode = body.get("mode", "single_part")
    if mode not in _MODES:
        raise _bad(
            "body.mode", "should be one of `single_part`, `multi_part`, `external_url`", mode
        )
    filename = body.get("filename")
    if filename is not None and (
        not isinstance(filename, str) or len(filename.encode()) > MAX_FILENAME_BYTES
    ):
        raise _bad(
            "body.filename", f"should be a string of at most {MAX_FILENAME_BYTES} bytes", filename
        )
    content_type = body.get("content_type")
    if content_type is not None and not isinstance(content_type, str):
        raise _bad("body.content_type", "should be a string", content_type)
    if content_type is None and filename:
        content_type = mimetypes.guess_type(filename)[0]
    parts = body.get("number_of_parts")
    if mode == "multi_part":
        if not filename:
            raise _bad("body.filename", "should be defined for `multi_part` uploads", filename)
        if isinstance(parts, bool) or not isinstance(parts, int) or not 1 <= parts <= MAX_PARTS:
            raise _bad("body.number_of_parts", f"should be an integer from 1 to {MAX_PARTS}", parts)
    elif parts is not None:
        raise _bad("body.number_of_parts", "should be not present", parts)
    external = body.get("external_url")
    if mode == "external_url":
        if (
            not isinstance(external, str)
            or not external.startswith("https://")
            or len(external) > 2000
        ):
            raise _bad(
                "body.external_url", "should be an https URL of at most 2000 characters", external
            )
        if not filename:
            raise _bad("body.filename", "should be defined for `external_url` uploads", filename)
    elif external is not None:
        raise _bad("body.external_url", "should be not present", external)
    now = ctx.store.clock()
    upload = Upload(
        id=new_id(),
        mode=mode,
        filename=filename,
        content_type=content_type,
        created=now,
        expires=now + UPLOAD_TTL_SECONDS,
        number_of_parts=parts if mode == "multi_part" else None,
        external_url=external,
    )
    ctx.store.uploads[upload.id] = upload
    ctx.store.mark("upload", upload.id)
    return ctx.render.upload(upload)


async def _one_chunk(raw: bytes) -> AsyncGenerator[bytes, None]:
    yield raw


async def _form(ctx: Ctx) -> tuple[bytes, str | None, str | None]:
    """(file content, its content type, ``part_number``) from a multipart/form-data body."""
    if "multipart/form-data" not in ctx.content_type:
        raise ValidationError(
            "Content-Type must be `multipart/form-data` with a `file` field to send a file upload."
        )
    parser = MultiPartParser(
        Headers({"content-type": ctx.content_type}),
        _one_chunk(ctx.raw),
        max_files=2,
        max_fields=10,
        max_part_size=MAX_PART_BYTES + MIB,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise ValidationError(f"Could not parse the multipart/form-data body: {exc}.") from None
    try:
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise body_failed("body.file", MISSING)
        part = form.get("part_number")
        return await file.read(), file.content_type, part if isinstance(part, str) else None
    finally:
        await form.close()


async def send_upload(ctx: Ctx) -> dict[str, Any]:
    upload = _upload(ctx)
    content, part_type, part_raw = await _form(ctx)
    if upload.mode == "external_url":
        raise ValidationError("An `external_url` file upload cannot be sent content.")
    if upload.status != "pending" or ctx.store.clock() > upload.expires:
        status = "expired" if upload.status == "pending" else upload.status
        raise ValidationError(
            f"File upload with ID {upload.id} is in status `{status}`; only `pending` uploads "
            "accept content."
        )
    size = len(content)
    limit = ctx.emulator.config.max_upload_bytes
    if upload.mode == "single_part":
        if part_raw is not None:
            raise _bad("body.part_number", "should be not present for `single_part`", part_raw)
        if size > min(MAX_PART_BYTES, limit):
            raise ValidationError(
                f"File size {size} bytes exceeds the single-part limit of "
                f"{min(MAX_PART_BYTES, limit)} bytes; use a `multi_part` upload."
            )
        ctx.store.put_file(upload.id, content)
        upload.content_length = size
        upload.status = "uploaded"
        if upload.content_type is None:
            upload.content_type = part_type
    else:
        number = _part_number(part_raw, upload)
        last = number == upload.number_of_parts
        if size > MAX_PART_BYTES or (not last and size < MIN_PART_BYTES):
            raise ValidationError(
                f"Part {number} is {size} bytes; parts must be {MIN_PART_BYTES} to "
                f"{MAX_PART_BYTES} bytes (the last part may be smaller)."
            )
        ctx.store.file_parts.setdefault(upload.id, {})[number] = content
        upload.parts[number] = size
        if sum(upload.parts.values()) > limit:
            raise ValidationError(
                f"File size exceeds the workspace limit of {limit} bytes per file."
            )
    ctx.store.mark("upload", upload.id)
    return ctx.render.upload(upload)


def _part_number(raw: str | None, upload: Upload) -> int:
    try:
        number = int(raw) if raw is not None else 0
    except ValueError:
        number = 0
    if not 1 <= number <= (upload.number_of_parts or 0):
        raise _bad(
            "body.part_number",
            f"should be an integer from 1 to {upload.number_of_parts}",
            raw if raw is not None else None,
        )
    return number


async def complete_upload(ctx: Ctx) -> dict[str, Any]:
    upload = _upload(ctx)
    if upload.mode != "multi_part":
        raise ValidationError("Only `multi_part` file uploads can be completed.")
    if upload.status != "pending":
        raise ValidationError(
            f"File upload with ID {upload.id} is in status `{upload.status}`; only `pending` "
            "uploads can be completed."
        )
    total = upload.number_of_parts or 0
    missing = [n for n in range(1, total + 1) if n not in upload.parts]
    if missing:
        raise ValidationError(
            f"File upload with ID {upload.id} is missing parts {missing[:10]}; send all "
            f"{total} parts before completing."
        )
    pieces = ctx.store.file_parts.pop(upload.id, {})
    content = b"".join(pieces[n] for n in range(1, total + 1))
    ctx.store.put_file(upload.id, content)
    upload.content_length = len(content)
    upload.status = "uploaded"
    ctx.store.mark("upload", upload.id)
    return ctx.render.upload(upload)


async def retrieve_upload(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.upload(_upload(ctx))


async def list_uploads(ctx: Ctx) -> dict[str, Any]:
    wanted = ctx.query.get("status")
    if wanted is not None and wanted not in ("pending", "uploaded", "expired", "failed"):
        raise _bad(
            "query.status", "should be one of `pending`, `uploaded`, `expired`, `failed`", wanted
        )
    rendered = [ctx.render.upload(u) for u in reversed(ctx.store.uploads.values())]
    if wanted is not None:
        rendered = [u for u in rendered if u["status"] == wanted]
    cursor = ctx.query.get("start_cursor")
    chunk, next_cursor, _more, _capped = query.paginate(
        rendered,
        (normalize_id(cursor) or cursor) if cursor else None,
        ctx.page_size(),
        lambda item: str(item["id"]),
    )
    return listing(chunk, next_cursor, "file_upload")
