"""Code-block languages: names found in sources -> Notion's fixed list.

Notion's list is :data:`notion_import.notion.CODE_LANGUAGES`; a code block with any other
language is refused. :data:`ALIASES` maps the names highlighters and Markdown fences use
(``js``, ``py``, ``sh``, ``c++``, ``yml``, ...) onto it. :func:`notion_language` resolves one
name; unknown names give ``None`` and the caller falls back to ``"plain text"``.
"""

from __future__ import annotations

from typing import Final

from notion_import.notion import CODE_LANGUAGES, PLAIN_TEXT

#: Names used by highlighters (highlight.js, Prism, Pygments, Rouge, GitHub) and Markdown
#: fences -> Notion's name. Keys are lower case; names already in Notion's list need no entry.
ALIASES: Final[dict[str, str]] = {
    # plain text
    "text": PLAIN_TEXT, "txt": PLAIN_TEXT, "plain": PLAIN_TEXT, "plaintext": PLAIN_TEXT,
    "none": PLAIN_TEXT, "nohighlight": PLAIN_TEXT, "no-highlight": PLAIN_TEXT,
    "raw": PLAIN_TEXT, "output": PLAIN_TEXT, "log": PLAIN_TEXT,
    # JavaScript family
    "js": "javascript", "jsx": "javascript", "mjs": "javascript", "cjs": "javascript",
    "node": "javascript", "nodejs": "javascript", "ecmascript": "javascript",
    "es6": "javascript", "ts": "typescript", "tsx": "typescript", "mts": "typescript",
    "cts": "typescript", "coffee": "coffeescript", "ls": "livescript",
    "json5": "json", "jsonc": "json", "geojson": "json", "jsonl": "json", "ndjson": "json",
    # Python and friends
    "py": "python", "py3": "python", "python3": "python", "python2": "python",
    "py2": "python", "pycon": "python", "ipython": "python", "pyi": "python",
    "gyp": "python", "sage": "python",
    "rb": "ruby", "jruby": "ruby", "gemspec": "ruby", "podspec": "ruby", "rake": "ruby",
    "pl": "perl", "pm": "perl", "perl5": "perl", "raku": "perl", "perl6": "perl",
    "php3": "php", "php4": "php", "php5": "php", "php7": "php", "php8": "php",
    # shells
    "sh": "shell", "zsh": "shell", "ksh": "shell", "csh": "shell", "tcsh": "shell",
    "fish": "shell", "console": "shell", "shell-session": "shell", "shellsession": "shell",
    "sh-session": "shell", "terminal": "shell", "bash-session": "shell", "shell script": "shell",
    "shellscript": "shell", "posh": "powershell", "ps": "powershell", "ps1": "powershell",
    "psm1": "powershell", "pwsh": "powershell", "powershell-session": "powershell",
    # C family
    "h": "c", "ansi-c": "c", "cpp": "c++", "cxx": "c++", "cc": "c++", "hpp": "c++",
    "hxx": "c++", "hh": "c++", "h++": "c++", "c++11": "c++", "c++17": "c++", "c++20": "c++",
    "cuda": "c++", "cs": "c#", "csharp": "c#", "c-sharp": "c#", "dotnet": "c#",
    "fs": "f#", "fsharp": "f#", "f-sharp": "f#", "objc": "objective-c",
    "objectivec": "objective-c", "obj-c": "objective-c", "objective c": "objective-c",
    "objective-c++": "objective-c", "objc++": "objective-c", "mm": "objective-c",
    "ino": "arduino",
    # JVM and others
    "kt": "kotlin", "kts": "kotlin", "sc": "scala", "gradle": "groovy", "gvy": "groovy",
    "clj": "clojure", "cljs": "clojure", "cljc": "clojure", "edn": "clojure",
    "golang": "go", "rs": "rust", "hs": "haskell", "lhs": "haskell", "ex": "elixir",
    "exs": "elixir", "erl": "erlang", "hrl": "erlang", "ml": "ocaml", "mli": "ocaml",
    "re": "reason", "reasonml": "reason", "purs": "purescript", "idr": "idris",
    "jl": "julia", "scm": "scheme", "ss": "scheme", "rkt": "racket", "el": "lisp",
    "elisp": "lisp", "emacs-lisp": "lisp", "common-lisp": "lisp", "cl": "lisp",
    "lsp": "lisp", "st": "smalltalk", "squeak": "smalltalk", "sol": "solidity",
    "pas": "pascal", "delphi": "pascal", "dpr": "pascal", "objectpascal": "pascal",
    "freepascal": "pascal", "f90": "fortran", "f95": "fortran", "f03": "fortran",
    "f77": "fortran", "for": "fortran", "vb": "vb.net", "vbnet": "vb.net",
    "visualbasic": "visual basic", "vba": "visual basic", "vbs": "visual basic",
    "vbscript": "visual basic", "qbasic": "basic", "freebasic": "basic",
    "mma": "mathematica", "wl": "mathematica", "wolfram": "mathematica",
    "octave": "matlab", "rscript": "r", "splus": "r",
    # markup, styles, data
    "htm": "html", "xhtml": "html", "html5": "html", "vue": "html", "svelte": "html",
    "handlebars": "html", "hbs": "html", "jinja": "html", "django": "html", "erb": "html",
    "xsl": "xml", "xslt": "xml", "xsd": "xml", "svg": "xml", "rss": "xml", "atom": "xml",
    "plist": "xml", "wsdl": "xml", "xaml": "xml", "mathml": "xml", "csproj": "xml",
    "md": "markdown", "mdx": "markdown", "mkd": "markdown", "gfm": "markdown",
    "tex": "latex", "context": "latex", "bibtex": "latex", "katex": "latex",
    "yml": "yaml", "styl": "css", "stylus": "css", "postcss": "css",
    "proto": "protobuf", "proto3": "protobuf", "gql": "graphql",
    "tf": "hcl", "terraform": "hcl", "hcl2": "hcl", "nomad": "hcl",
    "dockerfile": "docker", "containerfile": "docker",
    "make": "makefile", "mk": "makefile", "mak": "makefile", "bsdmake": "makefile",
    "patch": "diff", "udiff": "diff",
    "mysql": "sql", "postgresql": "sql", "postgres": "sql", "psql": "sql", "pgsql": "sql",
    "plsql": "sql", "plpgsql": "sql", "sqlite": "sql", "sqlite3": "sql", "tsql": "sql",
    "t-sql": "sql", "mssql": "sql", "hive": "sql", "hql": "sql", "sparql": "sql",
    "feature": "gherkin", "cucumber": "gherkin",
    "asm": "assembly", "nasm": "assembly", "masm": "assembly", "gas": "assembly",
    "x86asm": "assembly", "armasm": "assembly", "arm": "assembly", "avrasm": "assembly",
    "mips": "assembly", "s": "assembly", "wasm": "webassembly", "wat": "webassembly",
    "wast": "webassembly", "llvm": "llvm ir", "ll": "llvm ir",
    "sv": "verilog", "systemverilog": "verilog", "v": "verilog", "vhd": "vhdl",
    "frag": "glsl", "vert": "glsl", "shader": "glsl",
    "mmd": "mermaid", "ascii": "ascii art", "asciiart": "ascii art", "ascii-art": "ascii art",
    "ascii_art": "ascii art", "abnf": "bnf",
}  # fmt: skip


def notion_language(name: str | None) -> str | None:
    """Notion's name for a language name or alias (any case), or None if it has none."""
    if not name:
        return None
    key = name.strip().lower()
    if key in CODE_LANGUAGES:
        return key
    found = ALIASES.get(key)
    if found is not None:
        return found
    key = key.replace("_", "-")
    return key if key in CODE_LANGUAGES else ALIASES.get(key)
