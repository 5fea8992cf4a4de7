//! Wire format of the Mini Program analytics, operations-centre and plugin endpoints, each
//! built from its official page's example (tests/fixtures/doc-examples).

use wx_api::wire::render;
use wx_api::wxa::datacube::{self, PerfField, PerfFilter, PerfModule, PerfTime};

#[test]
fn datacube() {
    let day = ("20170313", "20170313");
    insta::assert_snapshot!(
        "wxa_datacube_get_daily_retain",
        render(&datacube::get_daily_retain::Request::new(day.0, day.1)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_weekly_retain",
        render(&datacube::get_weekly_retain::Request::new(
            "20170306", "20170312"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_monthly_retain",
        render(&datacube::get_monthly_retain::Request::new(
            "20170201", "20170228"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_daily_visit_trend",
        render(&datacube::get_daily_visit_trend::Request::new(day.0, day.1)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_weekly_visit_trend",
        render(&datacube::get_weekly_visit_trend::Request::new(
            "20170306", "20170312"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_monthly_visit_trend",
        render(&datacube::get_monthly_visit_trend::Request::new(
            "20170301", "20170331"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_daily_summary",
        render(&datacube::get_daily_summary::Request::new(day.0, day.1)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_user_portrait",
        render(&datacube::get_user_portrait::Request::new(
            "20170611", "20170617"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_visit_distribution",
        render(&datacube::get_visit_distribution::Request::new(
            day.0, day.1
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_datacube_get_visit_page",
        render(&datacube::get_visit_page::Request::new(day.0, day.1)).unwrap()
    );
    let filter = |field, value: &str| PerfFilter {
        field,
        value: value.into(),
    };
    insta::assert_snapshot!(
        "wxa_datacube_get_performance",
        render(
            &datacube::get_performance::Request::new(
                PerfModule::Memory,
                PerfTime {
                    begin_timestamp: 1_609_603_200,
                    end_timestamp: 1_609_689_600,
                }
            )
            .params(vec![
                filter(PerfField::NetworkType, "wifi"),
                filter(PerfField::DeviceLevel, "1"),
                filter(PerfField::Device, "1"),
            ])
        )
        .unwrap()
    );
}
