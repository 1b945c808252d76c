# The harness is a pytest plugin: --impl, the student board, hypothesis profiles.
import sys
from pathlib import Path

# Importable from the checkout itself, so `pytest` works before (or without) `pip install -e .`.
sys.path.insert(0, str(Path(__file__).resolve().parent))

pytest_plugins = ["graders.plugin"]
