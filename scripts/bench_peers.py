#!/usr/bin/env python3
"""Time gongwen's extraction against the Python peers on the same 1 MB text.

Usage (from the repository root; `scripts/bench` does all of this for you):
    cargo build --release -p gongwen-core --example extract_bench
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install cn2an==0.5.24 jionlp==1.5.31 \
        recognizers-text-number==1.0.2a2 recognizers-text-number-with-unit==1.0.2a2 emoji==0.6.0
    /tmp/peers/bin/python scripts/bench_peers.py [--json OUT.json] [--lines N]

The Rust benchmark writes the 1 MB text (the seed document repeated, as in
../shared/conformance/peer_throughput.json) to a temporary file; the peers are then
called line by line on one thread after a warm-up of 50 lines, exactly like that file's
method. MB = 10^6 bytes of UTF-8 input. Each peer is timed by wall clock and by the
process's CPU time (`time.process_time`, so that other work on the machine does not
count against it); gongwen's figures are its on-CPU rates from extract_bench, and the
ratios are CPU against CPU. With `--lines N` only the first N lines are timed (for a
quick run). Peers that are not installed are skipped and the figures of
peer_throughput.json are shown instead.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

# cn2an warns on every lone 千/万/亿 it cannot read; the run's output is the table.
warnings.filterwarnings("ignore")

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
        m = re.match(r"(.+?)\s+([0-9.]+) MB/s wall\s+([0-9.]+|inf) MB/s cpu", line)
        if m:
            rates[m.group(1).strip()] = float(m.group(2))
            rates[m.group(1).strip() + " (cpu)"] = float(m.group(3))
    return rates


def time_peer(name, fn, lines):
    """(wall MB/s, CPU MB/s, seconds, outputs) of `fn` called on every line."""
    for line in lines[:50]:
        fn(line)
    nbytes = sum(len(l.encode("utf-8")) + 1 for l in lines)
    outputs = 0
    c, t = time.process_time(), time.perf_counter()
    for line in lines:
        r = fn(line)
        outputs += len(r) if isinstance(r, (list, tuple)) else 1
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    wall_mbps, cpu_mbps = nbytes / secs / 1e6, nbytes / max(cpu, 1e-9) / 1e6
    print(f"{name:<36} {wall_mbps:8.3f} MB/s wall {cpu_mbps:8.3f} MB/s cpu  ({secs:.2f} s, {nbytes} bytes)")
    return {"name": name, "wall_mb_s": wall_mbps, "cpu_mb_s": cpu_mbps, "seconds": secs,
            "cpu_seconds": cpu, "bytes": nbytes, "outputs": outputs}


def version(dist):
    try:
        from importlib.metadata import version as v

        return v(dist)
    except Exception:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", help="write the figures here as JSON")
    ap.add_argument("--lines", type=int, default=0, help="time only the first N lines")
    args = ap.parse_args()
    fd, path = tempfile.mkstemp(suffix=".txt")
    os.close(fd)
    rates = run_gongwen(path)
    text = open(path, encoding="utf-8").read()
    os.unlink(path)
    lines = [l for l in text.split("\n") if l.strip()]
    if args.lines:
        lines = lines[: args.lines]
    peers = []
    try:
        import jionlp  # noqa: F401

        peers.append(time_peer("jionlp ner.extract_money", jionlp.ner.extract_money, lines))
    except ImportError:
        print("jionlp not installed")
    try:
        import cn2an

        peers.append(time_peer("cn2an transform(cn2an)", lambda l: cn2an.transform(l, "cn2an"), lines))
    except ImportError:
        print("cn2an not installed")
    try:
        from recognizers_text import Culture
        from recognizers_number import NumberRecognizer
        from recognizers_number_with_unit import NumberWithUnitRecognizer

        nr = NumberRecognizer(Culture.Chinese)
        ur = NumberWithUnitRecognizer(Culture.Chinese)
        models = [
            ("recognizers-text NumberModel", nr.get_number_model()),
            ("recognizers-text PercentModel", nr.get_percentage_model()),
            ("recognizers-text CurrencyModel", ur.get_currency_model()),
            ("recognizers-text DimensionModel", ur.get_dimension_model()),
        ]
        for name, model in models:
            peers.append(time_peer(name, model.parse, lines))
    except ImportError as e:
        print(f"recognizers-text not installed ({e})")
    ours = rates.get("seed 1 MB: quantities_in (line by line) (cpu)")
    ours_doc = rates.get("seed 1 MB: extract (outlined file) (cpu)")
    print()
    print(f"gongwen on-CPU: quantities_in line by line {ours} MB/s; extract on the outlined file {ours_doc} MB/s")
    print("ratios: CPU time against CPU time, measured in this run")
    for p in peers:
        p["ratio_quantities_in"] = ours / p["cpu_mb_s"] if ours else None
        p["ratio_extract"] = ours_doc / p["cpu_mb_s"] if ours_doc else None
        print(f"  vs {p['name']:<34} {p['cpu_mb_s']:8.3f} MB/s: x{p['ratio_quantities_in']:,.0f} (extract x{p['ratio_extract']:,.0f})")
    if not peers:
        for name, kbps in RECORDED_KBPS.items():
            mbps = kbps * 1024 / 1e6
            print(f"  vs {name:<28} {mbps:8.3f} MB/s (recorded in peer_throughput.json): x{ours / mbps:,.0f}")
    if args.json:
        versions = {d: version(d) for d in ["jionlp", "cn2an", "recognizers-text",
                                            "recognizers-text-number", "recognizers-text-number-with-unit", "emoji"]}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"gongwen": {"quantities_in_cpu_mb_s": ours, "extract_cpu_mb_s": ours_doc,
                                   "all": rates},
                       "peers": peers, "versions": versions, "python": sys.version.split()[0],
                       "lines": len(lines)}, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main())
