"""formats/huffman.py is a symlink to the reference solution."""
KATA = "formats.huffman"
SYMLINKS = {"formats/huffman.py": "__REPO__/solutions/formats/huffman.py"}
EXPECT = {"verdict": "does not import", "explanation": r"huffman\.py does not exist"}
