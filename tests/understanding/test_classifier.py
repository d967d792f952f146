"""The shipped classifier: trained from the examples as they are now, and applied exactly as scikit-learn would."""

from __future__ import annotations

import numpy as np
import pytest

from bot.understanding import classifier, train
from tests.understanding.evaluation import load_items


@pytest.fixture(scope="module")
def fitted() -> object:
    texts, labels = train.examples()
    return train.train(texts, labels)


def test_the_shipped_weights_come_from_the_examples_and_features_as_they_are() -> None:
    """Change intents.yaml or the feature code, and this fails until `python -m bot.understanding.train` is run."""
    assert classifier.load().corpus_digest == train.corpus_digest()


@pytest.mark.slow
def test_numpy_features_and_probabilities_are_scikit_learns(fitted: object) -> None:
    from bot.understanding.analyse import analyse

    finder = train.training_finder()
    texts = [analyse(item["text"], finder).masked for item in load_items()[:150]]
    expected = fitted.predict_proba(texts)  # type: ignore[attr-defined]
    classes = list(fitted.classes_)  # type: ignore[attr-defined]
    model = classifier.load()
    for text, row in zip(texts, expected, strict=True):
        ours = dict(model.probabilities(text))
        # the shipped coefficients are float32: agreement to 1e-4, and the same intent first
        assert np.allclose([ours[c] for c in classes], row, atol=1e-4)
        assert max(ours, key=ours.__getitem__) == classes[int(np.argmax(row))]


@pytest.mark.slow
def test_sklearn_and_our_analyzers_give_the_same_ngrams(fitted: object) -> None:
    words = fitted.named_steps["features"].transformer_list[0][1].build_analyzer()  # type: ignore[attr-defined]
    chars = fitted.named_steps["features"].transformer_list[1][1].build_analyzer()  # type: ignore[attr-defined]
    for text in ["who leads AREA?", "  what's   the status  ", "a", "사이버 안보 협력은? AREA", "§14(b) PARA"]:
        assert classifier.word_ngrams(text) == words(text)
        assert classifier.char_ngrams(text) == chars(text)
