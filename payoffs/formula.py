"""The whitelist parser of payoff formulas: untrusted text in, a sympy expression out.

Scenario files come from outside, so their formulas never reach ``eval``, ``exec``,
``compile``, ``sympify``, ``parse_expr`` or the ``ast`` module. A small tokenizer splits the
text into numbers, names, operators and punctuation; a recursive-descent parser builds the
sympy expression directly, looking names up only in the mapping it is given and calling only
the functions in ``FUNCTIONS``. Precedence and associativity are Python's, with ``^`` as a
synonym of ``**``::

    formula    := sum END
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("+" | "-") unary | power
    power      := atom (("**" | "^") unary)?           # right-associative; -2**2 == -4
    atom       := NUMBER | NAME | NAME "(" arguments ")" | "(" sum ")"
    arguments  := [sum ("," sum)*]                      # where(comparison, sum, sum)
    comparison := sum ("<" | "<=" | ">" | ">=" | "==" | "!=") sum

Every bound is checked before the work it protects, so no formula can hang the parser or
exhaust the stack: the length first (``MAX_FORMULA_LENGTH``), the nesting depth as the parser
descends (``MAX_DEPTH``), constant exponents and ``exp`` arguments (``MAX_EXPONENT``), the
size of the numbers a formula builds (``MAX_NUMBER_BITS``) and the numbers whose roots are
taken exactly (``MAX_ROOT_BITS``). Results that divide by zero or are not real numbers are
refused.

sympy also does hidden work of its own: it compares every pair of arguments of Min and Max,
and it decides the sign of an irrational constant that is zero in disguise, such as
``sqrt(2) + sqrt(3) - sqrt(5 + 2*sqrt(6))``, with minimal polynomials that take minutes. So
the parser gives it none of that work: min and max compare rational arguments exactly and
leave the rest unevaluated, comparisons in where() between constants are decided here (exactly,
or to 20 digits for irrational ones) and others left unevaluated, and a sum whose constant part
cannot be told apart from zero to 20 digits is refused.

Errors are ``FormulaError``; their message quotes the formula near the problem, gives the
position (counting characters from 1) and says what to do.

Examples
--------
>>> import sympy
>>> margin, spend = sympy.symbols("vendor_margin chip_spend")
>>> parse_formula("chip_spend * vendor_margin - 0.5", {"vendor_margin": margin, "chip_spend": spend})
chip_spend*vendor_margin - 1/2
>>> sorted(formula_names("where(share < 0.5, min(a, b), 1)"))
['a', 'b', 'share']
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager

import sympy

from ..errors import FormulaError
from .formula_building import MAX_EXPONENT, MAX_ROOT_BITS, SPLIT_ADVICE, ValueBuilder
from .formula_syntax import FUNCTIONS, SIGNATURES, Token, tokenize
from .formula_values import MAX_NUMBER_BITS

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_FORMULA_LENGTH",
    "MAX_NUMBER_BITS",
    "MAX_ROOT_BITS",
    "formula_names",
    "parse_formula",
]

MAX_FORMULA_LENGTH = 4_000
"""Longest formula accepted, in characters; checked before anything else."""

MAX_DEPTH = 40
"""Deepest nesting accepted: every parenthesis, sign, exponent and function call opens a level."""

_COMPARISONS: dict[str, Callable[..., sympy.Basic]] = {
    "<": sympy.Lt,
    "<=": sympy.Le,
    ">": sympy.Gt,
    ">=": sympy.Ge,
    "==": sympy.Eq,
    "!=": sympy.Ne,
}


def parse_formula(text: str, names: Mapping[str, sympy.Expr]) -> sympy.Expr:
    """Return the sympy expression a payoff formula stands for, refusing anything unsafe.

    Parameters
    ----------
    text
        The formula, as written in a scenario file (untrusted).
    names
        Every identifier the formula may use (parameters, definitions) and the expression it
        stands for: a Symbol, or an already-expanded expression. Keys named after one of
        ``FUNCTIONS`` are never looked up.

    Returns
    -------
    sympy.Expr
        Built from numbers (exact Rationals), the expressions in ``names``, ``+ - * / **`` and
        Min, Max, Abs, exp, log, sqrt and Piecewise (from ``where``).

    Raises
    ------
    FormulaError
        When the formula is not in the grammar, uses an unknown name or function, calls a
        function with the wrong number of arguments, exceeds one of the bounds, divides by zero
        or gives a number that is not real.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> parse_formula("-2**2 + 2^3^2 + 0.1 + 0.2", {})
    5083/10
    >>> parse_formula("where(x <= y, max(x, 2*y), abs(x))", {"x": x, "y": y})
    Piecewise((Max(x, 2*y), x <= y), (Abs(x), True))
    >>> try:
    ...     parse_formula("2 * vendor_margn", {"vendor_margin": x})
    ... except FormulaError as error:
    ...     print(error.problem)
    ...     print(error.fix.partition("?")[0])
    unknown name 'vendor_margn' at position 5 in "2 * vendor_margn"
    did you mean vendor_margin
    """
    return _Parser(text, names).parse()


def formula_names(text: str) -> frozenset[str]:
    """Return the names a formula uses, other than function names, after checking its syntax.

    Every name stands for a fresh symbol during the check, so this needs no parameters or
    definitions: the scenario loader uses it to order definitions and find cycles.

    Parameters
    ----------
    text
        The formula (untrusted).

    Returns
    -------
    frozenset of str
        Each identifier the formula mentions, even where it cancels out (``x - x`` uses ``x``).

    Raises
    ------
    FormulaError
        On the same syntax and bound errors as `parse_formula`.

    Examples
    --------
    >>> sorted(formula_names("min(buy_cost, build_cost) - buy_cost + exp(0)"))
    ['build_cost', 'buy_cost']
    """
    parser = _Parser(text, None)
    parser.parse()
    return frozenset(parser.used)


class _Parser(ValueBuilder):
    """One parse of one formula: the tokens, the position in them and what was found so far.

    With ``names=None`` every name stands for a Symbol of the same name (for `formula_names`).
    """

    def __init__(self, text: str, names: Mapping[str, sympy.Expr] | None) -> None:
        if not isinstance(text, str):
            raise FormulaError(f"a formula must be text, not {type(text).__name__}", fix='write it in quotes: "..."')
        if len(text) > MAX_FORMULA_LENGTH:
            raise FormulaError(f"formula is {len(text):,} characters long, more than {MAX_FORMULA_LENGTH:,}",
                               fix=SPLIT_ADVICE)
        super().__init__(text)
        self.names = names
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.used: set[str] = set()

    # --- reading tokens -------------------------------------------------------------------

    def peek(self) -> Token:
        """Return the next token without consuming it."""
        return self.tokens[self.index]

    def advance(self) -> Token:
        """Consume and return the next token."""
        token = self.tokens[self.index]
        self.index += 1
        return token

    def is_next(self, kind: str, *texts: str) -> bool:
        """Return whether the next token has this kind (and one of these texts, if given)."""
        token = self.peek()
        return token.kind == kind and (not texts or token.text in texts)

    def fail_unexpected(self, token: Token, expected: str, fix: str) -> FormulaError:
        """Return the error for finding ``token`` where ``expected`` should be."""
        if token.kind == "comparison":
            return self.fail(token, f"unexpected comparison {token.text!r}",
                             f"compare only once, as the first argument of {SIGNATURES['where'].usage}")
        found = "the end of the formula" if token.kind == "end" else repr(token.text)
        return self.fail(token, f"expected {expected}, found {found}", fix)

    @contextmanager
    def enter_level(self, token: Token) -> Iterator[None]:
        """Open one nesting level at ``token`` for the duration of the block; refuse too many."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(token, f"formula nests more than {MAX_DEPTH} levels deep",
                            f"{SPLIT_ADVICE}; every parenthesis, sign, exponent and function call adds a level")
        yield
        self.depth -= 1

    # --- grammar --------------------------------------------------------------------------

    def parse(self) -> sympy.Expr:
        """Parse the whole formula."""
        value = self.parse_sum()
        if not self.is_next("end"):
            raise self.fail_unexpected(self.peek(), "an operator or the end of the formula",
                                  "join values with an operator, e.g. 2 * x; commas only separate function arguments")
        self.check_size([value], self.tokens[:1])
        return value

    def parse_sum(self) -> sympy.Expr:
        """Parse ``product (("+" | "-") product)*``."""
        starts, terms = [self.peek()], [self.parse_product()]
        while self.is_next("operator", "+", "-"):
            operator = self.advance()
            starts.append(operator)
            term = self.parse_product()
            terms.append(term if operator.text == "+" else -term)
        return self.combine(sympy.Add, terms, starts)

    def parse_product(self) -> sympy.Expr:
        """Parse ``unary (("*" | "/") unary)*``; a division multiplies by a checked reciprocal."""
        starts, factors = [self.peek()], [self.parse_unary()]
        while self.is_next("operator", "*", "/"):
            operator = self.advance()
            starts.append(operator)
            factor = self.parse_unary()
            factors.append(factor if operator.text == "*" else self.raise_power(factor, sympy.Integer(-1), operator))
        return self.combine(sympy.Mul, factors, starts)

    def parse_unary(self) -> sympy.Expr:
        """Parse ``("+" | "-") unary | power``."""
        if not self.is_next("operator", "+", "-"):
            return self.parse_power()
        sign = self.advance()
        with self.enter_level(sign):
            operand = self.parse_unary()
        return -operand if sign.text == "-" else operand

    def parse_power(self) -> sympy.Expr:
        """Parse ``atom (("**" | "^") unary)?``: right-associative, and tighter than a sign on its left."""
        base = self.parse_atom()
        if not self.is_next("operator", "**", "^"):
            return base
        operator = self.advance()
        with self.enter_level(operator):
            exponent = self.parse_unary()
        return self.raise_power(base, exponent, operator)

    def parse_atom(self) -> sympy.Expr:
        """Parse a number, a name, a function call or a parenthesized sum."""
        token = self.advance()
        if token.kind == "number":
            return self.read_number(token)
        if token.kind == "name":
            return self.call(token) if self.is_next("open") else self.lookup(token)
        if token.kind == "open":
            with self.enter_level(token):
                value = self.parse_sum()
            if not self.is_next("close"):
                raise self.fail_unexpected(self.peek(), "an operator or ')'", "close every '(' with a ')'")
            self.advance()
            return value
        raise self.fail_unexpected(token, "a number, a name or '('", "complete the expression")

    def parse_arguments(self, function: Token) -> list[sympy.Basic]:
        """Parse ``[sum ("," sum)*] ")"`` after ``function(``; where() starts with a comparison."""
        arguments: list[sympy.Basic] = []
        if self.is_next("close"):
            self.advance()
            return arguments
        while True:
            first_of_where = function.text == "where" and not arguments
            arguments.append(self.parse_comparison(function) if first_of_where else self.parse_sum())
            token = self.advance()
            if token.kind == "close":
                return arguments
            if token.kind != "comma":
                raise self.fail_unexpected(token, "',' or ')'", f"call it as {SIGNATURES[function.text].usage}")

    def parse_comparison(self, function: Token) -> sympy.Basic:
        """Parse ``sum OP sum``, the condition of where().

        A comparison of two constants is decided here (exactly for rationals); any other is
        left unevaluated, so sympy never spends time trying to prove it. Neither side may
        contain a Piecewise: sympy would fold it into the condition by solving inequalities.
        """
        left = self.parse_sum()
        operator = self.peek()
        if operator.kind != "comparison":
            raise self.fail_unexpected(operator, "a comparison such as < or ==",
                                  f"call it as {SIGNATURES[function.text].usage}")
        self.advance()
        right = self.parse_sum()
        if left.has(sympy.Piecewise) or right.has(sympy.Piecewise):
            raise self.fail(operator, "a condition of where() cannot compare a value that is itself a where()",
                            "compare each branch instead: where(c, where(a < b, ...), where(d < b, ...))")
        self.check_size([left, right], [operator, operator])
        compare = _COMPARISONS[operator.text]
        difference = left - right
        if difference.is_number:
            return compare(self.approximate(difference, operator, "the difference of the two sides"), 0)
        return compare(left, right, evaluate=False)

    def lookup(self, token: Token) -> sympy.Expr:
        """Return what a name stands for, refusing function names and unknown names."""
        name = token.text
        if name in SIGNATURES:
            raise self.fail(token, f"{name!r} is a function and must be called", f"write {SIGNATURES[name].usage}")
        self.used.add(name)
        if self.names is None:
            return sympy.Symbol(name)
        if name not in self.names:
            raise self.fail(token, f"unknown name {name!r}", _suggest_names(name, self.names))
        return self.names[name]

    def call(self, function: Token) -> sympy.Expr:
        """Parse the arguments of a whitelisted function and apply it."""
        name = function.text
        signature = SIGNATURES.get(name)
        if signature is None:
            close = difflib.get_close_matches(name, FUNCTIONS, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise self.fail(function, f"{name!r} is called but is not a function",
                            f"{hint}the functions are {', '.join(FUNCTIONS)}; to multiply, write {name} * (...)")
        with self.enter_level(self.advance()):
            arguments = self.parse_arguments(function)
        count = len(arguments)
        if count < signature.least or (signature.most is not None and count > signature.most):
            wanted = (f"exactly {signature.least}" if signature.least == signature.most
                      else f"at least {signature.least}" if signature.most is None
                      else f"{signature.least} to {signature.most}")
            raise self.fail(function, f"{name}() takes {wanted} argument{'s' * (signature.most != 1)}, got {count}",
                            f"write {signature.usage}")
        return self.apply(function, arguments)


def _suggest_names(name: str, known: Collection[str]) -> str:
    """Return the fix for an unknown name: close matches, then the names that may be used."""
    usable = sorted(known_name for known_name in known if known_name not in SIGNATURES)
    close = difflib.get_close_matches(name, usable, n=3)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    if not usable:
        return f"{hint}define it under [parameters] or [definitions]"
    listing = ", ".join(usable[:12]) + (", ..." if len(usable) > 12 else "")
    return (f"{hint}use one of the parameters or definitions: {listing} "
            "(or define it under [parameters] or [definitions])")
