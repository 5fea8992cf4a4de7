//! Secrets never show in Debug output or error text.

use wx_api::push::*;

const TOKEN: &str = "my-very-secret-token";
const EAK: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

#[test]
fn debug_is_redacted() {
    let cfg = PushConfig::new(TOKEN, "wxapp")
        .encoding_aes_key(EAK)
        .unwrap()
        .previous_encoding_aes_key(&"A".repeat(43))
        .unwrap();
    let server = PushServer::new(cfg.clone());
    let key = AesKey::from_encoding_aes_key(EAK).unwrap();
    for text in [
        format!("{cfg:?}"),
        format!("{cfg:#?}"),
        format!("{server:?}"),
        format!("{key:?}"),
        format!("{:?}", Token::new(TOKEN)),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.contains(EAK), "{text}");
        assert!(!text.contains("AAAAAAAA"), "{text}");
        // The raw key bytes (as Debug would print a [u8; 32]) are absent too.
        assert!(!text.contains("[0, 0, 0"), "{text}");
    }
    assert!(format!("{key:?}").contains("redacted"));
    assert!(
        format!("{cfg:?}").contains("wxapp"),
        "non-secret fields stay visible"
    );
}

#[test]
fn constant_time_eq_basics() {
    assert!(constant_time_eq(b"abc", b"abc"));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"abc", b"ab"));
    assert!(constant_time_eq(b"", b""));
}
