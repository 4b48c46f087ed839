"""Where the tests find the project and the shared material, named once."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
RECORDINGS = SHARED / "reference" / "notion-recordings"
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
#: The second set of real exchanges (``../shared/reference/notion-recordings-uno/``).
UNO = SHARED / "reference" / "notion-recordings-uno"
