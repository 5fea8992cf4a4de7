// Generated replies are `#[non_exhaustive]` (WeChat adds reply fields): code outside the
// declaring crate makes one with `Response::from_json`, not a struct literal.
use wx_api::wxa::subscribe::send;

fn main() {
    let _ = send::Response { msgid: Some(1) };
    let _ = send::Response::from_json(r#"{"msgid":1}"#);
}
