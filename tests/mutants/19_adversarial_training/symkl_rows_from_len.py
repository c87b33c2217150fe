"""Counted the rows as len(logits_p): a 1-D input (one row of C classes) is divided by C, a 3-D one by its first axis."""
LOSES = ["symmetric_kl"]
MESSAGE = "a 1-D input is ONE row"


def symmetric_kl(logits_p, logits_q):
    def log_softmax(z):
        z = np.asarray(z, dtype=np.float64)
        z = z - z.max(axis=-1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    lp, lq = log_softmax(logits_p), log_softmax(logits_q)
    return float(((np.exp(lp) - np.exp(lq)) * (lp - lq)).sum() / len(logits_p))
