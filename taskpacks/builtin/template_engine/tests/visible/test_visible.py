from solution import render


def test_variables_and_filters():
    assert render("Hi {{ user.name | upper }}!", {"user": {"name": "ann"}}) == "Hi ANN!"


def test_loop_and_if():
    t = "{% for x in xs %}{% if x %}[{{ x }}]{% else %}-{% endif %}{% endfor %}"
    assert render(t, {"xs": [1, 0, 2]}) == "[1]-[2]"
