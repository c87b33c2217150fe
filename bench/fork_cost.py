"""What a fork and an exit cost, by what the parent has imported: the kernel's part of a process per student.

    python bench/fork_cost.py [--n 200]

For each set of modules (nothing; NumPy; NumPy with ``threading`` and ``random``; NumPy with the
fork server's preloaded modules, ``worker.preload``), a fresh ``python -I`` imports them, runs
``gc.freeze`` as the fork server does, and forks --n children that exit at once. Printed per set:
the parent's RSS and number of memory mappings, the page faults a child has taken when its first
line of Python runs, the child's CPU from fork to exit and the parent's CPU per fork (both from
``getrusage``/``wait4``); and, once, what a page fault costs on this machine (a write to a fresh
page, a write to a page shared copy-on-write with the parent, a write to a page already owned).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {"nothing": [], "numpy": ["numpy"], "numpy, threading, random": ["numpy", "threading", "random"],
        "numpy and the fork server's preload": ["numpy", "preload"]}

CHILD = r"""
import gc, json, os, resource, sys
for name in sys.argv[2:]:
    if name == "preload":
        sys.path.insert(0, sys.argv[1])
        from coursekit.sandbox.worker import preload
        preload()
    else:
        __import__(name)
gc.collect()
gc.freeze()
n = int(os.environ["FORKS"])
child_cpu = faults_at_start = 0.0
before = resource.getrusage(resource.RUSAGE_SELF)
for _ in range(n):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, str(resource.getrusage(resource.RUSAGE_SELF).ru_minflt).encode())
        os._exit(0)
    _, _, usage = os.wait4(pid, 0)
    faults_at_start += int(os.read(read, 64))
    os.close(read)
    os.close(write)
    child_cpu += usage.ru_utime + usage.ru_stime
after = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"rss_mib": int(open("/proc/self/statm").read().split()[1]) * 4 // 1024,
                  "maps": len(open("/proc/self/maps").readlines()), "faults_at_start": faults_at_start / n,
                  "child_ms": 1000 * child_cpu / n,
                  "parent_ms": 1000 * (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / n}))
"""

PAGES = r"""
import mmap, os, time
size = 64 << 20
def write_every_page(memory, value):
    start = time.process_time()
    for offset in range(0, size, 4096):
        memory[offset] = value
    return (time.process_time() - start) / (size // 4096) * 1e6
fresh = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
zero = write_every_page(fresh, 1)
owned = write_every_page(fresh, 2)
read, write = os.pipe()
pid = os.fork()
if pid == 0:
    os.write(write, repr(write_every_page(fresh, 3)).encode())
    os._exit(0)
os.waitpid(pid, 0)
print(f"a write to a fresh page {zero:.2f} us, to a page shared copy-on-write with the parent "
      f"{float(os.read(read, 64)):.2f} us, to a page already owned {owned:.2f} us")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="forks per set")
    args = parser.parse_args()
    for label, modules in SETS.items():
        out = subprocess.run([sys.executable, "-I", "-c", CHILD, str(ROOT), *modules], check=True, text=True,
                             capture_output=True, env={"FORKS": str(args.n)}).stdout
        r = json.loads(out)
        print(f"{label}: RSS {r['rss_mib']} MiB, {r['maps']} mappings; a child has taken {r['faults_at_start']:.0f} "
              f"page faults when its first line runs; fork to exit {r['child_ms']:.2f} ms of the child's CPU, "
              f"{r['parent_ms']:.2f} ms of the parent's per fork")
    print(subprocess.run([sys.executable, "-I", "-c", PAGES], check=True, text=True, capture_output=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
