//! Mini Program code management against the stateful sandbox, as a third-party platform
//! drives it for a merchant: commit → trial QR code → submit → review (completed on the first
//! status read) → release → rollback, with the documented errcodes for each wrong state; the
//! withdrawal quota (5 a day, 10 a month: 87013); testers; server domains; and every
//! documented limit refused before sending.

use crate::wxa_user::{code_of, mini_program};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wx_api::wxa::server_domain::{modify, DomainAction};
use wx_api::wxa::tester;
use wx_api::wxa::version::{
    self, commit, get_audit_status, get_latest_audit_status, get_trial_qrcode, release, revert,
    submit_audit, undo_audit, AuditItem, AuditStatus, UgcDeclare,
};
use wx_api::{Client, Error, MiniProgram};
use wx_sandbox::Sandbox;

fn err<T: std::fmt::Debug>(r: Result<T, Error>) -> Option<i64> {
    code_of(&r.expect_err("an errcode"))
}

const EXT: &str = r#"{"extAppid":"wxmerchant","ext":{"shop":"1"}}"#;

fn commit_v(version: &str, desc: &str) -> commit::Request {
    commit::Request::new(7, EXT, version, desc)
}

fn one_item() -> submit_audit::Request {
    submit_audit::Request::new(vec![AuditItem::new("文娱", 1, "资讯", 2)])
}

async fn submit(wx: &Client<MiniProgram>) -> i64 {
    wx.send(one_item()).await.expect("submit").auditid
}

#[tokio::test]
async fn a_version_goes_from_commit_to_release_and_back() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);

    // Nothing committed yet.
    assert_eq!(
        err(wx.send(get_trial_qrcode::Request::new()).await),
        Some(86001)
    );
    assert_eq!(err(wx.send(one_item()).await), Some(85086));
    assert_eq!(err(wx.send(release::Request::new()).await), Some(85019));
    assert_eq!(
        err(wx.send(get_latest_audit_status::Request::new()).await),
        Some(85012)
    );
    assert_eq!(
        err(wx
            .send(commit::Request::new(
                wx_sandbox::MISSING_TEMPLATE_ID,
                EXT,
                "V1.0",
                "first"
            ))
            .await),
        Some(85014)
    );

    wx.send(commit_v("V1.0", "first")).await.expect("commit");
    let image = wx
        .send(get_trial_qrcode::Request::new().path("page/index?action=1"))
        .await
        .expect("trial QR code");
    assert_eq!(&image.bytes[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
    assert_eq!(image.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(image.filename.as_deref(), Some("QRCode.jpg"));
    let text = String::from_utf8_lossy(&image.bytes);
    assert!(
        text.contains("V1.0") && text.contains("page/index?action=1"),
        "{text}"
    );

    let first = submit(&wx).await;
    assert_eq!(err(wx.send(one_item()).await), Some(85009), "one at a time");
    // Not approved yet: the review completes when its status is first read.
    assert_eq!(err(wx.send(release::Request::new()).await), Some(85020));
    let status = wx
        .send(get_audit_status::Request::new(first))
        .await
        .expect("status");
    assert_eq!(status.status, AuditStatus::Approved);
    assert_eq!(
        err(wx.send(get_audit_status::Request::new(first + 1000)).await),
        Some(85012)
    );
    wx.send(release::Request::new()).await.expect("release v1");
    assert_eq!(err(wx.send(release::Request::new()).await), Some(85052));
    // Only one release: nothing to go back to.
    assert_eq!(err(wx.send(revert::Request::new()).await), Some(87012));

    // Version 2: withdrawn once, then approved and released.
    wx.send(commit_v("V2.0", "second"))
        .await
        .expect("commit v2");
    submit(&wx).await;
    wx.send(undo_audit::Request::new()).await.expect("undo");
    assert_eq!(err(wx.send(undo_audit::Request::new()).await), Some(87012));
    let latest = wx
        .send(get_latest_audit_status::Request::new())
        .await
        .expect("latest");
    assert_eq!(latest.status, AuditStatus::Withdrawn);
    assert_eq!(latest.user_version.as_deref(), Some("V2.0"));
    assert_eq!(err(wx.send(release::Request::new()).await), Some(85019));
    let second = submit(&wx).await;
    let latest = wx
        .send(get_latest_audit_status::Request::new())
        .await
        .expect("latest");
    assert_eq!(
        (latest.auditid, latest.status),
        (second, AuditStatus::Approved)
    );
    wx.send(release::Request::new()).await.expect("release v2");

    let history = wx
        .send(revert::Request::history())
        .await
        .expect("history")
        .version_list;
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].user_version, "V1.0");
    assert_eq!(
        err(wx.send(revert::Request::to_version(123_456_789)).await),
        Some(87012)
    );
    wx.send(revert::Request::to_version(history[0].app_version))
        .await
        .expect("rollback to v1");
    // A rollback cannot be rolled back.
    assert_eq!(err(wx.send(revert::Request::new()).await), Some(87012));

    // A version the reviewers reject.
    wx.send(commit_v("V3.0", "含违规内容"))
        .await
        .expect("commit v3");
    let third = submit(&wx).await;
    let rejected = wx
        .send(get_audit_status::Request::new(third))
        .await
        .expect("status");
    assert_eq!(rejected.status, AuditStatus::Rejected);
    assert!(rejected.reason.is_some());
    let shots = rejected.screenshot.unwrap_or_default();
    assert_eq!(version::screenshot_ids(&shots).len(), 2, "{shots}");
    let latest = wx
        .send(get_latest_audit_status::Request::new())
        .await
        .expect("latest");
    assert!(latest.screenshot.is_some(), "ScreenShot is read");
    assert_eq!(err(wx.send(release::Request::new()).await), Some(85020));
}

/// Seconds to add to now to reach 01:00 Beijing time on the 1st of next month.
fn to_next_month() -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let beijing = now + 8 * 3600;
    let day = beijing / 86_400;
    let month_of = |d: u64| {
        // civil_from_days (Howard Hinnant), for days after 1970.
        let z = d as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        (yoe + era * 400, mp)
    };
    let mut first = day + 1;
    while month_of(first) == month_of(day) {
        first += 1;
    }
    first * 86_400 + 3600 - beijing
}

#[tokio::test]
async fn withdrawals_are_limited_to_5_a_day_and_10_a_month() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    sandbox.advance_clock(Duration::from_secs(to_next_month()));
    let wx = mini_program(&sandbox);
    wx.send(commit_v("V1.0", "q")).await.expect("commit");
    for n in 1..=5 {
        submit(&wx).await;
        wx.send(undo_audit::Request::new())
            .await
            .unwrap_or_else(|e| panic!("withdrawal {n}: {e}"));
    }
    submit(&wx).await;
    assert_eq!(
        err(wx.send(undo_audit::Request::new()).await),
        Some(87013),
        "the 6th of the day"
    );
    sandbox.advance_clock(Duration::from_secs(86_400));
    wx.send(undo_audit::Request::new())
        .await
        .expect("a new day");
    for n in 7..=10 {
        submit(&wx).await;
        wx.send(undo_audit::Request::new())
            .await
            .unwrap_or_else(|e| panic!("withdrawal {n}: {e}"));
    }
    sandbox.advance_clock(Duration::from_secs(86_400));
    submit(&wx).await;
    assert_eq!(
        err(wx.send(undo_audit::Request::new()).await),
        Some(87013),
        "the 11th of the month"
    );
}

#[tokio::test]
async fn testers_bind_list_unbind() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let userstr = wx
        .send(tester::bind::Request::new("tester-1"))
        .await
        .expect("bind")
        .userstr;
    assert_eq!(
        err(wx.send(tester::bind::Request::new("tester-1")).await),
        Some(85004)
    );
    assert_eq!(
        err(wx.send(tester::bind::Request::new("invalid-user")).await),
        Some(85001)
    );
    wx.send(tester::bind::Request::new("tester-2"))
        .await
        .expect("bind 2");
    let members = wx
        .send(tester::list::Request::new())
        .await
        .expect("list")
        .members;
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].userstr, userstr);
    wx.send(tester::unbind::Request::by_userstr(userstr.clone()))
        .await
        .expect("unbind by userstr");
    assert_eq!(
        err(wx.send(tester::unbind::Request::by_userstr(userstr)).await),
        Some(85001)
    );
    wx.send(tester::unbind::Request::by_wechatid("tester-2"))
        .await
        .expect("unbind by WeChat id");
    assert!(wx
        .send(tester::list::Request::new())
        .await
        .expect("list")
        .members
        .is_empty());
}

#[tokio::test]
async fn server_domains_add_set_delete_get() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let now = wx.send(modify::Request::get()).await.expect("get");
    assert!(now.requestdomain.is_empty() && now.tcpdomain.is_empty());
    let added = wx
        .send(
            modify::Request::new(DomainAction::Add)
                .requestdomain(vec!["https://a.example.com".to_owned()])
                .wsrequestdomain(vec!["wss://a.example.com".to_owned()]),
        )
        .await
        .expect("add");
    assert_eq!(added.requestdomain, ["https://a.example.com"]);
    assert_eq!(added.wsrequestdomain, ["wss://a.example.com"]);
    assert_eq!(
        err(wx
            .send(
                modify::Request::new(DomainAction::Add)
                    .requestdomain(vec!["https://a.example.com".to_owned()])
            )
            .await),
        Some(85017),
        "nothing new to add"
    );
    let set = wx
        .send(
            modify::Request::new(DomainAction::Set)
                .requestdomain(vec![
                    "https://b.example.com".to_owned(),
                    "https://c.example.com:8080".to_owned(),
                ])
                .udpdomain(vec!["udp://u.example.com".to_owned()]),
        )
        .await
        .expect("set");
    assert_eq!(set.requestdomain.len(), 2);
    assert!(set.wsrequestdomain.is_empty(), "set replaces every list");
    let deleted = wx
        .send(
            modify::Request::new(DomainAction::Delete)
                .requestdomain(vec!["https://b.example.com".to_owned()]),
        )
        .await
        .expect("delete");
    assert_eq!(deleted.requestdomain, ["https://c.example.com:8080"]);
    let now = wx.send(modify::Request::get()).await.expect("get");
    assert_eq!(now.udpdomain, ["udp://u.example.com"]);
}

#[tokio::test]
async fn code_management_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let item = || AuditItem::new("文娱", 1, "资讯", 2);
    let with_items = |items: Vec<AuditItem>| submit_audit::Request::new(items);
    let titled = {
        let mut i = item();
        i.title = Some("标".repeat(33));
        i
    };
    let many_tags = {
        let mut i = item();
        i.tag = Some(["t"; 11].join(" "));
        i
    };
    let long_tag = {
        let mut i = item();
        i.tag = Some(format!("ok {}", "长".repeat(21)));
        i
    };
    let ugc = |scene: Vec<u8>, method: Vec<u8>, team: Option<u8>| UgcDeclare {
        scene,
        method,
        has_audit_team: team,
        ..UgcDeclare::default()
    };
    let many = |n: usize| vec!["https://d.example.com".to_owned(); n];
    let commit_with = |ext: &str, version: &str| commit::Request::new(7, ext, version, "d");
    const COMMIT: &str = "wxa::version::commit";
    const SUBMIT: &str = "wxa::version::submit_audit";
    const DOMAIN: &str = "wxa::server_domain::modify";
    const UNBIND: &str = "wxa::tester::unbind";
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            COMMIT,
            "ext_json",
            wx.send(commit_with("not json", "V1")).await.map(drop),
        ),
        (
            COMMIT,
            "ext_json",
            wx.send(commit_with("[1]", "V1")).await.map(drop),
        ),
        (
            COMMIT,
            "user_version",
            wx.send(commit_with(EXT, "")).await.map(drop),
        ),
        (
            COMMIT,
            "user_version",
            wx.send(commit_with(EXT, &"v".repeat(65))).await.map(drop),
        ),
        (
            SUBMIT,
            "item_list",
            wx.send(with_items(vec![])).await.map(drop),
        ),
        (
            SUBMIT,
            "item_list",
            wx.send(with_items(vec![item(); 6])).await.map(drop),
        ),
        (
            SUBMIT,
            "item_list.title",
            wx.send(with_items(vec![titled])).await.map(drop),
        ),
        (
            SUBMIT,
            "item_list.tag",
            wx.send(with_items(vec![many_tags])).await.map(drop),
        ),
        (
            SUBMIT,
            "item_list.tag",
            wx.send(with_items(vec![long_tag])).await.map(drop),
        ),
        (
            SUBMIT,
            "feedback_info",
            wx.send(with_items(vec![item()]).feedback_info("字".repeat(201)))
                .await
                .map(drop),
        ),
        (
            SUBMIT,
            "feedback_stuff",
            wx.send(with_items(vec![item()]).feedback_stuff("a|b|c|d|e|f"))
                .await
                .map(drop),
        ),
        (
            SUBMIT,
            "ugc_declare.scene",
            wx.send(with_items(vec![item()]).ugc_declare(ugc(vec![6], vec![1], None)))
                .await
                .map(drop),
        ),
        (
            SUBMIT,
            "ugc_declare.scene",
            wx.send(with_items(vec![item()]).ugc_declare(ugc(vec![0, 1], vec![1], None)))
                .await
                .map(drop),
        ),
        (
            SUBMIT,
            "ugc_declare.method",
            wx.send(with_items(vec![item()]).ugc_declare(ugc(vec![1], vec![5], None)))
                .await
                .map(drop),
        ),
        (
            SUBMIT,
            "ugc_declare.has_audit_team",
            wx.send(with_items(vec![item()]).ugc_declare(ugc(vec![1], vec![1], Some(2))))
                .await
                .map(drop),
        ),
        (
            "wxa::version::revert",
            "app_version",
            wx.send(revert::Request::history().app_version(111))
                .await
                .map(drop),
        ),
        (
            "wxa::tester::bind",
            "wechatid",
            wx.send(tester::bind::Request::new("")).await.map(drop),
        ),
        (
            UNBIND,
            "wechatid",
            wx.send(tester::unbind::Request::by_wechatid(""))
                .await
                .map(drop),
        ),
        (
            UNBIND,
            "userstr",
            wx.send(tester::unbind::Request::by_wechatid("a").userstr("b"))
                .await
                .map(drop),
        ),
        (
            DOMAIN,
            "requestdomain",
            wx.send(modify::Request::get().requestdomain(many(1)))
                .await
                .map(drop),
        ),
        (
            DOMAIN,
            "requestdomain",
            wx.send(modify::Request::new(DomainAction::Add))
                .await
                .map(drop),
        ),
        (
            DOMAIN,
            "uploaddomain",
            wx.send(modify::Request::new(DomainAction::Set).uploaddomain(many(201)))
                .await
                .map(drop),
        ),
        (
            DOMAIN,
            "tcpdomain",
            wx.send(
                modify::Request::new(DomainAction::Add)
                    .tcpdomain(vec!["tcp://10.0.0.1:9000".to_owned()]),
            )
            .await
            .map(drop),
        ),
        (
            DOMAIN,
            "requestdomain",
            wx.send(
                modify::Request::new(DomainAction::Add)
                    .requestdomain(vec!["https://API.weixin.qq.com".to_owned()]),
            )
            .await
            .map(drop),
        ),
    ];
    for (endpoint, field, result) in cases {
        match result {
            Err(Error::Invalid(v)) => {
                assert_eq!(v.endpoint, endpoint);
                assert_eq!(v.field, field, "{endpoint}: {v}");
            }
            other => panic!("{endpoint}.{field}: expected a validation error, got {other:?}"),
        }
    }
    // The limits themselves pass.
    let mut at_limit = item();
    at_limit.title = Some("标".repeat(32));
    at_limit.tag = Some(vec!["长".repeat(20); 10].join(" "));
    let ok = submit_audit::Request::new(vec![at_limit; 5])
        .feedback_info("字".repeat(200))
        .feedback_stuff("a|b|c|d|e")
        .ugc_declare(ugc(vec![0], vec![4], Some(1)));
    assert!(wx_core_validate(&ok).is_ok(), "limits are inclusive");
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
}

fn wx_core_validate<E: wx_api::Endpoint>(req: &E) -> Result<(), wx_api::ValidationError> {
    req.validate()
}
