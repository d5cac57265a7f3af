"""The fake-follower classifiers on hand-made accounts, and their JSON form."""

from __future__ import annotations

import json

import numpy as np
import pytest

from koltrust.scoring.audience.boosting import fit_boosted
from koltrust.scoring.audience.fake_followers import (
    fake_followers_part,
    fake_probabilities,
    model_from_json,
    prior_model,
)
from koltrust.scoring.audience.features import FEATURES, feature_matrix
from koltrust.scoring.audience.logistic import fit_logistic
from koltrust.scoring.audience.records import AudienceDataError, FollowerSample
from tests.scoring.audience.accounts import BOT, PERSON, synthetic


def test_the_shipped_prior_model_tells_a_bot_from_a_person() -> None:
    bot, person = fake_probabilities([BOT, PERSON])

    assert bot > 0.9
    assert person < 0.1


@pytest.mark.parametrize("fit", [fit_logistic, fit_boosted])
def test_models_fitted_on_synthetic_accounts_tell_a_bot_from_a_person(fit: object) -> None:
    x, y = synthetic()
    model = fit(x, y)  # type: ignore[operator]

    bot, person = model.predict_proba(feature_matrix([BOT, PERSON]))

    assert bot > 0.8
    assert person < 0.2


@pytest.mark.parametrize("fit", [fit_logistic, fit_boosted])
def test_a_fitted_model_survives_its_json_form(fit: object) -> None:
    x, y = synthetic()
    model = fit(x, y)  # type: ignore[operator]

    again = model_from_json(json.loads(json.dumps(model.to_json())))

    assert np.allclose(again.predict_proba(x), model.predict_proba(x), atol=1e-5)


def test_a_model_for_other_features_or_of_unknown_kind_is_refused() -> None:
    data = prior_model().to_json()

    with pytest.raises(ValueError, match="features differ"):
        model_from_json({**data, "features": list(reversed(FEATURES))})
    with pytest.raises(ValueError, match="unknown kind"):
        model_from_json({**data, "kind": "forest"})


def test_the_part_estimates_the_share_of_fake_followers() -> None:
    clean = fake_followers_part([PERSON] * 30)
    half_bots = fake_followers_part([PERSON] * 15 + [BOT] * 15)

    assert clean is not None
    assert half_bots is not None
    assert clean.value == 1.0
    assert half_bots.value < 0.1
    assert 0.4 < half_bots.details["fake_share"] < 0.55


def test_too_few_samples_give_no_part() -> None:
    assert fake_followers_part([PERSON] * 19) is None


def test_a_sample_with_more_digits_than_letters_in_its_name_is_refused() -> None:
    with pytest.raises(AudienceDataError, match="username_digits"):
        FollowerSample(1, 1, 0, 0, True, False, username_digits=9, username_length=4)
