"""A flat upload, huffman.py at the top, that is a symlink to the reference solution."""
KATA = "formats.huffman"
KATA_FILE = "huffman.py"  # a flat upload: the link below replaces it
SYMLINKS = {"huffman.py": "__REPO__/solutions/formats/huffman.py"}
EXPECT = {"verdict": "does not import", "explanation": r"huffman\.py does not exist"}
