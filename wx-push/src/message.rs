//! Typed inbound messages and events, as the official push documentation lists them.
//!
//! Every type is `Serialize` so a message can be forwarded or snapshotted as is. Fields a
//! typed variant does not know stay in [`Message::extra`], or in the `extra` of a typed
//! list item; unknown `MsgType`s and events become [`Body::Unknown`] /
//! [`EventKind::Unknown`] with every field kept in `extra`.

use serde::Serialize;

use super::value::{Fields, Value};

/// One pushed message or event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    /// The account's original id (`gh_...`), or the app id in some MP pushes.
    pub to_user_name: String,
    /// The sender's openid.
    pub from_user_name: String,
    /// Unix seconds.
    pub create_time: i64,
    /// `MsgType` as received.
    pub msg_type: String,
    /// `MsgId` of ordinary messages, kept as a string (64-bit, sometimes a string in JSON);
    /// `None` when absent or empty.
    pub msg_id: Option<String>,
    /// The typed content.
    pub body: Body,
    /// Every field the typed content did not consume, nested elements included.
    pub extra: Fields,
}

impl Message {
    /// The event, if this is one.
    pub fn event(&self) -> Option<&Event> {
        match &self.body {
            Body::Event(e) => Some(e),
            _ => None,
        }
    }

    /// The key WeChat's retries share (a retry repeats the push exactly, `MsgId`
    /// included), prefixed with `ToUserName` so one store can serve several accounts:
    /// `MsgId` when present, otherwise `FromUserName + CreateTime + Event` plus the
    /// event's `EventKey` and `MsgID` when it has them (two menu clicks, or two template
    /// results, in the same second are distinct pushes). Parts are `:`-separated with `%`
    /// and `:` escaped, so no two pushes share a key.
    ///
    /// The key is at most [`MAX_KEY_BYTES`](super::dedup::MAX_KEY_BYTES) long: a longer
    /// one (a hostile megabyte `MsgId`) is replaced by its SHA-1, see
    /// [`bounded_key`](super::dedup::bounded_key).
    pub fn dedup_key(&self) -> String {
        let full = self.full_dedup_key();
        match super::dedup::bounded_key(&full) {
            std::borrow::Cow::Borrowed(_) => full,
            std::borrow::Cow::Owned(hashed) => hashed,
        }
    }

    /// [`dedup_key`](Self::dedup_key) before bounding its length.
    fn full_dedup_key(&self) -> String {
        use std::fmt::Write as _;
        let mut k = String::with_capacity(64);
        push_key_part(&mut k, &self.to_user_name);
        if let Some(id) = self.msg_id.as_deref().filter(|id| !id.is_empty()) {
            k.push_str(":id:");
            push_key_part(&mut k, id);
            return k;
        }
        let kind = if let Body::Event(_) = self.body {
            ":ev:"
        } else {
            ":msg:"
        };
        k.push_str(kind);
        push_key_part(&mut k, &self.from_user_name);
        // Writing to a String cannot fail.
        let _ = write!(k, ":{}:", self.create_time);
        let Body::Event(e) = &self.body else {
            push_key_part(&mut k, &self.msg_type);
            return k;
        };
        push_key_part(&mut k, &e.name);
        if let Some(key) = self.event_key() {
            k.push_str(":key=");
            push_key_part(&mut k, key);
        }
        for id in self.event_msg_ids() {
            k.push_str(":msgid=");
            push_key_part(&mut k, id);
        }
        // Media-check verdicts all come from the platform's push account: two verdicts in
        // the same second differ only by their trace_id.
        if let EventKind::WxaMediaCheck(m) = &e.kind {
            k.push_str(":trace=");
            push_key_part(&mut k, &m.trace_id);
        }
        k
    }

    /// A non-empty `EventKey`, typed or left in `extra`.
    fn event_key(&self) -> Option<&str> {
        let typed = match &self.event()?.kind {
            EventKind::Subscribe(s) => s.event_key.as_deref(),
            EventKind::Scan(s) => Some(s.scene.as_str()),
            EventKind::Click(m) => Some(m.event_key.as_str()),
            EventKind::View(v) | EventKind::ViewMiniProgram(v) => Some(v.event_key.as_str()),
            EventKind::ScanCodePush(s) | EventKind::ScanCodeWaitMsg(s) => {
                Some(s.event_key.as_str())
            }
            EventKind::PicSysPhoto(p) | EventKind::PicPhotoOrAlbum(p) | EventKind::PicWeixin(p) => {
                Some(p.event_key.as_str())
            }
            EventKind::LocationSelect(l) => Some(l.event_key.as_str()),
            _ => None,
        };
        typed
            .or_else(|| self.extra.get("EventKey").and_then(Value::as_text))
            .filter(|k| !k.is_empty())
    }

    /// The event's non-empty `MsgID`s (one per item in `subscribe_msg_sent_event`).
    fn event_msg_ids(&self) -> Vec<&str> {
        let ids: Vec<&str> = match self.event().map(|e| &e.kind) {
            Some(EventKind::TemplateSendJobFinish(t)) => vec![t.msg_id.as_str()],
            Some(EventKind::MassSendJobFinish(m)) => vec![m.msg_id.as_str()],
            Some(EventKind::SubscribeMsgSent(items)) => {
                items.iter().map(|i| i.msg_id.as_str()).collect()
            }
            _ => self
                .extra
                .get("MsgID")
                .and_then(Value::as_text)
                .into_iter()
                .collect(),
        };
        ids.into_iter().filter(|id| !id.is_empty()).collect()
    }
}

/// Appends `part` with `%` and `:` percent-escaped, keeping dedup keys unambiguous.
pub(crate) fn push_key_part(out: &mut String, part: &str) {
    for c in part.chars() {
        match c {
            '%' => out.push_str("%25"),
            ':' => out.push_str("%3A"),
            c => out.push(c),
        }
    }
}

/// The typed part of a message, by `MsgType`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Body {
    /// `text`
    Text(Text),
    /// `image`
    Image(Image),
    /// `voice`
    Voice(Voice),
    /// `video`
    Video(Video),
    /// `shortvideo`
    ShortVideo(Video),
    /// `location`
    Location(Location),
    /// `link`
    Link(Link),
    /// `miniprogrampage` (MP customer-service message)
    MiniProgramPage(MiniProgramPage),
    /// `event`
    Event(Event),
    /// Any other `MsgType`; all its fields are in [`Message::extra`].
    Unknown,
}

/// `text` message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    /// `Content`
    pub content: String,
    /// `MsgDataId`, when sent from an article.
    pub msg_data_id: Option<String>,
    /// `Idx`, the article index, when sent from an article.
    pub idx: Option<String>,
    /// `bizmsgmenuid`, when the text is a message-menu click.
    pub biz_msg_menu_id: Option<String>,
}

/// `image` message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    /// `PicUrl`
    pub pic_url: String,
    /// `MediaId`
    pub media_id: String,
}

/// `voice` message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voice {
    /// `MediaId`
    pub media_id: String,
    /// `Format` (amr, speex, ...)
    pub format: String,
    /// `MediaId16K`
    pub media_id_16k: Option<String>,
    /// `Recognition`: speech-to-text, when enabled.
    pub recognition: Option<String>,
}

/// `video` and `shortvideo` messages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Video {
    /// `MediaId`
    pub media_id: String,
    /// `ThumbMediaId`
    pub thumb_media_id: String,
}

/// `location` message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// `Location_X`
    pub latitude: f64,
    /// `Location_Y`
    pub longitude: f64,
    /// `Scale`
    pub scale: Option<i64>,
    /// `Label`
    pub label: String,
}

/// `link` message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// `Title`
    pub title: String,
    /// `Description`
    pub description: String,
    /// `Url`
    pub url: String,
}

/// `miniprogrampage` message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MiniProgramPage {
    /// `Title`
    pub title: String,
    /// `AppId`
    pub app_id: String,
    /// `PagePath`
    pub page_path: String,
    /// `ThumbUrl`
    pub thumb_url: Option<String>,
    /// `ThumbMediaId`
    pub thumb_media_id: Option<String>,
}

/// An event (`MsgType` = `event`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// `Event` as received (case varies; matching is case-insensitive).
    pub name: String,
    /// The typed event.
    pub kind: EventKind,
}

/// Events by `Event` name (matched case-insensitively; the original spelling is kept).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum EventKind {
    /// `subscribe`, plain or from a parametric QR code.
    Subscribe(Subscribe),
    /// `unsubscribe`
    Unsubscribe,
    /// `SCAN`: an existing follower scanned a parametric QR code.
    Scan(Scan),
    /// `LOCATION`: reported location.
    Location(LocationReport),
    /// `CLICK`: menu click button.
    Click(MenuKey),
    /// `VIEW`: menu link; `event_key` is the URL.
    View(MenuView),
    /// `view_miniprogram`: menu mini-program link; `event_key` is the page path.
    ViewMiniProgram(MenuView),
    /// `scancode_push`
    ScanCodePush(ScanCode),
    /// `scancode_waitmsg`
    ScanCodeWaitMsg(ScanCode),
    /// `pic_sysphoto`
    PicSysPhoto(Pics),
    /// `pic_photo_or_album`
    PicPhotoOrAlbum(Pics),
    /// `pic_weixin`
    PicWeixin(Pics),
    /// `location_select`
    LocationSelect(LocationSelect),
    /// `TEMPLATESENDJOBFINISH`
    TemplateSendJobFinish(TemplateSendJobFinish),
    /// `MASSSENDJOBFINISH` (`CopyrightCheckResult`, `ArticleUrlResult` stay in `extra`).
    MassSendJobFinish(MassSendJobFinish),
    /// `PUBLISHJOBFINISH` or `FREEPUBLISHJOBFINISH` (both names are in use).
    PublishJobFinish(PublishJobFinish),
    /// `subscribe_msg_popup_event`
    SubscribeMsgPopup(Vec<SubscribeMsgPopup>),
    /// `subscribe_msg_change_event`
    SubscribeMsgChange(Vec<SubscribeMsgChange>),
    /// `subscribe_msg_sent_event`
    SubscribeMsgSent(Vec<SubscribeMsgSent>),
    /// `user_enter_tempsession` (MP)
    UserEnterTempSession(UserEnterTempSession),
    /// `debug_demo` (MP push debugging tool)
    DebugDemo(DebugDemo),
    /// `wxa_media_check` (MP): the verdict of an asynchronous media check
    /// (`wx_api::wxa::security::check_media`), matched to the request by `trace_id`.
    WxaMediaCheck(WxaMediaCheck),
    /// Any other event; all its fields are in [`Message::extra`].
    Unknown,
}

/// `subscribe` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subscribe {
    /// `EventKey` as received (`None` when absent or empty).
    pub event_key: Option<String>,
    /// `Ticket` of the QR code.
    pub ticket: Option<String>,
    /// The QR scene value: `EventKey` without its `qrscene_` prefix; `None` for a plain follow.
    pub scene: Option<String>,
}

/// `SCAN` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scan {
    /// `EventKey`: the scene value, no prefix.
    pub scene: String,
    /// `Ticket` of the QR code.
    pub ticket: Option<String>,
}

/// `LOCATION` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationReport {
    /// `Latitude`
    pub latitude: f64,
    /// `Longitude`
    pub longitude: f64,
    /// `Precision`
    pub precision: Option<f64>,
}

/// `CLICK` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuKey {
    /// `EventKey`: the button's key.
    pub event_key: String,
}

/// `VIEW` / `view_miniprogram` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuView {
    /// `EventKey`: the URL or page path.
    pub event_key: String,
    /// `MenuId` of a personalised menu.
    pub menu_id: Option<String>,
}

/// `scancode_*` events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanCode {
    /// `EventKey`
    pub event_key: String,
    /// `ScanCodeInfo.ScanType`
    pub scan_type: String,
    /// `ScanCodeInfo.ScanResult`
    pub scan_result: String,
}

/// `pic_*` events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pics {
    /// `EventKey`
    pub event_key: String,
    /// `SendPicsInfo.Count`
    pub count: i64,
    /// `SendPicsInfo.PicList.item.PicMd5Sum`, in order. Other fields of the items stay in
    /// [`Message::extra`] under `SendPicsInfo.PicList`, in the shape they arrived in (one
    /// map per item, empty for items with nothing else).
    pub pic_md5_sums: Vec<String>,
}

/// `location_select` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationSelect {
    /// `EventKey`
    pub event_key: String,
    /// `SendLocationInfo.Location_X`
    pub latitude: f64,
    /// `SendLocationInfo.Location_Y`
    pub longitude: f64,
    /// `SendLocationInfo.Scale`
    pub scale: Option<i64>,
    /// `SendLocationInfo.Label`
    pub label: Option<String>,
    /// `SendLocationInfo.Poiname`
    pub poiname: Option<String>,
}

/// `TEMPLATESENDJOBFINISH` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateSendJobFinish {
    /// `MsgID` (capital ID) of the template message.
    pub msg_id: String,
    /// `Status`: `success`, `failed:user block`, `failed: system failed`.
    pub status: String,
}

/// `MASSSENDJOBFINISH` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MassSendJobFinish {
    /// `MsgID`
    pub msg_id: String,
    /// `Status`, e.g. `send success`, `err(30003)`.
    pub status: String,
    /// `TotalCount`
    pub total_count: Option<i64>,
    /// `FilterCount`
    pub filter_count: Option<i64>,
    /// `SentCount`
    pub sent_count: Option<i64>,
    /// `ErrorCount`
    pub error_count: Option<i64>,
}

/// `PUBLISHJOBFINISH` / `FREEPUBLISHJOBFINISH` event (`PublishEventInfo`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishJobFinish {
    /// `publish_id`
    pub publish_id: String,
    /// `publish_status` (0 = success).
    pub publish_status: i64,
    /// `article_id`, on success.
    pub article_id: Option<String>,
    /// `article_detail.count`
    pub article_count: Option<i64>,
    /// `article_detail.item*`
    pub articles: Vec<PublishedArticle>,
    /// `fail_idx*`
    pub fail_idx: Vec<i64>,
}

/// One published article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedArticle {
    /// `idx`
    pub idx: i64,
    /// `article_url`
    pub article_url: String,
    /// The item's other fields.
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub extra: Fields,
}

/// One answer in `subscribe_msg_popup_event`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscribeMsgPopup {
    /// `TemplateId`
    pub template_id: String,
    /// `SubscribeStatusString`: `accept` or `reject`.
    pub subscribe_status: String,
    /// `PopupScene` (int in XML, string in JSON).
    pub popup_scene: Option<i64>,
    /// The item's other fields.
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub extra: Fields,
}

/// One change in `subscribe_msg_change_event`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscribeMsgChange {
    /// `TemplateId`
    pub template_id: String,
    /// `SubscribeStatusString`
    pub subscribe_status: String,
    /// The item's other fields.
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub extra: Fields,
}

/// One delivery result in `subscribe_msg_sent_event`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscribeMsgSent {
    /// `TemplateId`
    pub template_id: String,
    /// `MsgID`
    pub msg_id: String,
    /// `ErrorCode`
    pub error_code: i64,
    /// `ErrorStatus`
    pub error_status: String,
    /// The item's other fields.
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub extra: Fields,
}

/// `user_enter_tempsession` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserEnterTempSession {
    /// `SessionFrom`
    pub session_from: Option<String>,
}

/// `wxa_media_check` event (content security v2). The retired v1 fields (`isrisky`,
/// `extra_info_json`, `status_code`) and `errcode`/`errmsg` stay in [`Message::extra`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WxaMediaCheck {
    /// `trace_id`: the `trace_id` the `media_check_async` call answered.
    pub trace_id: String,
    /// `appid` of the Mini Program.
    pub appid: Option<String>,
    /// `version` (2).
    pub version: Option<i64>,
    /// `result`: the overall verdict; absent on v1 pushes.
    pub result: Option<MediaCheckVerdict>,
    /// `detail`: each strategy's finding.
    pub detail: Vec<MediaCheckFinding>,
}

/// The overall verdict of a media check (`result`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaCheckVerdict {
    /// `suggest`: `risky`, `pass` or `review`.
    pub suggest: String,
    /// `label`: 100 normal, 20001 politics, 20002 porn, ... (a number, or digits as text).
    pub label: i64,
}

/// One strategy's finding of a media check (`detail[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaCheckFinding {
    /// `strategy`
    pub strategy: Option<String>,
    /// `errcode`: 0 when the strategy ran.
    pub errcode: Option<i64>,
    /// `suggest`
    pub suggest: Option<String>,
    /// `label`
    pub label: Option<i64>,
    /// `prob`: confidence 0..=100.
    pub prob: Option<i64>,
    /// The finding's other fields.
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub extra: Fields,
}

/// `debug_demo` event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebugDemo {
    /// `debug_str`
    pub debug_str: Option<String>,
}
