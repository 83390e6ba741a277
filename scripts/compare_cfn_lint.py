#!/usr/bin/env python3
"""Side by side: ecslint and cfn-lint on the same task definitions and the same templates.

    python3 scripts/compare_cfn_lint.py [--files 200] [--runs 5] [--cfn-lint-version 1.58.0]

Generates FILES task definitions from the samples in examples/, converts each to a
CloudFormation template holding one AWS::ECS::TaskDefinition, installs cfn-lint from PyPI into
a throw-away virtual environment, and times cfn-lint on the templates, and ecslint (release
build) on the same templates and on the task definitions. Prints files/s, single-file time
and the ratios. Medians over RUNS runs; nothing is asserted (the machine may be noisy).
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]

# CloudFormation spells a few property names otherwise than by capitalising the first letter.
SPECIAL = {"efsVolumeConfiguration": "EFSVolumeConfiguration",
           "fsxWindowsFileServerVolumeConfiguration": "FSxWindowsFileServerVolumeConfiguration"}
# Maps whose keys are data, not property names.
FREE_MAPS = {"options", "dockerLabels", "driverOpts", "labels"}
READ_ONLY = {"taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
             "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt"}


def pascal(value, free=False):
    if isinstance(value, list):
        return [pascal(v) for v in value]
    if isinstance(value, dict):
        if free:
            return dict(value)
        return {SPECIAL.get(k, k[:1].upper() + k[1:]): pascal(v, k in FREE_MAPS) for k, v in value.items()}
    return value


def task_definitions(n):
    samples = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        value = json.loads(path.read_text())
        if isinstance(value, list):
            value = {"family": "containers", "memory": "512", "containerDefinitions": value}
        elif isinstance(value.get("taskDefinition"), dict):
            value = {k: v for k, v in value["taskDefinition"].items() if k not in READ_ONLY}
        elif "containerDefinitions" not in value:
            continue
        samples.append(value)
    out = []
    for i in range(n):
        td = json.loads(json.dumps(samples[i % len(samples)]))
        td["family"] = f"service-{i}"
        out.append(td)
    return out


def timed(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cfn-lint-version", default="1.58.0")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    ecslint = str(ROOT / "target" / "release" / "ecslint")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        venv = tmp / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                        f"cfn-lint=={args.cfn_lint_version}"], check=True)
        cfn_lint = str(venv / "bin" / "cfn-lint")
        raw, templates = tmp / "taskdefs", tmp / "templates"
        raw.mkdir()
        templates.mkdir()
        for i, td in enumerate(task_definitions(args.files)):
            (raw / f"task-{i}.json").write_text(json.dumps(td, indent=2))
            template = {"AWSTemplateFormatVersion": "2010-09-09",
                        "Resources": {"TaskDefinition": {"Type": "AWS::ECS::TaskDefinition", "Properties": pascal(td)}}}
            (templates / f"task-{i}.json").write_text(json.dumps(template, indent=2))
        raw_files = sorted(str(p) for p in raw.iterdir())
        template_files = sorted(str(p) for p in templates.iterdir())

        n = args.files
        cfn_all = timed([cfn_lint, "--", *template_files], max(1, args.runs // 2))
        cfn_one = timed([cfn_lint, "--", template_files[0]], args.runs)
        ecs_all = timed([ecslint, "--format", "json", *raw_files], args.runs)
        ecs_one = timed([ecslint, "--format", "json", raw_files[0]], args.runs * 6)
        tpl_all = timed([ecslint, "--format", "json", *template_files], args.runs)
        tpl_one = timed([ecslint, "--format", "json", template_files[0]], args.runs * 6)
        version = subprocess.run([cfn_lint, "--version"], capture_output=True, text=True).stdout.strip()

    print(f"{n} task definitions, {os.cpu_count()} cores, medians of {args.runs} runs")
    print(f"  {version:<28} {n / cfn_all:10.0f} files/s   one file {cfn_one * 1e3:8.1f} ms")
    print(f"  {'ecslint (same templates)':<28} {n / tpl_all:10.0f} files/s   one file {tpl_one * 1e3:8.1f} ms")
    print(f"  {'ecslint (task definitions)':<28} {n / ecs_all:10.0f} files/s   one file {ecs_one * 1e3:8.1f} ms")
    print(f"  ratio ecslint / cfn-lint on the same templates: {cfn_all / tpl_all:.0f}x throughput, "
          f"{cfn_one / tpl_one:.0f}x single file")
    print(f"  ratio ecslint on task definitions / cfn-lint: {cfn_all / ecs_all:.0f}x throughput, "
          f"{cfn_one / ecs_one:.0f}x single file")


if __name__ == "__main__":
    main()
