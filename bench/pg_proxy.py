"""A bounded delay proxy for PostgreSQL on 127.0.0.1, which also counts round trips.

Used by bench/pg_latency.py (with a delay) and tests/test_pg_round_trips.py (without one).
Every chunk read from either side is held for `delay` seconds, in order, then passed on. A
round trip is counted each time the client sends after the server last spoke (so a client's
closing Terminate message counts as one, though it waits for nothing). It listens on
127.0.0.1 only, on a free port, and stops after `timeout` seconds whatever happens, or at
`close()`.
"""

import asyncio
import threading


class DelayProxy:
    """A TCP proxy on 127.0.0.1 that delays every chunk by `delay` seconds each way, in order,
    and counts round trips. Runs its own event loop in a thread; `close` (or the timeout) stops it."""

    def __init__(self, upstream: tuple[str, int], delay: float, timeout: float) -> None:
        self.upstream, self.delay, self.timeout = upstream, delay, timeout
        self.round_trips = self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._loop.call_later(self.timeout, self._loop.stop)  # stops by itself, whatever happens
        self._ready.set()
        self._loop.run_forever()
        self._server.close()

    def reset(self) -> int:
        trips, self.round_trips = self.round_trips, 0
        return trips

    async def _serve(self, client_r, client_w) -> None:
        self.connections += 1
        server_r, server_w = await asyncio.open_connection(*self.upstream)
        state = {"last": "server"}  # the client opens, so its first message is a round trip
        await asyncio.gather(self._pipe(client_r, server_w, state, "client"),
                             self._pipe(server_r, client_w, state, "server"), return_exceptions=True)

    async def _pipe(self, reader, writer, state: dict, side: str) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def send() -> None:
            while (item := await queue.get()) is not None:
                due, data = item
                await asyncio.sleep(max(0.0, due - self._loop.time()))
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(send())
        try:
            while data := await reader.read(1 << 16):
                if side == "client" and state["last"] == "server":
                    self.round_trips += 1
                state["last"] = side
                queue.put_nowait((self._loop.time() + self.delay, data))
        finally:
            queue.put_nowait(None)
            await sender

    def close(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._stop)
        self._thread.join(5)

    def _stop(self) -> None:
        for task in asyncio.all_tasks(self._loop):
            task.cancel()
        self._loop.call_soon(self._loop.stop)
