"""Payoff formulas compiled to JavaScript, for the explorer page to evaluate them live.

A small printer over the sympy tree: only whitelisted node types (numbers, parameter symbols,
``+ * **``, Min, Max, Abs, exp, log and Piecewise with comparisons, what the formula parser
produces) become code, anything else is refused with a ``ModelError``. The code is a function
of the runtime ``R`` (``exact.js``: exact rationals on BigInt, floats where a value is
irrational) and the parameter values ``p`` (in the order given); it returns one function per
expression, so a payoff that cannot be evaluated fails alone. Each distinct subexpression is
computed at most once per evaluation and only when needed (a branch of a conditional that does
not apply is never computed), as ``chipgame.payoffs.evaluation.Evaluator`` does in Python.

No text of the scenario reaches the code: parameters become ``p[k]``, subexpressions ``n<k>``,
rational numbers BigInt literals and float constants number literals; ``javascript_program``
checks the result against that grammar (``CODE_TOKENS``) before returning it.

Examples
--------
>>> import sympy
>>> m = sympy.Symbol("m")
>>> print(javascript_program([1 / (1 - m)], ["m"]))
(function (R, p) {
const c = [];
const n0 = () => c[0] ??= R.pow(n1(), R.q(-1n, 1n));
const n1 = () => c[1] ??= R.add(R.q(1n, 1n), n2());
const n2 = () => c[2] ??= R.mul(R.q(-1n, 1n), p[0]);
return [n0];
})
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import sympy

from ..errors import InternalError, ModelError

__all__ = ["javascript_program", "CODE_TOKENS"]

CODE_TOKENS = re.compile(
    r"\(function \(R, p\) \{|const c = \[\];|const n\d+ = \(\) => c\[\d+\] \?\?= |return \[|\}\)"
    r"|R\.[a-z]+\(|n\d+\(\)|n\d+|p\[\d+\]|-?\d+n|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|\(\) => |true|false"
    r"|[(),;\]]|\s+")
"""Every token the generated code may hold: nothing else passes ``javascript_program``'s check."""

_REDUCERS = {sympy.Add: "add", sympy.Mul: "mul", sympy.Min: "min", sympy.Max: "max"}
_UNARY = {sympy.Abs: "abs", sympy.exp: "exp", sympy.log: "log"}
_COMPARE = {sympy.StrictLessThan: "lt", sympy.LessThan: "le", sympy.StrictGreaterThan: "gt",
            sympy.GreaterThan: "ge", sympy.Eq: "eq", sympy.Ne: "ne"}


def javascript_program(expressions: Sequence[sympy.Expr], names: Sequence[str]) -> str:
    """The JavaScript function ``(R, p) => [f0, f1, ...]`` evaluating ``expressions``.

    Parameters
    ----------
    expressions
        Payoff expressions (see ``chipgame.payoffs.evaluate_expression`` for the node types).
    names
        The parameter names, in the order of the values ``p`` the function receives.

    Returns
    -------
    str
        A JavaScript function expression; calling it with the runtime and the values gives one
        function per expression, in order, each returning its value (``R``'s rational or a float).

    Raises
    ------
    ModelError
        For a node type outside the whitelist, or a symbol that is not among ``names``.
    """
    printer = _Printer({name: k for k, name in enumerate(names)})
    roots = [printer.node(expr) for expr in expressions]
    code = "\n".join(["(function (R, p) {", "const c = [];", *printer.lines,
                      f"return [{', '.join(roots)}];", "})"])
    if CODE_TOKENS.sub("", code):
        raise InternalError(f"the generated JavaScript holds text outside its grammar: {CODE_TOKENS.sub('', code)!r}")
    return code


class _Printer:
    """Prints each distinct compound node once, as a memoised function ``n<k>``; numbers and
    parameters are written where they are used."""

    def __init__(self, index: dict[str, int]) -> None:
        self.index = index
        self.lines: list[str] = []
        self.names: dict[sympy.Basic, str] = {}

    def node(self, node: sympy.Basic) -> str:
        """A function computing ``node``: its ``n<k>`` (printed on first use), or an arrow for an atom."""
        if node.is_Atom:
            return f"() => {self.atom(node)}"
        if node in self.names:
            return self.names[node]
        k = len(self.names)
        name = self.names[node] = f"n{k}"
        line = len(self.lines)
        self.lines.append("")  # its place, so the lines read in order of first use
        self.lines[line] = f"const {name} = () => c[{k}] ??= {self.compound(node)};"
        return name

    def call(self, node: sympy.Basic) -> str:
        """An expression computing ``node``."""
        return self.atom(node) if node.is_Atom else f"{self.node(node)}()"

    def atom(self, node: sympy.Basic) -> str:
        """A parameter or a number."""
        if node.is_Symbol:
            if node.name not in self.index:
                raise ModelError(f"the formula uses {node.name!r}, which is not a parameter",
                                 fix="add it to the parameters")
            return f"p[{self.index[node.name]}]"
        if node.is_Rational:
            return f"R.q({int(node.p)}n, {int(node.q)}n)"
        if node.is_Number or node.is_NumberSymbol:
            number = float(node) if node.is_finite and node.is_real else math.nan
            if not math.isfinite(number):
                raise ModelError(f"the constant {node} is not a finite real number", fix="use a finite number")
            return f"R.f({number!r})"
        raise ModelError(f"cannot compile {type(node).__name__} nodes to JavaScript",
                         fix="use only numbers and parameters in formulas")

    def compound(self, node: sympy.Basic) -> str:
        """An expression computing ``node`` from its arguments."""
        if node.func in _REDUCERS:
            return f"R.{_REDUCERS[node.func]}({', '.join(self.call(arg) for arg in node.args)})"
        if node.is_Pow:
            return f"R.pow({self.call(node.base)}, {self.call(node.exp)})"
        for kind, function in _UNARY.items():
            if isinstance(node, kind):
                return f"R.{function}({self.call(node.args[0])})"
        if isinstance(node, sympy.Piecewise):
            parts = [f"() => {self.condition(condition)}, {self.node(expr)}" for expr, condition in node.args]
            return f"R.piecewise({', '.join(parts)})"
        raise ModelError(f"cannot compile {type(node).__name__} nodes to JavaScript",
                         fix="use only the formula functions (min, max, abs, where, sqrt, exp, log)")

    def condition(self, condition: sympy.Basic) -> str:
        """An expression deciding a Piecewise condition (And, Or and ITE lazily, as Python does)."""
        if condition is sympy.true or condition is sympy.false:
            return "true" if condition is sympy.true else "false"
        if isinstance(condition, (sympy.And, sympy.Or)):
            function = "all" if isinstance(condition, sympy.And) else "any"
            return f"R.{function}({', '.join(f'() => {self.condition(c)}' for c in condition.args)})"
        if isinstance(condition, sympy.Not):
            return f"R.not({self.condition(condition.args[0])})"
        if isinstance(condition, sympy.ITE):
            test, if_true, if_false = (self.condition(c) for c in condition.args)
            return f"R.ite(() => {test}, () => {if_true}, () => {if_false})"
        if condition.func in _COMPARE:
            return f"R.{_COMPARE[condition.func]}({self.call(condition.lhs)}, {self.call(condition.rhs)})"
        raise ModelError(f"cannot compile the condition {type(condition).__name__} to JavaScript",
                         fix="use a single comparison in where()")
