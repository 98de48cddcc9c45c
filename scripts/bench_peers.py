#!/usr/bin/env python3
"""Time gongwen's extraction against the Python peers on the same 1 MB text.

Usage (from the repository root):
    cargo build --release -p gongwen-core --example extract_bench
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install cn2an==0.5.24 jionlp==1.5.31
    /tmp/peers/bin/python scripts/bench_peers.py

The Rust benchmark writes the 1 MB text (the seed document repeated, as in
../shared/conformance/peer_throughput.json) to a temporary file; the peers are then
called line by line on one thread after a warm-up of 50 lines, exactly like that file's
method. MB = 10^6 bytes of UTF-8 input. Prints each peer's MB/s and gongwen's ratio.
Peers that are not installed are skipped and the figures of peer_throughput.json are
shown instead.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "target", "release", "examples", "extract_bench")
# Recorded by ../shared/conformance/peer_throughput.json (KB/s, mean of two runs).
RECORDED_KBPS = {
    "jionlp ner.extract_money": (4336.7 + 4421.1) / 2,
    "cn2an transform(cn2an)": (2034.7 + 1866.9) / 2,
    "recognizers-text 4 models": (52.8 + 47.3) / 2,
}


def run_gongwen(path):
    out = subprocess.run([BENCH, path], capture_output=True, text=True, check=True).stdout
    print(out.rstrip())
    rates = {}
    for line in out.splitlines():
        m = re.match(r"(.+?)\s+([0-9.]+) MB/s", line)
        if m:
            rates[m.group(1).strip()] = float(m.group(2))
    return rates


def time_peer(name, fn, lines, nbytes):
    for line in lines[:50]:
        fn(line)
    t = time.perf_counter()
    for line in lines:
        fn(line)
    secs = time.perf_counter() - t
    mbps = nbytes / secs / 1e6
    print(f"{name:<32} {mbps:8.2f} MB/s  ({secs:.2f} s)")
    return mbps


def main():
    fd, path = tempfile.mkstemp(suffix=".txt")
    os.close(fd)
    rates = run_gongwen(path)
    text = open(path, encoding="utf-8").read()
    os.unlink(path)
    lines = [l for l in text.split("\n") if l.strip()]
    nbytes = len(text.encode("utf-8"))
    ours = rates.get("seed 1 MB: quantities_in (line by line)")
    ours_doc = rates.get("seed 1 MB: extract (outlined file)")
    peers = {}
    try:
        import jionlp  # noqa: F401

        peers["jionlp ner.extract_money"] = time_peer("jionlp ner.extract_money", jionlp.ner.extract_money, lines, nbytes)
    except ImportError:
        print("jionlp not installed")
    try:
        import cn2an

        peers["cn2an transform(cn2an)"] = time_peer("cn2an transform(cn2an)", lambda l: cn2an.transform(l, "cn2an"), lines, nbytes)
    except ImportError:
        print("cn2an not installed")
    print()
    print(f"gongwen quantities_in, line by line: {ours} MB/s; extract on the outlined file: {ours_doc} MB/s")
    for name, kbps in RECORDED_KBPS.items():
        measured = peers.get(name)
        src = "measured now" if measured else "recorded in peer_throughput.json"
        mbps = measured if measured else kbps * 1024 / 1e6
        print(f"  vs {name:<28} {mbps:8.3f} MB/s ({src}): ×{ours / mbps:,.0f} (extract ×{ours_doc / mbps:,.0f})")


if __name__ == "__main__":
    sys.exit(main())
