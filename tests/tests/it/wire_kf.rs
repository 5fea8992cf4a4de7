//! Wire format of the customer-service endpoints (`oa::kf`), built from the doc examples.

use wx_api::oa::kf::{self, session};
use wx_api::wire::render;
use wx_api::Upload;

#[test]
fn kf_accounts() {
    insta::assert_snapshot!(
        "kf_add_account",
        render(&kf::add_account::Request::new("test1@test", "客服1")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_update_account",
        render(&kf::update_account::Request::new("test1@test", "客服1")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_delete_account",
        render(&kf::delete_account::Request::new("test1@test")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_upload_avatar",
        render(&kf::upload_avatar::Request::new(
            "test1@test",
            Upload::from_bytes("avatar.jpg", vec![0u8; 640])
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "kf_invite_worker",
        render(&kf::invite_worker::Request::new("test1@test", "test_kfwx")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_list_accounts",
        render(&kf::list_accounts::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "kf_list_online",
        render(&kf::list_online::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "kf_list_records",
        render(&kf::list_records::Request::new(
            987654321, 987654321, 1, 10000
        ))
        .unwrap()
    );
}

#[test]
fn kf_sessions() {
    insta::assert_snapshot!(
        "kf_session_create",
        render(&session::create::Request::new("test1@test", "OPENID")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_session_close",
        render(&session::close::Request::new("test1@test", "OPENID")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_session_get",
        render(&session::get::Request::new("OPENID")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_session_list",
        render(&session::list::Request::new("test1@test")).unwrap()
    );
    insta::assert_snapshot!(
        "kf_session_list_waiting",
        render(&session::list_waiting::Request::new()).unwrap()
    );
}
