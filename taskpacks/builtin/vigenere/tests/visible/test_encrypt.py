from solution import encrypt


def test_example():
    assert encrypt("Attack at dawn!", "LEMON") == "Lxfopv ef rnhr!"
