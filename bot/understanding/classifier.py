"""The intent classifier: weights trained with scikit-learn, applied here with numpy alone.

scikit-learn takes about a second to import, longer than `partnerbot ask` may take
to start, so it runs only in the training step (`python -m bot.understanding.train`)
and the test that checks the shipped weights. This module computes the same
features as the trained pipeline (TF-IDF of word 1–2-grams and of character
2–4-grams within word boundaries, sublinear counts, each block L2-normalised) and
the multinomial logistic regression's probabilities; `tests/understanding`
checks them against scikit-learn's own, to the sixth decimal.

numpy is imported when the model is loaded, not with this module: a paragraph
look-up (`partnerbot ask "§14"`) never scores intents and starts without it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MODEL = Path(__file__).parent / "data" / "intent_model.npz"
WORD_PATTERN = r"(?u)\b\w+\b"
_WORD = re.compile(WORD_PATTERN)
_SPACES = re.compile(r"\s\s+")
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 4)


def word_ngrams(text: str) -> list[str]:
    """As scikit-learn's word analyzer: lower case, `WORD_PATTERN` tokens, then n-grams joined by a space."""
    tokens = _WORD.findall(text.lower())
    grams = list(tokens) if WORD_NGRAMS[0] == 1 else []
    for n in range(max(2, WORD_NGRAMS[0]), WORD_NGRAMS[1] + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_ngrams(text: str) -> list[str]:
    """As scikit-learn's `char_wb` analyzer: each word padded with a space, n-grams inside it."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            if len(padded) <= n:  # a short word counts once, whole
                grams.append(padded)
                break
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


@dataclass(frozen=True)
class _Block:
    vocabulary: dict[str, int]
    idf: list[float]  # a list, not an array: read one number at a time, where numpy's scalars are slow
    offset: int = 0  # where this block's features start among the model's

    def add_vector(self, grams: list[str], columns: list[int], values: list[float]) -> None:
        """Append this block's features of `grams` (column, weight) to `columns` and `values`."""
        counts: dict[int, int] = {}
        for gram in grams:
            index = self.vocabulary.get(gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        weights = [(1.0 + math.log(c)) * self.idf[i] for i, c in counts.items()]
        norm = math.sqrt(sum(w * w for w in weights))
        if norm:
            columns.extend(self.offset + i for i in counts)
            values.extend(w / norm for w in weights)


@dataclass(frozen=True)
class IntentModel:
    intents: tuple[str, ...]
    words: _Block
    chars: _Block
    coef: np.ndarray  # (word features + char features, intents): a feature's weights side by side
    intercept: np.ndarray
    corpus_digest: str

    @cached_property
    def known_words(self) -> frozenset[str]:
        """The words of the examples (read for every message: built once)."""
        return frozenset(w for w in self.words.vocabulary if " " not in w)

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        """Every intent with its probability, most likely first."""
        import numpy as np

        columns: list[int] = []
        values: list[float] = []
        self.words.add_vector(word_ngrams(text), columns, values)
        self.chars.add_vector(char_ngrams(text), columns, values)
        if columns:
            scores = np.asarray(values) @ self.coef[columns] + self.intercept
        else:
            scores = self.intercept.copy()
        scores = np.exp(scores - scores.max())
        probabilities = (scores / scores.sum()).tolist()
        return sorted(zip(self.intents, probabilities, strict=True), key=lambda pair: -pair[1])


@cache
def load(path: Path = MODEL) -> IntentModel:
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        words = meta["word_vocabulary"]
        return IntentModel(
            intents=tuple(meta["intents"]),
            words=_Block(words, data["word_idf"].tolist()),
            chars=_Block(meta["char_vocabulary"], data["char_idf"].tolist(), offset=len(words)),
            coef=np.ascontiguousarray(data["coef"].T, dtype=np.float64),
            intercept=data["intercept"].astype(np.float64),
            corpus_digest=meta["corpus_digest"],
        )
