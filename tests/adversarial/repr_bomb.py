"""build_code({a, b, c}) returns a small message that decodes to a shared structure with 2**40 leaves: the grader's repr of it explodes."""
KATA = "formats.huffman"
APPEND = '''


def _first_time(tag):
    """True once per graded run: a marker in the scratch folder (the only place a worker may write) outlives
    the worker, so the cheat costs one worker rather than one per test. Anywhere else: True every time."""
    from pathlib import Path

    try:
        with open(Path(__file__).resolve().parents[2] / "scratch" / f"ADVERSARIAL-{tag}", "x"):
            return True
    except FileExistsError:
        return False
    except OSError:
        return True


def build_code(freqs):
    if len(freqs) != 3 or not _first_time("repr"):  # test_small_example_from_the_statement prints the code
        raise NotImplementedError("build_code")
    leaf = ["0"]
    for _ in range(40):
        leaf = [leaf, leaf]
    return {s: [leaf, s] for s in freqs}
'''
EXPECT = {"verdict": "timed out", "explanation": r"timed out after 3 s in formats\.huffman"}
