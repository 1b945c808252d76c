"""os._exit(0) while the kata module is imported."""
KATA = "formats.huffman"
APPEND = '''
import os as _os
_os._exit(0)
'''
EXPECT = {"verdict": "crashed", "explanation": r"does not import: the worker exited the interpreter \(status 0\) while importing"}
