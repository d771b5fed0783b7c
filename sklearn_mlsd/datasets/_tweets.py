"""The lecture's breakout data set: tweets, users, months, ~1% misinformation.

Everything is drawn with numpy in a fixed order from one ``RandomState``; the
text is built from word indices without a per-row Python loop (a byte buffer
plus offsets, handed to Arrow when pandas stores strings there).
"""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state

from ..utils._compat import Interval, RealNotInt, validate_params

# Data end at a fixed date (no "now"): n_months of data end on 2026-01-01.
_END_MONTH = np.datetime64("2026-01", "M")


def _words(text):
    return tuple(text.split())


# Shared vocabulary in rough frequency order; drawn with Zipf frequencies.
_COMMON = _words("""
the i to a and you is it of in that for my this on me be so not with
just have are was but all your at like we do can if get what up they no out
about one know now will people go time how good when from more there day today
new love it's don't i'm really got see back think make want still need would
who some them going lol much than only right here why even well last its also
after been over yes never off ever very our us his her he she their because
year too first life way any those could should again every thing things
someone always little big best great feel man guys look done let's said take
come give keep next work week night tomorrow morning tonight home same other
thanks please omg wow ok yeah""")

# Topic words of ordinary tweets.
_NEUTRAL = _words("""
game team coffee weekend music movie weather traffic birthday dinner
office school class exam concert album song season match goal win lost city
trip flight beach rain sunny snow dog cat pizza lunch breakfast gym running
book reading show episode series netflix podcast playlist friends family mom
dad kids baby wedding party holiday vacation summer winter spring autumn
garden cooking recipe bread cake tea pasta burger tacos salad market shopping
sale store phone laptop update app code project meeting deadline interview job
boss hiring startup launch design photo selfie sunset view park hike bike
train bus airport hotel museum art festival tickets stream live stadium coach
player score final league fans highlights practice training marathon yoga
nap sleep tired happy excited proud congrats finally amazing beautiful
awesome funny cute delicious cozy chill vibes #mondaymotivation #gameday
#weekend #tbt #foodie #nowplaying""")

# Words that misinformation uses more often (debunks use them too).
_MISINFO = _words("""
miracle cure hoax truth exposed 5g wake sheeple mainstream media lies
coverup secret banned censored doctors hate big pharma vaccine toxic chemtrails
plandemic depopulation agenda globalists elites deep state fake staged crisis
actors microchip tracking poison natural remedy detox immune suppressed
forbidden leaked whistleblower insider proof undeniable shocking deleted share
spread research yourself they hidden rigged fraud cancer bleach radiation
#wakeup #truth #plandemic #5g #exposed #donttrustthem""")

_VOCABULARY = (*_COMMON, *_NEUTRAL, *_MISINFO)
_RETWEET_TOKEN = len(_VOCABULARY)  # "rt", never drawn as an ordinary word
_PAD_TOKEN = _RETWEET_TOKEN + 1  # empty slot after the last word of a tweet

_MIN_WORDS, _MAX_WORDS = 8, 25
_COMMON_SHARE = 0.55  # share of words from the shared Zipfian vocabulary
_MISINFO_INTENSITY = {0: (0.3, 15.0), 1: (2.5, 3.0)}  # Beta(a, b) by label
_SPREADER_SHARE, _SPREADER_BOOST = 0.05, 20.0  # users who post misinformation
_ACTIVITY_SIGMA = 2.0  # lognormal sigma of user activity: the long tail
_RETWEET_RATE = {0: 0.02, 1: 0.08}  # share of rows copying an earlier tweet
_RETWEET_RECENCY = 200  # mean distance (in same-label originals) to the source
_PREFIXED_SHARE = 0.5  # retweets shown as "rt <text>" (near-duplicates)
_CHUNK_ROWS = 1 << 17
_GUIDE_BINS = 1 << 12


def _vocabulary_buffer():
    """Vocabulary as one byte buffer of "word " entries, with starts and lengths."""
    words = [*_VOCABULARY, "rt", ""]
    entries = [f"{word} ".encode("ascii") if word else b"" for word in words]
    lengths = np.array([len(entry) for entry in entries], dtype=np.int32)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int32)
    buffer = np.frombuffer(b"".join(entries), dtype=np.uint8)
    return buffer, starts, lengths


def _word_cdf():
    """Cumulative probabilities of the three vocabularies, shifted by 0, 1, 2.

    A word is drawn as ``searchsorted(cdf, category + u)``: one uniform number
    per word and one search over all three vocabularies (see :func:`_search`).
    """
    parts = []
    for shift, size in enumerate((len(_COMMON), len(_NEUTRAL), len(_MISINFO))):
        weights = 1.0 / (np.arange(size) + 2.7)  # Zipf-Mandelbrot frequencies
        cdf = np.cumsum(weights / weights.sum())
        cdf[-1] = 1.0
        parts.append(shift + cdf)
    return np.concatenate(parts)


def _guide_table(cdf):
    """First index whose cdf exceeds k / _GUIDE_BINS, for every bin k."""
    edges = np.arange(int(np.ceil(cdf[-1])) * _GUIDE_BINS) / _GUIDE_BINS
    return np.searchsorted(cdf, edges, side="right")


def _search(cdf, guide, values):
    """``np.searchsorted(cdf, values, side="right")``, faster, same result.

    The guide table gives the answer for the start of each value's bin (exact:
    _GUIDE_BINS is a power of two); bins hold at most a word boundary or two,
    so a few vectorised steps forward finish the search.
    """
    index = guide[(values * _GUIDE_BINS).astype(np.intp)]
    behind = cdf[index] <= values
    while behind.any():
        index += behind
        behind = cdf[index] <= values
    return index


def _user_profiles(n_users, rng):
    """Activity weights (lognormal: a long tail) and misinformation propensity."""
    activity = rng.lognormal(0.0, _ACTIVITY_SIGMA, size=n_users)
    propensity = rng.lognormal(0.0, 0.5, size=n_users)
    propensity[rng.random_sample(n_users) < _SPREADER_SHARE] *= _SPREADER_BOOST
    return activity / activity.sum(), propensity


def _timestamps(n_samples, n_months, rng):
    """Sorted uniform times (second resolution) over the n_months before the end."""
    end = _END_MONTH.astype("datetime64[s]").astype(np.int64)
    start = (_END_MONTH - n_months).astype("datetime64[s]").astype(np.int64)
    seconds = rng.randint(start, end, size=n_samples, dtype=np.int64)
    seconds.sort()
    return seconds.astype("datetime64[s]").astype("datetime64[ns]")


def _labels(weights, n_positive, rng):
    """Exactly n_positive ones, drawn without replacement with these weights.

    Efraimidis-Spirakis: the rows with the smallest Exp(1) / weight keys.
    """
    label = np.zeros(weights.shape[0], dtype=np.int8)
    if n_positive == weights.shape[0]:
        label[:] = 1
    elif n_positive > 0:
        keys = rng.standard_exponential(weights.shape[0]) / weights
        label[np.argpartition(keys, n_positive - 1)[:n_positive]] = 1
    return label


def _retweets(label, rng):
    """Source row of each retweet (-1 for originals) and the "rt" prefix flag.

    A retweet copies a recent earlier original with the same label, so a
    duplicate never contradicts its source.
    """
    n_samples = label.shape[0]
    rates = np.where(label == 1, _RETWEET_RATE[1], _RETWEET_RATE[0])
    is_retweet = rng.random_sample(n_samples) < rates
    source = np.full(n_samples, -1, dtype=np.int64)
    for value in (0, 1):
        originals = np.flatnonzero(~is_retweet & (label == value))
        rows = np.flatnonzero(is_retweet & (label == value))
        n_before = np.searchsorted(originals, rows)
        rows, n_before = rows[n_before > 0], n_before[n_before > 0]
        back = rng.geometric(1.0 / _RETWEET_RECENCY, size=rows.shape[0]) - 1
        source[rows] = originals[n_before - 1 - np.minimum(back, n_before - 1)]
    prefixed = (source >= 0) & (rng.random_sample(n_samples) < _PREFIXED_SHARE)
    return source, prefixed


def _pick_words(u, intensity, cdf, guide, rng):
    """Word index for each uniform ``u`` given its tweet's misinfo intensity.

    ``u`` picks the vocabulary: common below c, neutral in [c, t),
    misinformation in [t, 1), where the last interval grows with the
    intensity; a second uniform number picks the word inside it.
    """
    t = _COMMON_SHARE + (1.0 - _COMMON_SHARE) * (1.0 - intensity)
    category = (u >= _COMMON_SHARE).astype(np.float64)
    category += u >= t
    category += rng.random_sample(u.shape[0])
    return _search(cdf, guide, category)


def _draw_words(label, rng):
    """Word matrix (rows x _MAX_WORDS + 1, padded) and word counts per row."""
    n_rows = label.shape[0]
    n_words = rng.randint(_MIN_WORDS, _MAX_WORDS + 1, size=n_rows)
    intensity = np.empty(n_rows)
    for value, (a, b) in _MISINFO_INTENSITY.items():
        mask = label == value
        intensity[mask] = rng.beta(a, b, size=int(mask.sum()))
    cdf = _word_cdf()
    guide = _guide_table(cdf)
    words = np.full((n_rows, _MAX_WORDS + 1), _PAD_TOKEN, dtype=np.int16)
    for lo in range(0, n_rows, _CHUNK_ROWS):
        hi = min(lo + _CHUNK_ROWS, n_rows)
        per_word = np.repeat(intensity[lo:hi], n_words[lo:hi])
        u = rng.random_sample(per_word.shape[0])
        slots = np.arange(_MAX_WORDS + 1) < n_words[lo:hi, None]
        words[lo:hi][slots] = _pick_words(u, per_word, cdf, guide, rng)
    return words, n_words


def _copy_retweets(words, n_words, source, prefixed):
    """Give each retweet its source's words, behind "rt" when prefixed."""
    plain = np.flatnonzero((source >= 0) & ~prefixed)
    words[plain] = words[source[plain]]
    n_words[plain] = n_words[source[plain]]
    shifted = np.flatnonzero(prefixed)
    words[shifted, 1:] = words[source[shifted], :-1]
    words[shifted, 0] = _RETWEET_TOKEN
    n_words[shifted] = n_words[source[shifted]] + 1


def _render_chunk(words, n_words, buffer, starts, lengths):
    """Bytes of a block of tweets (words joined by spaces) and their offsets."""
    size = lengths[words]
    size[np.arange(words.shape[0]), n_words - 1] -= 1  # no space after the last
    flat = size.ravel()
    out_start = np.cumsum(flat, dtype=np.int32) - flat  # int32: chunk < 2 GiB
    index = np.repeat(starts[words].ravel() - out_start, flat)
    index += np.arange(index.shape[0], dtype=np.int32)
    offsets = np.zeros(words.shape[0] + 1, dtype=np.int64)
    np.cumsum(size.sum(axis=1), out=offsets[1:])
    return buffer[index], offsets


def _arrow_strings(chunks):
    import pyarrow as pa

    arrays = [
        pa.LargeStringArray.from_buffers(
            offsets.shape[0] - 1, pa.py_buffer(offsets), pa.py_buffer(data)
        )
        for data, offsets in chunks
    ]
    return pa.chunked_array(arrays, type=pa.large_string())


def _python_strings(chunks):
    texts = []
    for data, offsets in chunks:
        whole = data.tobytes().decode("ascii")
        bounds = offsets.tolist()
        texts.extend(whole[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True))
    return texts


def _uses_arrow(dtype):
    return getattr(dtype, "storage", None) == "pyarrow"


def _render(words, n_words):
    """The text column, in pandas' default string dtype."""
    buffer, starts, lengths = _vocabulary_buffer()
    chunks = [
        _render_chunk(
            words[lo : lo + _CHUNK_ROWS].astype(np.intp),
            n_words[lo : lo + _CHUNK_ROWS],
            buffer,
            starts,
            lengths,
        )
        for lo in range(0, words.shape[0], _CHUNK_ROWS)
    ]
    dtype = pd.Series([""]).dtype
    if _uses_arrow(dtype):
        return pd.array(_arrow_strings(chunks), dtype=dtype)
    return pd.array(_python_strings(chunks), dtype=dtype)


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_users": [Interval(Integral, 1, None, closed="left")],
        "n_months": [Interval(Integral, 1, None, closed="left")],
        "positive_rate": [Interval(RealNotInt, 0, 1, closed="neither")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_tweets(
    n_samples=100_000, n_users=10_000, n_months=24, positive_rate=0.01, random_state=0
):
    """Generate the lecture's tweets: misinformation detection over users and time.

    The breakout scenario of the lecture: tweets from ``n_users`` users over the
    last ``n_months`` months, the number of tweets per user long-tailed, about
    ``positive_rate`` of them misinformation. Rows come in time order.

    - **Users.** Each user has a lognormal activity weight (sigma 2), so a few
      users post a large share of the tweets and the median user posts one or
      a few; with few samples many user ids do not appear at all. About 5% of
      users are "spreaders" whose tweets are 20 times likelier to be labelled
      misinformation, so tweets of one user are not independent (a random
      split leaks users between train and test).
    - **Time.** ``created_at`` is uniform at second resolution over the
      ``n_months`` calendar months that end on 2026-01-01 (24 months: from
      2024-01-01), sorted; ``tweet_id`` is the row number, so ids follow time.
    - **Labels.** Exactly ``round(positive_rate * n_samples)`` tweets have
      ``label`` 1, drawn without replacement with the author's propensity as
      weight.
    - **Text.** 8 to 25 lower-case words (26 for a prefixed retweet). About 55%
      of the words come from a shared vocabulary with Zipf frequencies; the
      others are topic words, drawn from a misinformation vocabulary
      ("miracle", "cure", "hoax", "5g", "exposed", ...) with a per-tweet
      intensity ~ Beta(2.5, 3) for misinformation and Beta(0.3, 15) for
      other tweets (debunks use the words too), else from a neutral one. A
      TF-IDF logistic regression learns it well, not perfectly (ROC AUC about
      0.94 on 200,000 tweets, 0.87-0.97 on 20,000).
    - **Retweets.** 2% of ordinary tweets and 8% of misinformation copy the
      text of a recent earlier tweet with the same label: half verbatim (exact
      duplicates), half behind ``"rt "`` (near-duplicates).

    Parameters
    ----------
    n_samples : int, default=100_000
        Number of tweets (rows).

    n_users : int, default=10_000
        Number of possible authors; ``user_id`` is in ``[0, n_users)``.

    n_months : int, default=24
        Number of calendar months covered, ending on 2026-01-01.

    positive_rate : float, default=0.01
        Share of misinformation, in the open interval (0, 1).

    random_state : int, RandomState instance or None, default=0
        Determines all the random draws. Pass an int for reproducible output
        across multiple function calls.
        See :term:`Glossary <random_state>`.

    Returns
    -------
    tweets : pandas.DataFrame of shape (n_samples, 5)
        Columns ``tweet_id`` (int64, 0 to n_samples - 1, in time order),
        ``user_id`` (int64), ``created_at`` (datetime64[ns]), ``text``
        (pandas' default string dtype) and ``label`` (int8, 1 =
        misinformation).

    See Also
    --------
    sklearn.datasets.make_classification : Generic synthetic classification.

    References
    ----------
    .. [1] C. Huyen, "Lecture 4: Model development & training", CS 329S:
       Machine Learning Systems Design, Stanford University, 2022. Breakout
       exercise: 10M tweets from 10K users over 24 months, long-tail tweets
       per user, 1% misinformation.

    Examples
    --------
    >>> from sklearn_mlsd.datasets import make_tweets
    >>> tweets = make_tweets(n_samples=1000, n_users=100, random_state=0)
    >>> tweets.columns.tolist()
    ['tweet_id', 'user_id', 'created_at', 'text', 'label']
    >>> int(tweets["label"].sum())
    10
    >>> str(tweets["created_at"].min())[:7], str(tweets["created_at"].max())[:7]
    ('2024-01', '2025-12')
    >>> make_tweets(n_samples=1000, random_state=0).equals(
    ...     make_tweets(n_samples=1000, random_state=0))
    True
    >>> make_tweets(positive_rate=1.0)
    Traceback (most recent call last):
    ...
    sklearn.utils._param_validation.InvalidParameterError: The 'positive_rate' ...
    """
    rng = check_random_state(random_state)
    activity, propensity = _user_profiles(n_users, rng)
    user_id = rng.choice(n_users, size=n_samples, p=activity).astype(np.int64)
    created_at = _timestamps(n_samples, n_months, rng)
    label = _labels(propensity[user_id], round(positive_rate * n_samples), rng)
    source, prefixed = _retweets(label, rng)
    words, n_words = _draw_words(label, rng)
    _copy_retweets(words, n_words, source, prefixed)
    return pd.DataFrame(
        {
            "tweet_id": np.arange(n_samples, dtype=np.int64),
            "user_id": user_id,
            "created_at": created_at,
            "text": _render(words, n_words),
            "label": label,
        }
    )
