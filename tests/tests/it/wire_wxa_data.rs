//! Wire format of the Mini Program analytics, operations-centre and plugin endpoints, each
//! built from its official page's example (tests/fixtures/doc-examples).

use wx_api::wire::render;
use wx_api::wxa::datacube::{self, PerfField, PerfFilter, PerfModule, PerfTime};
use wx_api::wxa::operation::{
    self, CostTimeType, DetailOrder, DomainAction, ErrType, ListOrder, LogLevel, OrderBy, OsName,
};
use wx_api::wxa::plugin::{manage, manage_applications};

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

#[test]
fn operation() {
    insta::assert_snapshot!(
        "wxa_operation_get_feedback_media",
        render(&operation::get_feedback_media::Request::new(1, "xx")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_get_gray_release_plan",
        render(&operation::get_gray_release_plan::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_get_domain_info",
        render(&operation::get_domain_info::Request::new().action(DomainAction::Server)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_list_feedback",
        render(&operation::list_feedback::Request::new(1, 10)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_list_client_versions",
        render(&operation::list_client_versions::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_list_scenes",
        render(&operation::list_scenes::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_search_realtime_log",
        render(
            &operation::search_realtime_log::Request::new("20191112", 1_573_491_600, 1_573_524_000)
                .start(0)
                .limit(20)
                .level(LogLevel::Warn)
        )
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_get_performance",
        render(&operation::get_performance::Request::all(
            CostTimeType::Download,
            1_572_339_403,
            1_574_931_403
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_list_js_errors",
        render(&operation::list_js_errors::Request::new(
            "0",
            ErrType::All,
            "2021-01-25",
            "2021-01-26",
            "",
            "",
            OrderBy::Uv,
            ListOrder::Ascending,
            0,
            1
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "wxa_operation_get_js_error_detail",
        render(&operation::get_js_error_detail::Request::new(
            "2021-01-25",
            "2021-01-26",
            "f2fb4f8cd638466ad0e7607b01b7d0ca",
            "795a63b70ce5755c7103611d93077603",
            "0",
            "0",
            OsName::Ios,
            "0",
            "",
            0,
            10,
            DetailOrder::Ascending
        ))
        .unwrap()
    );
}

#[test]
fn plugin() {
    insta::assert_snapshot!(
        "wxa_plugin_manage",
        render(&manage::Request::list()).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_plugin_manage_apply",
        render(&manage::Request::apply("aaaa", "hello")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_plugin_manage_update",
        render(&manage::Request::update("wx5514af450eaceec2", "2.2.46")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_plugin_manage_unbind",
        render(&manage::Request::unbind("aaaa")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_plugin_manage_applications",
        render(&manage_applications::Request::apply_list(1, 10)).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_plugin_manage_applications_agree",
        render(&manage_applications::Request::agree("aaaa")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_plugin_manage_applications_refuse",
        render(&manage_applications::Request::refuse("refuse reason")).unwrap()
    );
    insta::assert_snapshot!(
        "wxa_plugin_manage_applications_delete",
        render(&manage_applications::Request::delete()).unwrap()
    );
}
