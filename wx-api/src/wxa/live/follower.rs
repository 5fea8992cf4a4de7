//! Long-term subscribers of the live broadcasts (长期订阅): list them and send them the
//! "live started" event. Users (un)subscribing arrive as the `wxalive_follow_notify` push
//! event. Limits: see the [module table](super).

use super::{in_range, LiveStatus};
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most openids [`send`] takes, and most subscribers [`list`] returns at once.
pub const MAX_BATCH: usize = 2000;

/// One subscriber (`followers[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Follower {
    /// The subscriber's openid.
    #[serde(default)]
    pub openid: String,
    /// When they subscribed, Unix seconds.
    #[serde(default)]
    pub subscribe_time: i64,
    /// The room they subscribed in.
    #[serde(default)]
    pub room_id: i64,
    /// That room's state then (101 live, 102 not started, 103 ended).
    #[serde(default)]
    pub room_status: Option<LiveStatus>,
}

/// The long-term subscribers, a page at a time (`getFollowers`).
#[wx_endpoint(POST "/wxa/business/get_wxa_followers", app = wxa, validate = super::check_list,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/subscribe-management/api_getfollowers")]
pub mod list {
    pub struct Request {
        /// How many, 1..=2000 (default 200).
        pub limit: Option<i64>,
        /// The previous page's `page_break`; absent for the first page.
        pub page_break: Option<i64>,
    }
    pub struct Response {
        /// The subscribers.
        #[wx(default)]
        pub followers: Vec<super::Follower>,
        /// Give it back for the next page.
        pub page_break: Option<i64>,
    }
}

fn check_list(r: &list::Request) -> Result<(), ValidationError> {
    if let Some(limit) = r.limit {
        in_range(
            "wxa::live::follower::list",
            "limit",
            limit,
            1..=MAX_BATCH as i64,
        )?;
    }
    Ok(())
}

/// Send the "live started" event of a live room to long-term subscribers (`pushMessage`);
/// the outcome arrives later by push, under the returned `message_id`. WeChat answers
/// 9410005 when another room already sent today, 9410006 when the room is not live.
#[wx_endpoint(POST "/wxa/business/push_message", app = wxa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/subscribe-management/api_pushmessage")]
pub mod send {
    pub struct Request {
        /// The live room.
        pub room_id: i64,
        /// The subscribers to tell, 1..=2000 openids.
        pub user_openid: Vec<String>,
    }
    pub struct Response {
        /// Matches the later push of the sending's outcome.
        #[wx(default)]
        pub message_id: String,
    }
}

fn check_send(r: &send::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::follower::send";
    let n = r.user_openid.len();
    if n == 0 || n > MAX_BATCH {
        return Err(ValidationError::new(
            NAME,
            "user_openid",
            format!("{n} openids, outside 1..={MAX_BATCH}"),
        ));
    }
    if r.user_openid.iter().any(|o| o.is_empty()) {
        return Err(ValidationError::new(NAME, "user_openid", "an empty openid"));
    }
    Ok(())
}
