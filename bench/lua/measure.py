#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""bench/lua's measurements (called by bench/lua/run after the builds).

Each benchmark script (read from a read-only share) runs RUNS times natively (Debian's lua5.4) and as
Tessera's lua (tess run, kvm image under tess-vmm), wall time end to end
of the whole process; the outputs must match the native ones. Then the
smallest --mem at which each completes (searched downward, stopping at the
first failure), boot to the first statement (`-e 'os.exit(0)'`), and a
table of ratios (Tessera / native), also written as DATAFILE for the plot.

usage: measure.py TESS IMAGE BENCHDIR RUNS DATAFILE
"""
import statistics
import subprocess
import sys
import time

BENCHES = ["fib", "tables", "strings", "closures", "nbody"]
MEM_STEPS = ["256M", "128M", "64M", "32M", "16M", "8M", "4M", "3M", "2M", "1536K", "1280K", "1M", "896K", "768K", "640K", "512K"]


def run(cmd):
    """Runs cmd; returns (seconds, status, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, proc.returncode, proc.stdout


def timed(cmd, runs, want):
    times = []
    for _ in range(runs):
        secs, status, out = run(cmd)
        if status != 0 or (want is not None and out != want):
            sys.exit(f"measure.py: {' '.join(cmd)}: status {status}, "
                     f"output {'differs' if out != want else 'ok'}")
        times.append(secs)
    return min(times), statistics.median(times)


def floor(tess_cmd, want):
    """The smallest of MEM_STEPS at which the run completes correctly."""
    smallest = None
    for mem in MEM_STEPS:
        _, status, out = run(tess_cmd(mem))
        if status != 0 or out != want:
            break
        smallest = mem
    if smallest is None:
        sys.exit(f"measure.py: {' '.join(tess_cmd(MEM_STEPS[0]))} fails")
    return smallest


def roomy(mem):
    """One step above the floor: what the timed runs get. Under kvm-pvm
    every guest page costs an exit when first touched (shadow paging),
    and tess-vmm maps all of --mem at start: more memory than a run needs
    is time (64M adds about 30 ms to a boot)."""
    return MEM_STEPS[max(MEM_STEPS.index(mem) - 1, 0)]


def main():
    tess, image, benchdir, runs, datafile = sys.argv[1:6]
    runs = int(runs)

    def guest(mem, *args, share=True):
        volume = ["-v", f"{benchdir}:/b:ro"] if share else []
        return [tess, "run", image, "--mem", mem, *volume, "--", "--", *args]

    rows = []
    for name in BENCHES:
        native_cmd = ["lua5.4", f"{benchdir}/{name}.lua"]
        _, _, want = run(native_cmd)
        nmin, nmed = timed(native_cmd, runs, want)
        mem = floor(lambda m, n=name: guest(m, f"/b/{n}.lua"), want)
        tmin, tmed = timed(guest(roomy(mem), f"/b/{name}.lua"), runs, want)
        rows.append((name, nmin, nmed, tmin, tmed, mem, roomy(mem)))
        print(f"  {name}: done", file=sys.stderr)

    boot_runs = max(runs * 4, 20)
    nmin, nmed = timed(["lua5.4", "-e", "os.exit(0)"], boot_runs, b"")
    # No share here: the smallest memory Lua itself runs in (a share adds
    # 9pfs's message buffers).
    mem = floor(lambda m: guest(m, "-e", "os.exit(0)", share=False), b"")
    tmin, tmed = timed(guest(roomy(mem), "-e", "os.exit(0)", share=False), boot_runs, b"")
    rows.append(("boot (-e os.exit(0))", nmin, nmed, tmin, tmed, mem, roomy(mem)))
    dmin, dmed = timed([tess, "run", image, "--", "-e", "os.exit(0)"], boot_runs, b"")
    rows.append(("boot, default --mem", nmin, nmed, dmin, dmed, "-", "16M"))

    print(f"{'benchmark':22} {'native min':>11} {'median':>8} {'tessera min':>12} "
          f"{'median':>8} {'ratio min':>10} {'ratio med':>10} {'floor --mem':>12} {'timed at':>9}")
    with open(datafile, "w", encoding="ascii") as data:
        for name, nmin, nmed, tmin, tmed, mem, used in rows:
            print(f"{name:22} {nmin * 1000:9.1f}ms {nmed * 1000:6.1f}ms {tmin * 1000:10.1f}ms "
                  f"{tmed * 1000:6.1f}ms {tmin / nmin:9.2f}x {tmed / nmed:9.2f}x {mem:>12} {used:>9}")
            if mem != "-":
                data.write(f"\"{name.split()[0]}\" {tmin / nmin:.3f} {tmed / nmed:.3f}\n")
    print(f"({runs} runs per benchmark, {boot_runs} for boot; wall time of the whole "
          f"process; Tessera under tess run with --mem one step above its floor)")


if __name__ == "__main__":
    main()
