"""The body of an ``.nfg`` file read: the strategies, then the payoffs in either of the format's two layouts."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .gambit_text import read_names, read_payoffs
from .gambit_tokens import (
    COMMA,
    EOF,
    LBRACE,
    RBRACE,
    STRING,
    WORD,
    Lexer,
    Token,
    describe,
    expect,
    is_integer,
    plural,
    to_fraction,
)

__all__ = ["MAX_PROFILES", "read_strategies", "read_payoff_body", "read_outcome_body"]

MAX_PROFILES = 1_000_000
"""The largest number of pure strategy profiles accepted."""


def _check_profiles(lexer: Lexer, pos: int, counts: Sequence[int]) -> None:
    total = 1
    for count in counts:
        total *= count
        if total > MAX_PROFILES:
            raise lexer.fail(
                pos,
                f"the game has more than {MAX_PROFILES:,} strategy profiles",
                fix="give fewer strategies; files this large are not supported",
            )


def read_strategies(lexer: Lexer, players: Sequence[str]) -> list[list[str]]:
    """Read the strategy block: ``{ 2 3 }`` or ``{ { "a" "b" } { "x" "y" "z" } }``."""
    opening = expect(lexer, LBRACE, "'{' opening the strategy block")
    fix_count = "give one strategy list (or count) per player"
    if lexer.peek().kind == LBRACE:
        lists: list[list[str]] = []
        while lexer.peek().kind == LBRACE:
            brace = lexer.next()
            if len(lists) == len(players):
                raise lexer.fail(
                    brace.pos, f"more strategy lists than the {len(players)} players", fix=fix_count
                )
            names = read_names(
                lexer,
                "strategy name",
                MAX_PROFILES,
                "give fewer strategies; files this large are not supported",
            )
            if not names:
                raise lexer.fail(
                    brace.pos,
                    f"player {players[len(lists)]!r} has no strategies",
                    fix="name at least one strategy",
                )
            lists.append(names)
            _check_profiles(lexer, brace.pos, [len(n) for n in lists])
        expect(lexer, RBRACE, "'{' or '}' in the strategy block")
        if len(lists) != len(players):
            problem = (
                f"{plural(len(lists), 'strategy list')} for {plural(len(players), 'player')}"
            )
            raise lexer.fail(opening.pos, problem, fix=fix_count)
        return lists
    counts: list[int] = []
    while True:
        token = lexer.next()
        if token.kind == RBRACE:
            break
        if is_integer(token) and len(token.text) > 9:
            _check_profiles(lexer, token.pos, [MAX_PROFILES + 1])
        if not is_integer(token):
            raise lexer.fail(
                token.pos,
                f"expected a number of strategies, found {describe(token)}",
                fix="give each player's number of strategies as a positive integer",
            )
        if len(counts) == len(players):
            raise lexer.fail(
                token.pos, f"more strategy counts than the {len(players)} players", fix=fix_count
            )
        count = int(token.text)
        if count == 0:
            raise lexer.fail(
                token.pos,
                f"player {players[len(counts)]!r} has 0 strategies",
                fix="give every player at least one",
            )
        counts.append(count)
        _check_profiles(lexer, token.pos, counts)
    if len(counts) != len(players):
        problem = f"{plural(len(counts), 'strategy count')} for {plural(len(players), 'player')}"
        raise lexer.fail(opening.pos, problem, fix=fix_count)
    return [[str(k) for k in range(1, count + 1)] for count in counts]


def _count_more_numbers(lexer: Lexer) -> tuple[int, Token]:
    """Count the bare words left before the first other token; return the count and that token."""
    extra = 0
    token = lexer.next()
    while token.kind in (WORD, COMMA):
        extra += token.kind == WORD
        token = lexer.next()
    return extra, token


def read_payoff_body(lexer: Lexer, n_profiles: int, n_players: int) -> list[Fraction]:
    expected = n_profiles * n_players
    fix = (
        f"list {n_players} payoffs (one per player) for each of the {n_profiles:,} profiles, "
        "player 1's strategy varying fastest"
    )
    values: list[Fraction] = []
    for index in range(expected):
        token = lexer.next()
        if token.kind == EOF:
            raise lexer.fail(token.pos, f"expected {expected:,} payoffs, found {index:,}", fix=fix)
        values.append(to_fraction(lexer, token, f"payoff {index + 1}"))
    token = lexer.peek()
    if token.kind == WORD:
        extra, after = _count_more_numbers(lexer)
        if after.kind == EOF:
            raise lexer.fail(
                token.pos, f"expected {expected:,} payoffs, found {expected + extra:,}", fix=fix
            )
        raise lexer.fail(
            after.pos, f"found {describe(after)} after the payoffs, expected the end", fix=fix
        )
    if token.kind != EOF:
        raise lexer.fail(
            token.pos, f"found {describe(token)} after the payoffs, expected the end", fix=fix
        )
    return values


def read_outcome_body(lexer: Lexer, n_profiles: int, n_players: int) -> list[Fraction]:
    expect(lexer, LBRACE, "'{' opening the outcome list")
    zero = Fraction(0)
    outcomes: list[tuple[Fraction, ...]] = [(zero,) * n_players]  # outcome 0 is the null outcome
    fix_outcome = (
        f'write each outcome as {{ "name" p1, p2, ... }} with {n_players} payoffs, one per player'
    )
    while lexer.peek().kind == LBRACE:
        brace = lexer.next()
        number = len(outcomes)
        expect(lexer, STRING, f"the name of outcome {number} in double quotes")
        outcomes.append(read_payoffs(lexer, brace, number, n_players, fix_outcome))
    expect(lexer, RBRACE, "'{' or '}' in the outcome list")
    defined = len(outcomes) - 1
    fix_index = (
        f"give one outcome number per profile ({n_profiles:,} in all, player 1's strategy varying "
        f"fastest), each between 0 (no outcome) and {defined}"
    )
    values: list[Fraction] = []
    for index in range(n_profiles):
        token = lexer.next()
        if token.kind == EOF:
            raise lexer.fail(
                token.pos,
                f"expected {n_profiles:,} outcome numbers, found {index:,}",
                fix=fix_index,
            )
        if not is_integer(token):
            raise lexer.fail(
                token.pos,
                f"the outcome of profile {index + 1} should be an outcome number, "
                f"found {describe(token)}",
                fix=fix_index,
            )
        if len(token.text) > 18 or int(token.text) > defined:
            raise lexer.fail(
                token.pos,
                f"profile {index + 1} refers to outcome {token.text}, but outcome {token.text} "
                f"is not defined (the file defines {plural(defined, 'outcome')})",
                fix=fix_index,
            )
        values.extend(outcomes[int(token.text)])
    token = lexer.peek()
    if token.kind == WORD:
        extra, after = _count_more_numbers(lexer)
        if after.kind == EOF:
            raise lexer.fail(
                token.pos,
                f"expected {n_profiles:,} outcome numbers, found {n_profiles + extra:,}",
                fix=fix_index,
            )
        raise lexer.fail(
            after.pos,
            f"found {describe(after)} after the outcome numbers, expected the end",
            fix=fix_index,
        )
    if token.kind != EOF:
        raise lexer.fail(
            token.pos,
            f"found {describe(token)} after the outcome numbers, expected the end",
            fix=fix_index,
        )
    return values
