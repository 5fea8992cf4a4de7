//! Mini Program data analytics against the sandbox: every read-out round trip, and the
//! documented date rules (one day, one natural week, one natural month, the last 1/7/30
//! days, the performance data's 30-day window and filters) refused before sending.

use crate::wxa_user::mini_program;
use wx_api::wxa::datacube::{
    self, check_period, DistributionIndex, PerfField, PerfFilter, PerfModule, PerfTime, Period,
};
use wx_api::Error;
use wx_sandbox::Sandbox;

#[tokio::test]
async fn every_read_out_round_trips() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let day = ("20240110", "20240110");
    let week = ("20240101", "20240107"); // 2024-01-01 was a Monday
    let month = ("20240201", "20240229"); // a leap February

    let r = wx
        .send(datacube::get_daily_retain::Request::new(day.0, day.1))
        .await
        .expect("daily retain");
    assert_eq!(
        (r.ref_date.as_str(), r.visit_uv[0].value),
        ("20240110", 55500)
    );
    let r = wx
        .send(datacube::get_weekly_retain::Request::new(week.0, week.1))
        .await
        .expect("weekly retain");
    assert_eq!(r.ref_date, "20240101-20240107");
    let r = wx
        .send(datacube::get_monthly_retain::Request::new(month.0, month.1))
        .await
        .expect("monthly retain");
    assert_eq!(r.ref_date, "202402");

    let t = wx
        .send(datacube::get_daily_visit_trend::Request::new(day.0, day.1))
        .await
        .expect("daily trend");
    assert_eq!(t.list[0].ref_date, "20240110");
    assert!((t.list[0].visit_depth - 1.9838).abs() < 1e-9);
    let t = wx
        .send(datacube::get_weekly_visit_trend::Request::new(
            week.0, week.1,
        ))
        .await
        .expect("weekly trend");
    assert_eq!(t.list[0].ref_date, "20240101-20240107");
    let t = wx
        .send(datacube::get_monthly_visit_trend::Request::new(
            month.0, month.1,
        ))
        .await
        .expect("monthly trend");
    assert_eq!(t.list[0].ref_date, "202402");

    let s = wx
        .send(datacube::get_daily_summary::Request::new(day.0, day.1))
        .await
        .expect("summary");
    assert_eq!(
        (s.list[0].ref_date.as_str(), s.list[0].visit_total),
        ("20240110", 391)
    );
    let p = wx
        .send(datacube::get_user_portrait::Request::new(
            "20240104", "20240110",
        ))
        .await
        .expect("portrait");
    assert_eq!(p.ref_date, "20240104-20240110");
    assert_eq!(p.visit_uv.province[0].name, "广东省");
    assert_eq!(p.visit_uv.devices[0].id, None);
    let d = wx
        .send(datacube::get_visit_distribution::Request::new(day.0, day.1))
        .await
        .expect("distribution");
    assert_eq!(d.list[0].index, DistributionIndex::SourceSessions);
    assert_eq!(d.list.len(), 3);
    let v = wx
        .send(datacube::get_visit_page::Request::new(day.0, day.1))
        .await
        .expect("pages");
    assert_eq!(v.list[0].page_path, "pages/main/main.html");

    let perf = wx
        .send(
            datacube::get_performance::Request::new(
                PerfModule::Memory,
                PerfTime {
                    begin_timestamp: 1_609_603_200,
                    end_timestamp: 1_609_689_600,
                },
            )
            .params(vec![PerfFilter {
                field: PerfField::NetworkType,
                value: "wifi".into(),
            }]),
        )
        .await
        .expect("performance");
    assert_eq!(perf.data.body.tables[0].id, "memory");
    assert_eq!(perf.data.body.count, 1);
}

#[test]
fn unknown_distribution_names_are_kept() {
    let d: DistributionIndex = serde_json::from_str("\"access_source_visit_uv\"").unwrap();
    assert_eq!(d, DistributionIndex::Other("access_source_visit_uv".into()));
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        "\"access_source_visit_uv\""
    );
    assert!(serde_json::from_str::<PerfModule>("10018").is_err());
}

#[test]
fn the_date_rules_of_each_period() {
    // (case, period, begin, end, the refused field or None when accepted)
    let cases: &[(&str, Period, &str, &str, Option<&str>)] = &[
        ("one day", Period::Day, "20240110", "20240110", None),
        (
            "two days",
            Period::Day,
            "20240110",
            "20240111",
            Some("end_date"),
        ),
        (
            "dashes",
            Period::Day,
            "2024-01-10",
            "2024-01-10",
            Some("begin_date"),
        ),
        (
            "no such day",
            Period::Day,
            "20230229",
            "20230229",
            Some("begin_date"),
        ),
        (
            "month 13",
            Period::Day,
            "20241301",
            "20241301",
            Some("begin_date"),
        ),
        (
            "reversed",
            Period::Week,
            "20240107",
            "20240101",
            Some("end_date"),
        ),
        ("monday..sunday", Period::Week, "20240101", "20240107", None),
        ("across a year", Period::Week, "20241230", "20250105", None),
        (
            "tuesday start",
            Period::Week,
            "20240102",
            "20240108",
            Some("begin_date"),
        ),
        (
            "eight days",
            Period::Week,
            "20240101",
            "20240108",
            Some("end_date"),
        ),
        ("a month", Period::Month, "20240301", "20240331", None),
        ("leap february", Period::Month, "20240201", "20240229", None),
        (
            "february 28 of a leap year",
            Period::Month,
            "20240201",
            "20240228",
            Some("end_date"),
        ),
        (
            "common february",
            Period::Month,
            "20230201",
            "20230228",
            None,
        ),
        (
            "second day",
            Period::Month,
            "20240302",
            "20240331",
            Some("begin_date"),
        ),
        (
            "two months",
            Period::Month,
            "20240101",
            "20240229",
            Some("end_date"),
        ),
        (
            "april 31",
            Period::Month,
            "20240401",
            "20240431",
            Some("end_date"),
        ),
        ("portrait 1", Period::Portrait, "20240110", "20240110", None),
        ("portrait 7", Period::Portrait, "20240104", "20240110", None),
        (
            "portrait 30",
            Period::Portrait,
            "20231212",
            "20240110",
            None,
        ),
        (
            "portrait 2",
            Period::Portrait,
            "20240109",
            "20240110",
            Some("end_date"),
        ),
        (
            "portrait 31",
            Period::Portrait,
            "20231211",
            "20240110",
            Some("end_date"),
        ),
    ];
    for &(case, period, begin, end, refused) in cases {
        let got = check_period("wxa::datacube::test", period, begin, end).err();
        assert_eq!(got.as_ref().map(|e| e.field), refused, "{case}: {got:?}");
    }
}

#[tokio::test]
async fn datacube_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = mini_program(&sandbox);
    let time = |begin_timestamp, end_timestamp| PerfTime {
        begin_timestamp,
        end_timestamp,
    };
    let cases: Vec<(&str, &str, Result<(), Error>)> = vec![
        (
            "wxa::datacube::get_daily_retain",
            "end_date",
            wx.send(datacube::get_daily_retain::Request::new(
                "20240110", "20240111",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_weekly_retain",
            "begin_date",
            wx.send(datacube::get_weekly_retain::Request::new(
                "20240102", "20240108",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_monthly_retain",
            "end_date",
            wx.send(datacube::get_monthly_retain::Request::new(
                "20240201", "20240228",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_daily_visit_trend",
            "begin_date",
            wx.send(datacube::get_daily_visit_trend::Request::new(
                "2024-01-10",
                "2024-01-10",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_weekly_visit_trend",
            "end_date",
            wx.send(datacube::get_weekly_visit_trend::Request::new(
                "20240101", "20240106",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_monthly_visit_trend",
            "begin_date",
            wx.send(datacube::get_monthly_visit_trend::Request::new(
                "20240315", "20240331",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_daily_summary",
            "end_date",
            wx.send(datacube::get_daily_summary::Request::new(
                "20240110", "20240109",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_user_portrait",
            "end_date",
            wx.send(datacube::get_user_portrait::Request::new(
                "20240101", "20240110",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_visit_distribution",
            "end_date",
            wx.send(datacube::get_visit_distribution::Request::new(
                "20240110", "20240117",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_visit_page",
            "begin_date",
            wx.send(datacube::get_visit_page::Request::new(
                "20240230", "20240230",
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_performance",
            "time",
            wx.send(datacube::get_performance::Request::new(
                PerfModule::OpenRate,
                time(0, 30 * 86_400 + 1),
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_performance",
            "time",
            wx.send(datacube::get_performance::Request::new(
                PerfModule::OpenRate,
                time(100, 99),
            ))
            .await
            .map(drop),
        ),
        (
            "wxa::datacube::get_performance",
            "params",
            wx.send(
                datacube::get_performance::Request::new(PerfModule::PageSwitch, time(0, 86_400))
                    .params(vec![PerfFilter {
                        field: PerfField::DeviceLevel,
                        value: "4".into(),
                    }]),
            )
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
    wx.send(datacube::get_performance::Request::new(
        PerfModule::MemoryFaults,
        time(0, 30 * 86_400),
    ))
    .await
    .expect("exactly 30 days");
}
