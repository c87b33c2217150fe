"""Checked that the grown scale is finite in float32 but stored the float64 products: the scale drifts away from
PyTorch's float32 scale whenever a factor is not a power of two, and can exceed the float32 maximum."""
LOSES = ["scaler_update"]
MESSAGE = "round every new scale to float32 with fp32_round"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(state["scale"] * state["backoff_factor"])
        new["_growth_tracker"] = 0
    else:
        successful = int(state["_growth_tracker"]) + 1
        if successful == state["growth_interval"]:
            grown = state["scale"] * state["growth_factor"]
            with np.errstate(over="ignore"):
                if np.isfinite(np.float32(grown)):
                    new["scale"] = float(grown)
            new["_growth_tracker"] = 0
        else:
            new["_growth_tracker"] = successful
    return new
