import random

import pytest

from solution import Account, InsufficientFundsError


def test_constructor_validation():
    for kwargs in ({"balance": -1}, {"overdraft_limit": -5}, {"balance": 1.5},
                   {"balance": True}, {"overdraft_limit": "3"}):
        with pytest.raises(ValueError):
            Account("x", **kwargs)
    assert Account("x").balance == 0


def test_balance_read_only():
    acc = Account("x", 5)
    with pytest.raises(AttributeError):
        acc.balance = 100


def test_overdraft():
    acc = Account("x", 10, overdraft_limit=20)
    assert acc.withdraw(30) == -20
    with pytest.raises(InsufficientFundsError):
        acc.withdraw(1)
    assert acc.balance == -20
    assert acc.history() == [("withdraw", 30, -20)]


@pytest.mark.parametrize("bad", [0, -5, 2.5, True, "10", None])
def test_invalid_amounts(bad):
    acc = Account("x", 100)
    other = Account("y")
    with pytest.raises(ValueError):
        acc.deposit(bad)
    with pytest.raises(ValueError):
        acc.withdraw(bad)
    with pytest.raises(ValueError):
        acc.transfer(other, bad)
    assert acc.balance == 100 and acc.history() == [] and other.history() == []


def test_transfer_and_history():
    a, b = Account("a", 100), Account("b", 5)
    a.transfer(b, 40)
    assert a.balance == 60 and b.balance == 45
    assert a.history() == [("transfer_out", 40, 60)]
    assert b.history() == [("transfer_in", 40, 45)]


def test_transfer_atomic_and_self():
    a, b = Account("a", 10), Account("b", 0)
    with pytest.raises(InsufficientFundsError):
        a.transfer(b, 11)
    assert a.balance == 10 and b.balance == 0
    assert a.history() == [] and b.history() == []
    with pytest.raises(ValueError):
        a.transfer(a, 1)


def test_history_is_copy():
    acc = Account("x")
    acc.deposit(5)
    h = acc.history()
    h.append(("fake", 1, 1))
    assert acc.history() == [("deposit", 5, 5)]


def test_random_against_model():
    rng = random.Random(1234)
    for _ in range(30):
        limit = rng.randint(0, 50)
        accounts = [Account(str(i), rng.randint(0, 100), limit) for i in range(3)]
        balances = [acc.balance for acc in accounts]
        logs = [[], [], []]
        for _ in range(60):
            i = rng.randrange(3)
            amount = rng.randint(1, 80)
            op = rng.choice(["deposit", "withdraw", "transfer"])
            if op == "deposit":
                assert accounts[i].deposit(amount) == balances[i] + amount
                balances[i] += amount
                logs[i].append(("deposit", amount, balances[i]))
            else:
                j = (i + rng.randint(1, 2)) % 3
                ok = balances[i] - amount >= -limit
                if not ok:
                    with pytest.raises(InsufficientFundsError):
                        if op == "withdraw":
                            accounts[i].withdraw(amount)
                        else:
                            accounts[i].transfer(accounts[j], amount)
                elif op == "withdraw":
                    balances[i] -= amount
                    assert accounts[i].withdraw(amount) == balances[i]
                    logs[i].append(("withdraw", amount, balances[i]))
                else:
                    accounts[i].transfer(accounts[j], amount)
                    balances[i] -= amount
                    balances[j] += amount
                    logs[i].append(("transfer_out", amount, balances[i]))
                    logs[j].append(("transfer_in", amount, balances[j]))
            assert [a.balance for a in accounts] == balances
        assert [a.history() for a in accounts] == logs
