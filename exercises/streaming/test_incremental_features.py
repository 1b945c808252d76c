"""Visible tests for streaming.incremental_features. Run: pytest exercises/streaming/test_incremental_features.py"""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen.incremental_features import recompute_daily, sessions_year, window_totals
from graders.meters.timing import assert_faster

incremental_features = kata("streaming.incremental_features")


def test_statement_example():
    r = incremental_features.Rolling30()
    r.add_day(0, [("ana", 10), ("ana", 5), ("bo", 7)])
    got = r.features()
    assert got == {"ana": 15, "bo": 7}, f"features() after add_day(0, ...) returned {got}, expected {{'ana': 15, 'bo': 7}}"
    r.add_day(30, [("bo", 1)])
    got = r.features()
    assert got == {"bo": 1}, f"features() after add_day(30, [('bo', 1)]) returned {got}, expected {{'bo': 1}}: day 0 left the window"
    assert r.feature("ana") == 0, f"feature('ana') returned {r.feature('ana')!r}, expected 0"
    assert r.feature("bo") == 1, f"feature('bo') returned {r.feature('bo')!r}, expected 1"


def test_day_29_is_still_inside_day_30_is_not():
    r = incremental_features.Rolling30()
    r.add_day(0, [("ana", 4)])
    r.add_day(29, [("bo", 1)])
    assert r.features() == {"ana": 4, "bo": 1}, f"after days 0 and 29 features() returned {r.features()}, expected both (window 0..29)"
    r.add_day(30, [])
    assert r.features() == {"bo": 1}, f"after add_day(30, []) features() returned {r.features()}, expected {{'bo': 1}} (window 1..30)"


def test_an_empty_day_and_a_skipped_day_both_move_the_window():
    r = incremental_features.Rolling30(window_days=3)
    r.add_day(1, [("ana", 2)])
    r.add_day(2, [])
    assert r.features() == {"ana": 2}, f"window 3, after days 1, 2: features() returned {r.features()}"
    r.add_day(4, [("bo", 5)])  # day 3 skipped: the window is days 2..4
    assert r.features() == {"bo": 5}, f"window 3, after add_day(4, ...): features() returned {r.features()}, expected {{'bo': 5}}"


def test_zero_minutes_never_show_up():
    r = incremental_features.Rolling30(window_days=2)
    r.add_day(0, [("ana", 0), ("bo", 3)])
    assert r.features() == {"bo": 3}, f"a 0-minute session: features() returned {r.features()}, expected {{'bo': 3}}"
    r.add_day(5, [])
    assert r.features() == {}, f"everyone went quiet: features() returned {r.features()}, expected {{}}"


def test_features_is_a_copy():
    r = incremental_features.Rolling30()
    r.add_day(0, [("ana", 1)])
    r.features()["ana"] = 999
    assert r.feature("ana") == 1, "changing the dict returned by features() changed the feature"


def test_a_small_year_equals_the_recomputed_feature_every_day():
    year = sessions_year(n_days=90, users_per_day=6, sessions_per_user=3, n_users=30, seed=1)
    r = incremental_features.Rolling30()
    for day, sessions in year:
        r.add_day(day, sessions)
        expected = window_totals(year, day)
        got = r.features()
        assert got == expected, f"day {day}: features() returned {got}, recomputing days {day - 29}..{day} gives {expected}"


days_and_sessions = st.lists(
    st.tuples(st.integers(1, 4), st.lists(st.tuples(st.sampled_from("abcde"), st.integers(0, 9)), max_size=6)),
    max_size=25,
)


@given(st.integers(1, 6), days_and_sessions)
def test_incremental_equals_recompute_after_every_day(window, steps):
    r = incremental_features.Rolling30(window_days=window)
    days, day = [], 0
    for gap, sessions in steps:
        day += gap
        days.append((day, sessions))
        r.add_day(day, sessions)
        expected = window_totals(days, day, window)
        assert r.features() == expected, (
            f"Rolling30({window}) after days {days}: features() returned {r.features()}, expected {expected}"
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.add_day(0, [("ana", -1)]),
        lambda r: r.add_day(0, [("ana", 1.5)]),
        lambda r: r.add_day(0, [("ana", True)]),
        lambda r: r.add_day(0, [("ana", 1, 2)]),
        lambda r: r.add_day(5, []),
        lambda r: r.add_day(9, []),
        lambda r: r.add_day(10.0, []),
    ],
    ids=["negative-minutes", "float-minutes", "bool-minutes", "not-a-pair", "day-goes-back", "same-day-twice", "float-day"],
)
def test_bad_input_raises_value_error_and_changes_nothing(call):
    r = incremental_features.Rolling30()
    r.add_day(9, [("ana", 3)])
    with pytest.raises(ValueError):
        call(r)
    assert r.features() == {"ana": 3}, f"after a rejected add_day, features() returned {r.features()}, expected {{'ana': 3}}"


def test_bad_minutes_message_names_the_user_and_state_is_unchanged():
    r = incremental_features.Rolling30()
    with pytest.raises(ValueError, match="zoe"):
        r.add_day(0, [("ana", 5), ("zoe", -2)])
    assert r.features() == {}, f"a rejected day must leave no trace, features() returned {r.features()}"
    r.add_day(0, [("ana", 5)])  # the same day is still free after the rejected call
    assert r.features() == {"ana": 5}


def test_going_backwards_says_days_must_increase():
    r = incremental_features.Rolling30()
    r.add_day(3, [])
    with pytest.raises(ValueError, match="must increase"):
        r.add_day(2, [])


@pytest.mark.parametrize("window", [0, -30, 2.5, True])
def test_bad_window_raises_value_error(window):
    with pytest.raises(ValueError):
        incremental_features.Rolling30(window_days=window)


@pytest.mark.perf
def test_incremental_is_much_faster_than_recomputing_daily():
    # A quick version of the hidden budget (10x on a bigger year): here 5x on a lighter one.
    year = sessions_year(n_days=365, users_per_day=2, sessions_per_user=25, n_users=100, seed=2)
    expected = recompute_daily(year)

    def incremental():
        r = incremental_features.Rolling30()
        for day, sessions in year:
            r.add_day(day, sessions)
        return r

    got = incremental().features()
    assert got == expected, f"Rolling30 over the year returned {len(got)} users, recompute_daily {len(expected)}, or the totals differ"
    assert_faster(lambda: recompute_daily(year), incremental, at_least=5,
                  what="Rolling30.add_day over 365 days (50 sessions a day) vs recompute_daily")


def test_a_dict_of_sessions_is_refused():
    with pytest.raises(ValueError, match="sessions must be a list of"):
        incremental_features.Rolling30().add_day(0, {"ana": 10})
