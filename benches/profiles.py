#!/usr/bin/env python3
"""What the build profiles cost and give: a cold build (a new target directory, as
`cargo install --path .` builds on a new machine) and the linting speed of the binary it makes,
for three settings, built in turn so that the machine's noise falls on each alike:

- `before`: the release profile as it was, thin LTO and one codegen unit (set through
  CARGO_PROFILE_RELEASE_* variables on today's Cargo.toml);
- `release`: the release profile now (what `cargo install` and the pre-commit hook build);
- `dist`: the release binaries' profile (fat LTO, one codegen unit, stripped).

    python3 benches/profiles.py [--runs 3] [--lint-runs 10] [--input DIR]

Prints the median wall-clock build time of each and its ratio to `before`, then the median time
of `ecslint check --format json --exit-zero INPUT` (default ../shared/corpus, else examples/).
It needs both cores to itself for minutes; nothing here asserts a time.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTINGS = {
    "before": (["--release"], {"CARGO_PROFILE_RELEASE_LTO": "thin", "CARGO_PROFILE_RELEASE_CODEGEN_UNITS": "1"}, "release"),
    "release": (["--release"], {}, "release"),
    "dist": (["--profile", "dist"], {}, "dist"),
}


def build(name, target_dir):
    args, env, out = SETTINGS[name]
    shutil.rmtree(target_dir, ignore_errors=True)
    start = time.monotonic()
    subprocess.run(
        ["cargo", "build", "--locked", "--quiet", *args],
        cwd=ROOT,
        env={**os.environ, "CARGO_TARGET_DIR": target_dir, **env},
        check=True,
    )
    took = time.monotonic() - start
    binary = os.path.join(target_dir, out, "ecslint")
    kept = os.path.join(os.path.dirname(target_dir), f"ecslint-{name}")
    shutil.copy2(binary, kept)
    return took, kept


def lint_time(binary, target, runs):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run(
            [binary, "check", "--format", "json", "--exit-zero", target],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        times.append(time.monotonic() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lint-runs", type=int, default=10)
    parser.add_argument("--input")
    parser.add_argument("--only", help="comma-separated settings (default: all three)")
    options = parser.parse_args()
    corpus = os.path.join(ROOT, "..", "shared", "corpus")
    target = options.input or (corpus if os.path.isdir(corpus) else os.path.join(ROOT, "examples"))
    names = options.only.split(",") if options.only else list(SETTINGS)

    work = tempfile.mkdtemp(prefix="ecslint-profiles-")
    builds = {name: [] for name in names}
    binaries = {}
    try:
        for run in range(options.runs):
            for name in names:
                took, binaries[name] = build(name, os.path.join(work, "target"))
                builds[name].append(took)
                print(f"run {run + 1}: {name} built in {took:.1f} s", file=sys.stderr, flush=True)
        base = statistics.median(builds[names[0]])
        print(f"cold build, median of {options.runs} (ratio to {names[0]}):")
        for name in names:
            median = statistics.median(builds[name])
            size = os.path.getsize(binaries[name]) / 1e6
            print(f"  {name:8} {median:6.1f} s  x{median / base:.2f}  binary {size:.1f} MB  runs {[round(t, 1) for t in builds[name]]}")
        print(f"lint {os.path.relpath(target, ROOT)}, median of {options.lint_runs}:")
        lint = {name: lint_time(binaries[name], target, options.lint_runs) for name in names}
        for name in names:
            print(f"  {name:8} {lint[name] * 1000:7.1f} ms  x{lint[name] / lint[names[0]]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
