from solution import fizzbuzz


def test_classic_fifteen():
    assert fizzbuzz(15) == [
        "1", "2", "Fizz", "4", "Buzz", "Fizz", "7", "8", "Fizz", "Buzz",
        "11", "Fizz", "13", "14", "FizzBuzz",
    ]


def test_custom_rule():
    assert fizzbuzz(4, [(2, "Even")]) == ["1", "Even", "3", "Even"]
