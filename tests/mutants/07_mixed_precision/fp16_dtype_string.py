"""Converted through the dtype string "e" (numpy's code for float16), a disguised np.float16."""
LOSES = ["fp16_round"]
MESSAGE = "the dtype 'e' is float16"


def fp16_round(x):
    with np.errstate(over="ignore"):
        return np.asarray(np.asarray(x, dtype=np.float64).astype("e"), dtype=np.float64)
