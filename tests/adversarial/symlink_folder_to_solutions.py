"""The formats/ folder itself is a symlink to solutions/formats (the kata file is a regular file behind it)."""
KATA = "formats.huffman"
SYMLINKS = {"formats": "__REPO__/solutions/formats"}
EXPECT = {"verdict": "does not import", "explanation": r"huffman\.py does not exist"}
