"""Ties detected with np.isclose (rtol 1e-5, atol 1e-8): tiny or nearly equal distinct scores share a CDF value."""
LOSES = ["difficulty_cdf"]
MESSAGE = "within np.isclose's tolerance"


def difficulty_cdf(scores):
    d = np.asarray(scores, dtype=np.float64)
    M = d.shape[0]
    if M == 0:
        return np.zeros(0)
    le = (d[None, :] <= d[:, None]) | np.isclose(d[None, :], d[:, None])
    return le.sum(axis=1) / M
