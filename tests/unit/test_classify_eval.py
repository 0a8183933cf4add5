"""Classification metrics: accuracy, macro-F1, confusion matrix and reliability bins."""

from __future__ import annotations

from newsroom.evaluation.classification import reliability, scores


def test_scores_accuracy_macro_f1_and_confusion() -> None:
    """Two labels, one mistake: accuracy 3/4 and a 2x2 confusion matrix."""
    rows = [("a", "a", 0.9), ("a", "b", 0.6), ("b", "b", 0.8), ("b", "b", 0.7)]
    result = scores(rows)
    assert result["accuracy"] == 0.75
    assert result["labels"] == ["a", "b"]
    assert result["confusion"] == [[1, 1], [0, 2]]
    assert abs(result["macro_f1"] - (2 / 3 + 0.8) / 2) < 1e-9


def test_reliability_bins_count_right_and_wrong() -> None:
    """Labels fall into confidence bins with their accuracy."""
    rows = [("a", "b", 0.55), ("a", "a", 0.95), ("b", "b", 0.97)]
    bins = {b["bin"]: b for b in reliability(rows)}
    assert bins["0.5-0.6"]["accuracy"] == 0.0
    assert bins["0.9-1.0"]["n"] == 2 and bins["0.9-1.0"]["accuracy"] == 1.0
