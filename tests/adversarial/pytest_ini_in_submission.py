"""pytest.ini, tox.ini, setup.cfg and pyproject.toml in the submission that would deselect or skip every test."""
KATA = "formats.huffman"
APPEND = ""
FILES = {
    "pytest.ini": "[pytest]\naddopts = -p no:graders.plugin --co -k nothing_matches\n",
    "formats/pytest.ini": "[pytest]\naddopts = -p no:graders.plugin --co -k nothing_matches\n",
    "tox.ini": "[pytest]\naddopts = --deselect exercises --deselect graders\n",
    "setup.cfg": "[tool:pytest]\naddopts = --co\n",
    "pyproject.toml": "[tool.pytest.ini_options]\naddopts = \"--co -p no:graders.plugin\"\n",
}
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
