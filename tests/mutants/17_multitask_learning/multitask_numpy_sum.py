"""Summed the weighted losses with np.sum, which returns a NumPy scalar, not a Python float."""
LOSES = ["multitask_loss"]
MESSAGE = "must return Python floats"


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    per_task = {n: task_head_loss(hiddens[n], heads[n], task_types[n], targets.get(n), gamma) for n in task_types}
    w = weights if weights is not None else {n: 1.0 for n in task_types}
    return {"loss": np.sum([w[n] * per_task[n] for n in per_task]), "per_task": per_task}
