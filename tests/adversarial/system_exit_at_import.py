"""raise SystemExit(0) while the kata module is imported."""
KATA = "formats.huffman"
APPEND = '''
raise SystemExit(0)
'''
EXPECT = {"verdict": "does not import", "explanation": r"does not import: SystemExit: 0"}
