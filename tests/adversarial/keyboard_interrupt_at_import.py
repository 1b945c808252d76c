"""raise KeyboardInterrupt while the kata module is imported (pytest stops a session on one)."""
KATA = "formats.huffman"
APPEND = '''
raise KeyboardInterrupt
'''
EXPECT = {"verdict": "does not import", "explanation": r"does not import: KeyboardInterrupt"}
