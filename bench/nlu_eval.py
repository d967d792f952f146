"""Evaluation of message understanding: intent accuracy per intent, entity F1, the confusion pairs,
retrieval top-1 / top-3, and how often a subject the text does not cover is said to be not covered.

On `tests/understanding/eval.yaml`, written apart from the training examples. Run from the repository root:
    python bench/nlu_eval.py [--misses]
Bars (held by tests/understanding/test_evaluation.py): intent accuracy ≥ 0.95, top-1 ≥ 0.9.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.understanding.evaluation import evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every message understood wrong")
    args = parser.parse_args()
    report = asyncio.run(evaluate())
    print(f"messages: {report.items}")
    print(f"intent accuracy: {report.accuracy:.3f} ({report.correct}/{report.items})")
    for group, results in sorted(report.groups.items()):
        print(f"  {group}: {sum(results) / len(results):.3f} ({sum(results)}/{len(results)})")
    print(f"entity F1: {report.entity_f1:.3f}")
    print(
        f"retrieval top-1: {report.top1_rate:.3f}, top-3: {report.top3_rate:.3f} "
        f"({report.cited} questions citing paragraphs)"
    )
    print(f"not in the text said so: {report.honest_rate:.3f} ({report.honest}/{report.uncovered})")
    print("per intent:")
    for intent, count in sorted(report.per_intent.items()):
        print(
            f"  {intent:<18} {report.per_intent_correct[intent] / count:.3f} "
            f"({report.per_intent_correct[intent]}/{count})"
        )
    print("confusions (expected → understood):")
    for (expected, got), count in report.confusions.most_common(15):
        print(f"  {expected} → {got}: {count}")
    if args.misses:
        print("misses:")
        for miss in report.misses:
            print(f"  {miss}")


if __name__ == "__main__":
    main()
