"""When the grown scale would be inf in float32 (the growth is not applied), kept counting instead of resetting
the growth tracker to 0."""
LOSES = ["scaler_update"]
MESSAGE = "the tracker is still reset to 0"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(fp32_round(state["scale"] * state["backoff_factor"]))   # stored in float32
        new["_growth_tracker"] = 0
    else:
        successful = int(state["_growth_tracker"]) + 1
        if successful == state["growth_interval"]:
            with np.errstate(over="ignore"):
                grown = fp32_round(state["scale"] * state["growth_factor"])  # static_cast<float> in torch
            if np.isfinite(grown):
                new["scale"] = float(grown)
                new["_growth_tracker"] = 0
            else:
                new["_growth_tracker"] = successful
        else:
            new["_growth_tracker"] = successful
    return new
