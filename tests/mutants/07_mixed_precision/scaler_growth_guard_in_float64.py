"""Tested the grown scale against the float32 maximum in float64 (scale * growth_factor <= FLT_MAX) and kept the
float64 products: a growth just above FLT_MAX is dropped although torch rounds it to FLT_MAX and keeps it, and
scales are not rounded to float32 (this was the course's reference before issue 19)."""
LOSES = ["scaler_update"]
MESSAGE = "PyTorch first rounds the grown scale to float32 and keeps it when that is finite"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(state["scale"] * state["backoff_factor"])
        new["_growth_tracker"] = 0
    else:
        successful = int(state["_growth_tracker"]) + 1
        if successful == state["growth_interval"]:
            grown = state["scale"] * state["growth_factor"]
            if np.abs(grown) <= np.finfo(np.float32).max:
                new["scale"] = float(grown)
            new["_growth_tracker"] = 0
        else:
            new["_growth_tracker"] = successful
    return new
