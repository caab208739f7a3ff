class InsufficientFundsError(Exception):
    """Raised when a withdrawal would exceed the overdraft limit."""


class Account:
    """A bank account with an overdraft limit and a transaction history."""

    def __init__(self, owner, balance=0, overdraft_limit=0):
        """Open an account (ValueError for negative or non-int amounts)."""
        pass

    @property
    def balance(self):
        """The current balance (read-only)."""
        pass

    def deposit(self, amount):
        """Add amount and return the new balance."""
        pass

    def withdraw(self, amount):
        """Subtract amount and return the new balance (InsufficientFundsError past the overdraft limit)."""
        pass

    def transfer(self, other, amount):
        """Atomically move amount from this account to other."""
        pass

    def history(self):
        """A copy of the (kind, amount, balance_after) records."""
        pass
