"""Fuzzing the command line with mutated inputs: the shipped scenario files and the shared Gambit
corpus, with keys, values, types, nesting and sizes changed. Every command either succeeds or
exits 2 with one line on stderr; none prints a traceback, runs past a time bound or leaves a
partial output file."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.seeds import classic_names, seed_file, seed_names
from tests.cli.test_cli import run
from tests.games.test_nfg import CORPUS

SECONDS = 180
"""The bound on one command: far above what any shipped input takes, far below a hang. (A mutated
5x4x3 corpus game, an outcome line repeated, takes the n-player engine about 40 s on a quiet
machine, and ran past a bound of 90 s once on a loaded one.)"""

TOKEN = re.compile(r'"[^"\n]*"|[-+]?\d[\w.+-]*|[A-Za-z_]\w*|[\[\]{}=,]')
"""What a mutation replaces: a quoted string, a number, a name or key, a bracket or separator."""

VALUE = re.compile(r'(?<=[\w"] = )("[^"\n]*"|\[[^\]\n]*\]|[^,}\n]+)')
"""The value of a ``key = value`` pair, in a table or an inline table (a distribution's ``low``)."""

REPLACEMENTS = ["0", "-1", "-0.2", "1.5", "1e400", "-1e-400", "nan", "inf", "-inf", "1/0", "9" * 40, '""', '"x"',
                '"-chip_spend"', '"max(1, 2"', '"__import__"', "true", "[]", "[1, 2]", "{}", "{ a = 1 }",
                "[[[[[[[[1]]]]]]]]", '"' + "(" * 200 + "1" + ")" * 200 + '"', "[parameters.x]", "[[players]]",
                "\u00e9", "\u0000", "}", "{", "=", ",", "\n", ""]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to three mutations: a value or a token replaced, a line deleted, repeated
    or moved, the text cut short, or random characters inserted."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        kind = draw(st.sampled_from(["value", "value", "value", "token", "token", "delete", "repeat", "move", "cut",
                                     "insert"]))
        if kind in ("value", "token"):
            tokens = list((VALUE if kind == "value" else TOKEN).finditer(text))
            if not tokens:
                continue
            token = draw(st.sampled_from(tokens))
            text = text[:token.start()] + draw(st.sampled_from(REPLACEMENTS)) + text[token.end():]
        elif kind in ("delete", "repeat", "move"):
            k = draw(st.integers(0, len(lines) - 1))
            line = lines.pop(k)
            if kind == "repeat":
                lines[k:k] = [line] * draw(st.sampled_from([2, 3, 50, 2000]))
            elif kind == "move":
                lines.insert(draw(st.integers(0, len(lines))), line)
            text = "\n".join(lines)
        elif kind == "cut":
            text = text[:draw(st.integers(0, len(text)))]
        else:
            k = draw(st.integers(0, len(text)))
            text = text[:k] + draw(st.text(max_size=20)) + text[k:]
    return text


@contextmanager
def bounded(seconds: int) -> Iterator[None]:
    """Fail the test, saying so, when the block runs longer than ``seconds`` (the command reports
    the interruption as an internal error; the test names the real cause)."""
    fired = []

    def stop(signum: int, frame: object) -> None:
        fired.append(True)
        raise TimeoutError(f"a command ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        assert not fired, f"a command ran longer than {seconds} s"


def _assert_success_or_one_line(result, *args: str) -> None:
    assert result.exit_code in (0, 2), (args, result.exit_code, result.stderr[-2000:], result.exception)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr, args
    problems = [line for line in result.stderr.splitlines() if not line.startswith("chipgame: warning: ")]
    if result.exit_code == 2:
        assert len(problems) == 1 and problems[0].startswith("chipgame: error: "), (args, result.stderr)
        assert "\n" not in problems[0] and "fix: " in problems[0], (args, problems)
    else:
        assert problems == [], (args, result.stderr)


def _check(path: Path, *commands: tuple[str, ...]) -> None:
    for command in commands:
        output = path.parent / "out.html"
        args = (command[0], str(path), *command[1:])
        with bounded(SECONDS):
            result = run(*args)
        _assert_success_or_one_line(result, *args)
        if command[0] == "explore":
            assert output.exists() == (result.exit_code == 0), args   # written whole, or not at all
            output.unlink(missing_ok=True)
            assert not list(path.parent.glob(".out.html.*")), "a temporary file was left behind"


SCENARIOS = {name: seed_file(name).read_text(encoding="utf-8") for name in (*seed_names(), *classic_names())}
CLASSICS = set(classic_names())
GAMBIT = sorted(CORPUS.glob("*.nfg")) if CORPUS.is_dir() else []
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(SCENARIOS)))
def test_mutated_scenarios_succeed_or_fail_in_one_line(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("fuzz") / f"{name}.toml"
    path.write_text(data.draw(mutated(SCENARIOS[name])), encoding="utf-8", errors="surrogatepass")
    commands: list[tuple[str, ...]] = [("solve", "--format", "json"), ("monte-carlo", "--samples", "20")]
    if name in CLASSICS:
        commands += [("closed-forms",), ("explore", "-o", str(path.parent / "out.html"))]
    _check(path, *commands)


@FUZZ
@given(data=st.data())
def test_mutated_gambit_files_succeed_or_fail_in_one_line(tmp_path_factory, data):
    if not GAMBIT:
        pytest.skip(f"no Gambit corpus at {CORPUS}")
    source = data.draw(st.sampled_from(GAMBIT))
    path = tmp_path_factory.mktemp("fuzz") / source.name
    path.write_text(data.draw(mutated(source.read_text(encoding="latin-1"))), encoding="utf-8",
                    errors="surrogatepass")
    _check(path, ("solve", "--format", "json"), ("dynamics", "--steps", "50"))


KNOWN = {
    "a uniform upside down": ("bytedance-vs-cambricon", "low = 0.1, high = 0.5", "low = 60, high = 20"),
    "a mode outside": ("bytedance-vs-cambricon", "mode = 0.5", "mode = 0.9"),
    "a negative sd": ("bytedance-vs-cambricon", 'kind = "uniform", low = 0.6, high = 1',
                      'kind = "normal", mean = 80, sd = -0.1'),
    "a probability of 1.5": ("bytedance-vs-nvidia", "[parameters.p_cut]\nvalue = 0.3",
                             "[parameters.p_cut]\nvalue = 1.5"),
    "a share of -0.2": ("bytedance-vs-cambricon", "value = 0.0625", "value = -0.2"),
}


@pytest.mark.parametrize("case", KNOWN)
def test_known_bad_inputs_fail_in_one_line(tmp_path, case):
    name, old, new = KNOWN[case]
    assert old in SCENARIOS[name], old
    path = tmp_path / f"{name}.toml"
    path.write_text(SCENARIOS[name].replace(old, new, 1), encoding="utf-8")
    for command in (("solve",), ("monte-carlo", "--samples", "20")):
        result = run(command[0], str(path), *command[1:])
        _assert_success_or_one_line(result, *command)
        assert result.exit_code == 2, (case, command, result.output)


@pytest.mark.parametrize("payoff", ["1e400", "9" * 120, "-1e101"])
def test_a_payoff_beyond_float_range_fails_in_one_line(tmp_path, payoff):
    # Found by the fuzz test above: 1e400 read exactly, then overflowed the JSON's floats (exit 1).
    path = tmp_path / "huge.nfg"
    path.write_text('NFG 1 R "huge" { "A" "B" } { 2 2 }\n1 0 0 1 ' + payoff + " 0 0 1\n", encoding="utf-8")
    result = run("solve", str(path), "--format", "json")
    _assert_success_or_one_line(result, "solve")
    assert result.exit_code == 2 and "magnitude" in result.stderr, result.output
