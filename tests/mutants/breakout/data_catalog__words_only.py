"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: a bag of whole words (TF-IDF over exact words): no character n-grams, no synonyms.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r'''    5-grams of '<word>' (so 'departure' and 'departures' share most of theirs)."""
    out: Counter = Counter()
    for word in words(text, synonyms):
        out["w:" + word] += 1
        marked = f"<{word}>"
        for n in NGRAMS:
            for i in range(len(marked) - n + 1):
                out[marked[i:i + n]] += 1
    return out

''',
        r'''    5-grams of '<word>' (so 'departure' and 'departures' share most of theirs)."""
    out: Counter = Counter()
    for word in words(text):  # BUG: whole words only: no synonyms, no character n-grams
        out["w:" + word] += 1
    return out

''',
    ),
]
