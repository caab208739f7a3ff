from solution import decrypt


def test_example():
    assert decrypt("Lxfopv ef rnhr!", "LEMON") == "Attack at dawn!"
