"""Notion's closed lists of names, each kept once: colours, code languages, property and view
types, API versions."""

from __future__ import annotations

from typing import Final

#: The API versions the emulator answers (``Notion-Version``), oldest first.
SUPPORTED_VERSIONS: Final = ("2022-06-28", "2025-09-03", "2026-03-11")
#: The first version in which a database holds data sources (``/v1/data_sources``); before
#: it a database is its one table (see :mod:`notion_emulator.versions`).
DATA_SOURCES_VERSION: Final = SUPPORTED_VERSIONS[1]
#: The newest version: it drops ``archived`` (for ``in_trash``) and the append ``after`` key,
#: and calls ``transcription`` blocks ``meeting_notes``.
LATEST_VERSION: Final = SUPPORTED_VERSIONS[-1]

#: The ten colours of Notion's palette, ``default`` first: select, multi-select and status
#: option colours (new options without one cycle through them) and text colours.
COLORS: Final = (
    "default",
    "gray",
    "brown",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
)
#: ``ApiColor``: text and background colors of rich text and blocks.
API_COLORS: Final = (*COLORS, *(f"{color}_background" for color in COLORS))

#: ``NoticonColor``: colors of Notion's native icons (``{"type": "icon", ...}``).
NOTICON_COLORS: Final = (
    "gray",
    "lightgray",
    "brown",
    "yellow",
    "orange",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
)

#: ``LanguageRequest``: the fixed list of ``code.language`` values, in the SDK's order.
CODE_LANGUAGES: Final = (
    "abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf", "c",
    "c#", "c++", "clojure", "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker",
    "ebnf", "elixir", "elm", "erlang", "f#", "flow", "fortran", "gherkin", "glsl", "go",
    "graphql", "groovy", "haskell", "hcl", "html", "idris", "java", "javascript", "json",
    "julia", "kotlin", "latex", "less", "lisp", "livescript", "llvm ir", "lua", "makefile",
    "markdown", "markup", "matlab", "mathematica", "mermaid", "nix", "notion formula",
    "objective-c", "ocaml", "pascal", "perl", "php", "plain text", "powershell", "prolog",
    "protobuf", "purescript", "python", "r", "racket", "reason", "ruby", "rust", "sass",
    "scala", "scheme", "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml",
    "typescript", "vb.net", "verilog", "vhdl", "visual basic", "webassembly", "xml", "yaml",
    "java/c/c++/c#",
)  # fmt: skip

#: Rollup ``function`` values, in the SDK's order.
ROLLUP_FUNCTIONS: Final = (
    "count",
    "count_values",
    "empty",
    "not_empty",
    "unique",
    "show_unique",
    "percent_empty",
    "percent_not_empty",
    "sum",
    "average",
    "median",
    "min",
    "max",
    "range",
    "earliest_date",
    "latest_date",
    "date_range",
    "checked",
    "unchecked",
    "percent_checked",
    "percent_unchecked",
    "count_per_group",
    "percent_per_group",
    "show_original",
)

#: Property types whose configuration is an empty object.
EMPTY_CONFIG_TYPES: Final = (
    "title",
    "rich_text",
    "url",
    "people",
    "files",
    "email",
    "phone_number",
    "date",
    "checkbox",
    "created_by",
    "created_time",
    "last_edited_by",
    "last_edited_time",
    "button",
    "location",
    "verification",
    "last_visited_time",
    "place",
)

#: Every property type a schema request may create (the SDK's ``PropertyConfigurationRequest``).
CONFIG_TYPES: Final = (
    "number",
    "formula",
    "select",
    "multi_select",
    "status",
    "relation",
    "rollup",
    "unique_id",
    *EMPTY_CONFIG_TYPES,
)

#: Property types a page request may write, in the order of the SDK's union (and of Notion's
#: ``Fix one:`` listing).
VALUE_TYPES: Final = (
    "title",
    "rich_text",
    "number",
    "url",
    "select",
    "multi_select",
    "people",
    "email",
    "phone_number",
    "date",
    "checkbox",
    "relation",
    "files",
    "status",
    "place",
    "verification",
)

#: Property types whose values only Notion sets.
READ_ONLY_TYPES: Final = tuple(t for t in CONFIG_TYPES if t not in VALUE_TYPES)

#: Kinds of database view.
VIEW_TYPES: Final = (
    "table",
    "board",
    "calendar",
    "timeline",
    "gallery",
    "list",
    "form",
    "chart",
    "map",
    "dashboard",
)
