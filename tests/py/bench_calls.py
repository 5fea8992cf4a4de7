"""wechatpy's side of the call-overhead benchmark (tests/benches/calls.rs).

Usage: bench_calls.py BASE_URL N [THREADS]
Creates N temporary QR codes through wechatpy's WeChatClient (its requests session, its
JSON encoding and errcode check), against the same loopback server as wx, with a fixed
access token; one at a time, or spread over THREADS threads (a client per thread, as
requests sessions are not meant to be shared). Prints `calls_per_sec <value>`.
"""
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from wechatpy import WeChatClient

_local = threading.local()


def make_client(base):
    client = WeChatClient("wx-bench", "secret", access_token="bench-token")
    client.API_BASE_URL = base.rstrip("/") + "/cgi-bin/"
    client.expires_at = time.time() + 7200
    return client


def create(client, scene_id):
    reply = client.qrcode.create(
        {"expire_seconds": 60, "action_name": "QR_SCENE", "action_info": {"scene": {"scene_id": scene_id}}}
    )
    assert reply["ticket"]


def main():
    base, n = sys.argv[1], int(sys.argv[2])
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if threads <= 1:
        client = make_client(base)
        for i in range(min(20, n)):  # warm-up: connection pool, imports
            create(client, i + 1)
        start = time.perf_counter()
        for i in range(n):
            create(client, i + 1)
        elapsed = time.perf_counter() - start
    else:

        def call(i):
            client = getattr(_local, "client", None)
            if client is None:
                client = _local.client = make_client(base)
            create(client, i + 1)

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(call, range(threads * 4)))  # warm-up: a client and a connection each
            start = time.perf_counter()
            list(pool.map(call, range(n)))
            elapsed = time.perf_counter() - start
    print(f"calls_per_sec {n / elapsed:.1f}")


if __name__ == "__main__":
    main()
