def fizzbuzz(n, rules=None):
    """Return the generalised FizzBuzz sequence for 1..n (see the task statement)."""
    pass
