#!/usr/bin/env python3
"""Scaling check: hostile inputs at size n and 2n through a gongwen binary.

libFuzzer's inputs are small (a few KB), so it finds crashes but not quadratic
behaviour. This script writes shapes of input that stress one stage each (many
identical paragraphs, long lines of inline sequences, thousands of findings on one line,
many titles, a long TOC, .docx with thousands of fixes) at two sizes, runs the command,
and reports the CPU-time ratio: about 2 is linear, about 4 quadratic. CPU time (user +
sys of the child), not wall time, so that a loaded machine does not skew the ratio.

    python3 fuzz/stress.py [path/to/gongwen] [--scale K]

Exits 1 when a ratio is over 3 for an input that takes more than 0.2 s.
"""
import io
import os
import resource
import subprocess
import sys
import tempfile
import zipfile

BIN = next((a for a in sys.argv[1:] if not a.startswith("--") and not a.isdigit()), "target/debug/gongwen")
SCALE = int(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(paras):
    body = "".join("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % p for p in paras)
    xml = '<?xml version="1.0"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


PARA = "深入推进农村人居环境整治，全年清理陈年垃圾640余吨，改造农村户厕380座，新建污水管网9公里，村容村貌明显改善。"
SHAPES = {
    # name: (command, extension, generator of n)
    "identical-paragraphs": (["check"], "txt", lambda n: "青石镇2023年工作总结\n" + (PARA + "\n") * n),
    "inline-sequences-one-line": (["outline"], "txt", lambda n: "青石镇2023年工作总结\n一、主要成效\n" + "一是抓好甲）二是抓好乙）" * n + "\n"),
    "findings-one-line": (["check"], "txt", lambda n: "青石镇2023年工作总结\n" + "一是抓好甲）二是抓好乙）" * n + "\n"),
    "many-titles": (["check"], "txt", lambda n: "".join("青石镇%d年工作总结\n\n一、主要成效\n全年新增就业%d人。\n\n" % (2000 + i % 25, i) for i in range(n))),
    "long-toc": (["outline"], "txt", lambda n: "2023年工作总结汇编\n\n目录\n\n" + "".join("第%d镇2023年工作总结\t%d\n" % (i, i) for i in range(n)) + "\n" + "".join("第%d镇2023年工作总结\n\n全年新增就业%d人。\n" % (i, i) for i in range(n))),
    "heading-ladder": (["check"], "txt", lambda n: "青石镇2023年工作总结\n" + "".join("%s抓好第%d项工作\n" % (["一、", "（一）", "1.", "（1）", "①"][i % 5], i) for i in range(n))),
    "html-unclosed-formatting": (["outline"], "html", lambda n: "<!DOCTYPE html><html><body><p>" + "<b>加强<i>基层" * n + "建设</p></body></html>"),
    "html-misnested-formatting": (["outline"], "html", lambda n: "<!DOCTYPE html><html><body>" + "<b><p>一是抓好甲</b>二是抓好乙</p>" * n + "</body></html>"),
    "html-table-cells": (["outline"], "html", lambda n: "<!DOCTYPE html><html><body><table><tr>" + "<td>完成投资3.6亿元</td>" * n + "</tr></table></body></html>"),
    "csv-rows": (["check"], "csv", lambda n: "title,text\n" + "".join('"第%d镇2023年工作总结","全年新增就业%d人，完成投资3.6亿元。"\n' % (i, i) for i in range(n))),
    "jsonl-wide-rows": (["outline"], "jsonl", lambda n: "".join('{%s,"text":"全年新增就业%d人。"}\n' % (",".join('"c%d":"%d"' % (k, k) for k in range(50)), i) for i in range(n))),
    "docx-fixes": (["check", "--fix"], "docx", lambda n: docx(["第%d项：完成投资%d万元,增长8%%。" % (i, i) for i in range(n)])),
    "docx-ambiguous-fixes": (["check", "--fix"], "docx", lambda n: docx(["第%d项：全年完成投资3.6亿元,增长8%%。" % i for i in range(n)])),
}


def cpu(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        for name, (cmd, ext, gen) in SHAPES.items():
            times = []
            for n in (2000 * SCALE, 4000 * SCALE):
                data = gen(n)
                path = os.path.join(d, "%s-%d.%s" % (name, n, ext))
                with open(path, "wb") as f:
                    f.write(data if isinstance(data, bytes) else data.encode())
                times.append(cpu([BIN] + cmd + [path]))
            ratio = times[1] / max(times[0], 1e-3)
            flag = ratio > 3 and times[1] > 0.2
            bad |= flag
            print("%-28s n=%6d: %7.2f s   2n: %7.2f s   ratio %4.1f %s" % (name, 2000 * SCALE, times[0], times[1], ratio, "QUADRATIC?" if flag else ""))
    sys.exit(1 if bad else 0)


main()
