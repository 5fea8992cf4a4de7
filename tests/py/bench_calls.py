"""wechatpy's side of the call-overhead benchmark (tests/benches/calls.rs).

Usage: bench_calls.py BASE_URL N
Creates N temporary QR codes one after the other through wechatpy's WeChatClient (its
requests session, its JSON encoding and errcode check), against the same loopback server
as wx, with a fixed access token; prints `calls_per_sec <value>`.
"""
import sys
import time

from wechatpy import WeChatClient


def main():
    base, n = sys.argv[1], int(sys.argv[2])
    client = WeChatClient("wx-bench", "secret", access_token="bench-token")
    client.API_BASE_URL = base.rstrip("/") + "/cgi-bin/"
    client.expires_at = time.time() + 7200
    for _ in range(min(20, n)):  # warm-up: connection pool, imports
        client.qrcode.create({"expire_seconds": 60, "action_name": "QR_SCENE", "action_info": {"scene": {"scene_id": 1}}})
    start = time.perf_counter()
    for i in range(n):
        reply = client.qrcode.create(
            {"expire_seconds": 60, "action_name": "QR_SCENE", "action_info": {"scene": {"scene_id": i + 1}}}
        )
        assert reply["ticket"]
    elapsed = time.perf_counter() - start
    print(f"calls_per_sec {n / elapsed:.1f}")


if __name__ == "__main__":
    main()
