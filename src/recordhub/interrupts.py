"""Ctrl-C and SIGTERM held back while work that must not be torn apart runs."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from signal import _HANDLER


# what stops a command: Ctrl-C, kill, and the terminal closing (where the system has it)
STOPPING = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Held:
    """Notes Ctrl-C, SIGTERM and SIGHUP inside the block, and delivers them once it ends.

    Raised at an arbitrary point, KeyboardInterrupt can land inside a process pool's own
    machinery and leave it broken (errors at exit, workers never stopped). Noted instead, the
    signal is seen by the code in the block (``signals``), which stops its work in order; only
    then does it take effect. Off the main thread, signals cannot be caught, so nothing is held.
    With deliver=False they are only noted: clean-up after a first signal, which decides the
    outcome, must not be cut short by a second.
    """

    def __init__(self, deliver: bool = True) -> None:
        self.signals: list[int] = []
        self.deliver = deliver
        self._previous: dict[int, _HANDLER] = {}

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.signals.append(signum)

    def __enter__(self) -> Held:
        if threading.current_thread() is threading.main_thread():
            for signum in STOPPING:
                # one the process ignores (a shell starts background jobs ignoring Ctrl-C)
                # stays ignored: noted, it would stop the work, and then do nothing
                if signal.getsignal(signum) is not signal.SIG_IGN:
                    self._previous[signum] = signal.signal(signum, self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        if self.signals and self.deliver:
            signal.raise_signal(self.signals[0])  # now the cli's own handling applies
            # a handler that returned: the work in the block was cut short all the same, and
            # must not be taken for finished
            raise KeyboardInterrupt
