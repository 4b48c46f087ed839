"""Run every campaign (each in its own process, so one failure does not stop the others),
print their summary lines, regenerate RELIABILITY.md; non-zero if any failed.

    python -m reliability.run_all [--quick]
"""

from __future__ import annotations

import subprocess
import sys

from reliability.common import PROJECT, PYTHON
from reliability.report import write_report

CAMPAIGNS = (
    "hostile",
    "faults",
    "crashes",
    "identity",
    "secrets",
    "ratelimit",
    "scale",
    "interrupts",
)


def main() -> int:
    extra = sys.argv[1:]
    failed = []
    lines = []
    for name in CAMPAIGNS:
        done = subprocess.run(
            [PYTHON, "-m", f"reliability.{name}", *extra],
            cwd=PROJECT,
            capture_output=True,
            text=True,
        )
        summary = [line for line in done.stdout.splitlines() if line.startswith("campaign ")]
        lines.append(summary[-1] if summary else f"campaign {name}: FAIL (exit {done.returncode})")
        print(lines[-1], flush=True)
        if done.returncode != 0:
            failed.append(name)
    write_report()
    print(f"reliability: {len(CAMPAIGNS) - len(failed)}/{len(CAMPAIGNS)} campaigns passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
