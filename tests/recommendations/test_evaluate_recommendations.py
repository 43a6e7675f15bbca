import random

import pytest

from recommendations.management.commands.evaluate_recommendations import (
    evaluate,
    generate,
    hide_latest_saves,
)

pytestmark = pytest.mark.django_db


def test_recommendations_find_hidden_saves_far_better_than_popularity():
    """A small `manage.py evaluate_recommendations`, with a fixed seed."""
    generate(random.Random(1), articles=150, topics=12, readers=150)
    hidden = hide_latest_saves(1)
    engine, baseline = evaluate(hidden)
    assert len(hidden) > 140
    # One hidden save per reader: recall is the hit rate.
    assert engine.recall == engine.hit_rate
    assert engine.hit_rate >= 1.5 * baseline.hit_rate
    assert engine.hit_rate > 0.3
