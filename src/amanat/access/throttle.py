"""Slowing down password guessing without letting an attacker lock anyone out.

Two limits on failed sign-ins, with the ``limits`` library's moving windows:

- per client address, on every account together: a guesser from one address soon
  waits, whatever names they try;
- per client address and account: five failures lock that address out of that
  account for a while, and nobody else.

The account's own lockout (``passwords``, after ten failures from anywhere) then
stops a guesser spread over many addresses — but not the account's owner on a
device they signed in from before: such a device carries a signed cookie naming the
account (``service.web.device``), and neither the account's lockout nor the limit on
the address as a whole applies to it (OWASP's "device cookies").  So an anonymous
attacker can slow the account down for everyone else, never lock its owner out —
not even behind a reverse proxy that makes every client one address (configure the
proxy's address as trusted for forwarded headers, ``FORWARDED_ALLOW_IPS``, so that
each client is itself).

Counts live in each server process's memory: with N workers an address may try N
times the limit before every worker has refused it, which still caps guessing at a
few dozen passwords an hour.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from limits import RateLimitItem, parse_many, storage, strategies

PER_ADDRESS = parse_many("20/minute;200/hour")
# A limit and the keys of its counter.
Keyed = tuple[RateLimitItem, tuple[str, ...]]
PER_ADDRESS_AND_ACCOUNT = parse_many("5/15 minutes")


class SignInThrottle:
    def __init__(self) -> None:
        self._storage = storage.MemoryStorage()
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)
        self._lock = threading.Lock()

    def _limits(self, address: str, account: str, trusted: bool = False) -> list[Keyed]:
        own: list[Keyed] = [
            (item, ("account", address, account.casefold())) for item in PER_ADDRESS_AND_ACCOUNT
        ]
        if trusted:
            return own
        whole: list[Keyed] = [(item, ("address", address)) for item in PER_ADDRESS]
        return whole + own

    def wait(self, address: str, account: str, *, trusted: bool = False) -> dt.timedelta | None:
        """How long ``address`` must wait before trying ``account`` again; None: it may.
        ``trusted``: the client carries the account's device cookie, so the limit on the
        address as a whole (which a crowd behind one proxy shares) does not stop it."""
        waits = []
        with self._lock:
            for item, keys in self._limits(address, account, trusted):
                if not self._limiter.test(item, *keys):
                    stats = self._limiter.get_window_stats(item, *keys)
                    waits.append(stats.reset_time)
        if not waits:
            return None
        return dt.timedelta(seconds=max(1.0, max(waits) - time.time()))

    def failed(self, address: str, account: str) -> bool:
        """Count a failure; True when it used up a limit (the address waits from now)."""
        with self._lock:
            for item, keys in self._limits(address, account):
                self._limiter.hit(item, *keys)
            return any(
                not self._limiter.test(item, *keys) for item, keys in self._limits(address, account)
            )

    def reset(self) -> None:
        """Forget every count (tests)."""
        with self._lock:
            self._storage.reset()


# One per process: the service's sign-ins share it.
THROTTLE = SignInThrottle()
