"""Inside Gambit's worker process: the game as JSON data, built as a pygambit game, solved by Gambit's methods."""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..games import Game

__all__ = ["gambit_game", "game_payload", "serve"]

_SIMPDIV_MAXREGRET = (1, 10**12)  # Gambit's acceptance, relative to the payoff range


def game_payload(game: Game) -> dict[str, Any]:
    """The game as JSON-ready data: payoffs as exact fraction strings (floats by their exact value)."""
    arrays = []
    for player in range(game.n_players):
        values = game.payoff_array(player)
        arrays.append([str(v if isinstance(v, Fraction) else Fraction(float(v))) for v in values.flat])
    return {
        "op": "load",
        "title": game.title,
        "players": list(game.players),
        "strategies": [list(s) for s in game.strategies],
        "shape": list(game.shape),
        "payoffs": arrays,
    }


def serve() -> None:
    """The worker's loop: read one JSON request per line on stdin, answer one line on stdout.

    Requests: the game (``game_payload``), then runs ``{"op": "enumpoly" | "gnm" | "simpdiv",
    "seed": k}``. Replies: ``{"ok": true, "profiles": [...], "rational": bool}`` or
    ``{"ok": false, "error": "..."}``.
    """
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray output from Gambit cannot garble replies
    _exit_with_parent()
    try:
        import pygambit
    except Exception as error:  # noqa: BLE001 -- report why the import failed, then stop
        channel.write(json.dumps({"ok": False, "id": None, "error": f"{type(error).__name__}: {error}"}) + "\n")
        return
    channel.write(json.dumps({"ok": True, "id": None, "version": pygambit.__version__}) + "\n")
    game = None
    for line in sys.stdin:
        request: dict[str, Any] = {}
        try:
            request = json.loads(line)
            if request["op"] == "load":
                game = gambit_game(pygambit, request)
                reply: dict[str, Any] = {"ok": True}
            else:
                profiles, rational = _solve(pygambit, game, request["op"], int(request.get("seed", 0)))
                reply = {"ok": True, "profiles": profiles, "rational": rational}
        except Exception as error:  # noqa: BLE001 -- the parent decides what a failure means
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        channel.write(json.dumps({**reply, "id": request.get("id")}) + "\n")


def _exit_with_parent() -> None:
    """On Linux, have the kernel kill this worker if the parent dies (a stuck run would
    otherwise go on alone)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _solve(gbt: Any, game: Any, method: str, seed: int) -> tuple[list[Any], bool]:
    if game is None:
        raise ValueError("no game loaded")
    players = list(game.players)
    if method == "enumpoly":
        result = gbt.nash.enumpoly_solve(game)
    elif method == "gnm":
        rng = random.Random(seed)
        perturbation = game.mixed_strategy_profile()
        for player in players:
            strategies = list(player.strategies)
            for k, strategy in enumerate(strategies):
                if seed >= 2:
                    perturbation[strategy] = rng.random()
                else:
                    perturbation[strategy] = float(k == min(seed, len(strategies) - 1))
        result = gbt.nash.gnm_solve(perturbation)
    elif method == "simpdiv":
        start = game.mixed_strategy_profile(rational=True)  # the centroid
        if seed > 0:
            rng = random.Random(seed)
            for player in players:
                chosen = rng.randrange(len(player.strategies))
                for k, strategy in enumerate(player.strategies):
                    start[strategy] = gbt.Rational(int(k == chosen))
        result = gbt.nash.simpdiv_solve(start, maxregret=gbt.Rational(*_SIMPDIV_MAXREGRET))
    else:
        raise ValueError(f"unknown method {method!r}")
    rational = method == "simpdiv"
    profiles = [
        [[str(eq[s]) if rational else float(eq[s]) for s in player.strategies] for player in players]
        for eq in result.equilibria
    ]
    return profiles, rational


def gambit_game(gbt: Any, payload: dict[str, Any]) -> Any:
    """Build a pygambit strategic game from ``game_payload`` data, payoffs as Gambit rationals."""
    import numpy as np

    shape = tuple(payload["shape"])
    arrays = []
    for values in payload["payoffs"]:
        array = np.empty(len(values), dtype=object)
        array[:] = [gbt.Rational(v) for v in values]
        arrays.append(array.reshape(shape))
    game = gbt.Game.from_arrays(*arrays, title=_label(payload["title"]) or "chipgame")
    players = list(game.players)
    _relabel(players, _labels(payload["players"], "Player "))
    for player, names in zip(players, payload["strategies"]):
        _relabel(list(player.strategies), _labels(names, ""))
    return game


def _label(text: str) -> str:
    """``text`` as a label Gambit accepts: printable ASCII, single spaces, no outer spaces."""
    return " ".join("".join(c if " " <= c <= "~" else "?" for c in text).split())


def _labels(names: Sequence[str], prefix: str) -> list[str]:
    """Gambit labels for ``names``: cleaned up, numbered where empty or taken."""
    labels: list[str] = []
    for number, name in enumerate(names, start=1):
        label = _label(name)
        if not label or label in labels:
            label = f"{prefix}{number}"
            while label in labels or label in names:
                label += "'"
        labels.append(label)
    return labels


def _relabel(items: list[Any], labels: list[str]) -> None:
    """Set labels in two passes, so no intermediate state repeats a label."""
    for number, item in enumerate(items):
        item.label = f"__chipgame_{number}"
    for item, label in zip(items, labels):
        item.label = label
