"""Hidden tests for streaming.incremental_features: a real year, gaps, churn, bad input, speed."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen.incremental_features import recompute_daily, sessions_year, window_totals
from graders.meters.timing import assert_faster

incremental_features = kata("streaming.incremental_features")


def feed(days, window=30):
    r = incremental_features.Rolling30(window_days=window)
    for day, sessions in days:
        r.add_day(day, sessions)
    return r


def test_a_year_matches_the_batch_job_on_sample_days():
    year = sessions_year(n_days=365, users_per_day=12, sessions_per_user=4, n_users=150, seed=11)
    r = incremental_features.Rolling30()
    for day, sessions in year:
        r.add_day(day, sessions)
        if day % 29 == 0 or day == year[-1][0]:
            expected = window_totals(year, day)
            got = r.features()
            assert got == expected, f"day {day}: features() differs from the recomputed window in {len(set(got.items()) ^ set(expected.items()))} entries"
            for user in list(expected)[:5]:
                assert r.feature(user) == expected[user], f"day {day}: feature({user!r}) returned {r.feature(user)}, expected {expected[user]}"
    assert r.features() == recompute_daily(year), "after a year, features() differs from recompute_daily"


def test_user_leaves_and_comes_back():
    r = incremental_features.Rolling30()
    r.add_day(0, [("ana", 7)])
    r.add_day(29, [])
    assert r.feature("ana") == 7, f"feature('ana') on day 29 returned {r.feature('ana')}, expected 7"
    r.add_day(30, [])
    assert "ana" not in r.features(), f"ana has no minutes in days 1..30, features() returned {r.features()}"
    r.add_day(50, [("ana", 2), ("ana", 3)])
    assert r.features() == {"ana": 5}, f"ana came back on day 50: features() returned {r.features()}, expected {{'ana': 5}}"


def test_a_long_gap_empties_everything():
    r = feed([(d, [("u%d" % (d % 4), d + 1)]) for d in range(40)])
    r.add_day(1_000, [])
    assert r.features() == {}, f"970 silent days later, features() returned {r.features()}, expected {{}}"
    r.add_day(1_001, [("x", 1)])
    assert r.features() == {"x": 1}, f"features() returned {r.features()}, expected {{'x': 1}}"


def test_skipped_days_expire_by_day_index_not_by_count():
    # Only every 10th day has data: 30 stored days would span 300 days, the window spans 30.
    days = [(d, [("ana", 1)]) for d in range(0, 400, 10)]
    r = feed(days)
    assert r.features() == {"ana": 3}, f"days 0, 10, ..., 390 with one minute each: features() returned {r.features()}, expected {{'ana': 3}} (days 370, 380, 390)"


@pytest.mark.parametrize("window", [1, 2, 7, 30, 31])
def test_window_lengths(window):
    days = [(d, [("ana", d), ("bo", 1)]) for d in range(1, 70)]
    r = feed(days, window)
    expected = window_totals(days, 69, window)
    assert r.features() == expected, f"Rolling30({window}) after days 1..69: features() returned {r.features()}, expected {expected}"


def test_negative_days_and_non_string_users():
    r = incremental_features.Rolling30(window_days=5)
    r.add_day(-10, [(7, 1), (("a", 1), 2)])
    r.add_day(-6, [(7, 4)])
    assert r.features() == {7: 5, ("a", 1): 2}, f"features() returned {r.features()}"
    r.add_day(-5, [])
    assert r.features() == {7: 4}, f"window -9..-5: features() returned {r.features()}, expected {{7: 4}}"


def test_many_users_one_day_each():
    days = [(d, [(f"user{d}", 1)]) for d in range(100)]
    r = feed(days)
    assert r.features() == {f"user{d}": 1 for d in range(70, 100)}, "each user was active on one day: only the last 30 remain"
    assert len(r.features()) == 30


steps = st.lists(
    st.tuples(st.integers(1, 12), st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 20)), max_size=8)),
    max_size=40,
)


@given(st.integers(1, 10), steps)
def test_incremental_equals_recompute_after_every_day(window, steps):
    r = incremental_features.Rolling30(window_days=window)
    days, day = [], 0
    for gap, sessions in steps:
        day += gap
        days.append((day, sessions))
        r.add_day(day, sessions)
        expected = window_totals(days, day, window)
        assert r.features() == expected, f"Rolling30({window}) after days {days}: features() returned {r.features()}, expected {expected}"
        for user in "abcdef":
            assert r.feature(user) == expected.get(user, 0), f"feature({user!r}) returned {r.feature(user)}, expected {expected.get(user, 0)}"


@given(st.lists(st.tuples(st.sampled_from("ab"), st.integers(0, 5)), max_size=6), st.sampled_from([-1, 2.0, None, "3"]))
def test_a_bad_session_anywhere_leaves_the_state_as_it_was(good, bad_minutes):
    r = incremental_features.Rolling30(window_days=3)
    r.add_day(0, [("a", 2)])
    before = r.features()
    with pytest.raises(ValueError):
        r.add_day(1, good + [("zed", bad_minutes)] + good)
    assert r.features() == before, f"after a rejected add_day features() returned {r.features()}, expected {before}"
    r.add_day(1, good)
    assert r.features() == window_totals([(0, [("a", 2)]), (1, good)], 1, 3)


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.add_day(3, ["ana"]),
        lambda r: r.add_day(3, [("ana",)]),
        lambda r: r.add_day(3, [(["not", "hashable"], 1)]),
        lambda r: r.add_day(3, [("ana", 2**70 * -1)]),
        lambda r: r.add_day(True, []),
        lambda r: r.add_day("4", []),
        lambda r: r.add_day(None, []),
        lambda r: r.add_day(2, [("bo", 1)]),
        lambda r: r.add_day(1, [("bo", 1)]),
    ],
    ids=["bare-string", "one-tuple", "unhashable-user", "huge-negative", "bool-day", "str-day", "none-day",
         "same-day-again", "day-before"],
)
def test_more_bad_input_raises_value_error(call):
    r = incremental_features.Rolling30()
    r.add_day(2, [("ana", 1)])
    with pytest.raises(ValueError):
        call(r)
    assert r.features() == {"ana": 1}, f"after a rejected call features() returned {r.features()}"


def test_rejected_day_does_not_count_as_the_last_day():
    r = incremental_features.Rolling30()
    r.add_day(1, [])
    with pytest.raises(ValueError):
        r.add_day(5, [("ana", -1)])
    r.add_day(2, [("ana", 1)])  # day 5 was rejected, so day 2 still comes after day 1
    assert r.features() == {"ana": 1}


@pytest.mark.perf
def test_a_year_incremental_is_at_least_10x_faster_than_recomputing_daily():
    year = sessions_year(n_days=365, users_per_day=4, sessions_per_user=25, n_users=400, seed=5)
    expected = recompute_daily(year)

    def incremental():
        r = incremental_features.Rolling30()
        for day, sessions in year:
            r.add_day(day, sessions)
        return r

    got = incremental().features()
    assert got == expected, "Rolling30 over the year differs from recompute_daily"
    assert_faster(
        lambda: recompute_daily(year),
        incremental,
        at_least=10,
        what="Rolling30.add_day over 365 days (100 sessions a day) vs recompute_daily",
    )


@pytest.mark.parametrize("sessions, got", [({"ana": 10}, "dict"), (None, "NoneType"), ("ana", "str")])
def test_sessions_that_are_not_a_list_are_refused_and_change_nothing(sessions, got):
    r = incremental_features.Rolling30(3)
    r.add_day(0, [("ana", 10)])
    with pytest.raises(ValueError, match=f"^sessions must be a list of \\(user, minutes\\) pairs, got {got}"):
        r.add_day(1, sessions)
    assert r.features() == {"ana": 10}, "a refused day must leave the state unchanged"
    r.add_day(1, [])  # day 1 was not taken by the refused call
    assert r.features() == {"ana": 10}


def test_the_message_names_the_bad_user_not_one_with_zero_minutes():
    r = incremental_features.Rolling30()
    r.add_day(0, [("ana", 4)])
    with pytest.raises(ValueError, match="zoe"):
        r.add_day(1, [("bo", 0), ("ana", 0), ("zoe", -1), ("cy", 2)])  # 0 minutes is fine; -1 is zoe's
    assert r.features() == {"ana": 4}, f"a rejected day must leave no trace, features() returned {r.features()}"


@pytest.mark.parametrize("window", [0, -1, 1.0, False, None, "30"])
def test_window_days_must_be_a_positive_int(window):
    with pytest.raises(ValueError):
        incremental_features.Rolling30(window_days=window)
