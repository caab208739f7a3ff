import csv
import io
import random

import pytest

from solution import parse_csv_line


def test_empty_and_trailing():
    assert parse_csv_line("") == [""]
    assert parse_csv_line(",") == ["", ""]
    assert parse_csv_line("a,") == ["a", ""]
    assert parse_csv_line('""') == [""]
    assert parse_csv_line('"",""') == ["", ""]


def test_spaces_kept():
    assert parse_csv_line(" a , b ") == [" a ", " b "]


def test_quoted_newline_and_delimiter():
    assert parse_csv_line('"line1\nline2",x') == ["line1\nline2", "x"]
    assert parse_csv_line('",,,"') == [",,,"]


def test_escaped_quotes():
    assert parse_csv_line('""""') == ['"']
    assert parse_csv_line('"a""b""c"') == ['a"b"c']


def test_custom_delimiter():
    assert parse_csv_line('a;"b;c";d', delimiter=";") == ["a", "b;c", "d"]
    assert parse_csv_line("a\tb,c", delimiter="\t") == ["a", "b,c"]


@pytest.mark.parametrize("bad", ['"abc', 'a"b', '"a"b', '"a" ,b', 'x,"y', 'ab"'])
def test_malformed(bad):
    with pytest.raises(ValueError):
        parse_csv_line(bad)


@pytest.mark.parametrize("delim", ["", ",,", '"', "\n"])
def test_bad_delimiter(delim):
    with pytest.raises(ValueError):
        parse_csv_line("a,b", delimiter=delim)


def test_unicode():
    assert parse_csv_line('é,"日本,語"') == ["é", "日本,語"]


def encode(fields, delim):
    out = []
    for f in fields:
        if any(ch in f for ch in (delim, '"', "\n")) or (f == "" and len(fields) == 1):
            out.append('"' + f.replace('"', '""') + '"')
        else:
            out.append(f)
    return delim.join(out)


def test_random_roundtrip_and_csv_module():
    rng = random.Random(1234)
    for _ in range(400):
        delim = rng.choice([",", ";", "|"])
        fields = ["".join(rng.choice('ab ,;|"\n') for _ in range(rng.randint(0, 5)))
                  for _ in range(rng.randint(1, 5))]
        line = encode(fields, delim)
        assert parse_csv_line(line, delim) == fields
        expected = next(csv.reader(io.StringIO(line, newline=""), delimiter=delim, strict=True))
        if line:
            assert parse_csv_line(line, delim) == expected
