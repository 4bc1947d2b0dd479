"""Run one command and report its wall time, CPU time and peak memory, measured from here.

``python -S launch.py REPORT.json COMMAND [ARG ...]`` starts COMMAND, waits for it, writes
``{"seconds", "cpu_seconds", "peak_rss_kib"}`` to REPORT.json and exits with its exit
status. Its output goes where this process's goes.

Why a launcher: a process's peak resident set (``ru_maxrss``) counts the memory of the
process it was forked from until it starts its program, so a command started straight from
the benchmarks (hundreds of MiB by then) could never read smaller than they are. Started
from this small process (``-S``: no site packages), the floor is this process's few MiB,
which ``run.py`` reports.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main(argv: list[str]) -> int:
    """Run ``argv[1:]``, report into ``argv[0]``; returns its exit status."""
    report, command = argv[0], argv[1:]
    started = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    with open(report, "w", encoding="utf-8") as stream:
        json.dump(
            {
                "seconds": seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_rss_kib": usage.ru_maxrss,
            },
            stream,
        )
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
