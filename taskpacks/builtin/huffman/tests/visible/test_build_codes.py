from solution import build_codes


def test_frequent_char_short_code():
    codes = build_codes("aaaabbc")
    assert set(codes) == {"a", "b", "c"}
    assert len(codes["a"]) == 1 and len(codes["b"]) == 2 and len(codes["c"]) == 2
