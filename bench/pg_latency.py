"""tracker on PostgreSQL at a distance: time and round trips, direct and through a delay proxy.

    .venv/bin/python bench/pg_latency.py                       # 20 ms round trip, 5 runs each
    .venv/bin/python bench/pg_latency.py --rtt 40 --runs 3 --server postgresql+psycopg://tracker@127.0.0.1:55432/postgres

Creates a database of its own on the server (dropped at the end), loads the seeds into it with
`tracker seed`, then times each of these straight to the server and through a proxy on
127.0.0.1 that holds every packet for half the round trip each way: TUI start to the dashboard
showing its data (bench/tui.py's pseudo-terminal), `tracker list workstreams --format json`,
`tracker rag 5.5.1 ...`, `tracker history`, `tracker report`, and in process one RAG save
through the store and a page of history. Beside each time: the statements SQLAlchemy ran
(bench/pg_count.py), the transactions it began, and the round trips the proxy saw (a round
trip: the client sends after the server last spoke). The proxy listens on 127.0.0.1 only, and
stops when the bench ends or after --timeout seconds, whichever is first.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import pg_count  # noqa: E402  (counts statements in process)
from pg_proxy import DelayProxy  # noqa: E402
from tui import Terminal  # noqa: E402

SEEDS_MARKER = b"10 reported"
"""The dashboard's summary line once its data is on screen (the seeds)."""


def _admin(server: str):
    from sqlalchemy import create_engine

    return create_engine(server, isolation_level="AUTOCOMMIT")


def create_database(server: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    with _admin(server).connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_database(server: str, name: str) -> None:
    with _admin(server).connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def via(url: str, port: int) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


class Bench:
    def __init__(self, options, url: str, proxy: DelayProxy, folder: Path) -> None:
        self.options, self.url, self.proxy, self.folder = options, url, proxy, folder
        self.env = {**os.environ, "TERM": "xterm-256color", "TRACKER_USER": "bench",
                    "TRACKER_CONFIG": str(folder / "no-config.toml"), "XDG_STATE_HOME": str(folder / "state")}
        self.rag_runs = 0

    def urls(self) -> dict[str, str]:
        return {"direct": self.url, "proxy": via(self.url, self.proxy.port)}

    def command(self, words: list[str], runs: int) -> dict:
        """A CLI command's median time each way, and (through the proxy) its counts."""
        result = {}
        for way, url in self.urls().items():
            times, trips = [], []
            for _ in range(runs):
                self.proxy.reset()
                began = time.perf_counter()
                subprocess.run([sys.executable, "-m", "tracker", "--db", url, *self._words(words)], env=self.env,
                               check=True, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - began)
                trips.append(self.proxy.reset())
            result[way] = statistics.median(times)
            if way == "proxy":
                result["round_trips"] = statistics.median(trips)
        result.update(self._counted(words))
        return result

    def _words(self, words: list[str]) -> list[str]:
        if words[0] != "rag":
            return words
        self.rag_runs += 1  # each run changes the rating, so each one writes
        return [*words, "--note", f"Bench run {self.rag_runs}: on plan"]

    def _counted(self, words: list[str]) -> dict:
        out = self.folder / "counts.json"
        subprocess.run([sys.executable, str(Path(__file__).parent / "pg_count.py"), str(out), "--",
                        "--db", self.urls()["proxy"], *self._words(words)], env=self.env, check=True,
                       stdout=subprocess.DEVNULL)
        counts = json.loads(out.read_text())
        return {"statements": counts.get("statements", 0), "begins": counts.get("begins", 0),
                "connections": counts.get("connections", 0), "sql": counts.get("sql", [])}

    def tui(self, runs: int) -> dict:
        result = {}
        for way, url in self.urls().items():
            times, trips = [], []
            for _ in range(runs):
                self.proxy.reset()
                term = Terminal([sys.executable, "-m", "tracker", "--db", url], self.env, (80, 24))
                times.append(term.wait_for(SEEDS_MARKER))
                trips.append(self.proxy.reset())
                term.close()
            result[way] = statistics.median(times)
            if way == "proxy":
                result["round_trips"] = statistics.median(trips)
        return result

    def in_process(self, runs: int) -> dict[str, dict]:
        """One RAG save through the store, and a page of history, each way."""
        from sqlmodel import Session
        from tracker.db import store
        from tracker.db.changes import history
        from tracker.db.engine import open_database

        found: dict[str, dict] = {"save": {}, "page": {}}
        for way, url in self.urls().items():
            engine = open_database(url)
            with Session(engine, expire_on_commit=False) as session:
                store.set_rating(session=session, ref="5.5.1", period="2023", rag="amber", rationale="warm-up",
                                 actor="bench")
                history(session, limit=500)
                for name, call in (("save", self._save(session, store)), ("page", lambda: history(session, limit=500))):
                    times, counts = [], []
                    for _ in range(runs):
                        pg_count.reset()
                        self.proxy.reset()
                        began = time.perf_counter()
                        call()
                        times.append(time.perf_counter() - began)
                        sql = pg_count.STATEMENTS[:]
                        counts.append((pg_count.reset(), self.proxy.reset()))
                    found[name][way] = statistics.median(times)
                    if way == "proxy":
                        found[name]["round_trips"] = statistics.median(t for _, t in counts)
                        found[name]["statements"] = statistics.median(c.get("statements", 0) for c, _ in counts)
                        found[name]["begins"] = statistics.median(c.get("begins", 0) for c, _ in counts)
                        found[name]["sql"] = sql
            engine.dispose()
        return found

    def _save(self, session, store):
        def save() -> None:
            self.rag_runs += 1
            store.set_rating(session=session, ref="5.5.1", period="2023", rag=("green", "amber")[self.rag_runs % 2],
                             rationale=f"In-process save {self.rag_runs}", actor="bench")
        return save


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default=os.environ.get("TRACKER_TEST_PG_URL",
                                                           "postgresql+psycopg://tracker@127.0.0.1:55432/postgres"))
    parser.add_argument("--rtt", type=float, default=20, help="round trip added by the proxy, in ms")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900, help="the proxy stops by itself after this many seconds")
    parser.add_argument("--show-sql", action="store_true", help="print the statements each measurement ran")
    options = parser.parse_args()
    from sqlalchemy.engine import make_url

    server = make_url(options.server)
    name = f"tracker_bench_{os.getpid()}"
    folder = Path(tempfile.mkdtemp(prefix="tracker-pg-bench-"))
    proxy = DelayProxy((server.host or "127.0.0.1", server.port or 5432), options.rtt / 2000, options.timeout)
    url = create_database(options.server, name)
    try:
        bench = Bench(options, url, proxy, folder)
        subprocess.run([sys.executable, "-m", "tracker", "--db", url, "seed"], env=bench.env, check=True,
                       stdout=subprocess.DEVNULL)
        rows = [("TUI start to dashboard (seeds)", bench.tui(options.runs))]
        for label, words in (
            ("`tracker list workstreams --format json`", ["list", "workstreams", "--format", "json"]),
            ("`tracker rag 5.5.1 green --period 2023 --note ...`", ["rag", "5.5.1", "green", "--period", "2023"]),
            ("`tracker history`", ["history"]),
            ("`tracker report -P collab --period 2023 -o r.md`", ["report", "-P", "collab", "--period", "2023", "-o", str(folder / "r.md")]),
        ):
            rows.append((label, bench.command(words, options.runs)))
        measured = bench.in_process(options.runs * 4)
        rows += [("one RAG save through the store, in process", measured["save"]),
                 ("a page of history (500 events), in process", measured["page"])]
        _print(options, rows, proxy)
    finally:
        proxy.close()
        drop_database(options.server, name)


def _print(options, rows, proxy) -> None:
    print(f"\nPostgreSQL at {options.server.split('@')[-1]}, the seeds; median of {options.runs} runs "
          f"(in process: {options.runs * 4}); proxy round trip {options.rtt:g} ms; load average "
          f"{os.getloadavg()[0]:.1f}\n")
    print(f"| what | direct | {options.rtt:g} ms round trip | extra | round trips | statements | transactions |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, r in rows:
        unit, scale = ("ms", 1000) if r["direct"] < 0.2 else ("s", 1)
        fmt = (lambda v: f"{v * scale:.1f} {unit}") if unit == "ms" else (lambda v: f"{v:.2f} s")
        print(f"| {label} | {fmt(r['direct'])} | {fmt(r['proxy'])} | +{fmt(r['proxy'] - r['direct'])} | "
              f"{r['round_trips']:g} | {r.get('statements', '—')} | {r.get('begins', '—')} |")
    if options.show_sql:
        for label, r in rows:
            print(f"\n{label}:\n  " + "\n  ".join(r.get("sql", [])))


if __name__ == "__main__":
    main()
