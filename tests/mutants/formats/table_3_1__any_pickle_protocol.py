"""Table 3-1 as code.

MUTANT: any byte after 0x80 is taken for a pickle protocol (0x80 0x01, 0x80 0x06 too)."""
REPLACE = [("    elif len(data) >= 2 and data[0] == 0x80 and 2 <= data[1] <= 5:\n",
            "    elif len(data) >= 2 and data[0] == 0x80:\n")]
