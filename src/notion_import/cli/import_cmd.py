"""``notion-import import``."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import click

from notion_import.importer.minimal import import_tree
from notion_import.importer.sandbox import open_sandbox


@click.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--parent",
    "parent_id",
    default=None,
    help="Page id to import under (default: the sandbox's root page).",
)
@click.option(
    "--base-url",
    envvar="NOTION_BASE_URL",
    default=None,
    help="Notion API base URL (env NOTION_BASE_URL).",
)
def import_command(source: Path, parent_id: str | None, base_url: str | None) -> None:
    """Import SOURCE (a folder or an HTML file) into Notion.

    With neither NOTION_TOKEN nor a base URL, runs against an embedded notion-emulator.
    """
    token = os.environ.get("NOTION_TOKEN")
    if token or base_url:
        raise click.ClickException(
            "importing into a real workspace is not available yet; unset NOTION_TOKEN and "
            "NOTION_BASE_URL to import into the embedded notion-emulator"
        )
    asyncio.run(_sandbox_import(source, parent_id))


async def _sandbox_import(source: Path, parent_id: str | None) -> None:
    from notion_client import AsyncClient

    sandbox = open_sandbox()
    click.echo("No NOTION_TOKEN given: importing into an embedded notion-emulator (sandbox).")
    client = AsyncClient(
        auth=sandbox.token, base_url=sandbox.base_url, client=sandbox.http_client()
    )
    try:
        summary = await import_tree(client, source, parent_id or sandbox.root_page_id)
        for page in summary:
            click.echo(
                f"  {page['source']}: page {page['page_id']} '{page['title']}' "
                f"({page['blocks']} blocks, {page['files']} files)"
            )
        tree = sandbox.tree(sandbox.root_page_id)
        click.echo(f"Imported {len(summary)} pages. The sandbox workspace now holds:")
        if tree is not None:
            _print_tree(tree, 1)
        stats = sandbox.stats()
        click.echo(f"Requests sent: {stats['requests']}; stored: {stats['stored']}")
    finally:
        await client.aclose()


def _print_tree(node: dict[str, Any], depth: int) -> None:
    kind = node["type"]
    payload = node[kind]
    if kind == "child_page":
        label = f"page '{payload['title']}'"
    else:
        text = "".join(t.get("plain_text", "") for t in payload.get("rich_text", []))
        label = f"{kind}: {text[:60]}" if text else kind
    click.echo("  " * depth + label)
    for child in node.get("children", []):
        _print_tree(child, depth + 1)
