"""The databases of Notion's export: rows come in the CSV's order (the order Notion's view
lists them), whatever their file names sort to, each row before its own subpages."""

from __future__ import annotations

from pathlib import Path

from notion_import.sources.notion_export import export_documents

DB = "Tasks 0123456789abcdef0123456789abcdef"
IDS = {
    "Zeta": "1" * 32,
    "alpha": "2" * 32,
    "Mid": "3" * 32,
}


def write_export(root: Path, order: list[str]) -> None:
    (root / f"{DB}.csv").write_text(
        "Name,Done\n" + "".join(f"{title},No\n" for title in order), encoding="utf-8"
    )
    rows = root / DB
    rows.mkdir()
    for title in order:
        (rows / f"{title} {IDS[title]}.md").write_text(f"# {title}\n\nDone: No\n", "utf-8")
    sub = rows / f"Mid {IDS['Mid']}"
    sub.mkdir()
    (sub / f"Sub {'4' * 32}.md").write_text("# Sub\n\ntext\n", encoding="utf-8")


def test_rows_are_taken_in_the_order_of_the_csv(tmp_path: Path) -> None:
    order = ["Zeta", "alpha", "Mid"]  # neither code-point nor case-blind order
    write_export(tmp_path, order)
    names = [d.source for d in export_documents(tmp_path)]
    assert names == [
        f"{DB}.csv",
        f"{DB}/Zeta {IDS['Zeta']}.md",
        f"{DB}/alpha {IDS['alpha']}.md",
        f"{DB}/Mid {IDS['Mid']}.md",
        f"{DB}/Mid {IDS['Mid']}/Sub {'4' * 32}.md",
    ]


def test_another_order_of_the_same_rows_is_followed(tmp_path: Path) -> None:
    write_export(tmp_path, ["Mid", "Zeta", "alpha"])
    names = [d.source for d in export_documents(tmp_path)]
    rows = [name.split("/")[1].split(" ")[0] for name in names[1:4]]
    assert rows == ["Mid", "Zeta", "alpha"]
