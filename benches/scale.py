#!/usr/bin/env python3
"""How ecslint's time grows with the problems in one file: 1k, 10k and 100k problems, in a
one-line file and pretty-printed, through the CLI (human and json formats) and through the
language server (from didOpen to publishDiagnostics, then one hover).

    cargo build --release && python3 benches/scale.py [--runs 3] [--sizes 1000,10000,100000]

Prints the median of the runs for each case, and the ratio to the case ten times smaller: a
linear ecslint shows ratios near 10. The machine is shared and noisy: compare ratios, not
seconds. Nothing here asserts a time; it measures.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "ecslint")


def task(problems):
    """A task definition with `problems` unknown fields (each an error), plus one container."""
    body = {
        "family": "scale",
        "memory": "512",
        "taskRoleArn": "arn:aws:iam::123456789012:role/scale",
        "containerDefinitions": [{"name": "a", "image": "x:1", "user": "1000"}],
    }
    for i in range(problems):
        body[f"unknownField{i}"] = i
    return body


def timed(args, stdin=None):
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, input=stdin, check=False)
    return time.perf_counter() - start


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise EOFError
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def lsp_times(path):
    """Seconds from didOpen to the diagnostics, and for one hover after them."""
    server = subprocess.Popen([BINARY, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send = lambda m: (server.stdin.write(frame(m)), server.stdin.flush())
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    read_message(server.stdout)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = "file://" + path
    with open(path) as f:
        text = f.read()
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}})
    while read_message(server.stdout).get("method") != "textDocument/publishDiagnostics":
        pass
    published = time.perf_counter() - start
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
          "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}})
    while read_message(server.stdout).get("id") != 2:
        pass
    hover = time.perf_counter() - start
    send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=60)
    return published, hover


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("build it first: cargo build --release")
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for layout, indent in (("one line", None), ("pretty", 2)):
            for n in sizes:
                path = os.path.join(tmp, f"scale-{n}-{indent}.json")
                with open(path, "w") as f:
                    json.dump(task(n), f, indent=indent)
                cases = {
                    "cli human": lambda: timed([BINARY, "--max-problems-per-file", "0", path]),
                    "cli json": lambda: timed([BINARY, "--format", "json", path]),
                    "lsp publish": lambda: lsp_times(path)[0],
                    "lsp hover": lambda: lsp_times(path)[1],
                }
                for case, run in cases.items():
                    results[(layout, case, n)] = statistics.median(run() for _ in range(args.runs))
    print(f"{'layout':9} {'case':12} {'problems':>9} {'median s':>9} {'ratio':>6}")
    for (layout, case, n), seconds in results.items():
        smaller = results.get((layout, case, n // 10))
        ratio = f"{seconds / smaller:6.1f}" if smaller else ""
        print(f"{layout:9} {case:12} {n:>9} {seconds:9.3f} {ratio:>6}")


if __name__ == "__main__":
    main()
