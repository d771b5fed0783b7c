"""The warning class used across the package for data leakage."""


class LeakageWarning(UserWarning):
    """Something in the data or the workflow leaks information from test to train.

    Raised, for example, by :class:`~sklearn_mlsd.text.NgramVectorizer` when
    documents given to ``transform`` were also in its fit data. Turn it into an
    error in a test suite with ``warnings.simplefilter("error", LeakageWarning)``.

    Examples
    --------
    >>> import warnings
    >>> from sklearn_mlsd.leakage import LeakageWarning
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("test rows seen in fit", LeakageWarning)
    >>> caught[0].category.__name__
    'LeakageWarning'
    """
