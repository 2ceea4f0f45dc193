"""Payoff formulas compiled to plain Python code on integer numerator-denominator pairs.

A sweep solves its break-even points exactly, at exact parameter values, so it evaluates the
payoff formulas in rationals at every such point. ``exact_games`` compiles them once per model,
as a function of every parameter: the common subexpressions (sympy ``cse``) become straight-line
code in which every rational is a pair of Python ints ``(numerator, denominator)`` with a
positive denominator. ``a/b + c/d`` is ``(a*d + c*b, b*d)``,
a product multiplies both parts, a comparison (Min, Max, Piecewise conditions) compares
cross-products, and each common subexpression is reduced to lowest terms once: no Fraction object
and no gcd per operation, which is where evaluating in Fractions spends its time. Only the
payoffs at the end become Fractions. The results are exact rationals, the very values
``PayoffModel.evaluate`` gives; any point the code cannot decide (a division by zero, a
Piecewise with no branch that holds) is evaluated by ``PayoffModel.evaluate``, which gives the
same Game or the error.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter
>>> m = sympy.Symbol("m")
>>> model = PayoffModel(("A", "B"), (("a", "b"), ("c",)),
...     {("a", "c"): (1 / (1 - m), sympy.Max(m, 1 - m)), ("b", "c"): (m / 2, 0)}, [Parameter("m", 0.5)])
>>> game_at = exact_games(model, ("m",), ())
>>> game_at({"m": Fraction(1, 3)}).payoffs[:, 0].tolist()
[[Fraction(3, 2), Fraction(2, 3)], [Fraction(1, 6), Fraction(0, 1)]]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import sympy

from ..games import Game, Number
from ..payoffs import PayoffModel

__all__ = ["exact_games"]

Pair = tuple[str, str]
"""The code of a rational's numerator and of its (positive) denominator: a name or a literal."""

_COMPILABLE = (sympy.Symbol, sympy.Rational, sympy.Add, sympy.Mul, sympy.Min, sympy.Max, sympy.Abs,
               sympy.Piecewise, sympy.core.relational.Relational, sympy.And, sympy.Or, sympy.Not,
               sympy.logic.boolalg.BooleanAtom, sympy.functions.elementary.piecewise.ExprCondPair)


@lru_cache(maxsize=8)
def exact_games(model: PayoffModel, varied: tuple[str, ...], fixed: tuple[tuple[str, Number], ...]
                ) -> Callable[[Mapping[str, Number]], Game]:
    """``model.evaluate`` at points where only the ``varied`` parameters change (the others hold
    the ``fixed`` values), through the payoffs compiled to code on integer pairs.

    Only expressions made of symbols, rationals, ``+ * /``, integer powers, Min, Max, Abs and
    Piecewise are compiled: their values at rationals are rationals, and every comparison is
    between rationals. A model with anything else, a float value, and a point whose values are
    not all Fractions or where the code cannot decide (a division by zero) are evaluated by
    ``model.evaluate`` instead. The code takes every parameter and is made once per model
    (``_model_code``): a threshold search, a tornado and a sweep, each varying other
    parameters, share it.

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter
    >>> m, k = sympy.symbols("m k")
    >>> model = PayoffModel(("A", "B"), (("a",), ("c",)), {("a", "c"): (k / m, m ** 2)},
    ...                     [Parameter("m", 0.5), Parameter("k", 3)])
    >>> game_at = exact_games(model, ("m",), (("k", Fraction(3)),))
    >>> game_at({"m": Fraction(2, 5), "k": Fraction(3)}).payoff((0, 0))
    (Fraction(15, 2), Fraction(4, 25))
    """
    point_code = _model_code(model)
    if point_code is None or not all(type(value) is Fraction for _, value in fixed):
        return model.evaluate
    names = tuple(model.symbols)
    known = dict(fixed)
    if not set(names) <= set(known) | set(varied):
        return model.evaluate
    shape = (*model.shape, len(model.players))

    def evaluate(values: Mapping[str, Number]) -> Game:
        arguments = [values[name] if name in values else known[name] for name in names]
        if all(type(value) is Fraction for value in arguments):
            try:
                payoffs = point_code(*_integers(arguments))
            except (ZeroDivisionError, ValueError):
                payoffs = None
            if payoffs is not None:
                array = np.empty(len(payoffs), dtype=object)
                array[:] = payoffs
                return Game(model.players, model.strategies, array.reshape(shape), model.title)
        return model.evaluate(values)

    return evaluate


@lru_cache(maxsize=8)
def _model_code(model: PayoffModel) -> Callable[..., list[Fraction]] | None:
    """The payoffs (profile by profile, player by player) as one Python function of every
    parameter's numerator and denominator, in the model's order; None when some node cannot be
    compiled."""
    profiles = list(itertools.product(*model.strategies))
    expressions = [expr for profile in profiles for expr in model.payoffs[profile]]
    if not all(_compilable(node) for expr in expressions for node in sympy.preorder_traversal(expr)):
        return None
    replacements, reduced = sympy.cse(expressions, symbols=sympy.numbered_symbols("_c", cls=sympy.Dummy))
    code = _PairCode(list(model.symbols.values()))
    for symbol, expr in replacements:
        code.define(symbol, expr)
    results = [code.value(expr) for expr in reduced]
    source = "\n".join([
        f"def _point({code.parameters}):",
        *code.lines,
        f"    return [{', '.join(f'_F({n}, {d})' for n, d in results)}]",
    ])
    namespace: dict[str, Any] = {"_F": Fraction, "_gcd": math.gcd}
    exec(compile(source, f"<payoffs of {model.title or 'a model'} in integers>", "exec"), namespace)
    return namespace["_point"]


def _integers(values: Any) -> list[int]:
    """Fractions as their numerators and denominators, in turn."""
    return [part for value in values for part in (value.numerator, value.denominator)]


def _compilable(node: sympy.Basic) -> bool:
    """Whether ``node`` computes rationals from rationals in the code ``_PairCode`` writes."""
    if isinstance(node, sympy.Pow):
        return node.exp.is_Integer and abs(int(node.exp)) <= 64
    return isinstance(node, _COMPILABLE)


class _PairCode:
    """Straight-line Python code computing sympy expressions on integer pairs.

    Each symbol of ``inputs`` is two arguments (numerator, positive denominator); ``define`` adds
    a common subexpression (a rational reduced to lowest terms, or a truth value), ``value``
    returns the code of an expression's pair and ``condition`` that of a truth value, each adding
    the lines that compute it.
    """

    def __init__(self, inputs: Sequence[sympy.Basic]) -> None:
        self.count = 0
        self.names: dict[sympy.Basic, Pair] = {}
        self.truths: dict[sympy.Basic, str] = {}
        arguments: list[str] = []
        for symbol in inputs:
            self.names[symbol] = self._fresh()
            arguments += self.names[symbol]
        self.parameters = ", ".join(arguments)
        self.lines: list[str] = []
        self.indent = "    "

    def _fresh(self) -> Pair:
        self.count += 1
        return f"_n{self.count}", f"_d{self.count}"

    def _emit(self, numerator: str, denominator: str) -> Pair:
        name = self._fresh()
        self.lines.append(f"{self.indent}{name[0]}, {name[1]} = {numerator}, {denominator}")
        return name

    def define(self, symbol: sympy.Basic, expr: sympy.Basic) -> None:
        """Compute the common subexpression ``symbol`` once, in lowest terms (or as a truth value)."""
        if isinstance(expr, sympy.logic.boolalg.Boolean):
            truth = self._fresh()[0]
            self.lines.append(f"{self.indent}{truth} = {self.condition(expr)}")
            self.truths[symbol] = truth
            return
        numerator, denominator = self.value(expr)
        if denominator == "1":
            self.names[symbol] = (numerator, denominator)
            return
        name = self._fresh()
        self.lines += [f"{self.indent}_g = _gcd({numerator}, {denominator})",
                       f"{self.indent}{name[0]}, {name[1]} = {numerator} // _g, {denominator} // _g"]
        self.names[symbol] = name

    def value(self, expr: sympy.Basic) -> Pair:
        """The code of the numerator and denominator of ``expr``'s value."""
        if expr in self.names:
            return self.names[expr]
        if isinstance(expr, sympy.Rational):
            return str(int(expr.p)), str(int(expr.q))
        if isinstance(expr, sympy.Add):
            return self._sum([self.value(arg) for arg in expr.args])
        if isinstance(expr, sympy.Mul):
            return self._product([self.value(arg) for arg in expr.args])
        if isinstance(expr, sympy.Pow):
            return self._power(self.value(expr.base), int(expr.exp))
        if isinstance(expr, (sympy.Min, sympy.Max)):
            return self._extreme([self.value(arg) for arg in expr.args], "<=" if isinstance(expr, sympy.Min) else ">=")
        if isinstance(expr, sympy.Abs):
            numerator, denominator = self.value(expr.args[0])
            return self._emit(f"abs({numerator})", denominator)
        if isinstance(expr, sympy.Piecewise):
            result = self._fresh()
            self._piecewise(list(expr.args), result)
            return result
        raise TypeError(f"cannot compile {expr!r}")  # _compilable lets nothing else through

    def condition(self, expr: sympy.Basic) -> str:
        """The code of a condition's truth value, adding the lines that compute its operands."""
        if expr in self.truths:
            return self.truths[expr]
        if isinstance(expr, sympy.logic.boolalg.BooleanAtom):
            return str(bool(expr))
        if isinstance(expr, sympy.Not):
            return f"(not {self.condition(expr.args[0])})"
        if isinstance(expr, (sympy.And, sympy.Or)):
            joiner = " and " if isinstance(expr, sympy.And) else " or "
            return "(" + joiner.join(self.condition(arg) for arg in expr.args) + ")"
        (left, left_den), (right, right_den) = self.value(expr.lhs), self.value(expr.rhs)
        return f"({left} * {right_den} {expr.rel_op} {right} * {left_den})"

    def _sum(self, terms: list[Pair]) -> Pair:
        numerator, denominator = terms[0]
        for other, other_den in terms[1:]:
            if other_den == "1":
                numerator, denominator = self._emit(f"{numerator} + {other} * {denominator}", denominator)
            elif denominator == "1":
                numerator, denominator = self._emit(f"{numerator} * {other_den} + {other}", other_den)
            else:
                numerator, denominator = self._emit(f"{numerator} * {other_den} + {other} * {denominator}",
                                                    f"{denominator} * {other_den}")
        return numerator, denominator

    def _product(self, factors: list[Pair]) -> Pair:
        numerators = " * ".join(numerator for numerator, _ in factors)
        denominators = " * ".join(denominator for _, denominator in factors if denominator != "1") or "1"
        return self._emit(numerators, denominators)

    def _power(self, base: Pair, exponent: int) -> Pair:
        numerator, denominator = base
        if exponent >= 0:
            return self._emit(f"({numerator}) ** {exponent}", f"{denominator} ** {exponent}")
        # (n / d) ** -k = d ** k / n ** k, the sign moved to the numerator; n = 0 divides by zero
        name = self._emit(f"{denominator} ** {-exponent}", f"({numerator}) ** {-exponent}")
        self.lines += [f"{self.indent}if {name[1]} < 0:",
                       f"{self.indent}    {name[0]}, {name[1]} = -{name[0]}, -{name[1]}",
                       f"{self.indent}elif {name[1]} == 0:",
                       f"{self.indent}    raise ZeroDivisionError('division by zero')"]
        return name

    def _extreme(self, values: list[Pair], keep: str) -> Pair:
        """Min (``keep`` is ``<=``) or Max (``>=``) of the values."""
        chosen = values[0]
        for other in values[1:]:
            test = f"{chosen[0]} * {other[1]} {keep} {other[0]} * {chosen[1]}"
            name = self._fresh()
            self.lines += [f"{self.indent}{name[0]}, {name[1]} = ({chosen[0]}, {chosen[1]}) if {test} "
                           f"else ({other[0]}, {other[1]})"]
            chosen = name
        return chosen

    def _piecewise(self, branches: list[Any], result: Pair) -> None:
        """Lines that set ``result`` to the first branch whose condition holds (nested, so each
        condition is computed only when the ones before it fail)."""
        if not branches:
            self.lines.append(f"{self.indent}raise ValueError('no condition of a Piecewise holds')")
            return
        (branch, condition), rest = branches[0], branches[1:]
        outer = self.indent
        self.lines.append(f"{outer}if {self.condition(condition)}:")
        self.indent = outer + "    "
        numerator, denominator = self.value(branch)
        self.lines.append(f"{self.indent}{result[0]}, {result[1]} = {numerator}, {denominator}")
        self.indent = outer
        self.lines.append(f"{outer}else:")
        self.indent = outer + "    "
        self._piecewise(rest, result)
        self.indent = outer
