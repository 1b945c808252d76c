"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: a bag of whole words (TF-IDF over exact words): no character n-grams, no synonyms.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r"""    for word in words(text, synonyms):
""",
        r"""    for word in words(text):  # BUG: whole words only: no synonyms, no character n-grams
""",
    ),
    (
        r"""        marked = f"<{word}>"
        for n in NGRAMS:
            for i in range(len(marked) - n + 1):
                out[marked[i:i + n]] += 1
""",
        r"""""",
    ),
]
