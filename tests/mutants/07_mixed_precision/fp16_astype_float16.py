"""Used x.astype(np.float16), the conversion the notebook asks to implement without np.float16."""
LOSES = ["fp16_round"]
MESSAGE = "implement fp16_round without np.float16"


def fp16_round(x):
    with np.errstate(over="ignore"):
        return np.asarray(x, dtype=np.float64).astype(np.float16).astype(np.float64)
