"""A Nash bargain for people (sentences) and for programs (the ``chipgame.bargain/1`` document)."""

from __future__ import annotations

from typing import Any

import sympy

from ..payoffs.model import profile_key
from ..sensitivity.bargaining import Bargain
from .decision_words import format_payoff, format_value

__all__ = ["BARGAIN_SCHEMA", "bargain_sentences", "bargain_document"]

BARGAIN_SCHEMA = "chipgame.bargain/1"


def bargain_sentences(bargain: Bargain) -> list[str]:
    """The bargain in sentences: who bargains over what, the disagreement point, the agreed value
    and each side's gain.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from chipgame.payoffs.choices import Bargaining
    >>> terms = Bargaining("m", ("Vendor", "Buyer"), ("Sell", "Buy"), None, Fraction(1, 2))
    >>> half = sympy.Rational(1, 2)
    >>> bargain = Bargain(terms, Fraction(1, 2), (sympy.Integer(0), sympy.Integer(-15)), ("Sell", "Build"),
    ...                   sympy.Rational(1, 4), (sympy.Rational(5, 2), sympy.Rational(-25, 2)), ((0, half),))
    >>> print(bargain_sentences(bargain)[-1])
    They agree on m = 0.25: Vendor gains 2.5 (to 2.5) and Buyer 2.5 (to -12.5).
    """
    terms = bargain.terms
    first, second = terms.players
    lines = [f"{first} (bargaining power {format_value(_sympy(bargain.power))}) and {second} "
             f"({format_value(_sympy(1 - bargain.power))}) bargain over {terms.parameter}, to be played as "
             f"\"{profile_key(terms.agreement)}\".",
             f"Without agreement the game is played as \"{profile_key(bargain.disagreement_profile)}\": "
             f"{first} gets {format_payoff(bargain.disagreement[0])} and {second} "
             f"{format_payoff(bargain.disagreement[1])}."]
    gains = bargain.gains
    if bargain.value is None or bargain.payoffs is None or gains is None:
        lines.append(f"No value of {terms.parameter} in its range gives both at least that: they do not agree.")
        return lines
    lines.append(f"They agree on {terms.parameter} = {format_value(bargain.value)}: {first} gains "
                 f"{format_payoff(gains[0])} (to {format_payoff(bargain.payoffs[0])}) and {second} "
                 f"{format_payoff(gains[1])} (to {format_payoff(bargain.payoffs[1])}).")
    return lines


def bargain_document(bargain: Bargain) -> dict[str, Any]:
    """The ``chipgame.bargain/1`` document: ``value`` and ``exact`` null when there is no agreement.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from chipgame.payoffs.choices import Bargaining
    >>> terms = Bargaining("m", ("Vendor", "Buyer"), ("Sell", "Buy"), None, Fraction(1, 2))
    >>> bargain = Bargain(terms, Fraction(1, 2), (sympy.Integer(0), sympy.Integer(-15)), ("Sell", "Build"),
    ...                   None, None, ())
    >>> document = bargain_document(bargain)
    >>> document["agreed"], document["exact"], document["disagreement"]["exact_payoffs"]
    (False, None, ['0', '-15'])
    """
    terms = bargain.terms
    agreed = bargain.value is not None and bargain.payoffs is not None
    return {
        "schema": BARGAIN_SCHEMA,
        "parameter": terms.parameter,
        "players": list(terms.players),
        "power": [str(bargain.power), str(1 - bargain.power)],
        "agreement": list(terms.agreement),
        "disagreement": {"profile": list(bargain.disagreement_profile),
                         "payoffs": [float(v) for v in bargain.disagreement],
                         "exact_payoffs": [str(v) for v in bargain.disagreement]},
        "agreed": agreed,
        "value": None if bargain.value is None else float(bargain.value),
        "exact": None if bargain.value is None else str(bargain.value),
        "payoffs": None if bargain.payoffs is None else [float(v) for v in bargain.payoffs],
        "exact_payoffs": None if bargain.payoffs is None else [str(v) for v in bargain.payoffs],
        "gains": None if bargain.gains is None else [str(v) for v in bargain.gains],
        "feasible": [[str(a), str(b)] for a, b in bargain.feasible],
    }


def _sympy(value: Any) -> sympy.Expr:
    return sympy.Rational(value.numerator, value.denominator)
