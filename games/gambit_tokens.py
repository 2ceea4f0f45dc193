"""The language of Gambit's .nfg and .efg files as tokens: the lexer, and exact numbers read from it."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import NamedTuple

from ..errors import GameError
from .normal_form import MAX_PAYOFF

__all__ = ["COMMA", "EOF", "LBRACE", "RBRACE", "STRING", "WORD", "Lexer", "Token", "describe", "expect", "is_integer",
           "plural", "to_fraction"]

LBRACE, RBRACE, COMMA, STRING, WORD, EOF = "{", "}", ",", "string", "word", "eof"
"""The kinds of token: the three punctuation marks stand for themselves."""

_MAX_NUMBER_CHARS = 4000  # below Python's 4300-digit limit on int(str)
_MAX_EXPONENT = 1000

# Linear-time patterns only: no nested or overlapping repetitions.
_SPACE = re.compile(r"\s+")
_BARE_WORD = re.compile(r'[^\s{}",]+')
_STRING_RUN = re.compile(r'[^"\\]+')
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?")
_RATIO = re.compile(r"[+-]?[0-9]+/([0-9]+)")
_INTEGER = re.compile(r"[0-9]+")

_FIX_STRING = 'end the string with a double quote ("); write a quote inside it as \\"'
_FIX_NUMBER = "write numbers as integers (3), decimals (7.6, -1.5e3) or fractions (1/3)"


class Token(NamedTuple):
    """One token of Gambit text.

    Attributes
    ----------
    kind
        ``LBRACE``, ``RBRACE``, ``COMMA``, ``STRING``, ``WORD`` or ``EOF``.
    text
        The token as written; for a string, its content with the escapes resolved.
    pos
        The offset of its first character in the text.
    """

    kind: str
    text: str
    pos: int


class Lexer:
    """Split Gambit text into braces, commas, quoted strings and bare words.

    Parameters
    ----------
    text
        The text to split, usually a whole file.
    source
        The file it came from, if any; errors name it.
    fix
        The fix an error gives when the caller names none (where the format is described).

    Examples
    --------
    >>> lexer = Lexer('{ "a \\\\"b\\\\"" 7.6, }', fix="see the manual")
    >>> [lexer.next() for _ in range(6)]  # doctest: +NORMALIZE_WHITESPACE
    [Token(kind='{', text='{', pos=0), Token(kind='string', text='a "b"', pos=2),
     Token(kind='word', text='7.6', pos=12), Token(kind=',', text=',', pos=15),
     Token(kind='}', text='}', pos=17), Token(kind='eof', text='', pos=18)]
    >>> str(Lexer('{\\n}', source="x.nfg", fix="see the manual").fail(2, "a problem"))
    'x.nfg: line 2: a problem; fix: see the manual'
    """

    def __init__(self, text: str, source: str | None = None, *, fix: str) -> None:
        self.text = text
        self.source = source
        self.fix = fix
        self.pos = 0
        self._peeked: Token | None = None
        self.numbers: dict[str, Fraction] = {}  # payoffs repeat: read each text once

    def fail(self, pos: int, problem: str, fix: str | None = None) -> GameError:
        """The error to raise for ``problem`` at offset ``pos``: it names the file and line."""
        line = self.text.count("\n", 0, pos) + 1
        return GameError(f"line {line}: {problem}", file=self.source, fix=self.fix if fix is None else fix)

    def peek(self) -> Token:
        """The next token, left in place."""
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> Token:
        """The next token, consumed; ``EOF`` tokens from the end on."""
        token = self.peek()
        self._peeked = None
        return token

    def _scan(self) -> Token:
        text, pos = self.text, self.pos
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
        if pos >= len(text):
            self.pos = pos
            return Token(EOF, "", pos)
        char = text[pos]
        if char in "{},":
            self.pos = pos + 1
            return Token(char, char, pos)
        if char == '"':
            return self._scan_string(pos)
        word = _BARE_WORD.match(text, pos)
        assert word is not None  # any other non-space character starts a word
        self.pos = word.end()
        return Token(WORD, word.group(), pos)

    def _scan_string(self, start: int) -> Token:
        text, end = self.text, len(self.text)
        parts: list[str] = []
        pos = start + 1
        while True:
            run = _STRING_RUN.match(text, pos)
            if run:
                parts.append(run.group())
                pos = run.end()
            if pos < end and text[pos] == '"':
                self.pos = pos + 1
                return Token(STRING, "".join(parts), start)
            if pos + 1 >= end:  # the end, or a backslash as the last character
                raise self.fail(start, "a string that starts here is never closed", fix=_FIX_STRING)
            # A backslash: \" is a quote and \\ a backslash; any other pair is kept as written.
            escaped = text[pos + 1]
            parts.append(escaped if escaped in '"\\' else "\\" + escaped)
            pos += 2


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, the noun with an ``s`` unless the count is 1.

    Examples
    --------
    >>> plural(1, "payoff"), plural(1200, "payoff")
    ('1 payoff', '1,200 payoffs')
    """
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def describe(token: Token) -> str:
    """A token as an error message shows it, long text cut to 30 characters.

    Examples
    --------
    >>> describe(Token(STRING, "Row", 0)), describe(Token(WORD, "x" * 40, 0))
    ("the string 'Row'", "'xxxxxxxxxxxxxxxxxxxxxxxxxxx...'")
    >>> describe(Token(EOF, "", 0))
    'the end of the file'
    """
    if token.kind == EOF:
        return "the end of the file"
    shown = token.text if len(token.text) <= 30 else token.text[:27] + "..."
    return f"the string {shown!r}" if token.kind == STRING else repr(shown)


def is_integer(token: Token) -> bool:
    """Whether ``token`` is a bare word of decimal digits only (no sign, no point).

    Examples
    --------
    >>> is_integer(Token(WORD, "12", 0)), is_integer(Token(WORD, "-1", 0)), is_integer(Token(STRING, "1", 0))
    (True, False, False)
    """
    return token.kind == WORD and _INTEGER.fullmatch(token.text) is not None


def expect(lexer: Lexer, kind: str, what: str) -> Token:
    """Consume the next token, which must be of ``kind``; ``what`` names it in the error.

    Examples
    --------
    >>> lexer = Lexer('"PD" 3', fix="see the manual")
    >>> expect(lexer, STRING, "the game title in double quotes").text
    'PD'
    >>> expect(lexer, LBRACE, "'{'")
    Traceback (most recent call last):
    ...
    chipgame.errors.GameError: line 1: expected '{', found '3'; fix: see the manual
    """
    token = lexer.next()
    if token.kind != kind:
        raise lexer.fail(token.pos, f"expected {what}, found {describe(token)}")
    return token


def to_fraction(lexer: Lexer, token: Token, what: str) -> Fraction:
    """The exact value of a number token: an integer, a decimal with exponent, or ``p/q``.

    Parameters
    ----------
    lexer
        The lexer the token came from (it keeps the numbers already read, and the text).
    token
        The token to read.
    what
        What the number is, for error messages (``"payoff 3"``).

    Returns
    -------
    Fraction
        The value written, exactly: ``7.6`` is ``38/5``.

    Raises
    ------
    GameError
        If the token is not a number, is longer than 4,000 characters, has an exponent
        beyond +-1000, is larger than ``MAX_PAYOFF`` in magnitude, or divides by zero.

    Examples
    --------
    >>> lexer = Lexer("7.6 1/3 -1.5e3", fix="see the manual")
    >>> [to_fraction(lexer, lexer.next(), "payoff") for _ in range(3)]
    [Fraction(38, 5), Fraction(1, 3), Fraction(-1500, 1)]
    """
    text = token.text
    not_a_number = (f"{what} should be a number, found {describe(token)}", _FIX_NUMBER)
    if token.kind != WORD:
        raise lexer.fail(token.pos, *not_a_number)
    known = lexer.numbers.get(text)
    if known is not None:
        return known
    if len(text) > _MAX_NUMBER_CHARS:
        raise lexer.fail(
            token.pos,
            f"{what} is a number of {len(text)} characters",
            fix=f"write numbers of at most {_MAX_NUMBER_CHARS} characters",
        )
    decimal = _DECIMAL.fullmatch(text)
    ratio = None if decimal else _RATIO.fullmatch(text)
    if decimal is None and ratio is None:
        raise lexer.fail(token.pos, *not_a_number)
    exponent = decimal.group(1) if decimal is not None else None
    if exponent is not None and abs(int(exponent)) > _MAX_EXPONENT:
        raise lexer.fail(
            token.pos,
            f"{what} {text!r} has an exponent beyond +-{_MAX_EXPONENT}",
            fix="rescale the payoffs",
        )
    if ratio is not None and int(ratio.group(1)) == 0:
        raise lexer.fail(
            token.pos, f"{what} {text!r} divides by zero", fix="give a nonzero denominator"
        )
    value = Fraction(text)
    if abs(value) > MAX_PAYOFF:
        raise lexer.fail(
            token.pos,
            f"{what} {text!r} is larger than {MAX_PAYOFF:.0e} in magnitude",
            fix="rescale the payoffs",
        )
    lexer.numbers[text] = value
    return value
