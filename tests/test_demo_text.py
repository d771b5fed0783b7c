import numpy as np
import pandas as pd

from sklearn_mlsd._commands import _demo_50_text


def test_demo_section_runs_and_reports(rng):
    words = np.array(
        [
            "the",
            "dog",
            "cat",
            "sleeps",
            "runs",
            "news",
            "truth",
            "share",
            "cure",
            "miracle",
        ]
    )
    texts = [" ".join(rng.choice(words, size=6)) for _ in range(300)]
    texts += texts[:20]  # retweets: exact copies
    lines = []
    context = {
        "data": pd.DataFrame({"text": texts}),
        "random_state": 0,
        "echo": lines.append,
    }
    _demo_50_text.run(context)
    assert lines[0] == (
        "TextNormalizer: \"I have a dog. He's sleeping.\" -> 'i have dog he is sleep'"
    )
    assert any(line.startswith("premature featurization:") for line in lines)
    assert len(lines) == 5
