from solution import compare_versions


def test_core():
    assert compare_versions("1.2.3", "1.10.0") == -1
    assert compare_versions("2.0.0", "1.99.99") == 1


def test_prerelease_lower():
    assert compare_versions("1.0.0-alpha", "1.0.0") == -1
