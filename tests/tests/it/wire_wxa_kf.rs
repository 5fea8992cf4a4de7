//! Wire format of the Mini Program customer service (typing, administrators, sub-merchants,
//! 微信客服 binding), service cards and chat-tool cards, each built from its official
//! page's example (tests/fixtures/doc-examples).

use wx_api::wire::render;
use wx_api::wxa::customer::{self, business, work, TypingCommand};
use wx_api::wxa::subscribe::notify;
use wx_api::wxa::updatable::{self, ChatToolState, ChatToolVersion, Participator};

#[test]
fn customer_service() {
    insta::assert_snapshot!(
        "wxa_customer_set_typing",
        render(&customer::set_typing::Request::new(
            "OPENID",
            TypingCommand::Typing
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_set_admin",
        render(&customer::set_admin::Request::new("KF_OPENID").business_id("BUSINESS_ID")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_cancel_admin",
        render(&customer::cancel_admin::Request::new("KF_OPENID").business_id("BUSINESS_ID"))
            .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_business_register",
        render(
            &business::register::Request::new("apple1", "苹果", "media_id")
                .transfer_to_commkf(true)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_business_get",
        render(&business::get::Request::by_id("1")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_business_get_by_account_name",
        render(&business::get::Request::by_account_name("apple")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_business_list",
        render(&business::list::Request::new(0, 100)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_business_update",
        render(
            &business::update::Request::new("1")
                .nickname("苹果")
                .icon_media_id("")
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_work_bind",
        render(&work::bind::Request::new("wwee11111xxxxxxx")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_work_unbind",
        render(&work::unbind::Request::new("wwee11111xxxxxxx")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_customer_work_get",
        render(&work::get::Request::new()).unwrap()
    );
}

#[test]
fn service_cards_and_chat_tool() {
    insta::assert_snapshot!(
        "wxa_subscribe_notify_set",
        render(&notify::set::Request::new(
            "xxx",
            1001,
            "xxx",
            r#"{"cur_status":2,"license_plate":"粤A12345A","arrival_time":1679569348,"wxa_path_query":""}"#
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_subscribe_notify_set_with_pay_check",
        render(
            &notify::set::Request::new(
                "xxx",
                2001,
                "4200002187202404260115268887",
                r#"{"cur_status":2,"license_plate":"粤A12345A","arrival_time":1679569348,"wxa_path_query":""}"#
            )
            .check_json(
                notify::PayCheck {
                    pay_amount: 1005,
                    pay_time: 1683525070,
                    pay_channel: None
                }
                .to_json()
            )
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_subscribe_notify_set_ext",
        render(&notify::set_ext::Request::new(
            "xxx",
            1003,
            "xxx",
            r#"{"pay_info":"{\"transaction_id\":\"4200001855202305090060871147\",\"pay_amount\":2001,\"pay_time\":1683546394}","store_info":"{\"store_name\":\"westore\",\"store_address\":\"深圳市南山区南山大道18号\",\"latitude\":22,\"longitude\":114}"}"#
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_subscribe_notify_get",
        render(&notify::get::Request::new("xxx", "xxx", 1001)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_updatable_send_chat_tool",
        render(
            &updatable::send_chat_tool::Request::new(
                "966_NGiqxxxxxxxxxx...xxxxxxxxE33BlwX",
                ChatToolState::Ongoing,
                "4A68CBB88A92B0A9311848DBA1E94A199B166463",
                ChatToolVersion::Release,
            )
            .participator_info_list(vec![
                Participator::done("aaaaaaaaaa"),
                Participator::done("bbbbbbbbb")
            ])
        )
        .unwrap()
    );
}
