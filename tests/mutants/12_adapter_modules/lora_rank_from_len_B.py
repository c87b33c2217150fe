"""Took the rank as len(B) (= d_out) instead of A.shape[0]."""
LOSES = ["lora_forward"]
MESSAGE = "the rank is taken from B.shape[0] (d_out)"


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    """A linear layer with a LoRA update, as peft's lora.Linear (without dropout).

    x: float array of shape (..., d_in), any number of leading axes; W: (d_out, d_in) frozen weight
    (torch layout; it is not modified, nor any other argument); b: (d_out,);
    A: (r, d_in); B: (d_out, r); alpha: float (lora_alpha); use_rslora: if True scale by
    alpha / sqrt(r) instead of alpha / r. The rank r is A.shape[0].
    Returns a float64 array of shape (..., d_out): x @ W.T + b + scaling * (x @ A.T) @ B.T.
    """
    x = np.asarray(x, dtype=np.float64)
    r = len(B)
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    return x @ W.T + b + scaling * ((x @ A.T) @ B.T)    # (..., d_out); (x A^T) is (..., r)
