//! The emulated endpoints, one module per WeChat domain, and what they share: token
//! checks, JSON body parsing, field checks that answer WeChat's errcodes.

mod comment;
mod cv;
mod datacube;
mod draft;
pub(crate) mod kf;
mod material;
mod menu;
mod message;
mod oa_misc;
pub(crate) mod oauth;
mod openapi;
mod qrcode;
mod shorten;
pub(crate) mod subscribe;
mod table;
mod tags;
pub(crate) mod template;
mod ticket;
mod token;
mod user;
mod wxa;
mod wxa_datacube;
pub(crate) mod wxa_delivery;
pub(crate) mod wxa_express;
pub(crate) mod wxa_kf;
mod wxa_link;
pub(crate) mod wxa_live;
mod wxa_misc;
pub(crate) mod wxa_notify;
mod wxa_operation;
pub(crate) mod wxa_plugin;
mod wxa_security;
mod wxa_updatable;
pub(crate) mod wxa_user;
pub(crate) mod wxa_version;

use crate::reply::{self, Step};
use crate::state::{AppKind, State, TokenProblem};
use axum::body::Bytes;
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::sync::Arc;

pub(crate) type Shared = Arc<State>;
pub(crate) type Params = HashMap<String, String>;

pub(crate) fn router(state: Shared) -> Router {
    let mut router = Router::new();
    for path in datacube::PATHS {
        router = router.route(path, post(datacube::any));
    }
    for path in cv::PATHS {
        router = router.route(path, post(cv::any));
    }
    for path in wxa_datacube::PATHS {
        router = router.route(path, wxa_datacube::range(path));
    }
    router
        .route("/cgi-bin/token", get(token::classic))
        .route("/cgi-bin/stable_token", post(token::stable))
        .route("/cgi-bin/qrcode/create", post(qrcode::create))
        .route("/cgi-bin/showqrcode", get(qrcode::show))
        .route("/cgi-bin/ticket/getticket", get(ticket::get))
        .route("/cgi-bin/material/add_material", post(material::add))
        .route("/cgi-bin/media/uploadimg", post(material::upload_image))
        .route("/cgi-bin/material/get_material", post(material::get))
        .route("/cgi-bin/material/del_material", post(material::delete))
        .route("/cgi-bin/material/get_materialcount", get(material::count))
        .route("/cgi-bin/material/batchget_material", post(material::list))
        .route("/cgi-bin/material/add_news", post(material::legacy_news))
        .route("/cgi-bin/material/update_news", post(material::legacy_news))
        .route("/cgi-bin/media/upload", post(material::upload_temporary))
        .route("/cgi-bin/media/get", get(material::get_temporary))
        .route("/cgi-bin/media/get/jssdk", material::get_hd_voice())
        .route("/cgi-bin/draft/switch", oa_misc::draft_switch())
        .route("/cgi-bin/media/uploadnews", oa_misc::upload_news())
        .route("/cgi-bin/message/template/subscribe", oa_misc::send_once())
        .route("/cgi-bin/changeopenid", oa_misc::change_openid())
        .route("/publisher/stat", oa_misc::publisher_stat())
        .route(
            "/cgi-bin/media/uploadvideo",
            post(material::upload_mass_video),
        )
        .route("/cgi-bin/draft/add", post(draft::add))
        .route("/cgi-bin/draft/get", post(draft::get))
        .route("/cgi-bin/draft/delete", post(draft::delete))
        .route("/cgi-bin/draft/update", post(draft::update))
        .route("/cgi-bin/draft/batchget", post(draft::list))
        .route("/cgi-bin/draft/count", get(draft::count))
        .route("/cgi-bin/freepublish/submit", post(draft::publish))
        .route("/cgi-bin/freepublish/get", post(draft::publish_status))
        .route(
            "/cgi-bin/freepublish/getarticle",
            post(draft::published_article),
        )
        .route("/cgi-bin/freepublish/delete", post(draft::delete_published))
        .route("/cgi-bin/freepublish/batchget", post(draft::list_published))
        .route("/cgi-bin/message/custom/send", post(message::custom))
        .route("/cgi-bin/message/custom/typing", post(message::typing))
        .route("/cgi-bin/message/template/send", post(message::template))
        .route("/cgi-bin/message/subscribe/send", post(message::subscribe))
        .route("/cgi-bin/message/mass/sendall", post(message::mass_all))
        .route("/cgi-bin/message/mass/send", post(message::mass_openids))
        .route("/cgi-bin/message/mass/preview", post(message::mass_preview))
        .route("/cgi-bin/message/mass/delete", post(message::mass_delete))
        .route("/cgi-bin/message/mass/get", post(message::mass_status))
        .route("/cgi-bin/user/info", get(user::get))
        .route("/cgi-bin/user/info/batchget", post(user::batch_get))
        .route("/cgi-bin/user/get", get(tags::followers))
        .route("/cgi-bin/user/info/updateremark", post(tags::set_remark))
        .route("/cgi-bin/tags/create", post(tags::create))
        .route("/cgi-bin/tags/get", get(tags::list))
        .route("/cgi-bin/tags/update", post(tags::update))
        .route("/cgi-bin/tags/delete", post(tags::delete))
        .route("/cgi-bin/tags/members/batchtagging", post(tags::batch_tag))
        .route(
            "/cgi-bin/tags/members/batchuntagging",
            post(tags::batch_untag),
        )
        .route("/cgi-bin/user/tag/get", post(tags::members))
        .route("/cgi-bin/tags/getidlist", post(tags::of_user))
        .route("/cgi-bin/tags/members/getblacklist", post(tags::blacklist))
        .route("/cgi-bin/tags/members/batchblacklist", post(tags::block))
        .route(
            "/cgi-bin/tags/members/batchunblacklist",
            post(tags::unblock),
        )
        .route("/cgi-bin/menu/create", post(user::menu_create))
        .route("/cgi-bin/get_current_selfmenu_info", get(menu::selfmenu))
        .route("/cgi-bin/menu/addconditional", post(menu::add_conditional))
        .route(
            "/cgi-bin/menu/delconditional",
            post(menu::delete_conditional),
        )
        .route("/cgi-bin/menu/trymatch", post(menu::try_match))
        .route("/cgi-bin/get_current_autoreply_info", get(menu::autoreply))
        .route("/cgi-bin/message/mass/speed/get", post(menu::speed_get))
        .route("/cgi-bin/message/mass/speed/set", post(menu::speed_set))
        .route("/cgi-bin/menu/get", get(user::menu_get))
        .route("/cgi-bin/menu/delete", get(user::menu_delete))
        .route("/cgi-bin/openapi/quota/get", post(openapi::quota_get))
        .route("/cgi-bin/openapi/quota/clear", post(openapi::quota_clear))
        .route("/cgi-bin/clear_quota", post(openapi::clear_all))
        .route(
            "/cgi-bin/clear_quota/v2",
            post(openapi::clear_all_with_secret),
        )
        .route("/cgi-bin/openapi/rid/get", post(openapi::rid_get))
        .route("/cgi-bin/callback/check", post(openapi::callback_check))
        .route("/cgi-bin/get_api_domain_ip", get(openapi::ip_list))
        .route("/cgi-bin/getcallbackip", get(openapi::ip_list))
        .route("/cgi-bin/comment/open", post(comment::open))
        .route("/cgi-bin/comment/close", post(comment::close))
        .route("/cgi-bin/comment/list", post(comment::list))
        .route("/cgi-bin/comment/markelect", post(comment::mark_elect))
        .route("/cgi-bin/comment/unmarkelect", post(comment::unmark_elect))
        .route("/cgi-bin/comment/delete", post(comment::delete))
        .route("/cgi-bin/comment/reply/add", post(comment::add_reply))
        .route("/cgi-bin/comment/reply/delete", post(comment::delete_reply))
        .route("/cgi-bin/shorten/gen", post(shorten::gen))
        .route("/cgi-bin/shorten/fetch", post(shorten::fetch))
        .route("/sns/jscode2session", get(wxa::login))
        .route("/sns/oauth2/access_token", get(oauth::exchange_code))
        .route("/sns/oauth2/refresh_token", get(oauth::refresh))
        .route("/sns/userinfo", get(oauth::user_info))
        .route("/sns/auth", get(oauth::check))
        .route("/connect/oauth2/authorize", get(oauth::authorize))
        .route("/connect/qrconnect", get(oauth::qrconnect))
        .route("/wxa/getwxacode", post(wxa::code_a))
        .route("/wxa/getwxacodeunlimit", post(wxa::code_b))
        .route("/cgi-bin/wxaapp/createwxaqrcode", post(wxa::code_square))
        .route("/wxa/setdynamicdata", post(wxa::search_import))
        .route("/customservice/kfaccount/add", kf::add())
        .route("/customservice/kfaccount/update", kf::update())
        .route("/customservice/kfaccount/del", kf::delete())
        .route(
            "/customservice/kfaccount/uploadheadimg",
            post(kf::upload_avatar),
        )
        .route("/customservice/kfaccount/inviteworker", kf::invite())
        .route("/cgi-bin/customservice/getkflist", kf::list())
        .route("/cgi-bin/customservice/getonlinekflist", kf::online())
        .route("/customservice/kfsession/create", kf::session_create())
        .route("/customservice/kfsession/close", kf::session_close())
        .route("/customservice/kfsession/getsession", kf::session_get())
        .route(
            "/customservice/kfsession/getsessionlist",
            kf::session_list(),
        )
        .route("/customservice/kfsession/getwaitcase", kf::waiting())
        .route("/customservice/msgrecord/getmsglist", kf::records())
        .route(
            "/cgi-bin/template/api_set_industry",
            post(template::set_industry),
        )
        .route(
            "/cgi-bin/template/get_industry",
            get(template::get_industry),
        )
        .route("/cgi-bin/template/api_add_template", post(template::add))
        .route(
            "/cgi-bin/template/get_all_private_template",
            get(template::list),
        )
        .route(
            "/cgi-bin/template/del_private_template",
            post(template::delete),
        )
        .route("/wxaapi/newtmpl/addtemplate", post(subscribe::add))
        .route("/wxaapi/newtmpl/deltemplate", post(subscribe::delete))
        .route("/wxaapi/newtmpl/getcategory", get(subscribe::categories))
        .route(
            "/wxaapi/newtmpl/getpubtemplatekeywords",
            get(subscribe::keywords),
        )
        .route(
            "/wxaapi/newtmpl/getpubtemplatetitles",
            get(subscribe::titles),
        )
        .route("/wxaapi/newtmpl/gettemplate", get(subscribe::list))
        .route(
            "/cgi-bin/message/subscribe/bizsend",
            post(subscribe::bizsend),
        )
        .route("/wxa/checksession", get(wxa_user::check_session))
        .route("/wxa/resetusersessionkey", get(wxa_user::reset_session))
        .route(
            "/wxa/business/getuserencryptkey",
            get(wxa_user::encrypt_key),
        )
        .route(
            "/wxa/business/getuserphonenumber",
            post(wxa_user::phone_number),
        )
        .route("/wxa/getpaidunionid", wxa_user::paid_unionid())
        .route(
            "/wxa/business/checkencryptedmsg",
            post(wxa_user::check_encrypted),
        )
        .route("/wxa/getpluginopenpid", post(wxa_user::plugin_openpid))
        .route("/wxa/generatescheme", wxa_link::generate_scheme())
        .route("/wxa/queryscheme", wxa_link::query_scheme())
        .route("/wxa/generatenfcscheme", wxa_link::generate_nfc())
        .route("/wxa/generate_urllink", wxa_link::generate_urllink())
        .route("/wxa/query_urllink", wxa_link::query_urllink())
        .route("/wxa/genwxashortlink", wxa_link::short_link())
        .route(
            "/wxa/business/performance/boot",
            wxa_datacube::performance(),
        )
        .route(
            "/cgi-bin/media/getfeedbackmedia",
            wxa_operation::feedback_media(),
        )
        .route(
            "/wxa/getgrayreleaseplan",
            wxa_operation::gray_release_plan(),
        )
        .route("/wxa/getwxadevinfo", wxa_operation::domain_info())
        .route("/wxaapi/feedback/list", wxa_operation::feedback_list())
        .route(
            "/wxaapi/log/get_client_version",
            wxa_operation::client_versions(),
        )
        .route("/wxaapi/log/get_scene", wxa_operation::scenes())
        .route(
            "/wxaapi/userlog/userlog_search",
            wxa_operation::realtime_log(),
        )
        .route("/wxaapi/log/get_performance", wxa_operation::performance())
        .route("/wxaapi/log/jserr_list", wxa_operation::js_errors())
        .route("/wxaapi/log/jserr_detail", wxa_operation::js_error_detail())
        .route("/wxa/plugin", wxa_plugin::manage())
        .route("/wxa/devplugin", wxa_plugin::manage_applications())
        .route("/wxa/msg_sec_check", wxa_security::text())
        .route("/wxa/media_check_async", wxa_security::media())
        .route("/wxa/getuserriskrank", wxa_security::risk_rank())
        .route(
            "/cgi-bin/express/business/account/bind",
            wxa_express::bind_account(),
        )
        .route(
            "/cgi-bin/express/business/account/getall",
            wxa_express::list_accounts(),
        )
        .route(
            "/cgi-bin/express/business/delivery/getall",
            wxa_express::list_deliveries(),
        )
        .route(
            "/cgi-bin/express/business/printer/getall",
            wxa_express::list_printers(),
        )
        .route(
            "/cgi-bin/express/business/printer/update",
            wxa_express::update_printer(),
        )
        .route(
            "/cgi-bin/express/business/order/add",
            wxa_express::add_order(),
        )
        .route(
            "/cgi-bin/express/business/order/get",
            wxa_express::get_order(),
        )
        .route(
            "/cgi-bin/express/business/order/batchget",
            wxa_express::batch_get_orders(),
        )
        .route(
            "/cgi-bin/express/business/order/cancel",
            wxa_express::cancel_order(),
        )
        .route(
            "/cgi-bin/express/business/path/get",
            wxa_express::get_path(),
        )
        .route(
            "/cgi-bin/express/business/quota/get",
            wxa_express::get_quota(),
        )
        .route(
            "/cgi-bin/express/business/test_update_order",
            wxa_express::update_test_order(),
        )
        .route(
            "/cgi-bin/express/delivery/open_msg/get_delivery_list",
            wxa_express::delivery_list(),
        )
        .route(
            "/cgi-bin/express/delivery/open_msg/trace_waybill",
            wxa_express::trace_waybill(),
        )
        .route(
            "/cgi-bin/express/delivery/open_msg/query_trace",
            wxa_express::query_trace(),
        )
        .route(
            "/cgi-bin/express/delivery/open_msg/update_waybill_goods",
            wxa_express::update_waybill_goods(),
        )
        .route(
            "/cgi-bin/express/delivery/open_msg/follow_waybill",
            wxa_express::follow_waybill(),
        )
        .route(
            "/cgi-bin/express/delivery/open_msg/query_follow_trace",
            wxa_express::query_follow_trace(),
        )
        .route(
            "/cgi-bin/express/delivery/open_msg/update_follow_waybill_goods",
            wxa_express::update_follow_waybill_goods(),
        )
        .route(
            "/cgi-bin/message/wxopen/activityid/create",
            get(wxa_updatable::create),
        )
        .route(
            "/cgi-bin/message/wxopen/updatablemsg/send",
            post(wxa_updatable::send),
        )
        .route(
            "/cgi-bin/message/wxopen/chattoolmsg/send",
            wxa_notify::chat_tool(),
        )
        .route("/wxa/set_user_notify", wxa_notify::set())
        .route("/wxa/set_user_notifyext", wxa_notify::set_ext())
        .route("/wxa/get_user_notify", wxa_notify::get())
        .route("/cgi-bin/message/custom/business/typing", wxa_kf::typing())
        .route("/customservice/kfaccount/setadmin", wxa_kf::set_admin())
        .route(
            "/customservice/kfaccount/canceladmin",
            wxa_kf::cancel_admin(),
        )
        .route("/cgi-bin/business/register", wxa_kf::register())
        .route("/cgi-bin/business/get", wxa_kf::get())
        .route("/cgi-bin/business/list", wxa_kf::list())
        .route("/cgi-bin/business/update", wxa_kf::update())
        .route("/customservice/work/bind", wxa_kf::work_bind())
        .route("/customservice/work/unbind", wxa_kf::work_unbind())
        .route("/customservice/work/get", wxa_kf::work_get())
        .route(
            "/cgi-bin/express/local/business/delivery/getall",
            wxa_delivery::list_companies(),
        )
        .route("/cgi-bin/express/local/business/open", wxa_delivery::open())
        .route(
            "/cgi-bin/express/local/business/shop/add",
            wxa_delivery::bind(),
        )
        .route(
            "/cgi-bin/express/local/business/shop/get",
            wxa_delivery::accounts(),
        )
        .route(
            "/cgi-bin/express/local/business/order/pre_add",
            wxa_delivery::preview_order(),
        )
        .route(
            "/cgi-bin/express/local/business/order/add",
            wxa_delivery::add_order(),
        )
        .route(
            "/cgi-bin/express/local/business/order/readd",
            wxa_delivery::add_order_again(),
        )
        .route(
            "/cgi-bin/express/local/business/order/addtips",
            wxa_delivery::add_tips(),
        )
        .route(
            "/cgi-bin/express/local/business/order/cancel",
            wxa_delivery::cancel_order(),
        )
        .route(
            "/cgi-bin/express/local/business/order/precancel",
            wxa_delivery::preview_cancel(),
        )
        .route(
            "/cgi-bin/express/local/business/order/confirm_return",
            wxa_delivery::confirm_return(),
        )
        .route(
            "/cgi-bin/express/local/business/order/get",
            wxa_delivery::get_order(),
        )
        .route(
            "/cgi-bin/express/local/business/test_update_order",
            wxa_delivery::update_mock_order(),
        )
        .route(
            "/cgi-bin/express/local/business/realmock_update_order",
            wxa_delivery::update_carrier_mock_order(),
        )
        .route(
            "/redpacketcover/wxapp/cover_url/get_by_token",
            wxa_misc::cover_url(),
        )
        .route("/wxa/servicemarket", wxa_misc::invoke())
        .route("/wxa/servicemarketretrieve", wxa_misc::retrieve())
        .route("/cgi-bin/soter/verify_signature", wxa_misc::soter())
        .route("/wxaapi/broadcast/room/create", wxa_live::create())
        .route("/wxaapi/broadcast/room/editroom", wxa_live::edit())
        .route("/wxa/business/getliveinfo", wxa_live::list())
        .route("/wxaapi/broadcast/room/deleteroom", wxa_live::delete())
        .route("/wxaapi/broadcast/room/addgoods", wxa_live::import_goods())
        .route("/wxaapi/broadcast/room/getpushurl", wxa_live::push_url())
        .route(
            "/wxaapi/broadcast/room/getsharedcode",
            wxa_live::shared_code(),
        )
        .route(
            "/wxaapi/broadcast/room/addassistant",
            wxa_live::add_assistant(),
        )
        .route(
            "/wxaapi/broadcast/room/modifyassistant",
            wxa_live::modify_assistant(),
        )
        .route(
            "/wxaapi/broadcast/room/removeassistant",
            wxa_live::remove_assistant(),
        )
        .route(
            "/wxaapi/broadcast/room/getassistantlist",
            wxa_live::assistants(),
        )
        .route(
            "/wxaapi/broadcast/room/addsubanchor",
            wxa_live::sub_anchor(false),
        )
        .route(
            "/wxaapi/broadcast/room/modifysubanchor",
            wxa_live::sub_anchor(true),
        )
        .route(
            "/wxaapi/broadcast/room/deletesubanchor",
            wxa_live::delete_sub_anchor(),
        )
        .route(
            "/wxaapi/broadcast/room/getsubanchor",
            wxa_live::get_sub_anchor(),
        )
        .route(
            "/wxaapi/broadcast/room/updatecomment",
            wxa_live::switch("banComment"),
        )
        .route(
            "/wxaapi/broadcast/room/updatefeedpublic",
            wxa_live::switch("isFeedsPublic"),
        )
        .route(
            "/wxaapi/broadcast/room/updatekf",
            wxa_live::switch("closeKf"),
        )
        .route(
            "/wxaapi/broadcast/room/updatereplay",
            wxa_live::switch("closeReplay"),
        )
        .route(
            "/wxaapi/broadcast/goods/deleteInRoom",
            wxa_live::delete_in_room(),
        )
        .route("/wxaapi/broadcast/goods/push", wxa_live::push_goods())
        .route("/wxaapi/broadcast/goods/onsale", wxa_live::on_sale())
        .route("/wxaapi/broadcast/goods/sort", wxa_live::sort())
        .route("/wxaapi/broadcast/goods/getVideo", wxa_live::video())
        .route("/wxaapi/broadcast/goods/add", wxa_live::add_goods())
        .route("/wxaapi/broadcast/goods/audit", wxa_live::resubmit())
        .route(
            "/wxaapi/broadcast/goods/resetaudit",
            wxa_live::reset_audit(),
        )
        .route("/wxaapi/broadcast/goods/delete", wxa_live::delete_goods())
        .route("/wxaapi/broadcast/goods/update", wxa_live::update_goods())
        .route(
            "/wxaapi/broadcast/goods/getapproved",
            wxa_live::goods_list(),
        )
        .route("/wxa/business/getgoodswarehouse", wxa_live::warehouse())
        .route("/wxaapi/broadcast/goods/setkey", wxa_live::set_key())
        .route("/wxaapi/broadcast/role/addrole", wxa_live::role(true))
        .route("/wxaapi/broadcast/role/deleterole", wxa_live::role(false))
        .route("/wxaapi/broadcast/role/getrolelist", wxa_live::roles())
        .route("/wxa/business/get_wxa_followers", wxa_live::followers())
        .route("/wxa/business/push_message", wxa_live::push_message())
        .route("/wxa/commit", wxa_version::commit())
        .route("/wxa/get_qrcode", wxa_version::trial_qrcode())
        .route("/wxa/submit_audit", wxa_version::submit_audit())
        .route("/wxa/get_auditstatus", wxa_version::audit_status())
        .route(
            "/wxa/get_latest_auditstatus",
            wxa_version::latest_audit_status(),
        )
        .route("/wxa/undocodeaudit", wxa_version::undo_audit())
        .route("/wxa/release", wxa_version::release())
        .route("/wxa/revertcoderelease", wxa_version::revert())
        .route("/wxa/modify_domain", wxa_version::modify_domain())
        .route("/wxa/bind_tester", wxa_version::bind_tester())
        .route("/wxa/unbind_tester", wxa_version::unbind_tester())
        .route("/wxa/memberauth", wxa_version::testers())
        .fallback(|| async {
            reply::reject(40035, "invalid parameter: no such API in the sandbox")
        })
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            count_request,
        ))
        .with_state(state)
}

/// Counts every request, so tests can prove that nothing was sent.
async fn count_request(
    axum::extract::State(state): axum::extract::State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    state.count_request();
    next.run(request).await
}

/// The app whose valid access token is in the query; WeChat's codes otherwise.
pub(crate) fn authorize(state: &State, query: &Params, needs: Option<AppKind>) -> Step<String> {
    let app_id = match state.check_token(query.get("access_token").map(String::as_str)) {
        Ok(app_id) => app_id,
        Err(TokenProblem::Missing) => return Err(reply::reject(41001, "access_token missing")),
        Err(TokenProblem::Unknown | TokenProblem::Superseded) => {
            return Err(reply::reject(
                40001,
                "invalid credential, access_token is invalid or not latest",
            ))
        }
        Err(TokenProblem::Expired) => return Err(reply::reject(42001, "access_token expired")),
    };
    if let Some(kind) = needs {
        if state.app(&app_id).map(|a| a.kind) != Some(kind) {
            return Err(reply::reject(48001, "api unauthorized"));
        }
    }
    Ok(app_id)
}

/// The JSON object of a body: 44002 when empty, 47001 when not a JSON object.
pub(crate) fn json_body(body: &Bytes) -> Step<serde_json::Map<String, serde_json::Value>> {
    if body.is_empty() {
        return Err(reply::reject(44002, "empty post data"));
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(reply::reject(47001, "data format error")),
    }
}

/// A required string field (non-empty); `code` when missing or of another type.
pub(crate) fn string<'a>(
    map: &'a serde_json::Map<String, serde_json::Value>,
    name: &str,
    code: i64,
) -> Step<&'a str> {
    match map.get(name).and_then(|v| v.as_str()) {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(reply::reject(
            code,
            &format!("invalid parameter: `{name}` missing or not a string"),
        )),
    }
}

/// A recipient's openid: 40003 when missing, or unknown (it starts with
/// [`crate::UNKNOWN_OPENID_PREFIX`]).
pub(crate) fn openid<'a>(
    map: &'a serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Step<&'a str> {
    let openid = string(map, name, 40003)?;
    known_openid(openid)
}

/// 40003 for an openid the sandbox treats as unknown.
pub(crate) fn known_openid(openid: &str) -> Step<&str> {
    if openid.is_empty() || openid.starts_with(crate::UNKNOWN_OPENID_PREFIX) {
        Err(reply::reject(40003, "invalid openid"))
    } else {
        Ok(openid)
    }
}

/// An optional unsigned integer field; 40035 when of another type.
pub(crate) fn uint(
    map: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Step<Option<u64>> {
    match map.get(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            reply::reject(
                40035,
                &format!("invalid parameter: `{name}` must be an unsigned integer"),
            )
        }),
    }
}

/// `offset`/`count` of the list endpoints: count 1..=20.
pub(crate) fn page(map: &serde_json::Map<String, serde_json::Value>) -> Step<(usize, usize)> {
    let offset = uint(map, "offset")?.unwrap_or(0) as usize;
    match uint(map, "count")? {
        Some(count @ 1..=20) => Ok((offset, count as usize)),
        _ => Err(reply::reject(
            40035,
            "invalid parameter: count must be 1..=20",
        )),
    }
}
