"""bench/identity.py's B³ scorer, on cases small enough to count by hand."""

import pytest

from bench.identity import b_cubed

GOLD = {"a1": "A", "a2": "A", "a3": "A", "b1": "B"}


def test_perfect_clustering_scores_one():
    assert b_cubed({"a1": 1, "a2": 1, "a3": 1, "b1": 2}, GOLD) == (1.0, 1.0, 1.0)


def test_every_item_alone_has_full_precision_and_low_recall():
    precision, recall, _ = b_cubed({k: k for k in GOLD}, GOLD)
    assert precision == 1.0
    assert recall == pytest.approx((1 / 3 * 3 + 1) / 4)


def test_everything_in_one_cluster_has_full_recall():
    precision, recall, f1 = b_cubed({k: 0 for k in GOLD}, GOLD)
    assert recall == 1.0
    assert precision == pytest.approx((3 / 4 * 3 + 1 / 4) / 4)
    assert f1 == pytest.approx(2 * precision / (precision + 1))


def test_unlabelled_predictions_do_not_count():
    assert b_cubed({"a1": 1, "a2": 1, "a3": 1, "b1": 2, "x": 1}, GOLD)[0] == 1.0
