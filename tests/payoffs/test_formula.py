"""The whitelist formula parser: grammar, exact numbers, functions, refusals, bounds and properties.

Hostile inputs come from the list in the parser's specification; each must be refused with a
FormulaError that says what is wrong, within ``QUICK`` seconds.
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sympy.core.function import AppliedUndef
from sympy.functions.elementary.piecewise import ExprCondPair
from sympy.logic.boolalg import BooleanAtom

from chipgame.errors import FormulaError, ScenarioError
from chipgame.payoffs.formula import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_FORMULA_LENGTH,
    MAX_NUMBER_BITS,
    MAX_ROOT_BITS,
    formula_names,
    parse_formula,
)

X, Y, Z = sympy.symbols("x y z", real=True)
NAMES = {"x": X, "y": Y, "z": Z}
QUICK = 5
"""Seconds after which refusing a hostile formula counts as hanging. Refusals take milliseconds;
this is a guard against unbounded work (``9**9**9**9`` computed, say), not a speed measurement,
so it is generous enough for a loaded machine."""


def parse(text: str) -> sympy.Expr:
    return parse_formula(text, NAMES)


def refused(text: str, match: str, names=NAMES) -> FormulaError:
    """Assert that ``text`` is refused quickly, with a one-line message matching ``match``."""
    start = time.perf_counter()
    with pytest.raises(FormulaError, match=match) as caught:
        parse_formula(text, names)
    elapsed = time.perf_counter() - start
    assert elapsed < QUICK, f"took {elapsed:.3f} s to refuse {text[:40]!r}"
    assert "\n" not in str(caught.value)
    return caught.value


# --- grammar -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2**3**2", 512),
        ("2^3^2", 512),
        ("(2**3)**2", 64),
        ("-2**2", -4),
        ("(-2)**2", 4),
        ("-3**2*2", -18),
        ("2*-3", -6),
        ("2**-1", sympy.Rational(1, 2)),
        ("2**-2**2", sympy.Rational(1, 16)),
        ("-2**-2", sympy.Rational(-1, 4)),
        ("1/2/2", sympy.Rational(1, 4)),
        ("8/4*2", 4),
        ("2+3*4", 14),
        ("(2+3)*4", 20),
        ("10-4-3", 3),
        ("10-(4-3)", 9),
        ("2*3**2", 18),
        ("--2", 2),
        ("+-+2", -2),
        ("-x**2", -(X**2)),
        ("x-y-z", X - Y - Z),
        ("x/y/z", X / (Y * Z)),
        ("x**y**z", X ** (Y**Z)),
        ("x^y^z", X ** (Y**Z)),
        ("-x*y", -X * Y),
        ("x*-y", -X * Y),
        (" x\t+\n y ", X + Y),
    ],
)
def test_precedence_and_associativity_are_pythons(text, expected):
    assert parse(text) == expected


def test_division_chains_stay_exact_rationals():
    value = parse("1/2/2")
    assert isinstance(value, sympy.Rational)
    assert value == sympy.Rational(1, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.1 + 0.2", sympy.Rational(3, 10)),
        ("12", 12),
        ("0.5", sympy.Rational(1, 2)),
        (".5", sympy.Rational(1, 2)),
        ("1.", 1),
        ("007", 7),
        ("1e-3", sympy.Rational(1, 1000)),
        ("2.5E+4", 25000),
        ("1.5e0", sympy.Rational(3, 2)),
        ("0.1 * 3", sympy.Rational(3, 10)),
    ],
)
def test_numbers_are_exact(text, expected):
    value = parse(text)
    assert value.is_Rational
    assert value == expected


def test_names_stand_for_what_the_mapping_says():
    spend, margin = sympy.symbols("chip_spend vendor_margin")
    names = {"chip_spend": spend, "buy_cost": 2 * spend, "vendor_margin": margin}
    assert parse_formula("-buy_cost + chip_spend * vendor_margin", names) == -2 * spend + spend * margin


# --- functions -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min(x, y)", sympy.Min(X, Y)),
        ("max(x, y, z)", sympy.Max(X, Y, Z)),
        ("min(3, 1, 2)", 1),
        ("max(1, 2.5)", sympy.Rational(5, 2)),
        ("max(1, x, 2)", sympy.Max(2, X)),
        ("min(x, x)", X),
        ("abs(x)", sympy.Abs(X)),
        ("abs(-3)", 3),
        ("exp(x)", sympy.exp(X)),
        ("exp(0)", 1),
        ("log(x)", sympy.log(X)),
        ("log(1)", 0),
        ("log(8, 2)", 3),
        ("log(x, 2)", sympy.log(X) / sympy.log(2)),
        ("sqrt(x)", sympy.sqrt(X)),
        ("sqrt(9/4)", sympy.Rational(3, 2)),
        ("sqrt(8)", 2 * sympy.sqrt(2)),
        ("x**0.5", sympy.sqrt(X)),
    ],
)
def test_each_function(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("operator", "relation"),
    [("<", sympy.Lt), ("<=", sympy.Le), (">", sympy.Gt), (">=", sympy.Ge), ("==", sympy.Eq), ("!=", sympy.Ne)],
)
def test_where_builds_a_piecewise_for_each_comparison(operator, relation):
    expr = parse(f"where(x {operator} y, 1, z)")
    assert isinstance(expr, sympy.Piecewise)
    assert expr.args[0].expr == 1 and expr.args[0].cond == relation(X, Y)
    assert expr.args[1].expr == Z and expr.args[1].cond is sympy.true


def test_where_takes_the_branch_its_condition_selects():
    expr = parse("where(x <= y, x, y)")
    assert expr.subs({X: 1, Y: 2}) == 1
    assert expr.subs({X: 3, Y: 2}) == 2
    nested = parse("where(x < 0, -1, where(x == 0, 0, 1))")
    assert [nested.subs(X, value) for value in (-5, 0, 5)] == [-1, 0, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where(1 < 2, x, y)", X),
        ("where(2 < 1, x, y)", Y),
        ("where(0.1 + 0.2 == 0.3, x, y)", X),
        ("where(0.1 + 0.2 != 0.3, x, y)", Y),
        ("where(sqrt(2) < 1.5, x, y)", X),
        ("where(x - x + 1 > 0, x, y)", X),
    ],
)
def test_where_decides_comparisons_of_constants(text, expected):
    assert parse(text) == expected


# --- refusals: the hostile list ------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("__import__('os').system('ls')", "unexpected character \"'\" at position 12"),
        ("().__class__", r"unexpected character '\.' at position 3"),
        ("x.real", r"unexpected character '\.' at position 2"),
        ("lambda: 1", "unexpected character ':'"),
        ("[i for i in x]", r"unexpected character '\['"),
        ("9**9**9**9", "the exponent 387420489 is too large"),
        ("2**1000000", "the exponent 1000000 is too large"),
        ("x" * 100_000, "formula is 100,000 characters long, more than 4,000"),
        ("(" * 10_000 + "x" + ")" * 10_000, "formula is 20,001 characters long"),
        ("(" * 3_000 + "x" + ")" * 3_000, "formula is 6,001 characters long"),
        ("(" * 3_000 + "x", f"nests more than {MAX_DEPTH} levels deep at position {MAX_DEPTH + 1}"),
        ("(" * 1_999 + "x" + ")" * 1_999, f"nests more than {MAX_DEPTH} levels deep"),
        ("x if y else z", "expected an operator or the end of the formula, found 'if'"),
        ("min()", r"min\(\) takes at least 2 arguments, got 0"),
        ("min(x)", r"min\(\) takes at least 2 arguments, got 1"),
        ("x < y", "unexpected comparison '<' at position 3"),
        ("exp(x, y)", r"exp\(\) takes exactly 1 argument, got 2"),
        ("x y", "expected an operator or the end of the formula, found 'y' at position 3"),
        ("x +", r"expected a number, a name or '\(', found the end of the formula"),
        ("x,y", "expected an operator or the end of the formula, found ','"),
    ],
)
def test_hostile_formulas_are_refused_quickly(text, match):
    refused(text, match)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("__import__ + 1", "unknown name '__import__'"),
        ("x(2)", "'x' is called but is not a function"),
        ("eval(x)", "'eval' is called but is not a function"),
        ("foo(1)", "'foo' is called but is not a function"),
        ("min + 1", "'min' is a function and must be called"),
        ("min(x < y, 1)", "unexpected comparison '<'"),
        ("(x < y)", "unexpected comparison '<'"),
        ("where((x < y), 1, 2)", "unexpected comparison '<'"),
        ("where(x < y < z, 1, 2)", "unexpected comparison '<' at position 13"),
        ("where(x, 1, 2)", "expected a comparison such as < or ==, found ','"),
        ("where(x < y, 1)", r"where\(\) takes exactly 3 arguments, got 2"),
        ("where(x < y, 1, 2, 3)", r"where\(\) takes exactly 3 arguments, got 4"),
        ("log(x, 2, 3)", r"log\(\) takes 1 to 2 arguments, got 3"),
        ("abs()", r"abs\(\) takes exactly 1 argument, got 0"),
        ("min(x,)", r"expected a number, a name or '\(', found '\)'"),
        ("min(x y)", "expected ',' or '\\)', found 'y'"),
        ("(x", r"expected an operator or '\)', found the end"),
        ("x)", r"found '\)'"),
        ("()", r"found '\)'"),
        ("", "found the end of the formula at position 1"),
        ("   ", "found the end of the formula"),
        ("2x", "found 'x'"),
        ("1.2.3", r"found '\.3'"),
        ("**2", r"found '\*\*'"),
        ("x**", "found the end of the formula"),
        ("x = 1", "unexpected character '='"),
        ("x => 1", "unexpected character '='"),
        ("!x", "unexpected character '!'"),
        ('"x"', "unexpected character '\"'"),
        ("x @ y", "unexpected character '@'"),
        ("{x}", "unexpected character '{'"),
        ("x; y", "unexpected character ';'"),
        ("x % y", "unexpected character '%'"),
        ("\\x", r"unexpected character '\\\\'"),
        ("\u0663", "unexpected character"),
        ("caf\u00e9", "unexpected character"),
        ("x\x00", r"unexpected character '\\x00'"),
    ],
)
def test_everything_outside_the_grammar_is_refused(text, match):
    refused(text, match)


def test_an_unknown_name_is_located_and_close_names_are_suggested():
    names = {"chip_spend": sympy.Symbol("chip_spend"), "vendor_margin": sympy.Symbol("vendor_margin")}
    error = refused("chip_spend * vendor_margn", "unknown name 'vendor_margn' at position 14", names)
    assert 'in "chip_spend * vendor_margn"' in error.problem
    assert error.fix.startswith("did you mean vendor_margin?")
    assert "chip_spend, vendor_margin" in error.fix and "[definitions]" in error.fix
    assert error.file is None
    assert isinstance(error, ScenarioError)


def test_an_unknown_name_without_any_names_says_to_define_it():
    error = refused("x", "unknown name 'x'", {})
    assert "define it under [parameters] or [definitions]" in error.fix


def test_messages_quote_a_short_excerpt_on_one_line():
    text = "x + " * 200 + "x y\n+ x"
    error = refused(text, "found 'y'")
    assert "..." in error.problem and len(error.problem) < 200


def test_a_formula_must_be_text():
    with pytest.raises(FormulaError, match="a formula must be text, not int"):
        parse_formula(5, NAMES)  # type: ignore[arg-type]


# --- refusals: undefined and non-real values -----------------------------------------------

@pytest.mark.parametrize("text", ["1/0", "x/(y-y)", "log(0)", "0**-1", "log(x, 1)", "x/0", "where(x < 1, 1/0, 2)"])
def test_division_by_zero_is_refused(text):
    refused(text, "divides by zero or is undefined")


@pytest.mark.parametrize("text", ["sqrt(-1)", "(-8)**(1/3)", "log(-2)", "x + sqrt(-4)"])
def test_numbers_that_are_not_real_are_refused(text):
    refused(text, "not real")


# --- bounds --------------------------------------------------------------------------------

def test_the_bounds_are_what_the_documentation_says():
    assert (MAX_FORMULA_LENGTH, MAX_DEPTH, MAX_EXPONENT, MAX_NUMBER_BITS, MAX_ROOT_BITS) == (4000, 40, 100, 10_000, 256)
    assert FUNCTIONS == ("min", "max", "abs", "exp", "log", "sqrt", "where")


def test_the_length_bound_is_inclusive():
    at_bound = "x+" * (MAX_FORMULA_LENGTH // 2 - 1) + "x "
    assert len(at_bound) == MAX_FORMULA_LENGTH
    assert parse(at_bound) == (MAX_FORMULA_LENGTH // 2) * X
    refused("x" * (MAX_FORMULA_LENGTH + 1), "more than 4,000")


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("(", ")"), ("-", ""), ("abs(", ")"), ("+", "")],
)
def test_the_depth_bound_is_exact(opening, closing):
    at_bound = opening * MAX_DEPTH + "x" + closing * MAX_DEPTH
    assert parse(at_bound).free_symbols == {X}
    refused(opening * (MAX_DEPTH + 1) + "x" + closing * (MAX_DEPTH + 1), "nests more than 40 levels")


def test_power_chains_count_towards_the_depth():
    assert parse("x" + "**1" * MAX_DEPTH) == X
    refused("x" + "**1" * (MAX_DEPTH + 1), "nests more than 40 levels")


@pytest.mark.parametrize("text", ["x**100", "x**-100", "x^(1/3)", "exp(100)", "exp(-100*x)", "2**x"])
def test_exponents_within_the_bound_are_accepted(text):
    assert isinstance(parse(text), sympy.Expr)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("x**101", "the exponent 101 is too large"),
        ("x**-101", "the exponent -101 is too large"),
        ("x**100.5", "the exponent 201/2 is too large"),
        ("exp(101)", "the exponent 101 is too large"),
        ("exp(exp(exp(100)))", r"the exponent exp\(100\) is too large"),
        ("2**(2**99)", r"the exponent 633825300114114700748\.\.\. is too large"),
    ],
)
def test_large_exponents_are_refused(text, match):
    refused(text, match)


def test_constant_powers_are_bounded_in_bits_before_they_are_computed():
    assert parse("(2**98)**100") == sympy.Integer(2) ** 9800
    refused("(2**99)**100", "grow beyond 10,000 bits")
    refused("((x**100+1)**100+1)**100", "grow beyond 10,000 bits")


def test_long_numbers_are_bounded():
    assert parse("9" * 3000).is_Integer
    refused("9" * 3100, "is too large or too precise")
    refused("1e20000", "the number 1e20000 is too large")
    refused("1e-999999999", "is too large or too precise")


def test_sums_of_huge_fractions_are_refused_before_they_are_added():
    primes = [sympy.prime(k) for k in range(2, 200)]
    terms = [f"1/({p}**{max(1, 99 // int(p).bit_length())})**100" for p in primes]
    text = "+".join(terms)[:MAX_FORMULA_LENGTH].rsplit("+", 1)[0]
    refused(text, "grow beyond 10,000 bits")


def test_roots_of_huge_numbers_are_refused():
    assert parse(f"sqrt({2**200 + 1})").is_number
    refused(f"sqrt({2**300 + 1})", "the root of a number of more than 256 bits")


def test_zero_in_disguise_is_refused_instead_of_proved():
    radicals = [2, 3, 5, 7]
    plain = "+".join(f"sqrt({p})" for p in radicals)
    cross_terms = "+".join(f"2*sqrt({a * b})" for a, b in itertools.combinations(radicals, 2))
    nested = f"sqrt({sum(radicals)}+{cross_terms})"  # equal to plain: sqrt((sqrt(2)+...+sqrt(7))**2)
    refused(f"where({plain} < {nested}, 1, 2)", "cannot be told apart from zero")
    refused(f"abs({plain} - {nested})", "cannot be told apart from zero")
    refused(f"1/(x - x + {plain} - {nested})", "cannot be told apart from zero")
    refused("where(log(8) == 3*log(2), 1, 2)", "cannot be told apart from zero")


def test_where_may_not_compare_where_values():
    refused("where(where(x < 1, x, 1) < y, 1, 2)", r"cannot compare a value that is itself a where\(\)")
    refused("where(y > max(0, where(x < 1, x, 1)), 1, 2)", "itself a where")
    assert isinstance(parse("where(x < 1, where(y < 1, 1, 2), 3)"), sympy.Piecewise)


def test_comparisons_of_constants_that_are_not_real_are_refused():
    refused("where(i < 1, 1, 2)", "the difference of the two sides, -1 \\+ I, is not a real number", {"i": sympy.I})


def test_many_min_max_arguments_are_not_compared_pairwise():
    arguments = ",".join(f"{k}*x+y" for k in range(300))
    start = time.perf_counter()
    expr = parse(f"max({arguments})")
    assert time.perf_counter() - start < QUICK
    assert isinstance(expr, sympy.Max) and len(expr.args) == 300


# --- formula_names -------------------------------------------------------------------------

def test_formula_names_lists_the_identifiers_but_not_the_functions():
    assert formula_names("min(a, b) + where(c < d, e, 1) - log(f, 2)") == frozenset("abcdef")
    assert formula_names("x - x") == frozenset({"x"})
    assert formula_names("2 + 3") == frozenset()
    assert isinstance(formula_names("x"), frozenset)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("__import__('os')", "unexpected character"),
        ("x y", "found 'y'"),
        ("min(x)", "takes at least 2 arguments"),
        ("x < y", "unexpected comparison"),
        ("9**9**9**9", "exponent 387420489 is too large"),
        ("(" * 3_000 + "x", "nests more than 40 levels"),
        ("x" * 100_000, "characters long"),
        ("min + 1", "'min' is a function"),
        ("x(1)", "'x' is called but is not a function"),
    ],
)
def test_formula_names_checks_the_syntax_first(text, match):
    with pytest.raises(FormulaError, match=match):
        formula_names(text)


# --- properties ----------------------------------------------------------------------------

ALLOWED_NODES = (
    sympy.Rational, sympy.Symbol, sympy.Add, sympy.Mul, sympy.Pow,
    sympy.Min, sympy.Max, sympy.Abs, sympy.exp, sympy.log, sympy.Piecewise,
    ExprCondPair, sympy.core.relational.Relational, BooleanAtom, type(sympy.E),
)
ALLOWED_FUNCTIONS = (sympy.Min, sympy.Max, sympy.Abs, sympy.exp, sympy.log, sympy.Piecewise)

characters = st.text(alphabet="0123456789xyz+-*/^<>=!(),._'\" e", max_size=40)
fragments = st.lists(
    st.sampled_from(
        ["x", "y", "z", "w", "1", "0", "2", ".5", "1e3", "9", "+", "-", "*", "/", "**", "^", "(", ")", ",",
         "<", "<=", "==", "!=", " ", "min", "max", "abs", "exp", "log", "sqrt", "where", "__import__",
         "lambda", ".", "'", "[", "x.real"]
    ),
    max_size=25,
).map("".join)


def assert_safe(text: str) -> None:
    """parse_formula either refuses ``text`` or returns a whitelisted expression in x, y, z."""
    try:
        expr = parse(text)
    except FormulaError:
        return
    assert isinstance(expr, sympy.Expr)
    assert expr.free_symbols <= {X, Y, Z}
    assert not expr.atoms(AppliedUndef)
    assert all(isinstance(function, ALLOWED_FUNCTIONS) for function in expr.atoms(sympy.Function))
    assert all(isinstance(node, ALLOWED_NODES) for node in sympy.preorder_traversal(expr))
    assert not expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo, sympy.I)
    assert formula_names(text) <= set(NAMES)


@settings(max_examples=200, deadline=None)
@given(st.one_of(characters, fragments))
def test_arbitrary_text_is_refused_or_safe(text):
    assert_safe(text)


# A tiny expression tree, rendered to text with Python's precedence and evaluated with Fractions.

def number_leaf() -> st.SearchStrategy:
    def render(mantissa: int, places: int, style: str) -> tuple:
        value = Fraction(mantissa, 10**places)
        if style == "e":
            text = f"{mantissa}e-{places}"
        else:
            digits = str(mantissa).rjust(places + 1, "0")
            text = digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"
            if style == "dot" and text.startswith("0."):
                text = text[1:]
        return ("number", value, text)

    return st.builds(render, st.integers(0, 999), st.integers(0, 3), st.sampled_from(["plain", "e", "dot"]))


def expression_trees() -> st.SearchStrategy:
    leaves = st.one_of(number_leaf(), st.sampled_from([("name", "x"), ("name", "y"), ("name", "z")]))

    def arithmetic(children: st.SearchStrategy) -> st.SearchStrategy:
        return st.one_of(
            st.tuples(st.sampled_from(["+", "-", "*", "/"]), children, children),
            st.tuples(st.just("sign"), st.sampled_from(["+", "-"]), children),
            st.tuples(st.just("power"), st.sampled_from(["**", "^"]), children, st.integers(-3, 3)),
            st.tuples(st.just("paren"), children),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=2, max_size=3)),
            st.tuples(st.just("abs"), children),
        )

    compared = st.recursive(leaves, arithmetic, max_leaves=4)  # where() may not compare where() values

    def extend(children: st.SearchStrategy) -> st.SearchStrategy:
        return st.one_of(
            arithmetic(children),
            st.tuples(st.just("where"), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
                      compared, compared, children, children),
        )

    return st.recursive(leaves, extend, max_leaves=12)


COMPARE = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


def evaluate(tree: tuple, values: dict[str, Fraction]) -> Fraction:
    """The value of a tree, every branch evaluated (so a division by zero anywhere shows)."""
    kind = tree[0]
    if kind == "number":
        return tree[1]
    if kind == "name":
        return values[tree[1]]
    if kind in ("+", "-", "*", "/"):
        left, right = evaluate(tree[1], values), evaluate(tree[2], values)
        return {"+": left + right, "-": left - right, "*": left * right}[kind] if kind != "/" else left / right
    if kind == "sign":
        operand = evaluate(tree[2], values)
        return -operand if tree[1] == "-" else operand
    if kind == "power":
        return evaluate(tree[2], values) ** tree[3]
    if kind == "paren":
        return evaluate(tree[1], values)
    if kind in ("min", "max"):
        return (min if kind == "min" else max)(evaluate(child, values) for child in tree[1])
    if kind == "abs":
        return abs(evaluate(tree[1], values))
    left, right, then, otherwise = (evaluate(child, values) for child in tree[2:])
    return then if COMPARE[tree[1]](left, right) else otherwise


SUM, PRODUCT, UNARY, POWER, ATOM = range(1, 6)
"""Python's precedence levels, loosest first."""


def render(tree: tuple) -> tuple[str, int]:
    """Text for a tree with only the parentheses Python's precedence needs, and its level."""
    kind = tree[0]

    def at_least(child: tuple, level: int) -> str:
        text, child_level = render(child)
        return text if child_level >= level else f"({text})"

    if kind == "number":
        return tree[2], ATOM
    if kind == "name":
        return tree[1], ATOM
    if kind in ("+", "-"):
        return f"{at_least(tree[1], SUM)} {kind} {at_least(tree[2], PRODUCT)}", SUM
    if kind in ("*", "/"):
        return f"{at_least(tree[1], PRODUCT)}{kind}{at_least(tree[2], UNARY)}", PRODUCT
    if kind == "sign":
        return f"{tree[1]}{at_least(tree[2], UNARY)}", UNARY
    if kind == "power":
        exponent = str(tree[3]) if tree[3] >= 0 else f"-{-tree[3]}"
        return f"{at_least(tree[2], ATOM)}{tree[1]}{exponent}", POWER
    if kind == "paren":
        return f"({render(tree[1])[0]})", ATOM
    if kind in ("min", "max"):
        return f"{kind}({', '.join(render(child)[0] for child in tree[1])})", ATOM
    if kind == "abs":
        return f"abs({render(tree[1])[0]})", ATOM
    left, right, then, otherwise = (render(child)[0] for child in tree[2:])
    return f"where({left} {tree[1]} {right}, {then}, {otherwise})", ATOM


def children(tree: tuple) -> list[tuple]:
    """The subtrees of a tree node."""
    found = []
    for part in tree[1:]:
        if isinstance(part, tuple):
            found.append(part)
        elif isinstance(part, list):
            found.extend(part)
    return found


def names_in(tree: tuple) -> set[str]:
    return {tree[1]} if tree[0] == "name" else set().union(*(names_in(child) for child in children(tree)))


def depth_of(tree: tuple) -> int:
    return 1 + max((depth_of(child) for child in children(tree)), default=0)


GRID = [Fraction(value) for value in (-2, -1, 0, 1, 2)] + [Fraction(1, 2)]


def divides_by_zero_somewhere(tree: tuple) -> bool:
    """Whether some branch of the tree divides by zero at some point of a small grid."""
    for point in itertools.product(GRID, repeat=3):
        try:
            evaluate(tree, dict(zip("xyz", point)))
        except ZeroDivisionError:
            return True
    return False


small_fractions = st.fractions(min_value=-5, max_value=5, max_denominator=7).filter(lambda value: value != 0)


@settings(max_examples=200, deadline=None)
@given(expression_trees(), st.fixed_dictionaries({"x": small_fractions, "y": small_fractions, "z": small_fractions}))
def test_rendered_trees_parse_to_their_own_value(tree, values):
    assume(depth_of(tree) <= 12)
    try:
        expected = evaluate(tree, values)
    except ZeroDivisionError:
        assume(False)
    text, _ = render(tree)
    try:
        expr = parse(text)
    except FormulaError as error:  # e.g. where(0 < x, 0, x)**-1, which divides by zero for all x > 0
        assert "divides by zero" in str(error) and divides_by_zero_somewhere(tree), text
        return
    value = expr.xreplace({symbol: sympy.Rational(values[symbol.name].numerator, values[symbol.name].denominator)
                           for symbol in (X, Y, Z)})
    assert value.is_Rational, (text, value)
    assert Fraction(int(value.p), int(value.q)) == expected, text
    assert formula_names(text) == names_in(tree)
