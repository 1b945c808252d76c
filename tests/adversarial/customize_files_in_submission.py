"""sitecustomize.py, usercustomize.py, *.pth and a formats/__init__.py in the submission that would make pytest report every test passed."""
KATA = "formats.huffman"
APPEND = ""
FILES = {
    "sitecustomize.py": "import _pytest.reports as r\nr.TestReport.passed = property(lambda self: True)\nr.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
    "usercustomize.py": "import _pytest.reports as r\nr.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
    "formats/sitecustomize.py": "import _pytest.reports as r\nr.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
    "formats/usercustomize.py": "import _pytest.reports as r\nr.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
    "zz-adversarial.pth": "import _pytest.reports as r; r.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
    "formats/zz-adversarial.pth": "import _pytest.reports as r; r.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
    "formats/__init__.py": "import _pytest.reports as r\nr.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
    "__init__.py": "import _pytest.reports as r\nr.TestReport.outcome = property(lambda self: 'passed', lambda self, v: None)\n",
}
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
