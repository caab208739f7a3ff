def fizzbuzz(n, rules=None):
    """Return the generalised FizzBuzz sequence for 1..n."""
    if rules is None:
        rules = [(3, "Fizz"), (5, "Buzz")]
    if n < 0:
        raise ValueError("n must be non-negative")
    if any(divisor <= 0 for divisor, _ in rules):
        raise ValueError("divisors must be positive")
    result = []
    for i in range(1, n + 1):
        word = "".join(w for divisor, w in rules if i % divisor == 0)
        result.append(word or str(i))
    return result
