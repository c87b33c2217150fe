"""Built the mask with a list comprehension over the points: no points give an empty float64 array, not a boolean one."""
LOSES = ["pareto_front"]
MESSAGE = "an empty boolean array"


def pareto_front(scores, sizes):
    P = len(scores)
    return np.array([not any(scores[j] >= scores[i] and sizes[j] <= sizes[i]
                             and (scores[j] > scores[i] or sizes[j] < sizes[i]) for j in range(P))
                     for i in range(P)])
