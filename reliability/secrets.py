"""Secrets: the token never leaves the places it must be. Runs the real command against a
notion-emulator server with a distinctive token — a clean import, a failing one (a bad parent),
a refused token, a dry run, ``verify``, ``preview`` of a workspace page and of a source, with
``-vv`` logging — keeping everything they print and write (logs, journal, report, preview
sites), then searches it all for the token: 0 hits. The search is
first shown to find a planted copy, so that 0 means something.

    python -m reliability.secrets [--quick]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.workload import make_export

from reliability.common import (
    PYTHON,
    RESULTS,
    TOKEN,
    clean_env,
    finish,
    import_command,
    log,
    parser,
    server,
    token_hits,
)

NAME = "secrets"
#: what the campaign does and what PASS means (RELIABILITY.md shows it).
ABOUT = (
    "Runs the real command with a distinctive token through a clean import, a failing one, a "
    "refused token, a dry run, `verify`, and `preview` of a workspace page and of a source, "
    "with `-vv` logging, keeps everything they print and write (logs, journal, report, preview "
    "sites) and searches it all for the token, after showing that the search finds a planted "
    "copy. PASS means 0 hits."
)


def main() -> int:
    args = parser(__doc__.splitlines()[0]).parse_args()
    pages = 5 if args.quick else 30
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        artifacts = work / "artifacts"
        artifacts.mkdir()
        planted = artifacts / "planted.txt"
        planted.write_text(f"a leak: {TOKEN}\n")
        found_planted = token_hits([artifacts]) == [str(planted)]
        planted.unlink()

        source = make_export(work / "export", pages=pages)
        token_file = work / "token"  # the token's own file is the one place it may be
        token_file.write_text(TOKEN)
        wrong = work / "wrong-token"
        wrong.write_text(TOKEN[::-1])
        runs = 0
        with server("--rate", "0") as target:
            journal = artifacts / "journal.sqlite"
            commands = {
                "import": import_command(
                    source,
                    target,
                    journal,
                    token_file,
                    "--verify",
                    "full",
                    "--report",
                    str(artifacts / "report.json"),
                ),
                "resume": import_command(source, target, journal, token_file),
                "bad-parent": [
                    *import_command(source, target, artifacts / "j2.sqlite", token_file),
                    "--parent",
                    "0123456789abcdef0123456789abcdef",
                ],
                "wrong-token": import_command(source, target, artifacts / "j3.sqlite", wrong),
                "dry-run": [*import_command(source, target, journal, token_file), "--dry-run"],
                "verify": [
                    PYTHON,
                    "-m",
                    "notion_import",
                    "verify",
                    "--journal",
                    str(journal),
                    "--base-url",
                    target.base_url,
                    "--token-file",
                    str(token_file),
                    "--report",
                    str(artifacts / "verify.json"),
                ],
                "preview-page": [
                    PYTHON,
                    "-m",
                    "notion_import",
                    "preview",
                    "--page",
                    target.root,
                    "--out",
                    str(artifacts / "preview-page"),
                    "--base-url",
                    target.base_url,
                    "--token-file",
                    str(token_file),
                ],
                "preview-source": [
                    PYTHON,
                    "-m",
                    "notion_import",
                    "preview",
                    str(source),
                    "--out",
                    str(artifacts / "preview-source"),
                ],
            }
            for name, command in commands.items():
                # -vv: every request logged, the most a user can make it print
                verbose = [command[0], command[1], command[2], "-vv", *command[3:]]
                done = subprocess.run(verbose, env=clean_env(), capture_output=True, text=True)
                (artifacts / f"{name}.out").write_text(done.stdout)
                (artifacts / f"{name}.err").write_text(done.stderr)
                log(NAME, f"{name}: exit {done.returncode}")
                runs += 1
        places = [artifacts, RESULTS] if RESULTS.exists() else [artifacts]
        hits = token_hits(places)
        files = sum(1 for p in artifacts.rglob("*") if p.is_file())
    figures = {
        "runs": runs,
        "files_searched": files,
        "planted_found": found_planted,
        "hits": len(hits),
        "hit_files": hits,
    }
    return finish(NAME, figures, found_planted and not hits, about=ABOUT)


if __name__ == "__main__":
    sys.exit(main())
