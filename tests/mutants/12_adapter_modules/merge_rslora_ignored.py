"""merge_lora always scales by alpha / r, ignoring use_rslora."""
LOSES = ["merge_lora"]
MESSAGE = "use_rslora is ignored"


def merge_lora(W, A, B, alpha, use_rslora=False):
    """Fold a LoRA update into the frozen weight, as peft's merge(): W + scaling * B @ A.

    W: (d_out, d_in); A: (r, d_in); B: (d_out, r); alpha, use_rslora as in lora_forward.
    Returns a new float64 array of shape (d_out, d_in), computed in float64 whatever the inputs' float
    dtype (B @ A too), also when B is all zeros (peft's initialisation); W is not modified (peft merges
    into its own layer; this function is pure).
    """
    r = A.shape[0]
    scaling = alpha / r
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    return np.asarray(W, dtype=np.float64) + scaling * (B @ A)     # (d_out, r) @ (r, d_in)
