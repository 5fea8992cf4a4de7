//! Mini Program live broadcasting (小程序直播): rooms ([`room`]: create, list and replays,
//! edit, delete, push address, share code, assistants, the sub-anchor, the switches, and the
//! goods of a room), the goods library ([`goods`]: add and submit for review, withdraw and
//! resubmit the review, update, delete, status and lists), the members' roles ([`role`]) and
//! the long-term subscribers ([`follower`]).
//!
//! Media ids (`coverImg`, `shareImg`, `feedsImg`, `coverImgUrl`) are plain strings here: the
//! `media_id` of a temporary image uploaded with `oa::media::upload` (valid three days).
//!
//! Limits, checked before sending (every check names the endpoint, the field and the limit):
//!
//! | endpoint | field | limit |
//! |---|---|---|
//! | [`room::create`], [`room::update`] | `name` | 3..=17 Chinese characters; one Chinese character counts as 2, so 6..=34 units ([`width`]) |
//! | [`room::create`], [`room::update`] | `anchorName` | 2..=15 Chinese characters, 4..=30 units |
//! | [`room::create`], [`room::update`] | `endTime` | 30 minutes..=24 hours after `startTime` |
//! | [`room::create`], [`room::update`] | `startTime` | at least 10 minutes from now, at most 6 months ahead (186 days, the longest six months): **not** in `validate()`, which depends on the request alone; [`check_start`] checks it against a clock you give |
//! | [`room::create`], [`room::update`] | `coverImg`, `shareImg`, `feedsImg`, `anchorWechat` | not empty |
//! | [`room::create`], [`room::update`] | `type`, `screenType` | documented values only ([`RoomType`], [`ScreenType`]) |
//! | [`room::list`] | `room_id` | required with `action = "get_replay"` ([`room::list::Request::replays`]) |
//! | room assistants, sub-anchor | `username`, `nickname`, `users` | not empty |
//! | [`room::sort_goods`] | `goods` | not empty |
//! | [`goods::add`], [`goods::update`] | `name` | at most 14 Chinese characters (28 units), not empty |
//! | [`goods::add`], [`goods::update`] | `priceType` | 1 fixed, 2 range, 3 discount ([`PriceType`]) |
//! | [`goods::add`], [`goods::update`] | `price`, `price2` | finite, not negative, at most two decimals; `price2` absent for type 1, present for 2 and 3; a range's left bound `price` not above its right bound `price2` |
//! | [`goods::add`] | `coverImgUrl`, `url` | not empty |
//! | [`goods::get`] | `goods_ids` | 1..=20 ids ([`goods::MAX_STATUS_IDS`]) |
//! | [`goods::list`] | `limit` | 1..=100 (default 30); `status` 0..=3 ([`AuditStatus`]) |
//! | [`goods::set_key`] | `goodsKey` | not empty, no empty key |
//! | [`role::add`], [`role::delete`] | `role` | 1 admin, 2 anchor, 3 operator ([`Role`]) |
//! | [`role::list`] | `role` | -1 all, 0..=3 ([`Role`]); `limit` 1..=30 (default 10) |
//! | [`follower::list`] | `limit` | 1..=2000 (default 200) |
//! | [`follower::send`] | `user_openid` | 1..=2000 openids |
//!
//! WeChat's own errcodes for these calls include 300022 (the room does not exist), 300023
//! (the room's state forbids the operation), 300024 (the goods do not exist), 300009/300017
//! (a review that cannot be withdrawn / was never submitted), 300010 (the goods' review state
//! forbids it), 300011 (goods not added through the API), 400001..=400004 (roles: invalid
//! WeChat id, anchor without real-name check, role limit of 10 admins, 500 operators and 500
//! anchors reached, role already set), 500004/500005 (sub-anchor repeated / equal to the
//! anchor), 9410005/9410006 (start event already sent today for another room / room not
//! live). Quotas: 10 000 calls a day for most room calls, 500 a day for adding and
//! resubmitting goods, 100 000 a day for [`room::list`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;

pub mod follower;
pub mod goods;
pub mod role;
pub mod room;

/// Declares a number-coded enumeration with a lossless fallback: a documented value becomes
/// its variant, any other number `Other(n)` (kept, so a reply never fails on a new value);
/// requests refuse `Other` in their `validate`. Decodes a number or a string of digits
/// (some pages type these fields as strings).
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value the documentation does not list, kept as received.
            Other(i64),
        }

        impl $name {
            /// The number on the wire.
            pub fn code(self) -> i64 {
                match self { $(Self::$variant => $value,)+ Self::Other(n) => n }
            }

            /// The variant of a wire number (`Other` when undocumented).
            pub fn from_code(n: i64) -> Self {
                match n { $($value => Self::$variant,)+ n => Self::Other(n) }
            }

            /// Whether this is a documented value.
            pub fn is_documented(self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                lenient_i64(d).map(Self::from_code)
            }
        }
    };
}

/// A number, or a string holding one (the reply tables type some numbers as strings).
pub(crate) fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(i64),
        Text(String),
    }
    match Either::deserialize(d)? {
        Either::Number(n) => Ok(n),
        Either::Text(t) => t
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("{t:?} is not a number"))),
    }
}

code_enum!(
    /// How the room broadcasts (`type`).
    RoomType {
        /// `0`: from the anchor's phone (手机直播).
        Phone = 0,
        /// `1`: pushed from a streaming tool (推流).
        Push = 1,
    }
);

code_enum!(
    /// The picture's orientation (`screenType`).
    ScreenType {
        /// `0`: portrait (竖屏; 9:16, 2:3).
        Portrait = 0,
        /// `1`: landscape (横屏; 16:9, 4:3, 1.85:1).
        Landscape = 1,
    }
);

code_enum!(
    /// A room's state (`live_status`).
    LiveStatus {
        /// `101`: live.
        Live = 101,
        /// `102`: not started.
        NotStarted = 102,
        /// `103`: ended.
        Ended = 103,
        /// `104`: banned.
        Banned = 104,
        /// `105`: paused.
        Paused = 105,
        /// `106`: abnormal.
        Abnormal = 106,
        /// `107`: expired.
        Expired = 107,
    }
);

code_enum!(
    /// How a price reads (`priceType`).
    PriceType {
        /// `1`: one price (`price` only).
        Fixed = 1,
        /// `2`: a range from `price` to `price2`.
        Range = 2,
        /// `3`: a discount: `price` the original price, `price2` the current one.
        Discount = 3,
    }
);

code_enum!(
    /// A goods' review state (`status`, `audit_status`).
    AuditStatus {
        /// `0`: not submitted.
        NotSubmitted = 0,
        /// `1`: under review.
        Reviewing = 1,
        /// `2`: approved.
        Approved = 2,
        /// `3`: rejected.
        Rejected = 3,
    }
);

code_enum!(
    /// A member's role (`role`). [`Role::All`] only filters [`role::list`]; the super admin
    /// cannot be set or removed.
    Role {
        /// `-1`: every member (list filter only).
        All = -1,
        /// `0`: the super administrator.
        SuperAdmin = 0,
        /// `1`: administrator (at most 10).
        Admin = 1,
        /// `2`: anchor (at most 500).
        Anchor = 2,
        /// `3`: operator (at most 500).
        Operator = 3,
    }
);

/// A 0/1 switch on the wire (`closeLike`, `isFeedsPublic`, `onSale`...): `Flag(true)` is `1`.
/// What 1 means is the field's own: "closed" for the `close*` fields, "on" for the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag(pub bool);

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(u8::from(self.0))
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match lenient_i64(d)? {
            0 => Ok(Self(false)),
            1 => Ok(Self(true)),
            n => Err(serde::de::Error::custom(format!("{n} is not 0 or 1"))),
        }
    }
}

impl From<bool> for Flag {
    fn from(on: bool) -> Self {
        Self(on)
    }
}

/// The width WeChat counts names in: one Chinese (any non-ASCII) character is 2, any other 1.
/// "3..=17 Chinese characters" is thus 6..=34 units, and 34 ASCII letters fit as well.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Room names: 3..=17 Chinese characters (6..=34 units).
pub const ROOM_NAME_UNITS: std::ops::RangeInclusive<usize> = 6..=34;
/// Anchor nicknames: 2..=15 Chinese characters (4..=30 units).
pub const ANCHOR_NAME_UNITS: std::ops::RangeInclusive<usize> = 4..=30;
/// Goods names: at most 14 Chinese characters (28 units).
pub const GOODS_NAME_UNITS: std::ops::RangeInclusive<usize> = 1..=28;
/// The earliest start: 10 minutes from now, in seconds.
pub const MIN_LEAD_SECS: i64 = 10 * 60;
/// The latest start: six months ahead, taken as 186 days (the longest six calendar months).
pub const MAX_LEAD_SECS: i64 = 186 * 24 * 3600;
/// Shortest broadcast: 30 minutes, in seconds.
pub const MIN_DURATION_SECS: i64 = 30 * 60;
/// Longest broadcast: 24 hours, in seconds.
pub const MAX_DURATION_SECS: i64 = 24 * 3600;

pub(crate) fn check_width(
    endpoint: &'static str,
    field: &'static str,
    text: &str,
    units: std::ops::RangeInclusive<usize>,
) -> Result<(), ValidationError> {
    let w = width(text);
    if units.contains(&w) {
        Ok(())
    } else {
        Err(ValidationError::new(
            endpoint,
            field,
            format!(
                "{w} units (a Chinese character counts 2), outside {}..={}",
                units.start(),
                units.end()
            ),
        ))
    }
}

pub(crate) fn not_empty(
    endpoint: &'static str,
    field: &'static str,
    text: &str,
) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        Err(ValidationError::new(endpoint, field, "empty; required"))
    } else {
        Ok(())
    }
}

pub(crate) fn documented<T: Copy>(
    endpoint: &'static str,
    field: &'static str,
    value: T,
    is_documented: impl Fn(T) -> bool,
    code: impl Fn(T) -> i64,
    allowed: &str,
) -> Result<(), ValidationError> {
    if is_documented(value) {
        Ok(())
    } else {
        Err(ValidationError::new(
            endpoint,
            field,
            format!("{} is not one of {allowed}", code(value)),
        ))
    }
}

pub(crate) fn in_range(
    endpoint: &'static str,
    field: &'static str,
    value: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<(), ValidationError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(ValidationError::new(
            endpoint,
            field,
            format!("{value} outside {}..={}", range.start(), range.end()),
        ))
    }
}

/// The duration rule, checked before sending: the end 30 minutes..=24 hours after the start.
pub(crate) fn check_duration(
    endpoint: &'static str,
    start: i64,
    end: i64,
) -> Result<(), ValidationError> {
    let duration = end.saturating_sub(start);
    if !(MIN_DURATION_SECS..=MAX_DURATION_SECS).contains(&duration) {
        return Err(ValidationError::new(
            endpoint,
            "endTime",
            format!("lasts {duration} s; must be 30 minutes..=24 hours after startTime"),
        ));
    }
    Ok(())
}

/// The start rule against a clock: `start_time` at least 10 minutes after `now` and at most
/// 6 months (186 days) after it, both Unix seconds. Not part of `validate()`, which must give
/// the same answer for the same request whenever it runs (a request is rendered, retried and
/// compared with fixtures at other times than it is built); call it when building a room
/// from user input, with `now` from the clock WeChat will see.
pub fn check_start(
    endpoint: &'static str,
    start_time: i64,
    now: i64,
) -> Result<(), ValidationError> {
    let lead = start_time.saturating_sub(now);
    if lead < MIN_LEAD_SECS {
        return Err(ValidationError::new(
            endpoint,
            "startTime",
            format!("starts {lead} s from now; at least {MIN_LEAD_SECS} s (10 minutes) ahead"),
        ));
    }
    if lead > MAX_LEAD_SECS {
        return Err(ValidationError::new(
            endpoint,
            "startTime",
            "more than 6 months ahead",
        ));
    }
    Ok(())
}

/// A price in yuan: finite, not negative, at most two decimals.
pub(crate) fn check_price(
    endpoint: &'static str,
    field: &'static str,
    price: f64,
) -> Result<(), ValidationError> {
    let cents = price * 100.0;
    if !price.is_finite() || price < 0.0 {
        return Err(ValidationError::new(
            endpoint,
            field,
            "not a finite, non-negative amount",
        ));
    }
    if (cents - cents.round()).abs() > 1e-6 * cents.abs().max(1.0) {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!("{price} has more than two decimals"),
        ));
    }
    Ok(())
}

/// The price rules of `priceType`: `price2` absent for a fixed price, present for a range
/// or a discount; a range's left bound not above its right bound.
pub(crate) fn check_prices(
    endpoint: &'static str,
    price_type: PriceType,
    price: f64,
    price2: Option<f64>,
) -> Result<(), ValidationError> {
    documented(
        endpoint,
        "priceType",
        price_type,
        PriceType::is_documented,
        PriceType::code,
        "1, 2, 3",
    )?;
    check_price(endpoint, "price", price)?;
    if let Some(p2) = price2 {
        check_price(endpoint, "price2", p2)?;
    }
    match (price_type, price2) {
        (PriceType::Fixed, Some(_)) => Err(ValidationError::new(
            endpoint,
            "price2",
            "must be absent with priceType 1 (one price)",
        )),
        (PriceType::Range | PriceType::Discount, None) => Err(ValidationError::new(
            endpoint,
            "price2",
            "required with priceType 2 (range) and 3 (discount)",
        )),
        (PriceType::Range, Some(p2)) if price > p2 => Err(ValidationError::new(
            endpoint,
            "price2",
            "a range's right bound price2 is below its left bound price",
        )),
        _ => Ok(()),
    }
}
