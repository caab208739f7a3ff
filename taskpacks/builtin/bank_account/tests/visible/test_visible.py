import pytest

from solution import Account, InsufficientFundsError


def test_deposit_withdraw():
    acc = Account("ann", 100)
    assert acc.deposit(50) == 150
    assert acc.withdraw(30) == 120
    assert acc.balance == 120


def test_insufficient():
    acc = Account("bob", 10)
    with pytest.raises(InsufficientFundsError):
        acc.withdraw(11)
