class InsufficientFundsError(Exception):
    """Raised when a withdrawal would exceed the overdraft limit."""


class Account:
    """A bank account with an overdraft limit and a transaction history."""

    def __init__(self, owner, balance=0, overdraft_limit=0):
        self.owner = owner

    @property
    def balance(self):
        return 0

    def deposit(self, amount):
        pass

    def withdraw(self, amount):
        pass

    def transfer(self, other, amount):
        pass

    def history(self):
        return []
