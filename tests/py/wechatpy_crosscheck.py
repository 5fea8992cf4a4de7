#!/usr/bin/env python3
"""Cross-check wx's push crypto against wechatpy.

Protocol: one JSON document on stdin, one on stdout; argv[1] picks the direction.

  encrypt: {"token", "encoding_aes_key", "app_id", "items": [{"msg", "nonce", "timestamp"}]}
        -> {"items": [{"envelope": <wechatpy encrypt_message XML>,
                        "parsed": {"type", "source", "target", "id", ...}}]}
     (wx then verifies + decrypts each envelope and compares with "msg")
  decrypt: {"token", "encoding_aes_key", "app_id",
            "items": [{"envelope", "msg_signature", "timestamp", "nonce"}]}
        -> {"items": [{"ok": true, "plain": ...} | {"ok": false, "error": ...}]}
     (wx encrypted each envelope; wechatpy must verify and decrypt it)
"""
import json
import sys

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto


def parsed_summary(xml):
    m = parse_message(xml)
    out = {"type": m.type, "source": m.source, "target": m.target, "id": m.id}
    for attr in ("content", "event", "scene_id", "key", "ticket"):
        v = getattr(m, attr, None)
        if v is not None:
            out[attr] = v if isinstance(v, (str, int)) else str(v)
    return out


def main():
    mode = sys.argv[1]
    req = json.load(sys.stdin)
    crypto = WeChatCrypto(req["token"], req["encoding_aes_key"], req["app_id"])
    items = []
    if mode == "encrypt":
        for it in req["items"]:
            env = crypto.encrypt_message(it["msg"], it["nonce"], it["timestamp"])
            items.append({"envelope": env, "parsed": parsed_summary(it["msg"])})
    elif mode == "decrypt":
        for it in req["items"]:
            try:
                plain = crypto.decrypt_message(
                    it["envelope"], it["msg_signature"], it["timestamp"], it["nonce"]
                )
                items.append({"ok": True, "plain": plain})
            except Exception as e:  # report, let the Rust side decide
                items.append({"ok": False, "error": type(e).__name__})
    else:
        sys.exit("usage: wechatpy_crosscheck.py encrypt|decrypt < request.json")
    json.dump({"items": items}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
