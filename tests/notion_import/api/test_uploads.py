"""The uploader against the emulator, through the official SDK; its pure decisions by table."""

from __future__ import annotations

import asyncio
import itertools
import random
import struct
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from notion_emulator.app import EmulatorConfig
from notion_import.api import upload_content
from notion_import.api.content_types import detect_content_type
from notion_import.api.upload_content import (
    MAX_FILENAME_BYTES,
    MAX_PARTS,
    Part,
    plan_parts,
    shorten_filename,
)
from notion_import.api.uploads import Uploader
from notion_import.errors import FileTooLargeError, UploadError

MIB = 1024 * 1024
CREATE = "POST /file_uploads"
SEND = "POST /file_uploads/{id}/send"
COMPLETE = "POST /file_uploads/{id}/complete"


def tiny_png() -> bytes:
    """A valid 1x1 red PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def workspace_limit(client: Any) -> Callable[[], Awaitable[int]]:
    """``max_size`` as the lead's client gives it: the limit ``GET /v1/users/me`` reports."""

    async def max_size() -> int:
        me = await client.users.me()
        return int(me["bot"]["workspace_limits"]["max_file_upload_size_in_bytes"])

    return max_size


def routes(app: Any) -> dict[str, int]:
    by_route: dict[str, int] = app.state.emulator.stats_json()["by_route"]
    return by_route


def store(app: Any) -> Any:
    return app.state.emulator.store


@pytest.fixture
def uploader(notion_client: Any) -> Uploader:
    return Uploader(notion_client, max_size=workspace_limit(notion_client))


# -- single part -----------------------------------------------------------------------------


async def test_png_path_is_uploaded_and_attachable(
    uploader: Uploader,
    notion_client: Any,
    notion_emulator_app: Any,
    notion_root_page_id: str,
    tmp_path: Path,
) -> None:
    png = tiny_png()
    path = tmp_path / "pixel.png"
    path.write_bytes(png)

    upload_id = await uploader.upload(path)

    record = store(notion_emulator_app).uploads[upload_id]
    assert (record.status, record.mode, record.filename) == ("uploaded", "single_part", "pixel.png")
    assert record.content_type == "image/png"
    assert store(notion_emulator_app).files[upload_id] == png
    page = await notion_client.pages.create(
        parent={"page_id": notion_root_page_id},
        properties={"title": [{"type": "text", "text": {"content": "Pixel"}}]},
        children=[{"image": {"type": "file_upload", "file_upload": {"id": upload_id}}}],
    )
    block = (await notion_client.blocks.children.list(block_id=page["id"]))["results"][0]
    assert block["type"] == "image" and block["image"]["type"] == "file"
    assert uploader.stats.as_dict() == {"uploads": 1, "bytes_sent": len(png), "dedup_hits": 0}


async def test_str_path_and_explicit_name_and_type(
    uploader: Uploader, notion_emulator_app: Any, tmp_path: Path
) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"a,b\n1,2\n")
    upload_id = await uploader.upload(str(path), filename="table.csv", content_type="text/csv")
    record = store(notion_emulator_app).uploads[upload_id]
    assert (record.filename, record.content_type) == ("table.csv", "text/csv")


async def test_bytes_source_is_named_by_hash_and_sniffed(
    uploader: Uploader, notion_emulator_app: Any
) -> None:
    png = tiny_png()
    upload_id = await uploader.upload(png)
    record = store(notion_emulator_app).uploads[upload_id]
    assert record.status == "uploaded" and record.content_type == "image/png"
    assert record.filename.startswith("file-") and record.filename.endswith(".png")
    assert store(notion_emulator_app).files[upload_id] == png


async def test_bytes_source_with_a_name(uploader: Uploader, notion_emulator_app: Any) -> None:
    upload_id = await uploader.upload(b"%PDF-1.7\n...", filename="report.pdf")
    record = store(notion_emulator_app).uploads[upload_id]
    assert (record.filename, record.content_type) == ("report.pdf", "application/pdf")


# -- once per content ------------------------------------------------------------------------


async def test_same_content_is_uploaded_once(
    uploader: Uploader, notion_emulator_app: Any, tmp_path: Path
) -> None:
    png = tiny_png()
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    first.write_bytes(png)
    second.write_bytes(png)

    ids = [
        await uploader.upload(first),
        await uploader.upload(second),  # another name, same content
        await uploader.upload(png, filename="third.png"),  # bytes, same content
    ]

    assert len(set(ids)) == 1
    assert routes(notion_emulator_app)[CREATE] == 1
    assert routes(notion_emulator_app)[SEND] == 1
    # Notion shows the first name given.
    assert store(notion_emulator_app).uploads[ids[0]].filename == "first.png"
    assert uploader.stats.as_dict() == {"uploads": 1, "bytes_sent": len(png), "dedup_hits": 2}
    other = await uploader.upload(png + b"\x00")
    assert other != ids[0] and routes(notion_emulator_app)[CREATE] == 2


async def test_concurrent_calls_share_one_upload(
    uploader: Uploader, notion_emulator_app: Any
) -> None:
    png = tiny_png()
    ids = await asyncio.gather(*(uploader.upload(png, filename=f"{n}.png") for n in range(5)))
    assert len(set(ids)) == 1
    assert routes(notion_emulator_app)[CREATE] == 1
    assert uploader.stats.uploads == 1 and uploader.stats.dedup_hits == 4


async def test_the_ids_remembered_are_bounded(notion_client: Any, notion_emulator_app: Any) -> None:
    """Memory does not grow with the files of a run: the ids of the ``remember`` contents used
    last are kept; older content is uploaded again."""
    uploader = Uploader(notion_client, max_size=workspace_limit(notion_client), remember=2)
    png = tiny_png()
    first = await uploader.upload(png + b"1")
    await uploader.upload(png + b"2")
    assert await uploader.upload(png + b"1") == first  # used again: now the most recent
    await uploader.upload(png + b"3")  # the third content: "2" is forgotten
    assert await uploader.upload(png + b"1") == first
    assert routes(notion_emulator_app)[CREATE] == 3
    again = await uploader.upload(png + b"2")
    assert routes(notion_emulator_app)[CREATE] == 4 and again
    assert uploader.stats.uploads == 4 and uploader.stats.dedup_hits == 2


# -- multi part ------------------------------------------------------------------------------


async def test_25_mib_file_goes_in_three_parts(
    uploader: Uploader,
    notion_client: Any,
    notion_emulator_app: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = random.Random(25).randbytes(25 * MIB)
    path = tmp_path / "big.bin"
    path.write_bytes(content)
    reads: list[int] = []
    read_range = upload_content.read_range

    def counting_read(path: Path, offset: int, length: int) -> bytes:
        reads.append(length)
        return read_range(path, offset, length)

    monkeypatch.setattr(upload_content, "read_range", counting_read)

    upload_id = await uploader.upload(path)

    record = store(notion_emulator_app).uploads[upload_id]
    assert (record.mode, record.status, record.number_of_parts) == ("multi_part", "uploaded", 3)
    assert record.parts == {1: 10 * MIB, 2: 10 * MIB, 3: 5 * MIB}
    assert store(notion_emulator_app).files[upload_id] == content
    assert record.content_type == "application/octet-stream"
    counts = routes(notion_emulator_app)
    assert (counts[CREATE], counts[SEND], counts[COMPLETE]) == (1, 3, 1)
    # Each part was read from disk on its own, just before it was sent.
    assert sorted(reads) == [5 * MIB, 10 * MIB, 10 * MIB]
    assert uploader.stats.as_dict() == {"uploads": 1, "bytes_sent": 25 * MIB, "dedup_hits": 0}
    assert await uploader.upload(path) == upload_id
    assert routes(notion_emulator_app)[CREATE] == 1


async def test_parts_go_concurrently_and_out_of_order(
    notion_client: Any, notion_emulator_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = random.Random(11).randbytes(11 * MIB)
    uploader = Uploader(
        notion_client,
        max_size=workspace_limit(notion_client),
        part_size=5 * MIB,
        single_part_limit=5 * MIB,
        concurrency=2,
    )
    send = notion_client.file_uploads.send
    arrived: list[str] = []
    in_flight = peak = 0
    last_sent = asyncio.Event()

    async def slow_first_part(**kwargs: Any) -> Any:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            if kwargs["part_number"] == "1":  # held back until the last part is in
                await asyncio.wait_for(last_sent.wait(), timeout=10)
            answer = await send(**kwargs)
            arrived.append(kwargs["part_number"])
            if kwargs["part_number"] == "3":
                last_sent.set()
            return answer
        finally:
            in_flight -= 1

    monkeypatch.setattr(notion_client.file_uploads, "send", slow_first_part)

    upload_id = await uploader.upload(content, filename="eleven.bin")

    assert arrived == ["2", "3", "1"]
    assert peak == 2
    record = store(notion_emulator_app).uploads[upload_id]
    assert record.parts == {1: 5 * MIB, 2: 5 * MIB, 3: 1 * MIB}
    assert store(notion_emulator_app).files[upload_id] == content


async def test_a_failed_part_stops_the_others_and_is_not_cached(
    notion_client: Any, notion_emulator_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = random.Random(12).randbytes(11 * MIB)
    uploader = Uploader(
        notion_client,
        max_size=workspace_limit(notion_client),
        part_size=5 * MIB,
        single_part_limit=5 * MIB,
        concurrency=1,
    )
    send = notion_client.file_uploads.send

    async def fail_part_two(**kwargs: Any) -> Any:
        if kwargs["part_number"] == "2":
            raise OSError("connection reset")
        return await send(**kwargs)

    monkeypatch.setattr(notion_client.file_uploads, "send", fail_part_two)
    with pytest.raises(OSError, match="connection reset"):
        await uploader.upload(content, filename="eleven.bin")
    assert routes(notion_emulator_app)[SEND] == 1  # part 1; part 3 never went
    assert COMPLETE not in routes(notion_emulator_app)

    monkeypatch.setattr(notion_client.file_uploads, "send", send)
    upload_id = await uploader.upload(content, filename="eleven.bin")
    assert store(notion_emulator_app).files[upload_id] == content
    assert routes(notion_emulator_app)[CREATE] == 2


# -- limits ----------------------------------------------------------------------------------


class TestFreePlanCap:
    """A Free workspace: 5 MiB per file."""

    @pytest.fixture
    def notion_emulator_config(self) -> EmulatorConfig:
        return EmulatorConfig(rate=0, max_upload_bytes=5 * MIB)

    async def test_above_the_cap_is_refused_before_sending(
        self, uploader: Uploader, notion_emulator_app: Any, tmp_path: Path
    ) -> None:
        path = tmp_path / "photo.jpg"
        path.write_bytes(b"\xff\xd8\xff" + bytes(5 * MIB))
        with pytest.raises(FileTooLargeError) as excinfo:
            await uploader.upload(path)
        assert (excinfo.value.size, excinfo.value.limit) == (5 * MIB + 3, 5 * MIB)
        assert excinfo.value.name == str(path)
        with pytest.raises(FileTooLargeError):
            await uploader.upload(path.read_bytes())
        assert not any(route.startswith(CREATE) for route in routes(notion_emulator_app))
        assert uploader.stats.as_dict() == {"uploads": 0, "bytes_sent": 0, "dedup_hits": 0}

    async def test_at_the_cap_is_sent(self, uploader: Uploader, notion_emulator_app: Any) -> None:
        content = bytes(5 * MIB)
        upload_id = await uploader.upload(content, filename="zeros.bin")
        assert store(notion_emulator_app).files[upload_id] == content


async def test_limit_given_directly(
    notion_client: Any, notion_emulator_app: Any, tmp_path: Path
) -> None:
    async def max_size() -> int:
        return 10

    uploader = Uploader(notion_client, max_size=max_size)
    path = tmp_path / "eleven.txt"
    path.write_bytes(b"01234567890")
    with pytest.raises(FileTooLargeError, match=r"eleven\.txt is 11 bytes"):
        await uploader.upload(path)
    assert routes(notion_emulator_app) == {}


# -- failures --------------------------------------------------------------------------------


async def test_a_failed_upload_is_not_cached(
    uploader: Uploader,
    notion_client: Any,
    notion_emulator_app: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    send = notion_client.file_uploads.send
    calls = 0

    async def fail_once(**kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            await asyncio.sleep(0)  # let the second caller join this upload
            raise OSError("connection reset")
        return await send(**kwargs)

    monkeypatch.setattr(notion_client.file_uploads, "send", fail_once)
    png = tiny_png()
    results = await asyncio.gather(
        uploader.upload(png), uploader.upload(png), return_exceptions=True
    )
    assert [type(r) for r in results] == [OSError, OSError]  # both waited for the one upload
    assert routes(notion_emulator_app)[CREATE] == 1

    upload_id = await uploader.upload(png)
    assert store(notion_emulator_app).uploads[upload_id].status == "uploaded"
    assert routes(notion_emulator_app)[CREATE] == 2
    assert uploader.stats.uploads == 1


async def test_an_upload_not_uploaded_is_an_error(
    uploader: Uploader,
    notion_client: Any,
    notion_emulator_app: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    send = notion_client.file_uploads.send

    async def still_pending(**kwargs: Any) -> Any:
        return {**(await send(**kwargs)), "status": "pending"}

    monkeypatch.setattr(notion_client.file_uploads, "send", still_pending)
    with pytest.raises(UploadError, match="status is 'pending'") as excinfo:
        await uploader.upload(b"some text", filename="notes.txt")
    [upload_id] = store(notion_emulator_app).uploads
    assert upload_id in str(excinfo.value)
    assert uploader.stats.uploads == 0

    monkeypatch.setattr(notion_client.file_uploads, "send", send)
    assert await uploader.upload(b"some text", filename="notes.txt") != upload_id


async def test_a_file_changed_while_uploading_is_an_error(
    uploader: Uploader,
    notion_emulator_app: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "draft.png"
    path.write_bytes(tiny_png())
    read_range = upload_content.read_range

    def edited_meanwhile(path: Path, offset: int, length: int) -> bytes:
        with path.open("ab") as file:
            file.write(b"more")
        return read_range(path, offset, length)

    monkeypatch.setattr(upload_content, "read_range", edited_meanwhile)
    with pytest.raises(UploadError, match="changed while it was being uploaded"):
        await uploader.upload(path)
    assert SEND not in routes(notion_emulator_app)

    monkeypatch.setattr(upload_content, "read_range", read_range)
    upload_id = await uploader.upload(path)  # not cached: read and sent anew
    assert store(notion_emulator_app).files[upload_id] == path.read_bytes()


async def test_a_missing_file_is_an_os_error(uploader: Uploader, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        await uploader.upload(tmp_path / "nope.png")


def test_bad_settings_are_refused(notion_client: Any) -> None:
    async def max_size() -> int:
        return 1

    for settings in ({"part_size": 0}, {"concurrency": 0}, {"single_part_limit": -1}):
        with pytest.raises(ValueError):
            Uploader(notion_client, max_size=max_size, **settings)


# -- file names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected_end"),
    [
        ("a" * 1000 + ".png", ".png"),
        ("é" * 600 + ".jpeg", ".jpeg"),  # two bytes each: cut on a character boundary
        ("日本" * 200 + ".pdf", ".pdf"),
        ("x." + "y" * 950, "y"),  # an "extension" that long is part of the name
        ("no-extension-" * 80, "-"),
    ],
)
def test_long_names_are_shortened_keeping_the_extension(name: str, expected_end: str) -> None:
    short = shorten_filename(name)
    assert len(short.encode()) <= MAX_FILENAME_BYTES
    assert len(short.encode()) > MAX_FILENAME_BYTES - 3
    assert short.endswith(expected_end)
    assert name.startswith(short[: -len(expected_end)])


def test_short_names_are_kept() -> None:
    assert shorten_filename("photo.png") == "photo.png"
    assert shorten_filename("a" * 896 + ".png") == "a" * 896 + ".png"


async def test_a_long_name_is_accepted_by_notion(
    uploader: Uploader, notion_emulator_app: Any
) -> None:
    upload_id = await uploader.upload(tiny_png(), filename="ü" * 700 + ".png")
    filename = store(notion_emulator_app).uploads[upload_id].filename
    assert filename == "ü" * 448 + ".png"


# -- content types ---------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", len(body) + 4) + body + b"\x00\x00\x00\x08meta"


CONTENT_TYPES = [
    # (file name, first bytes, expected)
    (None, PNG, "image/png"),
    (None, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    (None, b"GIF87a\x01\x00", "image/gif"),
    (None, b"GIF89a\x01\x00", "image/gif"),
    (None, b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    (None, b"RIFF\x24\x00\x00\x00WAVEfmt ", "application/octet-stream"),
    (None, ftyp(b"heic", b"mif1", b"heic"), "image/heic"),
    (None, ftyp(b"mif1", b"mif1", b"heix"), "image/heic"),
    (None, ftyp(b"avif", b"avif", b"mif1", b"miaf"), "image/avif"),
    (None, ftyp(b"mif1", b"mif1", b"miaf", b"avif"), "image/avif"),
    (None, ftyp(b"mif1", b"mif1"), "image/heif"),
    (None, ftyp(b"isom", b"isom", b"mp41"), "application/octet-stream"),
    (None, b"II*\x00\x08\x00\x00\x00", "image/tiff"),
    (None, b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
    (None, b"\x00\x00\x01\x00\x01\x00\x10\x10\x00\x00", "image/vnd.microsoft.icon"),
    (None, b"\x00\x00\x01\x00\x00\x00", "application/octet-stream"),
    (None, b"BM" + bytes(12) + struct.pack("<I", 40) + bytes(8), "image/bmp"),
    (None, b"BMW is not a bitmap", "application/octet-stream"),
    (None, PDF, "application/pdf"),
    (None, b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
    (
        None,
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- drawn by hand -->\n'
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd" [ <!ENTITY a "b"> ]>\n'
        b"<svg:svg xmlns:svg='http://www.w3.org/2000/svg'>",
        "image/svg+xml",
    ),
    (None, b"<!DOCTYPE html><html><body><svg></svg></body></html>", "application/octet-stream"),
    (None, b"<svgfoo/>", "application/octet-stream"),
    (None, b"hello, world", "application/octet-stream"),
    (None, b"", "application/octet-stream"),
    # The name speaks first ...
    ("photo.JPG", PNG, "image/jpeg"),
    ("notes.txt", b"hello", "text/plain"),
    ("picture.webp", b"", "image/webp"),
    ("picture.heic", b"", "image/heic"),
    ("picture.avif", b"", "image/avif"),
    ("picture.apng", b"", "image/apng"),
    ("icon.ico", b"", "image/vnd.microsoft.icon"),
    ("scan.tif", b"", "image/tiff"),
    ("drawing.svg", b"", "image/svg+xml"),
    ("drawing.svgz", b"\x1f\x8b", "application/gzip"),
    ("backup.tar.gz", b"\x1f\x8b", "application/gzip"),
    # ... and the content when the name says nothing.
    ("scan", PDF, "application/pdf"),
    ("image.unknown-extension", PNG, "image/png"),
    ("README", b"plain words", "application/octet-stream"),
]


@pytest.mark.parametrize(("filename", "head", "expected"), CONTENT_TYPES)
def test_content_type(filename: str | None, head: bytes, expected: str) -> None:
    assert detect_content_type(filename, head) == expected


# -- splitting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "part_size", "expected"),
    [
        (25 * MIB, 10 * MIB, [10 * MIB, 10 * MIB, 5 * MIB]),
        (20 * MIB, 10 * MIB, [10 * MIB, 10 * MIB]),
        (1, 10 * MIB, [1]),
        (0, 10 * MIB, [0]),
        (MAX_PARTS * 10 + 1, 1, [11] * 909 + [2]),  # too many parts: bigger parts
    ],
)
def test_plan_parts(size: int, part_size: int, expected: list[int]) -> None:
    parts = plan_parts(size, part_size)
    assert [p.length for p in parts] == expected
    assert [p.number for p in parts] == list(range(1, len(expected) + 1))
    assert sum(p.length for p in parts) == size
    assert all(b.offset == a.offset + a.length for a, b in itertools.pairwise(parts))
    assert len(parts) <= MAX_PARTS
    assert parts[0] == Part(1, 0, expected[0])
