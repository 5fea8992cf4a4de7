//! Mini Program operations centre against the sandbox: every read-out round trip (feedback
//! and its image, unknown image errcode, phased release, domains, versions, sources,
//! real-time log, performance, JS errors), and the documented limits refused before sending.

use crate::wxa_user::{code_of, mini_program};
use wx_api::wxa::operation::{
    self, CostTimeType, DetailOrder, DomainAction, ErrType, FeedbackType, GrayStatus, ListOrder,
    LogLevel, OrderBy, OsName,
};
use wx_api::Error;
use wx_sandbox::Sandbox;

// 2019-11-12 00:00 China time (UTC+8), in Unix seconds.
const DAY: i64 = 1_573_488_000;

fn js_list(start: &str, end: &str, limit: u32) -> operation::list_js_errors::Request {
    operation::list_js_errors::Request::new(
        "0",
        ErrType::All,
        start,
        end,
        "",
        "",
        OrderBy::Uv,
        ListOrder::Ascending,
        0,
        limit,
    )
}

fn js_detail(msg: &str, stack: &str) -> operation::get_js_error_detail::Request {
    operation::get_js_error_detail::Request::new(
        "2021-01-25",
        "2021-01-26",
        msg,
        stack,
        "0",
        "0",
        OsName::Ios,
        "0",
        "",
        0,
        10,
        DetailOrder::Ascending,
    )
}

#[tokio::test]
async fn every_read_out_round_trips() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);

    let feedback = wx
        .send(operation::list_feedback::Request::new(1, 10).r#type(FeedbackType::CannotOpen))
        .await
        .expect("feedback");
    let first = &feedback.list[0];
    assert_eq!((first.record_id, first.kind), (1, 1));
    let image = wx
        .send(operation::get_feedback_media::Request::new(
            first.record_id,
            first.media_ids[0].clone(),
        ))
        .await
        .expect("image");
    assert!(image.bytes.starts_with(b"\x89PNG"));
    let unknown = wx
        .send(operation::get_feedback_media::Request::new(1, "media-9"))
        .await
        .expect_err("unknown media");
    assert_eq!(code_of(&unknown), Some(46001));

    let plan = wx
        .send(operation::get_gray_release_plan::Request::new())
        .await
        .expect("plan");
    assert_eq!(plan.gray_release_plan.status, GrayStatus::Running);
    let all = wx
        .send(operation::get_domain_info::Request::new())
        .await
        .expect("domains");
    assert_eq!(all.bizdomain, ["https://www.qq.com"]);
    let server = wx
        .send(operation::get_domain_info::Request::new().action(DomainAction::Server))
        .await
        .expect("server domains");
    assert!(server.bizdomain.is_empty() && !server.requestdomain.is_empty());

    let versions = wx
        .send(operation::list_client_versions::Request::new())
        .await
        .expect("versions");
    assert_eq!(versions.cvlist.len(), 2);
    let scenes = wx
        .send(operation::list_scenes::Request::new())
        .await
        .expect("scenes");
    assert_eq!(scenes.scene[0].value, "@_all");

    let log = wx
        .send(
            operation::search_realtime_log::Request::new("20191112", DAY + 3600, DAY + 7200)
                .level(LogLevel::Warn)
                .limit(5),
        )
        .await
        .expect("log");
    assert_eq!(log.data.list[0].msg.len(), 2);
    assert_eq!(log.data.list[0].timestamp, DAY + 3600);

    let perf = wx
        .send(operation::get_performance::Request::all(
            CostTimeType::Download,
            DAY,
            DAY + 86_400,
        ))
        .await
        .expect("performance");
    let points = perf.default_points().expect("points");
    assert_eq!((points[0].cost_time_type, points[0].cost_time), (2, 1533));

    let errors = wx
        .send(js_list("2021-01-25", "2021-01-26", 30))
        .await
        .expect("js errors");
    let e = &errors.data[0];
    let detail = wx
        .send(js_detail(&e.error_msg_md5, &e.error_stack_md5))
        .await
        .expect("js error detail");
    assert_eq!(detail.data[0].error_msg_md5, e.error_msg_md5);
    assert_eq!(detail.total_count, 1);
}

#[tokio::test]
async fn operation_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let perf = |device: &str, download: &str, network: &str| {
        operation::get_performance::Request::new(
            CostTimeType::Launch,
            DAY,
            DAY + 60,
            device,
            download,
            "@_all",
            network,
        )
    };
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::operation::get_feedback_media",
            "media_id",
            wx.send(operation::get_feedback_media::Request::new(1, ""))
                .await
                .map(drop),
        ),
        (
            "wxa::operation::list_feedback",
            "page",
            wx.send(operation::list_feedback::Request::new(0, 10))
                .await
                .map(drop),
        ),
        (
            "wxa::operation::list_feedback",
            "num",
            wx.send(operation::list_feedback::Request::new(1, 0))
                .await
                .map(drop),
        ),
        (
            "wxa::operation::search_realtime_log",
            "date",
            wx.send(operation::search_realtime_log::Request::new(
                "2019-11-12",
                DAY,
                DAY,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::operation::search_realtime_log",
            "begintime",
            wx.send(operation::search_realtime_log::Request::new(
                "20191112",
                DAY - 1,
                DAY + 10,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::operation::search_realtime_log",
            "endtime",
            wx.send(operation::search_realtime_log::Request::new(
                "20191112",
                DAY,
                DAY + 86_400,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::operation::search_realtime_log",
            "endtime",
            wx.send(operation::search_realtime_log::Request::new(
                "20191112",
                DAY + 10,
                DAY + 5,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::operation::get_performance",
            "device",
            wx.send(perf("3", "@_all", "@_all")).await.map(drop),
        ),
        (
            "wxa::operation::get_performance",
            "is_download_code",
            wx.send(perf("@_all", "@_all:", "@_all")).await.map(drop),
        ),
        (
            "wxa::operation::get_performance",
            "networktype",
            wx.send(perf("@_all", "@_all", "5g")).await.map(drop),
        ),
        (
            "wxa::operation::get_performance",
            "default_end_time",
            wx.send(operation::get_performance::Request::all(
                CostTimeType::Launch,
                DAY,
                DAY - 1,
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::operation::list_js_errors",
            "limit",
            wx.send(js_list("2021-01-25", "2021-01-26", 31))
                .await
                .map(drop),
        ),
        (
            "wxa::operation::list_js_errors",
            "limit",
            wx.send(js_list("2021-01-25", "2021-01-26", 0))
                .await
                .map(drop),
        ),
        (
            "wxa::operation::list_js_errors",
            "startTime",
            wx.send(js_list("20210125", "2021-01-26", 1))
                .await
                .map(drop),
        ),
        (
            "wxa::operation::list_js_errors",
            "endTime",
            wx.send(js_list("2021-01-25", "2021-01-24", 1))
                .await
                .map(drop),
        ),
        (
            "wxa::operation::get_js_error_detail",
            "errorMsgMd5",
            wx.send(js_detail("", "x")).await.map(drop),
        ),
        (
            "wxa::operation::get_js_error_detail",
            "errorStackMd5",
            wx.send(js_detail("x", "")).await.map(drop),
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
    wx.send(operation::search_realtime_log::Request::new(
        "20191112",
        DAY,
        DAY + 86_399,
    ))
    .await
    .expect("the whole China-time day");
}

#[test]
fn documented_values_only() {
    assert!(serde_json::from_str::<FeedbackType>("9").is_err());
    assert!(serde_json::from_str::<ErrType>("\"4\"").is_err());
    assert_eq!(serde_json::to_string(&OsName::Ios).unwrap(), "\"2\"");
    assert_eq!(
        serde_json::from_str::<GrayStatus>("7").unwrap(),
        GrayStatus::Other(7)
    );
}
