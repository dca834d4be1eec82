"""The load clients of ``service_load.py``: a minimal HTTP/1.1 keep-alive client,
closed or open loop, and the latency figures."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HOST = "127.0.0.1"
Request = tuple[str, str, str, bytes]  # operation, method, path, body
Plan = tuple[dict[str, str], Callable[[random.Random], Request]]


# -- a minimal HTTP/1.1 keep-alive client ------------------------------------------------
# Far lighter than a general-purpose client, so that on a small machine the clients
# take as little CPU from the server as possible; the baseline is measured the same way.


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection(HOST, port))

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length, chunked = 0, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
            elif name.strip().lower() == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
        content = await self._chunks() if chunked else await self.reader.readexactly(length)
        return int(head[9:12]), content

    async def _chunks(self) -> bytes:
        parts = []
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append((await self.reader.readexactly(size + 2))[:-2])
        await self.reader.readuntil(b"\r\n")
        return b"".join(parts)

    def close(self) -> None:
        self.writer.close()


@dataclass(frozen=True)
class Sample:
    op: str
    status: int
    latency: float  # seconds


async def _client(
    port: int, plan: Plan, stop_at: float, interval: float | None, seed: int, out: list[Sample]
) -> None:
    headers, make = plan
    rng = random.Random(seed)
    connection = await Connection.open(port)
    due = time.monotonic() + (rng.random() * interval if interval else 0.0)
    try:
        while True:
            if interval and due > time.monotonic():  # open loop: wait until due
                await asyncio.sleep(due - time.monotonic())
            start = due if interval else time.monotonic()
            if start >= stop_at:
                return
            op, method, path, body = make(rng)
            try:
                status, _ = await connection.request(method, path, headers, body)
            except (asyncio.IncompleteReadError, ConnectionError):
                # uvicorn closes a connection idle for 5 s (open loop, low rate): the
                # request was not read, so sending it again on a new one is safe.
                connection.close()
                connection = await Connection.open(port)
                status, _ = await connection.request(method, path, headers, body)
            out.append(Sample(op, status, time.monotonic() - start))
            if interval:
                due += rng.expovariate(1.0 / interval)
    finally:
        connection.close()


def run_clients(
    port: int, plans: list[Plan], seconds: float, rate: float | None, seed: int = 0
) -> tuple[list[Sample], float]:
    """Every plan a client on its own connection, for ``seconds``."""

    async def run() -> list[Sample]:
        out: list[Sample] = []
        stop_at = time.monotonic() + seconds
        interval = len(plans) / rate if rate else None
        clients = (
            _client(port, plan, stop_at, interval, seed * 1000 + i, out)
            for i, plan in enumerate(plans)
        )
        await asyncio.gather(*clients)
        return out

    started = time.monotonic()
    samples = asyncio.run(run())
    return samples, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def figures(samples: list[Sample], seconds: float) -> dict[str, dict[str, Any]]:
    def summary(chosen: list[Sample]) -> dict[str, Any]:
        ms = [s.latency * 1000 for s in chosen if 200 <= s.status < 300]
        return {
            "requests": len(chosen),
            "errors": len(chosen) - len(ms),
            "throughput_rps": round(len(ms) / seconds, 1),
            "p50_ms": round(percentile(ms, 0.50), 1),
            "p95_ms": round(percentile(ms, 0.95), 1),
            "p99_ms": round(percentile(ms, 0.99), 1),
        }

    ops = sorted({s.op for s in samples})
    return {"all": summary(samples)} | {
        op: summary([s for s in samples if s.op == op]) for op in ops
    }
