"""Visible tests for formats.bpe. Run: pytest exercises/formats/test_bpe.py"""
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import bpe as datagen

bpe = kata("formats.bpe")

WIKIPEDIA = "aaabdaaabac"


def as_tuples(merges):
    return [tuple(m) for m in merges]


def pair_counts(ids):
    """Adjacent pairs, overlapping ones included (the statement's counting rule)."""
    return Counter(zip(ids, ids[1:]))


def test_wikipedia_example_merges():
    got = as_tuples(bpe.train(WIKIPEDIA, 10))
    expected = [(97, 97), (97, 98), (256, 257)]  # aa -> Z, ab -> Y, ZY -> X, then no pair repeats
    assert got == expected, f"train({WIKIPEDIA!r}, 10) returned {got}, expected {expected}"


def test_wikipedia_example_encode_and_decode():
    merges = [(97, 97), (97, 98), (256, 257)]
    got = bpe.encode(WIKIPEDIA, merges)
    assert got == [258, 100, 258, 97, 99], (
        f"encode({WIKIPEDIA!r}, {merges}) returned {got}, expected [258, 100, 258, 97, 99] (XdXac)"
    )
    back = bpe.decode([258, 100], merges)
    assert back == "aaabd", f"decode([258, 100], {merges}) returned {back!r}, expected 'aaabd'"


def test_k_zero_gives_the_utf8_bytes():
    assert as_tuples(bpe.train("hello hello", 0)) == [], "train(text, 0) should return []"
    got = bpe.encode("héllo", [])
    assert got == list("héllo".encode("utf-8")), f"encode('héllo', []) returned {got}, expected its UTF-8 bytes"


def test_tie_goes_to_the_smallest_pair():
    # "cdab cdab": (c,d), (d,a) and (a,b) each occur twice; the smallest is (a, b) = (97, 98).
    got = as_tuples(bpe.train("cdab cdab", 1))
    assert got == [(97, 98)], f"train('cdab cdab', 1) returned {got}, expected [(97, 98)] (smallest of the tied pairs)"


def test_overlapping_pairs_count_and_runs_merge_left_to_right():
    # "aaabcbc": (a,a) is counted twice (overlapping), tying (b,c); (97, 97) < (98, 99).
    got = as_tuples(bpe.train("aaabcbc", 1))
    assert got == [(97, 97)], f"train('aaabcbc', 1) returned {got}, expected [(97, 97)]"
    assert bpe.encode("aaa", [(97, 97)]) == [256, 97], "encode('aaa', [(97, 97)]) should be [256, 97]"
    assert bpe.encode("aaaa", [(97, 97)]) == [256, 256], "encode('aaaa', [(97, 97)]) should be [256, 256]"


def test_stops_when_no_pair_occurs_twice():
    for corpus in ["", "a", "abcd", "abab"[:3]]:
        got = as_tuples(bpe.train(corpus, 5))
        assert got == [], f"train({corpus!r}, 5) returned {got}, expected [] (no pair occurs twice)"
    got = as_tuples(bpe.train("abab", 5))
    assert got == [(97, 98)], f"train('abab', 5) returned {got}, expected [(97, 98)] and then stop"


def test_a_character_split_across_tokens_decodes():
    # "€" is e2 82 ac: with no merges it is three tokens, decoded together.
    assert bpe.decode([0xE2, 0x82, 0xAC], []) == "€", "decode([0xe2, 0x82, 0xac], []) should be '€'"
    merges = as_tuples(bpe.train("€€€€", 3))
    assert bpe.decode(bpe.encode("a€b", merges), merges) == "a€b"


def test_encode_follows_training_order_not_frequency():
    # Merge 0 is (b, c): it goes first even though (a, b) is more frequent in "ababc".
    merges = [(98, 99), (97, 98)]
    got = bpe.encode("ababc", merges)
    assert got == [257, 97, 256], f"encode('ababc', {merges}) returned {got}, expected [257, 97, 256] (bc first, then ab)"


def test_merges_may_be_lists():
    assert bpe.encode("aaaa", [[97, 97]]) == [256, 256], "encode('aaaa', [[97, 97]]) should accept list merges"
    assert bpe.decode([256], [[97, 97]]) == "aa"


@pytest.mark.parametrize(
    "call",
    [
        lambda: bpe.train("abc", -1),
        lambda: bpe.encode("abc", [(256, 97)]),
        lambda: bpe.decode([0xC3], []),
    ],
    ids=["negative-k", "merge-uses-unknown-id", "not-utf8"],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_unknown_id_names_the_id():
    with pytest.raises(ValueError, match="257"):
        bpe.decode([97, 257], [(97, 97)])
    with pytest.raises(ValueError, match="-1"):
        bpe.decode([-1], [])


def test_each_merge_is_the_most_frequent_pair_at_its_step():
    corpus = datagen.corpus(600, seed=1)
    merges = as_tuples(bpe.train(corpus, 40))
    assert len(merges) == 40, f"train(600 bytes of text, 40) returned {len(merges)} merges, expected 40"
    for i, pair in enumerate(merges):
        counts = pair_counts(bpe.encode(corpus, merges[:i]))
        best = min(counts, key=lambda p: (-counts[p], p))
        assert pair == best, (
            f"merge {i} is {pair} (count {counts[pair]}), but after merges[:{i}] the most frequent "
            f"pair (smallest on ties) is {best} (count {counts[best]})"
        )


corpora = st.text(alphabet="ab c€", max_size=60)


@given(corpora, st.integers(0, 25))
def test_greedy_rule_and_early_stop_on_small_corpora(corpus, k):
    merges = as_tuples(bpe.train(corpus, k))
    assert len(merges) <= k, f"train({corpus!r}, {k}) returned {len(merges)} merges"
    for i, pair in enumerate(merges):
        counts = pair_counts(bpe.encode(corpus, merges[:i]))
        best = min(counts, key=lambda p: (-counts[p], p))
        assert pair == best and counts[pair] >= 2, (
            f"train({corpus!r}, {k}): merge {i} is {pair}, expected {best} (count {counts[best]})"
        )
    if len(merges) < k:
        left = pair_counts(bpe.encode(corpus, merges))
        assert max(left.values(), default=0) < 2, (
            f"train({corpus!r}, {k}) stopped after {len(merges)} merges but a pair still occurs twice"
        )


@given(st.text(max_size=80), st.text(max_size=80), st.integers(0, 30))
def test_round_trip_of_any_text(corpus, text, k):
    merges = bpe.train(corpus, k)
    ids = bpe.encode(text, merges)
    assert bpe.decode(ids, merges) == text, f"decode(encode({text!r})) with merges from {corpus!r} did not give it back"


@given(st.text(alphabet="abc ", max_size=80), st.text(alphabet="abcd ", max_size=60))
def test_more_merges_never_more_tokens_and_training_is_a_prefix(corpus, text):
    full = as_tuples(bpe.train(corpus, 12))
    lengths = []
    for k in range(len(full) + 1):
        prefix = as_tuples(bpe.train(corpus, k))
        assert prefix == full[:k], f"train({corpus!r}, {k}) = {prefix} is not the first {k} of train(.., 12) = {full}"
        lengths.append(len(bpe.encode(text, full[:k])))
    assert lengths == sorted(lengths, reverse=True), (
        f"token counts of encode({text!r}) for k = 0..{len(full)} are {lengths}: they must never increase"
    )
    corpus_lengths = [len(bpe.encode(corpus, full[:k])) for k in range(len(full) + 1)]
    assert all(a > b for a, b in zip(corpus_lengths, corpus_lengths[1:])), (
        f"each merge must shorten the training corpus {corpus!r}: lengths {corpus_lengths}"
    )


def test_text_must_be_a_str_not_bytes():
    with pytest.raises(TypeError, match="encode expects text as a str, got bytes"):
        bpe.encode(b"aaab", [(97, 97)])
