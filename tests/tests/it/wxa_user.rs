//! Mini Program login state and user information against the sandbox: the login-state
//! signature (official vector), session check and reset, phone number, paid UnionID,
//! encrypted-data check, encryption keys, plugin openpid; limits refused before sending.

use wx_api::wxa::{login, user};
use wx_api::{Error, Secret};
use wx_sandbox::{Sandbox, DEFAULT_MINI_PROGRAM_ID};

pub(crate) use wx_tests::mp_client as mini_program;

pub(crate) fn code_of(err: &Error) -> Option<i64> {
    err.code().map(|c| c.code())
}

#[test]
fn session_signature_matches_the_official_vector() {
    // The "user login-state signature" page: key o0q0otL8aEzpcZL/FT9WsQ==, POST body {"foo":"bar"}.
    let key = Secret::new("o0q0otL8aEzpcZL/FT9WsQ==");
    assert_eq!(
        login::session_signature(&key, br#"{"foo":"bar"}"#),
        "654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b"
    );
    // A key longer than SHA-256's 64-byte block is hashed first (RFC 4231 test case 6).
    // (Vector from Python's hmac module: hmac.new(b"k" * 100, b"", sha256).)
    assert_eq!(
        login::session_signature(&Secret::new("k".repeat(100)), b""),
        "d46761768ee3c864fc76c08b3d73c8092853ae3fefa01b990963dfa2d56e7334"
    );
    // RFC 4231 test case 2: key "Jefe", "what do ya want for nothing?".
    assert_eq!(
        login::session_signature(&Secret::new("Jefe"), b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[tokio::test]
async fn session_check_reset_and_encrypt_keys_follow_the_issued_session_key() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let session = wx
        .send(login::exchange_code::Request::new("u1"))
        .await
        .expect("login");
    wx.send(login::check_session::Request::for_session(
        &session.openid,
        &session.session_key,
    ))
    .await
    .expect("the issued key is valid");
    let wrong = wx
        .send(login::check_session::Request::for_session(
            &session.openid,
            &Secret::new("not-the-key"),
        ))
        .await
        .expect_err("wrong key");
    assert_eq!(code_of(&wrong), Some(87009));

    let keys = wx
        .send(user::get_encrypt_key::Request::for_session(
            &session.openid,
            &session.session_key,
        ))
        .await
        .expect("keys");
    assert_eq!(keys.key_info_list.len(), 3);
    assert!(
        !format!("{keys:?}").contains(keys.key_info_list[0].encrypt_key.expose()),
        "encryption keys are redacted in Debug"
    );

    let reset = wx
        .send(login::reset_session_key::Request::for_session(
            &session.openid,
            &session.session_key,
        ))
        .await
        .expect("reset");
    assert_eq!(reset.openid, session.openid);
    assert_ne!(reset.session_key.expose(), session.session_key.expose());
    let old = wx
        .send(login::check_session::Request::for_session(
            &session.openid,
            &session.session_key,
        ))
        .await
        .expect_err("the old key is gone");
    assert_eq!(code_of(&old), Some(87009));
    wx.send(login::check_session::Request::for_session(
        &session.openid,
        &reset.session_key,
    ))
    .await
    .expect("the new key is valid");
}

#[tokio::test]
async fn phone_unionid_encrypted_data_and_plugin_user() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let phone = wx
        .send(user::get_phone_number::Request::new("phone-code-1"))
        .await
        .expect("phone");
    assert_eq!(phone.phone_info.country_code.0, "86");
    assert_eq!(phone.phone_info.watermark.appid, DEFAULT_MINI_PROGRAM_ID);
    let reused = wx
        .send(user::get_phone_number::Request::new("phone-code-1"))
        .await
        .expect_err("one use");
    assert_eq!(code_of(&reused), Some(40029));

    let by_tx = wx
        .send(user::get_paid_unionid::Request::by_transaction(
            "o1", "4200",
        ))
        .await
        .expect("by transaction");
    assert_eq!(by_tx.unionid, "union-o1");
    wx.send(user::get_paid_unionid::Request::by_merchant_order(
        "o1",
        "1230000109",
        "n-1",
    ))
    .await
    .expect("by merchant order");
    let bad = wx
        .send(user::get_paid_unionid::Request::by_transaction(
            "o1",
            "invalid-tx",
        ))
        .await
        .expect_err("order");
    assert_eq!(code_of(&bad), Some(89300));

    let ok = wx
        .send(user::check_encrypted_data::Request::new("ab".repeat(32)))
        .await
        .expect("hash");
    assert!(ok.valid);
    let unknown = wx
        .send(user::check_encrypted_data::Request::new("0".repeat(64)))
        .await
        .expect_err("unknown data");
    assert_eq!(code_of(&unknown), Some(1));

    let pid = wx
        .send(user::get_plugin_openpid::Request::new("plugin-code"))
        .await
        .expect("openpid");
    assert!(pid.openpid.starts_with("pid-"));
    let again = wx
        .send(user::get_plugin_openpid::Request::new("plugin-code"))
        .await
        .expect_err("one use");
    assert_eq!(code_of(&again), Some(1007));
}

#[tokio::test]
async fn user_info_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let key = Secret::new("k");
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::login::check_session",
            "openid",
            wx.send(login::check_session::Request::for_session("", &key))
                .await
                .map(drop),
        ),
        (
            "wxa::login::check_session",
            "signature",
            wx.send(login::check_session::Request::new("o", "abc"))
                .await
                .map(drop),
        ),
        (
            "wxa::login::reset_session_key",
            "signature",
            wx.send(login::reset_session_key::Request::new("o", "z".repeat(64)))
                .await
                .map(drop),
        ),
        (
            "wxa::user::get_encrypt_key",
            "signature",
            wx.send(user::get_encrypt_key::Request::new("o", "0".repeat(63)))
                .await
                .map(drop),
        ),
        (
            "wxa::user::get_phone_number",
            "code",
            wx.send(user::get_phone_number::Request::new(""))
                .await
                .map(drop),
        ),
        (
            "wxa::user::get_plugin_openpid",
            "code",
            wx.send(user::get_plugin_openpid::Request::new(""))
                .await
                .map(drop),
        ),
        (
            "wxa::user::check_encrypted_data",
            "encrypted_msg_hash",
            wx.send(user::check_encrypted_data::Request::new("ab".repeat(31)))
                .await
                .map(drop),
        ),
        (
            "wxa::user::check_encrypted_data",
            "encrypted_msg_hash",
            wx.send(user::check_encrypted_data::Request::new("g".repeat(64)))
                .await
                .map(drop),
        ),
        (
            "wxa::user::get_paid_unionid",
            "openid",
            wx.send(user::get_paid_unionid::Request::by_transaction("", "t"))
                .await
                .map(drop),
        ),
        (
            "wxa::user::get_paid_unionid",
            "transaction_id",
            wx.send(user::get_paid_unionid::Request::by_merchant_order(
                "o", "", "n",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::user::get_paid_unionid",
            "transaction_id",
            wx.send({
                let mut both = user::get_paid_unionid::Request::by_transaction("o", "t");
                both.mch_id = Some("m".into());
                both.out_trade_no = Some("n".into());
                both
            })
            .await
            .map(drop),
        ),
    ];
    for (endpoint, field, result) in cases {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint);
                assert_eq!(v.field, field, "{endpoint}");
            }
            other => panic!("{endpoint}.{field}: expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
}
