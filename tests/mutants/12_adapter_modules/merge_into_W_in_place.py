"""Merged as peft does to its own layer, `W += scaling * B @ A; return W`: the caller's weight changes."""
LOSES = ["merge_lora"]
MESSAGE = "merge_lora changed the `W` you passed in"


def merge_lora(W, A, B, alpha, use_rslora=False):
    r = A.shape[0]
    W += (alpha / np.sqrt(r) if use_rslora else alpha / r) * (B @ A)
    return W
