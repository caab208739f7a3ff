import html
import random

import pytest

from solution import TemplateError, render


def test_plain_text_and_braces():
    assert render("", {}) == ""
    assert render("a { b } c }} d", {}) == "a { b } c }} d"


def test_none_bool_and_numbers():
    assert render("{{a}}|{{b}}|{{c}}", {"a": None, "b": True, "c": 2.5}) == "|True|2.5"


def test_indexing_and_nesting():
    ctx = {"items": [{"n": "x"}, {"n": "y"}], "t": ("p", "q")}
    assert render("{{ items.1.n }}{{t.0}}", ctx) == "yp"


def test_filters_chain():
    ctx = {"s": "<A&b>", "xs": [1, 2, 3]}
    assert render("{{ s | lower | escape }}", ctx) == html.escape("<a&b>", quote=True)
    assert render("{{xs|length}}", ctx) == "3"
    assert render('{{ q | escape }}', {"q": "\"'"}) == "&quot;&#x27;"


def test_loop_scoping():
    ctx = {"x": "outer", "xs": ["a", "b"]}
    assert render("{% for x in xs %}{{ x }}{% endfor %}{{ x }}", ctx) == "abouter"
    assert render("{%for r in m%}{%for c in r%}{{c}}{%endfor%};{%endfor%}", {"m": [[1, 2], [3]]}) == "12;3;"


def test_if_not_and_comments():
    assert render("{% if not e %}empty{% endif %}{# hidden #}", {"e": []}) == "empty"
    assert render("{%   if   v   %}y{%else%}n{%   endif %}", {"v": 0}) == "n"
    assert render("a{# {{ nope }} #}b", {}) == "ab"


@pytest.mark.parametrize("template", [
    "{{ x", "{% if x %}", "{% for a in b %}", "{% endif %}", "{% else %}", "{{ }}",
    "{{ x.}}", "{{ x | nope }}", "{% while x %}{% endwhile %}", "{% if x %}{% endfor %}",
    "{% for a in b %}{% endif %}", "{# open", "{% if %}{% endif %}", "{{ a b }}",
    "{% for in xs %}{% endfor %}", "{% if x y %}{% endif %}", "{% if a %}{% else %}{% else %}{% endif %}",
    "{% if not %}{% endif %}", "{{ x . y }}", "{{ x | upper | }}",
])
def test_syntax_errors(template):
    with pytest.raises(TemplateError):
        render(template, {"x": 1, "xs": []})


def test_syntax_error_in_dead_branch():
    with pytest.raises(TemplateError):
        render("{% if f %}{{ x | bogus }}{% endif %}", {"f": False})
    with pytest.raises(TemplateError):
        render("{% for a in e %}{% if a %}{% endfor %}", {"e": []})


def test_lookup_errors():
    for template, ctx in [("{{ missing }}", {}), ("{{ d.k }}", {"d": {}}), ("{{ l.3 }}", {"l": [1]}),
                          ("{{ s.x }}", {"s": "str"}), ("{% for a in s %}{% endfor %}", {"s": "abc"}),
                          ("{% if m %}{% endif %}", {}), ("{{ n | length }}", {"n": 5}),
                          ("{{ n | length }}", {"n": None})]:
        with pytest.raises(TemplateError):
            render(template, ctx)
    assert issubclass(TemplateError, ValueError)
    assert render("{% if f %}{{ missing }}{% endif %}", {"f": False}) == ""


def test_random_templates_against_model():
    rng = random.Random(1234)
    ctx = {"name": "Bo", "flag": True, "off": False, "nums": [1, 2, 3], "words": ["x", "Yz"], "none": None}

    def gen(depth, scope):
        parts, expected = [], []
        for _ in range(rng.randint(0, 4)):
            r = rng.random()
            if r < 0.3:
                t = "".join(rng.choice("ab -.\n") for _ in range(rng.randint(1, 4)))
                parts.append(t)
                expected.append(t)
            elif r < 0.55:
                var = rng.choice(sorted(scope))
                filt = rng.choice(["", "upper", "lower"])
                value = scope[var]
                text = "" if value is None else str(value)
                text = text.upper() if filt == "upper" else text.lower() if filt == "lower" else text
                parts.append("{{ " + var + (" | " + filt if filt else "") + " }}")
                expected.append(text)
            elif r < 0.75 and depth > 0:
                cond = rng.choice(["flag", "off", "nums", "none"])
                neg = rng.random() < 0.3
                a_src, a_out = gen(depth - 1, scope)
                b_src, b_out = gen(depth - 1, scope)
                truth = bool(ctx[cond]) != neg
                parts.append("{% if " + ("not " if neg else "") + cond + " %}" + a_src + "{% else %}" + b_src + "{% endif %}")
                expected.append(a_out if truth else b_out)
            elif depth > 0:
                seq = rng.choice(["nums", "words"])
                var = rng.choice(["it", "name"])
                outs, src = [], None
                for item in ctx[seq]:
                    inner = dict(scope)
                    inner[var] = item
                    state = rng.getstate()
                    src, out = gen(depth - 1, inner)
                    rng.setstate(state)
                    outs.append(out)
                if src is None:
                    continue
                gen(depth - 1, dict(scope, **{var: ctx[seq][0]}))
                parts.append("{% for " + var + " in " + seq + " %}" + src + "{% endfor %}")
                expected.append("".join(outs))
        return "".join(parts), "".join(expected)

    for _ in range(200):
        template, expected = gen(3, dict(ctx))
        assert render(template, ctx) == expected
