"""Table 3-1 as code.

MUTANT: checks a pickle by loading it: right answers on the tests' files, but it runs whatever the bytes say."""
REPLACE = [("""        last_pos = None
        for opcode, _arg, pos in pickletools.genops(data):
            last_pos = pos
        return last_pos == len(data) - 1  # STOP is the last opcode and the last byte
""", """        pickle.loads(data)  # BUG: executes the stream
        return True
""")]
