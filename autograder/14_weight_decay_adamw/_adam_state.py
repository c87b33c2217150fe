"""What the tests of adamw_step and adam_l2_step share: checking the new optimizer state."""
import numpy as np

from coursekit.expect import expect_array, expect_equal

RTOL, ATOL = 1e-10, 1e-13
CORRECTED = ("the state must keep the raw moving averages m and v; the bias correction (1 - beta**t) is applied "
             "anew at every step and never stored")


def check_state(got_state, want_state, what, betas=(0.9, 0.999), note=""):
    """new_state's step, m and v against the reference's; a state holding the bias-corrected m_hat or v_hat
    is named. ``note`` follows new_state['m'] and ['v'] in the messages, ``{key}`` replaced by m or v."""
    expect_equal(int(np.asarray(got_state["step"])), want_state["step"],
                 f"{what}: new_state['step'] (the number of steps taken, 1 after the first step)")
    t = want_state["step"]
    for key, beta in (("m", betas[0]), ("v", betas[1])):
        expect_array(got_state[key], want_state[key], f"{what}: new_state['{key}']{note.format(key=key)}", rtol=RTOL, atol=ATOL,
                     mistakes=[(want_state[key] / (1 - beta ** t),
                                f"it holds the bias-corrected {key}_hat: {CORRECTED}")])
