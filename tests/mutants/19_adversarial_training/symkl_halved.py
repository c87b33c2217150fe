"""symmetric_kl returns the average of the two KLs, (KL(p||q) + KL(q||p)) / 2, instead of their sum."""
LOSES = ["symmetric_kl"]
MESSAGE = "the two directions are averaged"


def symmetric_kl(logits_p, logits_q):
    """SMART's smoothness loss: KL(p || q) + KL(q || p) with p = softmax(logits_p), q = softmax(logits_q),
    summed over classes and averaged over rows ("batchmean").

    logits_p, logits_q: float arrays of shape (..., C) (all leading axes are rows; a 1-D array is one row;
    C = 1 gives 0).
    Returns a Python float >= 0, finite even for logits of size 1e4.
    """
    def log_softmax(z):
        z = np.asarray(z, dtype=np.float64)
        z = z - z.max(axis=-1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    lp = log_softmax(logits_p).reshape(-1, np.shape(logits_p)[-1])               # (N, C)
    lq = log_softmax(logits_q).reshape(-1, np.shape(logits_q)[-1])               # (N, C)
    return float(0.5 * ((np.exp(lp) - np.exp(lq)) * (lp - lq)).sum() / lp.shape[0])

