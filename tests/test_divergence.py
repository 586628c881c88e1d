"""The rules by which training stops as diverged (backprop.train.check_divergence)."""

from __future__ import annotations

import pytest

from backprop.train import RISE, STALL, History, TrainingDiverged, check_divergence


def history(losses: list[float], accuracies: list[float] | None = None) -> History:
    h = History(epoch=list(range(len(losses))), loss=losses)
    if accuracies is not None:
        h.train_accuracy = accuracies
    return h


def test_loss_far_above_its_start():
    with pytest.raises(TrainingDiverged, match=r"loss rose from 2\.3 to 67 at epoch 1.*rule: "
                                               r"loss far above its start; learning rate 5"):
        check_divergence(history([2.3, 67.0]), 1, 5.0, 0.1)
    check_divergence(history([2.3, RISE * 2.3 * 0.99]), 1, 5.0, 0.1)  # just below: no rule


def test_a_start_near_zero_uses_the_floor_of_one():
    """A network that starts trained (loss 0.001) is not diverging at a mean loss of 0.05."""
    check_divergence(history([0.001, 0.05]), 1, 0.1, 0.1)
    with pytest.raises(TrainingDiverged, match="rule: loss far above its start"):
        check_divergence(history([0.001, RISE * 1.01]), 1, 0.1, 0.1)


def test_accuracy_at_chance_with_a_rising_loss():
    with pytest.raises(TrainingDiverged, match=r"training accuracy 10\.00% at epoch 2 is no "
                                               r"better than .* \(10\.00%\).*rule: accuracy at "
                                               "chance"):
        check_divergence(history([2.4, 3.0, 4.9], [0.1, 0.3, 0.1]), 2, 5.0, 0.1)


def test_a_stuck_network_is_not_a_divergence():
    """At chance with a loss near its start (note 000's dead outputs): a result, not an error."""
    check_divergence(history([2.302, 2.656], [0.1, 0.1]), 1, 2.0, 0.1)
    check_divergence(history([2.302, 2.302 * (1 + STALL) * 0.99], [0.1, 0.1]), 1, 2.0, 0.1)


def test_the_chance_rule_needs_the_accuracies():
    check_divergence(history([2.4, 4.9]), 1, 5.0, 0.1)  # evaluate=False: no accuracy recorded
    check_divergence(history([0.1, 0.9], [1.0, 1.0]), 1, 5.0, 1.0)  # one class: always right
