"""Rounded the scale to float32 on every update (float(fp32_round(scale))), also when it does not change: a given scale that is not a float32 value comes back changed."""
LOSES = ["scaler_update"]
MESSAGE = "a scale that does not change is returned as it was given"


def scaler_update(state, found_inf):
    new = dict(state)
    scale = state["scale"]
    if found_inf:
        scale = scale * state["backoff_factor"]
        tracker = 0
    else:
        tracker = state["_growth_tracker"] + 1
        if tracker == state["growth_interval"]:
            if np.isfinite(fp32_round(scale * state["growth_factor"])):
                scale = scale * state["growth_factor"]
            tracker = 0
    new["scale"] = float(fp32_round(scale))
    new["_growth_tracker"] = tracker
    return new
