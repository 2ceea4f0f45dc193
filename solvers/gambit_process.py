"""The parent's side of Gambit's worker process: one shared, asked under a time limit, replaced when stuck."""

from __future__ import annotations

import atexit
import importlib.util
import json
import queue
import subprocess
import sys
import threading
import time
from typing import Any

from ..errors import SolverError

__all__ = ["LOCK", "GambitSession", "RunOutcome"]

_START_SECONDS = 120.0  # worker start-up (imports pygambit): generous, it is not a computation
_IDLE_SECONDS = 60.0  # an idle worker is stopped after this long


class RunOutcome:
    """What one Gambit run gave: status "ok", "timeout", "crash", "error" or "skipped"."""

    def __init__(self, status: str, candidates: list[Any] | None = None, rational: bool = False,
                 message: str = "") -> None:
        self.status = status
        self.candidates = candidates or []
        self.rational = rational
        self.message = message

    def describe(self) -> str:
        return {
            "timeout": f"did not finish within {self.message} s",
            "crash": "crashed",
            "error": f"failed ({self.message})",
            "skipped": "was not run (time limit reached)",
        }.get(self.status, "finished")


class GambitSession:
    """The Gambit runs of one call: loads the game into the shared worker, replaces the
    worker after a run that overruns its time or crashes, and keeps the overall deadline."""

    def __init__(self, payload: dict[str, Any], deadline: float) -> None:
        self.payload = payload
        self.deadline = deadline
        self.worker: _WorkerProcess | None = None

    def run(self, request: dict[str, Any], seconds: float) -> RunOutcome:
        """One Gambit run, given at most ``seconds`` (and never past the deadline)."""
        if self.deadline - time.monotonic() <= 0:
            return RunOutcome("skipped")
        try:
            if self.worker is None or not self.worker.alive():
                self.worker = _shared_worker()
                loaded = self._ask(self.payload, self.deadline - time.monotonic())
                if loaded.status != "ok":
                    return loaded
            return self._ask(request, min(seconds, self.deadline - time.monotonic()))
        except BaseException:  # interrupted (KeyboardInterrupt): the worker may be mid-run
            self._discard()
            raise

    def _ask(self, request: dict[str, Any], seconds: float) -> RunOutcome:
        assert self.worker is not None
        seconds = max(seconds, 0.1)
        reply = self.worker.ask(request, seconds)
        if isinstance(reply, str):
            self._discard()
            return RunOutcome(reply, message=f"{seconds:g}")
        if not reply.get("ok"):
            return RunOutcome("error", message=str(reply.get("error", "unknown error")))
        return RunOutcome("ok", reply.get("profiles", []), bool(reply.get("rational")))

    def _discard(self) -> None:
        """Stop the worker (it may be stuck); the next run starts a new one."""
        global _WORKER
        if self.worker is not None:
            self.worker.stop()
            if _WORKER is self.worker:
                _WORKER = None
        self.worker = None

    def close(self) -> None:
        _schedule_idle_stop()


class _WorkerProcess:
    """A Python process that imports pygambit and answers requests, one JSON line each way."""

    def __init__(self) -> None:
        if importlib.util.find_spec("pygambit") is None:
            raise SolverError("method 'gambit' needs pygambit, which is not installed",
                              fix="pip install 'chipgame[gambit]', or use the method 'auto'")
        if not sys.executable:
            raise SolverError("cannot start Gambit's worker process: the Python executable is unknown",
                              fix="run chipgame from a regular Python interpreter")
        boot = ("import json, sys; sys.path[:0] = json.loads(sys.argv[1]); "
                "from chipgame.solvers.gambit_worker import serve; serve()")
        self.process = subprocess.Popen(
            [sys.executable, "-c", boot, json.dumps(sys.path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1,
        )
        self.replies: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, name="gambit-worker-reader", daemon=True).start()
        self.requests = 0
        self.last_used = time.monotonic()
        ready = self._reply(None, _START_SECONDS)
        if isinstance(ready, str) or not ready.get("ok"):
            self.stop()
            detail = "" if isinstance(ready, str) else f": {ready.get('error')}"
            raise SolverError(f"Gambit's worker process did not start{detail}",
                              fix="check that pygambit imports in this Python environment")

    def _read(self) -> None:
        assert self.process.stdout is not None
        try:
            for line in self.process.stdout:
                self.replies.put(line)
        except (OSError, ValueError):  # the pipe was closed under us
            pass
        self.replies.put(None)

    def alive(self) -> bool:
        return self.process.poll() is None

    def ask(self, request: dict[str, Any], seconds: float) -> dict[str, Any] | str:
        """The worker's reply to ``request``, or "timeout" / "crash"."""
        self.requests += 1
        self.last_used = time.monotonic()
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps({**request, "id": self.requests}) + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError):
            return "crash"
        reply = self._reply(self.requests, seconds)
        self.last_used = time.monotonic()
        return reply

    def _reply(self, number: int | None, seconds: float) -> dict[str, Any] | str:
        """The reply numbered ``number`` (stale replies are skipped), or "timeout" / "crash"."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.replies.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                return "timeout"
            if line is None:
                return "crash"
            try:
                reply: dict[str, Any] = json.loads(line)
            except ValueError:
                return "crash"
            if reply.get("id") == number:
                return reply

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


LOCK = threading.RLock()
_WORKER: _WorkerProcess | None = None
_IDLE_TIMER: threading.Timer | None = None


def _shared_worker() -> _WorkerProcess:
    """The running worker, started (or restarted) when needed."""
    global _WORKER
    if _WORKER is None or not _WORKER.alive():
        if _WORKER is not None:
            _WORKER.stop()
        _WORKER = None
        _WORKER = _WorkerProcess()
    return _WORKER


def _schedule_idle_stop() -> None:
    global _IDLE_TIMER
    if _IDLE_TIMER is not None:
        _IDLE_TIMER.cancel()
    _IDLE_TIMER = threading.Timer(_IDLE_SECONDS, _stop_if_idle)
    _IDLE_TIMER.daemon = True
    _IDLE_TIMER.start()


def _stop_if_idle() -> None:
    global _WORKER
    with LOCK:
        if _WORKER is not None and time.monotonic() - _WORKER.last_used >= _IDLE_SECONDS - 1:
            _WORKER.stop()
            _WORKER = None


@atexit.register
def _stop_worker() -> None:
    global _WORKER
    if _WORKER is not None:
        _WORKER.stop()
        _WORKER = None
