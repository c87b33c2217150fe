"""multitask_loss divides the weighted sum by the sum of the weights (a weighted average)."""
LOSES = ["multitask_loss"]
MESSAGE = "divided by the sum of the weights"


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    """Weighted multi-task loss: sum over tasks t of weights[t] * task_head_loss(task t).

    hiddens, heads, task_types, targets: dicts keyed by task name, with the arguments of
    task_head_loss for each task (targets[name] may be None for a ranking task).
    weights: dict name -> float, or None for weight 1 everywhere. gamma: passed to ranking heads.
    Returns {"loss": float, "per_task": {name: float unweighted loss}}, Python floats (no tasks: loss 0.0).
    """
    per_task = {name: task_head_loss(hiddens[name], heads[name], task_types[name], targets.get(name), gamma)
                for name in task_types}
    w = {name: 1.0 for name in task_types} if weights is None else weights
    total = sum(float(w[name]) * loss for name, loss in per_task.items()) / max(sum(float(w[n]) for n in per_task), 1e-12)
    return {"loss": float(total), "per_task": per_task}

