"""Train the intent classifier from `data/intents.yaml` and write `data/intent_model.npz`.

    python -m bot.understanding.train [--cv]

Needs scikit-learn (the `test` extra). The examples are analysed exactly as messages
are (entities masked, Korean read through its English form), against the bundled
document and the example working group. `--cv` prints 5-fold cross-validated
accuracy on the training examples for a few regularisation strengths: that is how C
was chosen; the evaluation set in `tests/understanding/` is never used for it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from bot.understanding import classifier
from bot.understanding.analyse import analyse
from bot.understanding.entities import EntityFinder
from bot.yaml_loader import load_yaml

CORPUS = Path(__file__).parent / "data" / "intents.yaml"
EXAMPLE_WORKGROUP = Path(__file__).resolve().parents[2] / "examples" / "workgroup.yaml"
REGULARISATION = 10.0


def corpus_digest() -> str:
    """Changes when the examples or the feature code change: the shipped weights must then be retrained."""
    digest = hashlib.sha256(CORPUS.read_bytes())
    for module in ("classifier.py", "analyse.py", "entities.py", "references.py", "vocabulary.py", "korean.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:16]


def training_finder() -> EntityFinder:
    from bot.knowledge import Knowledge
    from bot.understanding.thesaurus import bundled
    from bot.understanding.vocabulary import build_vocabulary
    from bot.workgroup import load_workgroup

    knowledge = Knowledge.load(["bundled"])
    workgroup = load_workgroup(EXAMPLE_WORKGROUP, knowledge.areas)
    return EntityFinder(build_vocabulary(knowledge, workgroup, bundled()))


def examples() -> tuple[list[str], list[str]]:
    data: dict[str, Any] = load_yaml(CORPUS.read_text(encoding="utf-8"))
    finder = training_finder()
    texts, labels = [], []
    for intent, messages in data["intents"].items():
        for message in messages:
            texts.append(analyse(str(message), finder).masked)
            labels.append(intent)
    return texts, labels


def pipeline(regularisation: float = REGULARISATION) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    token_pattern=classifier.WORD_PATTERN,
                    ngram_range=classifier.WORD_NGRAMS,
                    sublinear_tf=True,
                ),
            ),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=classifier.CHAR_NGRAMS, sublinear_tf=True)),
        ]
    )
    return Pipeline([("features", features), ("model", LogisticRegression(C=regularisation, max_iter=5000))])


def train(texts: list[str], labels: list[str]) -> Any:
    return pipeline().fit(texts, labels)


def save(fitted: Any, path: Path = classifier.MODEL) -> None:
    words = fitted.named_steps["features"].transformer_list[0][1]
    chars = fitted.named_steps["features"].transformer_list[1][1]
    model = fitted.named_steps["model"]
    meta = {
        "intents": [str(c) for c in model.classes_],
        "word_vocabulary": {k: int(v) for k, v in words.vocabulary_.items()},
        "char_vocabulary": {k: int(v) for k, v in chars.vocabulary_.items()},
        "corpus_digest": corpus_digest(),
    }
    np.savez_compressed(
        path,
        meta=np.array(json.dumps(meta, ensure_ascii=False, sort_keys=True)),
        word_idf=words.idf_,
        char_idf=chars.idf_,
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print cross-validated accuracy for several C and exit")
    args = parser.parse_args()
    texts, labels = examples()
    if args.cv:
        from sklearn.model_selection import cross_val_score

        for c in (1.0, 3.0, 10.0, 30.0, 100.0):
            scores = cross_val_score(pipeline(c), texts, labels, cv=5)
            print(f"C={c:g}: accuracy {scores.mean():.3f} ± {scores.std():.3f}")
        return
    save(train(texts, labels))
    print(f"trained on {len(texts)} examples of {len(set(labels))} intents → {classifier.MODEL}")


if __name__ == "__main__":
    main()
