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
from dataclasses import dataclass, field
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
WORDS_REMEMBERED = 50_000


def word_ngrams(text: str) -> list[str]:
    """As scikit-learn's word analyzer: lower case, `WORD_PATTERN` tokens, then n-grams joined by a space."""
    tokens = _WORD.findall(text.lower())
    grams = list(tokens) if WORD_NGRAMS[0] == 1 else []
    for n in range(max(2, WORD_NGRAMS[0]), WORD_NGRAMS[1] + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_ngrams(text: str) -> list[str]:
    """As scikit-learn's `char_wb` analyzer: each word padded with a space, n-grams inside it."""
    return [gram for word in char_words(text) for gram in _word_char_ngrams(word)]


def char_words(text: str) -> list[str]:
    """The words `char_ngrams` takes n-grams of, each on its own."""
    return _SPACES.sub(" ", text.lower()).split()


def _word_char_ngrams(word: str) -> list[str]:
    grams: list[str] = []
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

    # a word's character features, looked up once: people reuse their words, and looking up each of a word's
    # n-grams was half of scoring a message (bounded: a flood of new words stops adding, it is still scored)
    _by_word: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict, compare=False, repr=False)

    def add_vector(self, grams: list[str], columns: list[int], values: list[float]) -> None:
        """Append this block's features of `grams` (column, weight) to `columns` and `values`."""
        self._append(self._counted(grams), columns, values)

    def add_words_vector(self, words: list[str], columns: list[int], values: list[float]) -> None:
        """As `add_vector` of the words' character n-grams (`char_ngrams`), a word's features found once."""
        counts: dict[int, int] = {}
        for word in words:
            found = self._by_word.get(word)
            if found is None:
                found = tuple(self._counted(_word_char_ngrams(word)).items())
                if len(self._by_word) < WORDS_REMEMBERED:
                    self._by_word[word] = found
            for index, count in found:
                counts[index] = counts.get(index, 0) + count
        self._append(counts, columns, values)

    def _counted(self, grams: list[str]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for gram in grams:
            index = self.vocabulary.get(gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        return counts

    def _append(self, counts: dict[int, int], columns: list[int], values: list[float]) -> None:
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
        self.chars.add_words_vector(char_words(text), columns, values)
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
