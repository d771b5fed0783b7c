"""The one place where private helpers of scikit-learn and imbalanced-learn are
imported. When an upstream release moves one of them, only this file changes."""

from imblearn.over_sampling.base import BaseOverSampler as ImbOverSampler
from imblearn.under_sampling.base import BaseCleaningSampler as ImbCleaningSampler
from imblearn.under_sampling.base import BaseUnderSampler as ImbUnderSampler
from imblearn.utils import check_sampling_strategy
from imblearn.utils._tags import SamplerTags
from sklearn.base import _fit_context
from sklearn.pipeline import _name_estimators
from sklearn.utils._dataframe import is_pandas_df as _is_pandas_df
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
from sklearn.utils._param_validation import (
    HasMethods,
    Hidden,
    Interval,
    RealNotInt,
    StrOptions,
    validate_params,
)
from sklearn.utils.validation import _check_sample_weight, _num_samples

__all__ = [
    "HasMethods",
    "Hidden",
    "ImbCleaningSampler",
    "ImbOverSampler",
    "ImbUnderSampler",
    "Interval",
    "RealNotInt",
    "SamplerTags",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
    "_name_estimators",
    "_is_pandas_df",
    "_num_samples",
    "_openmp_effective_n_threads",
    "check_sampling_strategy",
    "validate_params",
]
