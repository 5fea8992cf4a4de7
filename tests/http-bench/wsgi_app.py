"""Python counterpart of tests/benches/http.rs: wechatpy behind gunicorn, safe mode.

A WSGI app that verifies and decrypts an encrypted push (WeChatCrypto.decrypt_message),
parses it (parse_message) and answers a text message with an encrypted text reply
"got <Content>" (TextReply + WeChatCrypto.encrypt_message), as wechatpy's documentation
shows. Configuration from the environment: WX_TOKEN, WX_AES_KEY, WX_APP_ID.
"""
import os
from urllib.parse import parse_qs

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply

crypto = WeChatCrypto(os.environ["WX_TOKEN"], os.environ["WX_AES_KEY"], os.environ["WX_APP_ID"])


def app(environ, start_response):
    query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    try:
        xml = crypto.decrypt_message(
            body, query.get("msg_signature", ""), query.get("timestamp", ""), query.get("nonce", "")
        )
    except (InvalidSignatureException, InvalidAppIdException):
        start_response("403 Forbidden", [("Content-Type", "text/plain"), ("Content-Length", "9")])
        return [b"forbidden"]
    msg = parse_message(xml)
    if msg.type == "text":
        reply = TextReply(content="got " + msg.content, message=msg)
        out = crypto.encrypt_message(reply.render(), query.get("nonce", "")).encode()
    else:
        out = b"success"
    start_response("200 OK", [("Content-Type", "application/xml"), ("Content-Length", str(len(out)))])
    return [out]
