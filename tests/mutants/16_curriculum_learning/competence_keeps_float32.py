"""Never converted t to float64: float32 steps give a float32 competence."""
LOSES = ["competence"]
MESSAGE = "promises float64"


def competence(t, T, c0=0.01, kind="sqrt"):
    if kind == "linear":
        return np.minimum(1.0, t * (1.0 - c0) / T + c0)
    return np.minimum(1.0, np.sqrt(t * (1.0 - c0 ** 2) / T + c0 ** 2))
