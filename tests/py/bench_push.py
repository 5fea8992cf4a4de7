#!/usr/bin/env python3
"""wechatpy counterpart of tests/benches/push.rs: verify + decrypt + parse, one core.

Reads {"token", "encoding_aes_key", "app_id", "envelope", "msg_signature", "timestamp",
"nonce", "quick"} as JSON on stdin (the Rust bench sends the very envelope it timed) and
prints {"msgs_per_sec": ...}. Warm-up, then the median of several timed runs.
"""
import json
import statistics
import sys
import time

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto


def main():
    req = json.load(sys.stdin)
    crypto = WeChatCrypto(req["token"], req["encoding_aes_key"], req["app_id"])
    env, sig, ts, nonce = req["envelope"], req["msg_signature"], req["timestamp"], req["nonce"]

    def op():
        return parse_message(crypto.decrypt_message(env, sig, ts, nonce))

    msg = op()
    assert msg.event == "subscribe_scan" and msg.scene_id == "123123", msg
    quick = req.get("quick", False)
    warm, run_len, runs = (0.02, 0.05, 1) if quick else (0.3, 0.5, 7)
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < warm:
        op()
        n += 1
    iters = max(1, int(run_len / ((time.perf_counter() - start) / max(n, 1))))
    rates = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(iters):
            op()
        rates.append(iters / (time.perf_counter() - t))
    json.dump({"msgs_per_sec": statistics.median(rates), "iters": iters, "runs": runs}, sys.stdout)


if __name__ == "__main__":
    main()
