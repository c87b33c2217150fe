"""Stored the new scale as np.float32 (the value PyTorch keeps) instead of the promised Python float."""
LOSES = ["scaler_update"]
MESSAGE = "the docstring promises a Python float"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = np.float32(state["scale"] * state["backoff_factor"])
        new["_growth_tracker"] = 0
        return new
    tracker = state["_growth_tracker"] + 1
    if tracker == state["growth_interval"]:
        with np.errstate(over="ignore"):
            grown = np.float32(state["scale"] * state["growth_factor"])
        if np.isfinite(grown):
            new["scale"] = grown
        tracker = 0
    new["_growth_tracker"] = tracker
    return new
