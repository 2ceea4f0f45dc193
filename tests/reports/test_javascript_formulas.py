"""Payoff formulas compiled to JavaScript: the code holds nothing but its grammar, unknown nodes are
refused, and the code, read by a small interpreter of that grammar written here, gives the exact
value sympy gives (the page itself runs it in test_explore_browser.py)."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest
import sympy

from chipgame.errors import ModelError
from chipgame.payoffs import load_scenario
from chipgame.reports.javascript_formulas import javascript_program

x, y, z = sympy.symbols("x y z")
NAMES = ["x", "y", "z"]

TOKEN = re.compile(r"\s*(R\.[a-z]+\(|n\d+\(\)|n\d+|p\[\d+\]|-?\d+n|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"
                   r"|\(\) => |true|false|[(),])")


class Interpreter:
    """Evaluates generated code with Fractions, floats where a value is irrational (as exact.js does)."""

    def __init__(self, code: str, values: list[Fraction]) -> None:
        self.values = values
        self.nodes: dict[str, str] = {}
        self.memo: dict[str, object] = {}
        lines = code.splitlines()
        assert lines[:2] == ["(function (R, p) {", "const c = [];"] and lines[-1] == "})"
        for line in lines[2:-2]:
            match = re.fullmatch(r"const (n\d+) = \(\) => c\[(\d+)\] \?\?= (.*);", line)
            assert match and match[1] == f"n{match[2]}", line
            self.nodes[match[1]] = match[3]
        self.roots = re.fullmatch(r"return \[(.*)\];", lines[-2])[1].split(", ")

    def root(self, k: int):
        return self.function(self.roots[k])()

    def function(self, text: str):
        if text.startswith("() => "):
            return lambda: self.expression(text[len("() => "):])
        return lambda: self.node(text)

    def node(self, name: str):
        if name not in self.memo:
            self.memo[name] = self.expression(self.nodes[name])
        return self.memo[name]

    def expression(self, text: str):
        tokens = TOKEN.findall(text)
        assert "".join(tokens).replace(" ", "") == text.replace(" ", ""), text
        value, rest = self.parse(tokens)
        assert rest == []
        return value() if callable(value) else value

    def parse(self, tokens: list[str]):
        """(a value, or a function for a lazy argument; the tokens left)"""
        token, rest = tokens[0], tokens[1:]
        if token == "() => ":
            inner, rest = self.parse(rest)
            return (lambda: inner() if callable(inner) else inner), rest
        if re.fullmatch(r"n\d+\(\)", token):
            return (lambda: self.node(token[:-2])), rest
        if re.fullmatch(r"n\d+", token):
            return (lambda: self.node(token)), rest
        if token.startswith("p["):
            return self.values[int(token[2:-1])], rest
        if token in ("true", "false"):
            return token == "true", rest
        if re.fullmatch(r"-?\d[\d.e+-]*n?", token):
            return token, rest  # a literal, read by R.q or R.f
        assert token.startswith("R."), token
        arguments = []
        while rest[0] != ")":
            argument, rest = self.parse(rest)
            arguments.append(argument)
            if rest[0] == ",":
                rest = rest[1:]
        return self.call(token[2:-1], arguments), rest[1:]

    def call(self, name: str, arguments: list):
        lazy = {"piecewise", "all", "any", "ite"}
        if name == "q":
            return Fraction(int(arguments[0][:-1]), int(arguments[1][:-1]))
        if name == "f":
            return float(arguments[0])
        if name not in lazy:
            arguments = [a() if callable(a) else a for a in arguments]
        if name == "piecewise":
            for test, value in zip(arguments[::2], arguments[1::2]):
                if test():
                    return value()
            raise ArithmeticError("no branch")
        operations = {
            "add": lambda *a: sum(a, Fraction(0)), "mul": lambda *a: math.prod(a, start=Fraction(1)),
            "min": min, "max": max, "abs": abs, "exp": lambda a: math.exp(a), "log": lambda a: math.log(a),
            "pow": power, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b,
            "ge": lambda a, b: a >= b, "eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
            "not": lambda a: not a, "all": lambda *t: all(f() for f in t), "any": lambda *t: any(f() for f in t),
            "ite": lambda t, a, b: a() if t() else b(),
        }
        return operations[name](*arguments)


def power(base, exponent):
    if isinstance(base, Fraction) and isinstance(exponent, Fraction):
        if exponent.denominator == 1:
            return base ** exponent.numerator
        root = [Fraction(int(sympy.integer_nthroot(part, exponent.denominator)[0]))
                for part in (base.numerator, base.denominator)]
        if root[0] ** exponent.denominator == base.numerator and root[1] ** exponent.denominator == base.denominator:
            return (root[0] / root[1]) ** exponent.numerator
    return float(base) ** float(exponent)


FORMULAS = [
    1 / (1 - x) + y**3 / 7,
    sympy.Min(x, y / 2, 3) - sympy.Max(x * y, z),
    sympy.Abs(x - 2 * y) ** 2,
    sympy.Piecewise((x / y, x > y), (y - x, sympy.And(x <= y, z >= 0)), (0, True)),
    sympy.sqrt(x * 4),
    sympy.sqrt(y) + sympy.exp(x) - sympy.log(z + 1),
    x ** sympy.Rational(3, 2),
    sympy.Rational(-7, 3) * x * y * z + sympy.Float(0.25),
]
POINTS = [(Fraction(9, 4), Fraction(1, 3), Fraction(2)), (Fraction(1, 2), Fraction(4), Fraction(0)),
          (Fraction(4), Fraction(9), Fraction(5, 7))]


@pytest.mark.parametrize("formula", FORMULAS, ids=str)
def test_the_compiled_code_gives_the_value_sympy_gives(formula):
    code = javascript_program([formula], NAMES)
    for point in POINTS:
        value = Interpreter(code, list(point)).root(0)
        expected = formula.subs(dict(zip((x, y, z), map(sympy.Rational, point))))
        if expected.is_Rational:
            assert value == Fraction(int(expected.p), int(expected.q)), point
        else:
            assert isinstance(value, float) and value == pytest.approx(float(expected), rel=1e-12), point


def test_a_seed_compiles_to_code_whose_every_payoff_is_the_evaluated_games():
    scenario = load_scenario("bytedance-vs-cambricon")
    model = scenario.model
    profiles = list(model.payoffs)
    code = javascript_program([expr for profile in profiles for expr in model.payoffs[profile]],
                              [p.name for p in model.parameters])
    values = model.values_with({"chip_spend": "64000/4231", "vendor_margin": "0.45"})
    interpreter = Interpreter(code, [values[p.name] for p in model.parameters])
    game = scenario.evaluate({"chip_spend": "64000/4231", "vendor_margin": "0.45"})
    for k, profile in enumerate(profiles):
        index = tuple(labels.index(s) for labels, s in zip(model.strategies, profile))
        assert tuple(interpreter.root(2 * k + player) for player in (0, 1)) == game.payoff(index)
    for player in model.players:
        assert player not in code
    assert all(p.name not in code for p in model.parameters)


def test_subexpressions_are_shared_and_conditions_lazy():
    shared = 1 / (x - y)
    code = javascript_program([shared + 1, shared * 2, sympy.Piecewise((shared, x > y), (0, True))], NAMES)
    assert code.count("R.pow(") == 1, "1/(x - y) is printed once"
    interpreter = Interpreter(code, [Fraction(1), Fraction(1), Fraction(0)])
    assert interpreter.root(2) == 0, "the branch that would divide by zero is never computed"


@pytest.mark.parametrize("formula, message", [
    (sympy.sin(x), "cannot compile sin nodes"),
    (sympy.floor(x), "cannot compile floor nodes"),
    (sympy.Symbol("w") + 1, "'w', which is not a parameter"),
    (x + sympy.zoo, "cannot compile ComplexInfinity"),
])
def test_nodes_outside_the_whitelist_are_refused(formula, message):
    with pytest.raises(ModelError, match=message):
        javascript_program([formula], NAMES)
