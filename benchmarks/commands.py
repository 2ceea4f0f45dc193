"""Time the commands people wait for, start to finish, against the targets of issue 13.

Run from the repository root, on a machine with nothing else running:

    python benchmarks/commands.py [--repeat N]

Each command runs ``--repeat`` times (5 by default) as a new process, exactly as a user types it
(the ``chipgame`` script of this environment; the report and the explorer write into a temporary
folder), and the table gives the fastest run, the median, and the median's ratio to the target:
below 1 meets it. The targets (issue 13, "Start-up", on a 2-core machine):

* ``chipgame --version`` and ``chipgame --help``: 0.3 s;
* ``chipgame solve bytedance-vs-nvidia`` (a two-player seed): 1 s;
* ``chipgame report bytedance-vs-cambricon -o report.html``: 3 s;
* ``chipgame explore bytedance-vs-cambricon -o explorer.html``: 5 s.

chipgame's modules are compiled to bytecode first, as ``pip install`` does when it installs the
package: an editable install in an environment with ``PYTHONDONTWRITEBYTECODE`` set has none,
and would compile them again at every run (about 0.15 s of every command here), which no user
of an installed chipgame pays.

The load average before and after is printed: figures taken under load are not the machine's.
So is the time of a plain Python loop of 10**7 steps, since the speed of a virtual machine drifts
(on the 2-core machine of these figures, by up to 40% within an hour): compare runs taken at
similar loop times.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (
    ("chipgame --version", ["--version"], 0.3),
    ("chipgame --help", ["--help"], 0.3),
    ("chipgame solve bytedance-vs-nvidia", ["solve", "bytedance-vs-nvidia"], 1.0),
    ("chipgame report bytedance-vs-cambricon", ["report", "bytedance-vs-cambricon", "-o", "{out}/report.html"], 3.0),
    ("chipgame explore bytedance-vs-cambricon", ["explore", "bytedance-vs-cambricon", "-o", "{out}/explorer.html"],
     5.0),
)
"""What is timed: the label, the arguments (``{out}`` is the temporary folder) and the target in seconds."""


def timed(executable: str, arguments: list[str]) -> float:
    """Seconds one run of ``executable arguments`` takes, start to exit; a failure stops the benchmark."""
    start = time.perf_counter()
    finished = subprocess.run([executable, *arguments], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if finished.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed ({finished.returncode}): {finished.stderr.strip()}")
    return elapsed


def loop_seconds() -> float:
    """Seconds a plain Python loop of 10**7 additions takes: this machine's speed at the moment."""
    start = time.perf_counter()
    total = 0
    for step in range(10**7):
        total += step
    return time.perf_counter() - start


def compile_package() -> None:
    """Compile chipgame's modules to bytecode where they are imported from, as pip does at install."""
    spec = importlib.util.find_spec("chipgame")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("chipgame is not installed: pip install -e . first")
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    options = parser.parse_args()
    executable = shutil.which("chipgame")
    if executable is None:
        sys.exit("no chipgame script on PATH: pip install -e . first")
    compile_package()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
          f"a 10**7-step Python loop takes {loop_seconds():.2f} s")
    print(f"{'command':44} {'fastest':>8} {'median':>8} {'target':>7} {'median/target':>14}")
    with tempfile.TemporaryDirectory() as out:
        for label, template, target in COMMANDS:
            arguments = [part.format(out=out) for part in template]
            times = [timed(executable, arguments) for _ in range(options.repeat)]
            median = statistics.median(times)
            print(f"{label:44} {min(times):7.2f}s {median:7.2f}s {target:6.1f}s {median / target:14.2f}")
        written = sorted(path.name for path in Path(out).iterdir())
    print(f"written and removed: {', '.join(written)}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"the loop takes {loop_seconds():.2f} s")


if __name__ == "__main__":
    main()
