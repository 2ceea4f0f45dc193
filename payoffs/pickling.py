"""Payoff expressions sent to another process exactly as they were built.

sympy pickles an expression as its class and arguments and rebuilds it by calling the class,
which *evaluates*: ``Max(x, 1, 2, evaluate=False)`` comes back as ``Max(2, x)``, and a condition
``a > 0`` inside a Piecewise may come back as ``-a < 0``. The formula parser builds Min, Max,
comparisons and Piecewise unevaluated on purpose (evaluating them can take sympy seconds), and a
worker process that lambdified a differently shaped expression could round differently from this
one. So a payoff model travels as a tree of (class, arguments) per expression, shared
subexpressions once, rebuilt unevaluated node for node: the same expressions on both sides.

Examples
--------
>>> import pickle
>>> x = sympy.Symbol("x")
>>> built = sympy.Max(x, 1, 2, evaluate=False)     # as the formula parser builds max(x, 1, 2)
>>> built, pickle.loads(pickle.dumps(built))        # sympy's own pickling evaluates
(Max(1, 2, x), Max(2, x))
>>> decode_expressions(pickle.loads(pickle.dumps(encode_expressions([built]))))
[Max(1, 2, x)]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy

__all__ = ["Encoded", "encode_expressions", "decode_expressions"]

Encoded = Any
"""An atom (symbol, number, constant: sympy pickles these exactly) or ``(class, encoded arguments)``."""


def encode_expressions(expressions: Iterable[sympy.Basic]) -> list[Encoded]:
    """Each expression as nested ``(class, arguments)`` tuples, one tuple per distinct subexpression
    (pickle then stores a shared subexpression once)."""
    memo: dict[sympy.Basic, Encoded] = {}

    def encode(node: sympy.Basic) -> Encoded:
        if not node.args:
            return node
        if node not in memo:
            memo[node] = (type(node), tuple(encode(argument) for argument in node.args))
        return memo[node]

    return [encode(expression) for expression in expressions]


def decode_expressions(encoded: Iterable[Encoded]) -> list[sympy.Basic]:
    """The expressions of ``encode_expressions``, every node rebuilt without evaluation."""
    memo: dict[int, sympy.Basic] = {}

    def decode(item: Encoded) -> sympy.Basic:
        if not isinstance(item, tuple):
            return item
        if id(item) not in memo:
            kind, arguments = item
            rebuilt = [decode(argument) for argument in arguments]
            # a Tuple (and a Piecewise's ExprCondPair) never evaluates and takes no evaluate flag
            memo[id(item)] = kind(*rebuilt) if issubclass(kind, sympy.Tuple) else kind(*rebuilt, evaluate=False)
        return memo[id(item)]

    return [decode(item) for item in encoded]
