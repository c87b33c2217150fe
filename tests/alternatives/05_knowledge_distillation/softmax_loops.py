"""Row by row: a Python loop over the leading axes (np.ndindex), each row shifted by its own maximum."""


def softmax_with_temperature(logits, T=1.0):
    z = np.array(logits, dtype=np.float64) / T
    out = np.empty_like(z)
    for index in np.ndindex(z.shape[:-1]):
        row = z[index]
        e = np.exp(row - row.max()) if row.size else row
        out[index] = e / e.sum() if row.size else row
    return out
