"""Leakage: the warning class, audits and leak-free splitters."""

from sklearn_mlsd.leakage._warnings import LeakageWarning

__all__ = ["LeakageWarning"]
