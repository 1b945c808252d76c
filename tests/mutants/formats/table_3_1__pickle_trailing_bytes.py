"""Table 3-1 as code.

MUTANT: a pickle stream with bytes after its STOP opcode passes as pickle."""
REPLACE = [("        return last_pos == len(data) - 1  # STOP is the last opcode and the last byte\n",
            "        return last_pos is not None  # BUG: anything after STOP is ignored\n")]
