"""Treated a 1-D array of C logits as C rows of one class (reshape(-1, 1) / atleast_2d(...).T): the loss is 0."""
LOSES = ["symmetric_kl"]
MESSAGE = "not 5 rows of one class"


def symmetric_kl(logits_p, logits_q):
    def log_softmax(z):
        z = z - z.max(axis=-1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    p = np.asarray(logits_p, dtype=np.float64)
    q = np.asarray(logits_q, dtype=np.float64)
    if p.ndim == 1:
        p, q = p[:, None], q[:, None]
    lp = log_softmax(p).reshape(-1, p.shape[-1])
    lq = log_softmax(q).reshape(-1, q.shape[-1])
    return float(((np.exp(lp) - np.exp(lq)) * (lp - lq)).sum() / lp.shape[0])
