"""Hidden tests for formats.bpe: an independent naive trainer as the oracle, the deck's text,
multi-byte and run-heavy corpora, encode on unseen text, and the speed budget."""
from collections import Counter

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import bpe as datagen
from graders.meters.timing import assert_faster

bpe = kata("formats.bpe")

# The deck's slides on text vs binary and on data models, kept verbatim (with its bullets).
DECK = """Text Vs Non-Textual
- Binary allows further compression
 - Like Huffman encoding
 - Numbers - 12341234 (text - 8 bytes, int32 - 4 bytes)
- BPE (used in LLMs like GPT)
 - Also does some sort of compression
 - It is the most efficient way to encode the given corpus with the specific number of tokens.
Data Models (Relational vs. Non)
- **Structure:**
 - Relational: Structured data in tables with rows and columns.
 - Document: JSON-like documents with dynamic schemas.
 - Graph: Nodes, edges, and properties to represent and store data.
- **Schema Flexibility:**
 - Relational: **Fixed schema**; modifications require downtime.
 - Document: **Flexible schema**; easy to evolve data model.
 - Graph: Highly **flexible**; suitable for interconnected data.
- **Use Cases:**
 - Relational: Banking, Inventory, HR systems.
 - Document: Content management, Mobile apps, Real-time analytics.
 - Graph: Social networks, Fraud detection, Recommendation engines.
- **Scalability:**
 - Relational: Vertical scaling; scale by increasing hardware.
 - Document & Graph: Horizontal scaling; distribute data across more servers.
- **Query Capability:**
 - Relational: Powerful SQL queries; complex joins.
 - Document: Query based on document content; simpler queries.
 - Graph: Efficient for complex, deep relationships.
"Kicked off with plain text files to avoid the SQL maze. First, added indexes to speed things
up. Next, structured our data for faster access. Then, threw in some joins for fun. Several
'optimizations' later, we proudly reinvented our own wheel\u2014SQL! Who knew? \U0001f504\U0001f916"
"""


def naive_merge(ids, pair, new):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def naive_train(corpus, k):
    """The statement's rules, recounting every pair after each merge."""
    ids = list(corpus.encode("utf-8"))
    merges = []
    while len(merges) < k:
        counts = Counter(zip(ids, ids[1:]))
        if not counts:
            break
        pair, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if count < 2:
            break
        ids = naive_merge(ids, pair, 256 + len(merges))
        merges.append(pair)
    return merges


def naive_encode(text, merges):
    ids = list(text.encode("utf-8"))
    for i, pair in enumerate(merges):
        ids = naive_merge(ids, tuple(pair), 256 + i)
    return ids


def as_tuples(merges):
    return [tuple(m) for m in merges]


def first_difference(got, expected):
    """'at 12: (101, 32) vs expected (32, 116)', or a note on the lengths."""
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            return f"at {i}: {g} vs expected {e}"
    return f"lengths {len(got)} vs expected {len(expected)}"


def test_deck_text_merges_match_the_naive_trainer():
    got = as_tuples(bpe.train(DECK, 150))
    expected = naive_train(DECK, 150)
    assert got == expected, f"train(deck text, 150): merges differ {first_difference(got, expected)}"


def test_deck_text_round_trips_and_compresses():
    merges = bpe.train(DECK, 150)
    ids = bpe.encode(DECK, merges)
    assert bpe.decode(ids, merges) == DECK, "decode(encode(deck text)) did not give the deck text back"
    n_bytes = len(DECK.encode("utf-8"))
    assert len(ids) == len(naive_encode(DECK, as_tuples(merges))), (
        f"encode(deck text) gave {len(ids)} tokens, expected {len(naive_encode(DECK, as_tuples(merges)))}"
    )
    assert len(ids) < 0.6 * n_bytes, f"150 merges should cut {n_bytes} bytes below 60%, got {len(ids)} tokens"


def test_encode_applies_merges_in_training_order_on_unseen_text():
    merges = as_tuples(bpe.train(DECK, 150))
    text = datagen.corpus(3000, seed=7)
    got = bpe.encode(text, merges)
    expected = naive_encode(text, merges)
    assert got == expected, f"encode(other text, deck merges): ids differ {first_difference(got, expected)}"


def test_encode_order_matters_more_than_frequency():
    # Merge 0 is (b, c), merge 1 is (a, b). By frequency (a, b) (3 times) would go first:
    # [257, 99, 257, 257]. In training order: a [bc] a b a b, then a-b twice: [97, 256, 257, 257].
    merges = [(98, 99), (97, 98)]
    got = bpe.encode("abcabab", merges)
    assert got == [97, 256, 257, 257], f"encode('abcabab', {merges}) returned {got}, expected [97, 256, 257, 257]"


def test_datagen_corpus_matches_the_naive_trainer():
    corpus = datagen.corpus(4000, seed=3)
    got = as_tuples(bpe.train(corpus, 120))
    expected = naive_train(corpus, 120)
    assert got == expected, f"train(4000 bytes, 120): merges differ {first_difference(got, expected)}"


@pytest.mark.parametrize(
    "corpus, k, expected",
    [
        # 8 a: (a,a) x7 -> ZZZZ: (Z,Z) x3 -> YY: (Y,Y) once, stop.
        ("aaaaaaaa", 5, [(97, 97), (256, 256)]),
        # 5 a: (a,a) x4 -> ZZa: every pair once, stop.
        ("aaaaa", 5, [(97, 97)]),
        ("a" * 16, 5, [(97, 97), (256, 256), (257, 257)]),
        # (' ',a) (a,' ') (a,b) (b,a) all occur twice: the space (32) makes the smallest pair.
        ("ba ba ab ab", 1, [(32, 97)]),
        # (z,y) comes first in the text, (a,b) is smaller: smallest wins.
        ("zyzy abab", 1, [(97, 98)]),
        # c3 a9 c3 a9 c3 a9: (c3, a9) x3 beats (a9, c3) x2.
        ("\u00e9\u00e9\u00e9", 1, [(195, 169)]),
        # xx, xy, yy tie at 2 -> xx; then (Z,y) and (y,y) tie -> yy; then ZY.
        ("xxyyxxyy", 3, [(120, 120), (121, 121), (256, 257)]),
    ],
)
def test_named_tie_and_run_cases(corpus, k, expected):
    got = as_tuples(bpe.train(corpus, k))
    assert got == expected, f"train({corpus!r}, {k}) returned {got}, expected {expected}"


@given(st.text(alphabet=st.sampled_from("aab \u00e9\u20ac\U0001f600"), max_size=120), st.integers(0, 40))
@example(" bca b bbcbb  acc bccc acb cac  cabba  ", 10)  # merges at the first position of the corpus
@example(" b bab cbb acbbccacccabac", 4)  # and at the last one: neighbour bookkeeping at both ends
@example("  \x00bc   \x00 c\x00\x00bba\x00\x00\x00a\x00 c cc caa \x00ab\x00 ccc bc\x00ba c", 7)  # byte 0 is a token like any other
def test_matches_the_naive_trainer_on_run_heavy_and_multibyte_corpora(corpus, k):
    got = as_tuples(bpe.train(corpus, k))
    expected = naive_train(corpus, k)
    assert got == expected, f"train({corpus!r}, {k}) returned {got}, expected {expected}"
    ids = bpe.encode(corpus, got)
    assert ids == naive_encode(corpus, expected), f"encode({corpus!r}, merges) disagrees with merging in order"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=150), st.integers(0, 60))
def test_round_trip_any_unicode_with_merges_from_itself(text, k):
    merges = bpe.train(text, k)
    ids = bpe.encode(text, merges)
    assert bpe.decode(ids, merges) == text, f"decode(encode({text!r})) with its own {len(merges)} merges failed"
    n_bytes = len(text.encode("utf-8"))
    assert len(ids) <= n_bytes - len(merges), (
        f"on its own corpus each merge replaces its pair at least once: {len(merges)} merges on "
        f"{n_bytes} bytes should leave at most {n_bytes - len(merges)} tokens, encode gave {len(ids)}"
    )


@given(st.text(alphabet="ab", min_size=2, max_size=60), st.integers(1, 20))
def test_train_is_deterministic(corpus, k):
    first, second = as_tuples(bpe.train(corpus, k)), as_tuples(bpe.train(corpus, k))
    assert first == second, f"train({corpus!r}, {k}) gave {first} then {second}"


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda: bpe.train("abc", -5), None),
        (lambda: bpe.train("abc", 2.5), None),
        (lambda: bpe.encode("ab", [(97, 98), (258, 97)]), None),
        (lambda: bpe.decode([0, 256, 258], [(97, 98), (256, 256)]), "258"),
        (lambda: bpe.decode([256], []), "256"),
        (lambda: bpe.decode([0xE2, 0x82], []), None),
    ],
    ids=["negative-k", "float-k", "merge-ahead-of-its-time", "id-past-vocab", "id-without-merges", "truncated-utf8"],
)
def test_bad_input(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call()


@pytest.mark.perf
def test_train_keeps_counts_up_to_date():
    corpus = datagen.corpus(5000, seed=11)
    assert as_tuples(bpe.train(corpus, 200)) == naive_train(corpus, 200), "train(5000 bytes, 200) is wrong"
    ratio = assert_faster(
        lambda: naive_train(corpus, 200),
        lambda: bpe.train(corpus, 200),
        at_least=4,  # measured 7-17x (loaded 2-core machine) against about 1x for the naive way
        rounds=5,
        min_seconds=0.1,
        what="train(k=200) on 5,000 bytes vs recounting every pair after each merge",
    )
    print(f"train vs naive: {ratio.describe()}")


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("train", (b"aaab", 2), "train expects corpus as a str, got bytes"),
        ("train", (None, 2), "train expects corpus as a str, got NoneType"),
        ("encode", (b"aaab", [(97, 97)]), "encode expects text as a str, got bytes"),
        ("encode", ("aaab", None), r"encode expects merges as a list of \(int, int\) pairs, got NoneType"),
        ("encode", ("aaab", [97, 97]), "encode: merge 0 must be a pair of ints, got 97"),
        ("encode", ("aaab", [(97, 97, 97)]), r"encode: merge 0 must be a pair of ints, got \(97, 97, 97\)"),
        ("encode", ("aaab", [(97.0, 97)]), r"encode: merge 0 must be a pair of ints, got \(97.0, 97\)"),
        ("decode", ("ab", []), "decode expects ids as a list of ints, got str"),
        ("decode", (b"ab", []), "decode expects ids as a list of ints, got bytes"),
        ("decode", (None, []), "decode expects ids as a list of ints, got NoneType"),
        ("decode", ([97], "ab"), r"decode expects merges as a list of \(int, int\) pairs, got str"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(name, args, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        getattr(bpe, name)(*args)


def test_empty_text_and_ids():
    merges = bpe.train("aaabdaaabac", 3)
    assert bpe.train("", 3) == [], "train('', 3) should be []"
    assert bpe.encode("", merges) == [], "encode('', merges) should be []"
    assert bpe.decode([], merges) == "", "decode([], merges) should be ''"
