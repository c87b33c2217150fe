"""Kept the backed-off scale in float64: scale * backoff_factor is not rounded to float32."""
LOSES = ["scaler_update"]
MESSAGE = "the new scale was kept in float64"


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(state["scale"] * state["backoff_factor"])   # stored in float32
        new["_growth_tracker"] = 0
    else:
        successful = int(state["_growth_tracker"]) + 1
        if successful == state["growth_interval"]:
            with np.errstate(over="ignore"):
                grown = fp32_round(state["scale"] * state["growth_factor"])  # static_cast<float> in torch
            if np.isfinite(grown):                                           # "do not grow past fp32 bounds to inf"
                new["scale"] = float(grown)
            new["_growth_tracker"] = 0
        else:
            new["_growth_tracker"] = successful
    return new
