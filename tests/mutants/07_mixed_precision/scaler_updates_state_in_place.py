"""Updated the state dict it was given and returned it (`state["scale"] *= ...; return state`)."""
LOSES = ["scaler_update"]
MESSAGE = "scaler_update changed the `state` you passed in"


def scaler_update(state, found_inf):
    if found_inf:
        state["scale"] = float(fp32_round(state["scale"] * state["backoff_factor"]))
        state["_growth_tracker"] = 0
        return state
    state["_growth_tracker"] += 1
    if state["_growth_tracker"] == state["growth_interval"]:
        with np.errstate(over="ignore"):
            grown = fp32_round(state["scale"] * state["growth_factor"])
        if np.isfinite(grown):
            state["scale"] = float(grown)
        state["_growth_tracker"] = 0
    return state
