class InsufficientFundsError(Exception):
    """Raised when a withdrawal would exceed the overdraft limit."""


def _check_amount(value, name="amount", allow_zero=False):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} out of range")


class Account:
    """A bank account with an overdraft limit and a transaction history."""

    def __init__(self, owner, balance=0, overdraft_limit=0):
        _check_amount(balance, "balance", allow_zero=True)
        _check_amount(overdraft_limit, "overdraft_limit", allow_zero=True)
        self.owner = owner
        self._balance = balance
        self._limit = overdraft_limit
        self._history = []

    @property
    def balance(self):
        return self._balance

    def _record(self, kind, amount):
        self._history.append((kind, amount, self._balance))

    def _take(self, amount, kind):
        _check_amount(amount)
        if self._balance - amount < -self._limit:
            raise InsufficientFundsError(f"cannot withdraw {amount}")
        self._balance -= amount
        self._record(kind, amount)
        return self._balance

    def _put(self, amount, kind):
        _check_amount(amount)
        self._balance += amount
        self._record(kind, amount)
        return self._balance

    def deposit(self, amount):
        return self._put(amount, "deposit")

    def withdraw(self, amount):
        return self._take(amount, "withdraw")

    def transfer(self, other, amount):
        if other is self:
            raise ValueError("cannot transfer to the same account")
        _check_amount(amount)
        self._take(amount, "transfer_out")
        other._put(amount, "transfer_in")

    def history(self):
        return list(self._history)
