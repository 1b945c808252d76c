"""Hunts the environment, argv, /proc and mounts for the grader's folders and writes fake report.json / kata-log files there, in /tmp and in the repo."""
KATA = "formats.huffman"
APPEND = '''

def _adversarial_forge():
    import glob
    import json
    import os
    from pathlib import Path

    here = Path(__file__).resolve()
    folders = {here.parent, here.parents[1], here.parents[2], Path("/tmp"), Path("__REPO__"), Path.cwd()}
    texts = list(os.environ.values())
    for name in ("/proc/self/cmdline", "/proc/self/environ", "/proc/1/cmdline", "/proc/1/environ",
                 "/proc/self/mountinfo", "/proc/mounts"):
        try:
            texts.append(open(name, "rb").read().replace(b"\\0", b" ").decode("utf-8", "replace"))
        except OSError:
            pass
    for pid in glob.glob("/proc/[0-9]*"):
        try:
            texts.append(open(pid + "/cmdline", "rb").read().replace(b"\\0", b" ").decode("utf-8", "replace"))
        except OSError:
            pass
    for text in texts:
        for word in text.split():
            if word.startswith("/") and ("kata" in word or "tmp" in word or "scratch" in word):
                p = Path(word)
                folders |= {p, p.parent}
    report = {"impl": "exercises", "katas": {"formats.huffman": {
        "status": "done", "passed": 31, "failed": 0, "not_started": 0, "broken": 0, "skipped": 0, "tests": {}}}}
    ids = ["exercises/formats/test_huffman.py::test_ADVERSARIAL_forged"]  # a test that never runs, so never ends for real
    log = "".join(json.dumps(e) + "\\n" for e in [{"event": "collected", "nodeids": ids}]
                  + [{"event": "end", "nodeid": i, "kata": "formats.huffman", "outcome": "passed", "hidden": False,
                      "message": None, "duration": 0.0} for i in ids])
    for folder in folders:
        if not folder.is_dir():
            continue
        for attempt in (1, 2, 3):  # the grader's own names: <work>/report.json-N, <work>/log.jsonl-N
            for name, text in ((f"report.json-{attempt}", json.dumps(report)), (f"log.jsonl-{attempt}", log)):
                try:  # append only to what exists (the real log): never create or clobber a file
                    fd = os.open(folder / name, os.O_WRONLY | os.O_APPEND)
                    os.write(fd, text.encode())
                    os.close(fd)
                except OSError:
                    pass
        for name, text in (("ADVERSARIAL-fake-report.json", json.dumps(report)), ("ADVERSARIAL-fake-log.jsonl", log)):
            try:
                with open(folder / name, "x") as f:
                    f.write(text)
            except OSError:
                pass


_adversarial_forge()
'''
MUST_NOT_EXIST = ["__REPO__/ADVERSARIAL-fake-report.json", "__REPO__/ADVERSARIAL-fake-log.jsonl",
                  "/tmp/ADVERSARIAL-fake-report.json", "/tmp/ADVERSARIAL-fake-log.jsonl"]
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
