//! Live rooms (直播间管理): create, list (and replays), edit, delete; push address and share
//! code; assistants and the sub-anchor; the comment, official-feed, customer-service and
//! replay switches; and the goods of a room (import, remove, push, on/off sale, order,
//! explanation video). Limits: see the [module table](super).

use super::{
    check_duration, check_width, documented, not_empty, Flag, LiveStatus, RoomType, ScreenType,
    ANCHOR_NAME_UNITS, ROOM_NAME_UNITS,
};
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The fields create and edit share, checked the same way.
struct RoomFields<'a> {
    name: &'a str,
    anchor_name: &'a str,
    anchor_wechat: &'a str,
    cover_img: &'a str,
    share_img: &'a str,
    feeds_img: &'a str,
    start: i64,
    end: i64,
    screen_type: Option<ScreenType>,
}

fn check_room(endpoint: &'static str, f: RoomFields<'_>) -> Result<(), ValidationError> {
    check_width(endpoint, "name", f.name, ROOM_NAME_UNITS)?;
    check_width(endpoint, "anchorName", f.anchor_name, ANCHOR_NAME_UNITS)?;
    not_empty(endpoint, "anchorWechat", f.anchor_wechat)?;
    not_empty(endpoint, "coverImg", f.cover_img)?;
    not_empty(endpoint, "shareImg", f.share_img)?;
    not_empty(endpoint, "feedsImg", f.feeds_img)?;
    if let Some(s) = f.screen_type {
        documented(
            endpoint,
            "screenType",
            s,
            ScreenType::is_documented,
            ScreenType::code,
            "0, 1",
        )?;
    }
    check_duration(endpoint, f.start, f.end)
}

/// Create a room (`createRoom`); it then shows in the room list. If the anchor has not
/// passed the real-name check in the "小程序直播" Mini Program, the reply carries
/// `qrcode_url`, that Mini Program's code.
#[wx_endpoint(POST "/wxaapi/broadcast/room/create", app = wxa, new = false, validate = super::check_create,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_createroom")]
pub mod create {
    pub struct Request {
        /// Room name, 3..=17 Chinese characters (a Chinese character counts 2 of 34 units).
        pub name: String,
        /// Background image: the media id of a temporary image (1080×1920 suggested, ≤ 2 MB).
        #[wx(rename = "coverImg")]
        pub cover_img: String,
        /// Planned start, Unix seconds: at least 10 minutes from now, at most 6 months ahead
        /// (WeChat's check; [`super::super::check_start`] does it against a given clock).
        #[wx(rename = "startTime")]
        pub start_time: i64,
        /// Planned end, Unix seconds: 30 minutes..=24 hours after the start.
        #[wx(rename = "endTime")]
        pub end_time: i64,
        /// The anchor's nickname, 2..=15 Chinese characters.
        #[wx(rename = "anchorName")]
        pub anchor_name: String,
        /// The anchor's WeChat id (real-name checked in the "小程序直播" Mini Program).
        #[wx(rename = "anchorWechat")]
        pub anchor_wechat: String,
        /// The sub-anchor's WeChat id (real-name checked as well).
        #[wx(rename = "subAnchorWechat")]
        pub sub_anchor_wechat: Option<String>,
        /// The creator's WeChat id: when given, only the creator, administrators and the
        /// room's anchor see the room; otherwise every member does.
        #[wx(rename = "createrWechat")]
        pub creater_wechat: Option<String>,
        /// Share image: a media id (800×640 suggested, ≤ 1 MB).
        #[wx(rename = "shareImg")]
        pub share_img: String,
        /// Cover in the shopping-live channel: a media id (800×800 suggested, ≤ 100 KB).
        #[wx(rename = "feedsImg")]
        pub feeds_img: String,
        /// Let WeChat feature the room officially (1, the default) or not (0).
        #[wx(rename = "isFeedsPublic")]
        pub is_feeds_public: Option<super::Flag>,
        /// Phone (0) or pushed stream (1).
        #[wx(rename = "type")]
        pub room_type: super::RoomType,
        /// Portrait (0) or landscape (1); listed by the older page only.
        #[wx(rename = "screenType")]
        pub screen_type: Option<super::ScreenType>,
        /// 1 hides the like button (cannot be reopened once live).
        #[wx(rename = "closeLike")]
        pub close_like: super::Flag,
        /// 1 hides the goods shelf (cannot be reopened once live).
        #[wx(rename = "closeGoods")]
        pub close_goods: super::Flag,
        /// 1 hides the comments (cannot be reopened once live).
        #[wx(rename = "closeComment")]
        pub close_comment: super::Flag,
        /// 1 (the default) disables the replay (can be enabled once live).
        #[wx(rename = "closeReplay")]
        pub close_replay: Option<super::Flag>,
        /// 1 disables sharing (default 0; cannot change once live).
        #[wx(rename = "closeShare")]
        pub close_share: Option<super::Flag>,
        /// 1 (the default) disables customer service (can be enabled once live).
        #[wx(rename = "closeKf")]
        pub close_kf: Option<super::Flag>,
    }
    pub struct Response {
        /// The new room's id.
        #[wx(rename = "roomId", default)]
        pub room_id: i64,
        /// The "小程序直播" Mini Program code, when the anchor still needs the real-name check.
        pub qrcode_url: Option<String>,
    }

    impl Request {
        /// A room broadcast by `anchor_name` (`anchor_wechat`) from `start_time` to
        /// `end_time` (Unix seconds), with its three images (media ids); likes, shelf and
        /// comments open.
        #[allow(clippy::too_many_arguments)]
        pub fn new(
            name: impl Into<String>,
            anchor_name: impl Into<String>,
            anchor_wechat: impl Into<String>,
            start_time: i64,
            end_time: i64,
            room_type: super::RoomType,
            cover_img: impl Into<String>,
            share_img: impl Into<String>,
            feeds_img: impl Into<String>,
        ) -> Self {
            Self {
                name: name.into(),
                cover_img: cover_img.into(),
                start_time,
                end_time,
                anchor_name: anchor_name.into(),
                anchor_wechat: anchor_wechat.into(),
                sub_anchor_wechat: None,
                creater_wechat: None,
                share_img: share_img.into(),
                feeds_img: feeds_img.into(),
                is_feeds_public: None,
                room_type,
                screen_type: None,
                close_like: super::Flag(false),
                close_goods: super::Flag(false),
                close_comment: super::Flag(false),
                close_replay: None,
                close_share: None,
                close_kf: None,
            }
        }
    }
}

fn check_create(r: &create::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::room::create";
    documented(
        NAME,
        "type",
        r.room_type,
        RoomType::is_documented,
        RoomType::code,
        "0, 1",
    )?;
    check_room(
        NAME,
        RoomFields {
            name: &r.name,
            anchor_name: &r.anchor_name,
            anchor_wechat: &r.anchor_wechat,
            cover_img: &r.cover_img,
            share_img: &r.share_img,
            feeds_img: &r.feeds_img,
            start: r.start_time,
            end: r.end_time,
            screen_type: r.screen_type,
        },
    )
}

/// Edit a room that has not started (`editRoom`): the same fields as [`create`] plus `id`.
#[wx_endpoint(POST "/wxaapi/broadcast/room/editroom", app = wxa, new = false, validate = super::check_update,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_editroom")]
pub mod update {
    pub struct Request {
        /// The room id.
        pub id: i64,
        /// Room name, 3..=17 Chinese characters.
        pub name: String,
        /// Background image (media id).
        #[wx(rename = "coverImg")]
        pub cover_img: String,
        /// Planned start, Unix seconds (10 minutes..=6 months ahead).
        #[wx(rename = "startTime")]
        pub start_time: i64,
        /// Planned end, Unix seconds (30 minutes..=24 hours after the start).
        #[wx(rename = "endTime")]
        pub end_time: i64,
        /// The anchor's nickname, 2..=15 Chinese characters.
        #[wx(rename = "anchorName")]
        pub anchor_name: String,
        /// The anchor's WeChat id.
        #[wx(rename = "anchorWechat")]
        pub anchor_wechat: String,
        /// Share image (media id).
        #[wx(rename = "shareImg")]
        pub share_img: String,
        /// Shopping-channel cover (media id).
        #[wx(rename = "feedsImg")]
        pub feeds_img: String,
        /// Official featuring on (1, default) or off (0).
        #[wx(rename = "isFeedsPublic")]
        pub is_feeds_public: Option<super::Flag>,
        /// 1 hides the like button.
        #[wx(rename = "closeLike")]
        pub close_like: super::Flag,
        /// 1 hides the goods shelf.
        #[wx(rename = "closeGoods")]
        pub close_goods: super::Flag,
        /// 1 hides the comments.
        #[wx(rename = "closeComment")]
        pub close_comment: super::Flag,
        /// 1 disables the replay.
        #[wx(rename = "closeReplay")]
        pub close_replay: Option<super::Flag>,
        /// 1 disables sharing.
        #[wx(rename = "closeShare")]
        pub close_share: Option<super::Flag>,
        /// 1 disables customer service.
        #[wx(rename = "closeKf")]
        pub close_kf: Option<super::Flag>,
    }
    pub struct Response {}

    impl Request {
        /// Room `id` with its new fields (as for [`super::create::Request::new`]).
        #[allow(clippy::too_many_arguments)]
        pub fn new(
            id: i64,
            name: impl Into<String>,
            anchor_name: impl Into<String>,
            anchor_wechat: impl Into<String>,
            start_time: i64,
            end_time: i64,
            cover_img: impl Into<String>,
            share_img: impl Into<String>,
            feeds_img: impl Into<String>,
        ) -> Self {
            Self {
                id,
                name: name.into(),
                cover_img: cover_img.into(),
                start_time,
                end_time,
                anchor_name: anchor_name.into(),
                anchor_wechat: anchor_wechat.into(),
                share_img: share_img.into(),
                feeds_img: feeds_img.into(),
                is_feeds_public: None,
                close_like: super::Flag(false),
                close_goods: super::Flag(false),
                close_comment: super::Flag(false),
                close_replay: None,
                close_share: None,
                close_kf: None,
            }
        }
    }
}

fn check_update(r: &update::Request) -> Result<(), ValidationError> {
    check_room(
        "wxa::live::room::update",
        RoomFields {
            name: &r.name,
            anchor_name: &r.anchor_name,
            anchor_wechat: &r.anchor_wechat,
            cover_img: &r.cover_img,
            share_img: &r.share_img,
            feeds_img: &r.feeds_img,
            start: r.start_time,
            end: r.end_time,
            screen_type: None,
        },
    )
}

/// A goods item as the room list shows it (`room_info[].goods[]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RoomGoods {
    /// Goods id.
    #[serde(default)]
    pub goods_id: i64,
    /// Cover image link.
    #[serde(default)]
    pub cover_img: String,
    /// The goods page's Mini Program path.
    #[serde(default)]
    pub url: String,
    /// Goods name.
    #[serde(default)]
    pub name: String,
    /// Price (see `price_type`).
    #[serde(default)]
    pub price: f64,
    /// Second price (range bound or current price).
    #[serde(default)]
    pub price2: f64,
    /// How the prices read.
    #[serde(default)]
    pub price_type: Option<super::PriceType>,
    /// The third-party Mini Program selling it (empty for this one).
    #[serde(default)]
    pub third_party_appid: Option<String>,
}

/// One room of the list (`room_info[]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RoomInfo {
    /// Room name.
    #[serde(default)]
    pub name: String,
    /// Room id.
    #[serde(default)]
    pub roomid: i64,
    /// Background image link.
    #[serde(default)]
    pub cover_img: String,
    /// Share image link.
    #[serde(default)]
    pub share_img: Option<String>,
    /// Shopping-channel cover link.
    #[serde(default)]
    pub feeds_img: Option<String>,
    /// State: 101 live, 102 not started, 103 ended, 104 banned, 105 paused, 106 abnormal,
    /// 107 expired.
    #[serde(default)]
    pub live_status: Option<LiveStatus>,
    /// Start, Unix seconds (the list is sorted by it, newest first).
    #[serde(default)]
    pub start_time: i64,
    /// Planned end, Unix seconds.
    #[serde(default)]
    pub end_time: i64,
    /// The anchor's name.
    #[serde(default)]
    pub anchor_name: String,
    /// The room's goods.
    #[serde(default)]
    pub goods: Vec<RoomGoods>,
    /// Phone (0) or pushed stream (1).
    #[serde(default)]
    pub live_type: Option<RoomType>,
    /// Likes closed.
    #[serde(default)]
    pub close_like: Option<Flag>,
    /// Shelf closed.
    #[serde(default)]
    pub close_goods: Option<Flag>,
    /// Comments closed.
    #[serde(default)]
    pub close_comment: Option<Flag>,
    /// Customer service closed.
    #[serde(default)]
    pub close_kf: Option<Flag>,
    /// Replay closed.
    #[serde(default)]
    pub close_replay: Option<Flag>,
    /// Officially featured.
    #[serde(default)]
    pub is_feeds_public: Option<Flag>,
    /// The creator's openid.
    #[serde(default)]
    pub creater_openid: Option<String>,
}

/// One replay segment (`live_replay[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Replay {
    /// When the video was made (ISO 8601 text).
    #[serde(default)]
    pub create_time: String,
    /// When `media_url` expires (ISO 8601 text).
    #[serde(default)]
    pub expire_time: String,
    /// The replay video.
    #[serde(default)]
    pub media_url: String,
}

/// The only `action` of [`list`]: replays of one ended room.
pub const GET_REPLAY: &str = "get_replay";

/// The room list (`getLiveInfo`), or with `action = "get_replay"` the replay segments of an
/// ended room (made within about 10 minutes of the end; without comments).
#[wx_endpoint(POST "/wxa/business/getliveinfo", app = wxa, validate = super::check_list,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_getliveinfo")]
pub mod list {
    pub struct Request {
        /// First room (or segment) to return, 0 for the first.
        pub start: i64,
        /// How many to return (the page suggests at most 100).
        pub limit: i64,
        /// Only `"get_replay"`: return the replays of `room_id` instead of the list.
        pub action: Option<String>,
        /// The room whose replays to return; required with `action`.
        pub room_id: Option<i64>,
    }
    pub struct Response {
        /// The rooms (not with `get_replay`).
        #[wx(default)]
        pub room_info: Vec<super::RoomInfo>,
        /// How many rooms (or segments) there are.
        #[wx(default)]
        pub total: i64,
        /// The replay segments (with `get_replay` only).
        #[wx(default)]
        pub live_replay: Vec<super::Replay>,
    }

    impl Request {
        /// The replays of `room_id`, from segment `start`, `limit` at most.
        pub fn replays(room_id: i64, start: i64, limit: i64) -> Self {
            Self {
                start,
                limit,
                action: Some(super::GET_REPLAY.to_owned()),
                room_id: Some(room_id),
            }
        }
    }
}

fn check_list(r: &list::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::room::list";
    if r.start < 0 {
        return Err(ValidationError::new(NAME, "start", "negative"));
    }
    if r.limit < 1 {
        return Err(ValidationError::new(NAME, "limit", "at least 1"));
    }
    match (&r.action, r.room_id) {
        (Some(a), _) if a != GET_REPLAY => Err(ValidationError::new(
            NAME,
            "action",
            "only \"get_replay\" is documented",
        )),
        (Some(_), None) => Err(ValidationError::new(
            NAME,
            "room_id",
            "required with action \"get_replay\"",
        )),
        _ => Ok(()),
    }
}

/// Delete a room (`deleteRoom`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/deleteroom", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_deleteroom")]
pub mod delete {
    pub struct Request {
        /// The room id.
        pub id: i64,
    }
    pub struct Response {}
}

/// Import approved goods of the library into a room (`importGoods`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/addgoods", app = wxa, validate = super::check_add_goods,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_importgoods")]
pub mod add_goods {
    pub struct Request {
        /// Goods ids (approved goods of the library), at least one.
        pub ids: Vec<i64>,
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
    }
    pub struct Response {}
}

fn check_add_goods(r: &add_goods::Request) -> Result<(), ValidationError> {
    if r.ids.is_empty() {
        return Err(ValidationError::new(
            "wxa::live::room::add_goods",
            "ids",
            "empty; at least one goods id",
        ));
    }
    Ok(())
}

/// The room's push (RTMP) address, for rooms of type 1 (`getPushUrl`).
#[wx_endpoint(GET "/wxaapi/broadcast/room/getpushurl", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_getpushurl")]
pub mod get_push_url {
    pub struct Request {
        /// The room id.
        #[wx(query, rename = "roomId")]
        pub room_id: i64,
    }
    pub struct Response {
        /// The push address.
        #[wx(rename = "pushAddr")]
        pub push_addr: String,
    }
}

/// The room's share QR code, path and poster (`getSharedCode`).
#[wx_endpoint(GET "/wxaapi/broadcast/room/getsharedcode", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_getsharedcode")]
pub mod get_shared_code {
    pub struct Request {
        /// The room id.
        #[wx(query, rename = "roomId")]
        pub room_id: i64,
        /// Custom parameters carried by the share path (URL-encoded JSON, by the page's
        /// example).
        #[wx(query)]
        pub params: Option<String>,
    }
    pub struct Response {
        /// The QR code image (CDN URL).
        #[wx(rename = "cdnUrl")]
        pub cdn_url: String,
        /// The share path.
        #[wx(rename = "pagePath")]
        pub page_path: String,
        /// The share poster (URL).
        #[wx(rename = "posterUrl", default)]
        pub poster_url: String,
    }
}

/// An assistant to add (`users[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assistant {
    /// The user's WeChat id.
    pub username: String,
    /// The user's nickname.
    pub nickname: String,
}

impl Assistant {
    /// The assistant `username` called `nickname`.
    pub fn new(username: impl Into<String>, nickname: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            nickname: nickname.into(),
        }
    }
}

/// Add assistants who manage the room (`addAssistant`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/addassistant", app = wxa, validate = super::check_add_assistant,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_addveassistant")]
pub mod add_assistant {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The assistants, at least one.
        pub users: Vec<super::Assistant>,
    }
    pub struct Response {}
}

fn check_add_assistant(r: &add_assistant::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::room::add_assistant";
    if r.users.is_empty() {
        return Err(ValidationError::new(NAME, "users", "empty; at least one"));
    }
    for u in &r.users {
        not_empty(NAME, "users.username", &u.username)?;
        not_empty(NAME, "users.nickname", &u.nickname)?;
    }
    Ok(())
}

/// Change an assistant's nickname (`modifyAssistant`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/modifyassistant", app = wxa, validate = super::check_modify_assistant,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_modifyassistant")]
pub mod modify_assistant {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The assistant's WeChat id.
        pub username: String,
        /// The new nickname.
        pub nickname: String,
    }
    pub struct Response {}
}

fn check_modify_assistant(r: &modify_assistant::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::room::modify_assistant";
    not_empty(NAME, "username", &r.username)?;
    not_empty(NAME, "nickname", &r.nickname)
}

/// Remove an assistant (`removeAssistant`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/removeassistant", app = wxa, validate = super::check_remove_assistant,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_removeassistant")]
pub mod remove_assistant {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The assistant's WeChat id.
        pub username: String,
    }
    pub struct Response {}
}

fn check_remove_assistant(r: &remove_assistant::Request) -> Result<(), ValidationError> {
    not_empty("wxa::live::room::remove_assistant", "username", &r.username)
}

/// One assistant of the room (`list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssistantInfo {
    /// Last change, Unix seconds.
    #[serde(default)]
    pub timestamp: i64,
    /// Avatar URL.
    #[serde(default)]
    pub headimg: String,
    /// Nickname.
    #[serde(default)]
    pub nickname: String,
    /// WeChat id.
    #[serde(default)]
    pub alias: String,
    /// Openid.
    #[serde(default)]
    pub openid: String,
}

/// The room's assistants (`getAssistantList`).
#[wx_endpoint(GET "/wxaapi/broadcast/room/getassistantlist", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_getassistantlist")]
pub mod list_assistants {
    pub struct Request {
        /// The room id.
        #[wx(query, rename = "roomId")]
        pub room_id: i64,
    }
    pub struct Response {
        /// The assistants.
        #[wx(default)]
        pub list: Vec<super::AssistantInfo>,
        /// How many there are.
        #[wx(default)]
        pub count: i64,
        /// How many the room may have.
        #[wx(rename = "maxCount", default)]
        pub max_count: i64,
    }
}

fn check_username(endpoint: &'static str, username: &str) -> Result<(), ValidationError> {
    not_empty(endpoint, "username", username)
}

fn check_add_sub_anchor(r: &add_sub_anchor::Request) -> Result<(), ValidationError> {
    check_username("wxa::live::room::add_sub_anchor", &r.username)
}

fn check_modify_sub_anchor(r: &modify_sub_anchor::Request) -> Result<(), ValidationError> {
    check_username("wxa::live::room::modify_sub_anchor", &r.username)
}

/// Add the room's sub-anchor (`addSubAnchor`); WeChat answers 500004 for a repeated one and
/// 500005 when it is the anchor.
#[wx_endpoint(POST "/wxaapi/broadcast/room/addsubanchor", app = wxa, validate = super::check_add_sub_anchor,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_addsubanchor")]
pub mod add_sub_anchor {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The sub-anchor's WeChat id.
        pub username: String,
    }
    pub struct Response {}
}

/// Replace the room's sub-anchor (`modifySubAnchor`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/modifysubanchor", app = wxa, validate = super::check_modify_sub_anchor,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_modifysubanchor")]
pub mod modify_sub_anchor {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The new sub-anchor's WeChat id.
        pub username: String,
    }
    pub struct Response {}
}

/// Remove the room's sub-anchor (`deleteSubAnchor`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/deletesubanchor", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_deletesubanchor")]
pub mod delete_sub_anchor {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
    }
    pub struct Response {}
}

/// The room's sub-anchor (`getSubAnchor`).
#[wx_endpoint(GET "/wxaapi/broadcast/room/getsubanchor", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_getsubanchor")]
pub mod get_sub_anchor {
    pub struct Request {
        /// The room id.
        #[wx(query, rename = "roomId")]
        pub room_id: i64,
    }
    pub struct Response {
        /// The sub-anchor's WeChat id.
        #[wx(default)]
        pub username: String,
    }
}

/// Ban (1) or allow (0) comments in the whole room (`updateComment`). The page's field table
/// names the room `id`; its example, the sibling calls and the SDKs in use send `roomId`,
/// which this does.
#[wx_endpoint(POST "/wxaapi/broadcast/room/updatecomment", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_updatecomment")]
pub mod set_comment {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// 1 bans comments, 0 allows them.
        #[wx(rename = "banComment")]
        pub ban_comment: super::Flag,
    }
    pub struct Response {}
}

/// Turn the room's official featuring on (1) or off (0) (`updateFeedPublic`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/updatefeedpublic", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_updatefeedpublic")]
pub mod set_feed_public {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// 1 features the room, 0 does not.
        #[wx(rename = "isFeedsPublic")]
        pub is_feeds_public: super::Flag,
    }
    pub struct Response {}
}

/// Close (1) or open (0) customer service in the room (`updateKF`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/updatekf", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_updatekf")]
pub mod set_kf {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// 1 closes customer service, 0 opens it.
        #[wx(rename = "closeKf")]
        pub close_kf: super::Flag,
    }
    pub struct Response {}
}

/// Close (1) or open (0) the room's replay (`updateReplay`).
#[wx_endpoint(POST "/wxaapi/broadcast/room/updatereplay", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_updatereplay")]
pub mod set_replay {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// 1 closes the replay, 0 opens it.
        #[wx(rename = "closeReplay")]
        pub close_replay: super::Flag,
    }
    pub struct Response {}
}

/// Remove goods from a room (`deleteInRoom`; the library keeps them).
#[wx_endpoint(POST "/wxaapi/broadcast/goods/deleteInRoom", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_deletedoods")]
pub mod delete_goods {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The goods id.
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
    }
    pub struct Response {}
}

/// Push goods to the viewers of a live room (`pushGoods`).
#[wx_endpoint(POST "/wxaapi/broadcast/goods/push", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_pushgoods")]
pub mod push_goods {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The goods id.
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
    }
    pub struct Response {}
}

/// Put goods of a room on (1) or off (0) sale (`saleGoods`).
#[wx_endpoint(POST "/wxaapi/broadcast/goods/onsale", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_salegoods")]
pub mod set_goods_sale {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The goods id.
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
        /// 1 on sale, 0 off sale.
        #[wx(rename = "onSale")]
        pub on_sale: super::Flag,
    }
    pub struct Response {}
}

/// One goods id of [`sort_goods`] (`goods[]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GoodsRef {
    /// The goods id (a number, by the field table).
    #[serde(rename = "goodsId")]
    pub goods_id: i64,
}

/// Order the goods of a room (`sortGoods`): `goods` in their new order.
#[wx_endpoint(POST "/wxaapi/broadcast/goods/sort", app = wxa, new = false, validate = super::check_sort,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_sortgoods")]
pub mod sort_goods {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The goods in their new order, at least one.
        pub goods: Vec<super::GoodsRef>,
    }
    pub struct Response {}

    impl Request {
        /// Order room `room_id`'s goods as `goods_ids`.
        pub fn new(room_id: i64, goods_ids: impl IntoIterator<Item = i64>) -> Self {
            Self {
                room_id,
                goods: goods_ids
                    .into_iter()
                    .map(|goods_id| super::GoodsRef { goods_id })
                    .collect(),
            }
        }
    }
}

fn check_sort(r: &sort_goods::Request) -> Result<(), ValidationError> {
    if r.goods.is_empty() {
        return Err(ValidationError::new(
            "wxa::live::room::sort_goods",
            "goods",
            "empty; at least one goods id",
        ));
    }
    Ok(())
}

/// The link of a goods' explanation video recorded in a room (`downloadGoodsVideo`).
#[wx_endpoint(POST "/wxaapi/broadcast/goods/getVideo", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_downloadgoodsvideo")]
pub mod get_goods_video {
    pub struct Request {
        /// The room id.
        #[wx(rename = "roomId")]
        pub room_id: i64,
        /// The goods id.
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
    }
    pub struct Response {
        /// The video's link.
        #[wx(default)]
        pub url: String,
    }
}
