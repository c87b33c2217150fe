"""Shared by the hidden tests of 18_data_augmentation (imported from beside them; not a test file): the
notebook's rule "use the random draws you are given, and no other randomness (no `random`, no `np.random`)"."""
from coursekit.expect import expect_not_used

MESSAGE = ("uses Python's `random` or NumPy's random generators: the notebook asks you to use only the draws you "
           "are given (order_draws, word_draws, keep_draws, ...), so that your output can be compared word for word")


def expect_no_other_randomness(student, function):
    expect_not_used(student.code_of(function), {"random": MESSAGE, ".random": MESSAGE, "numpy.random": MESSAGE,
                                                ".default_rng": MESSAGE, ".shuffle": MESSAGE}, function)
