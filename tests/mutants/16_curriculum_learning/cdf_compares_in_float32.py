"""Scores cast to float32 before comparing: close but distinct float64 scores become ties."""
LOSES = ["difficulty_cdf"]
MESSAGE = "compared in float32"

import numpy as np


def difficulty_cdf(scores):
    s = np.asarray(scores).astype(np.float32)
    M = s.shape[0]
    if M == 0:
        return np.zeros(0)
    srt = np.sort(s)
    return (np.searchsorted(srt, s, side="right") / M).astype(np.float64)
