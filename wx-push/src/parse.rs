//! Fields tree -> typed [`Message`].
//!
//! A `Taker` removes the fields a type knows; whatever is left ends up in
//! [`Message::extra`], so nothing WeChat sends is ever dropped.

use std::borrow::Cow;

use super::error::{PushError, Result};
use super::message::*;
use super::raw::{self, Raw, RawFields};
use super::value::fields_into_owned;
use super::value::{parse_json_raw, Fields, Value};
use super::xml::parse_xml_raw;
use super::PayloadFormat;

/// Parses a decrypted (or plaintext) payload in the given format, with the default field
/// limit ([`DEFAULT_MAX_FIELDS`](super::DEFAULT_MAX_FIELDS)).
pub fn parse_message(input: &str, format: PayloadFormat) -> Result<Message> {
    parse_message_limited(input, format, super::DEFAULT_MAX_FIELDS)
}

/// [`parse_message`] refusing more than `max_fields` fields (XML elements or JSON values)
/// with [`PushError::TooManyFields`].
pub fn parse_message_limited(
    input: &str,
    format: PayloadFormat,
    max_fields: usize,
) -> Result<Message> {
    match format {
        PayloadFormat::Xml => message_from_raw(parse_xml_raw(input, max_fields)?),
        PayloadFormat::Json => message_from_raw(parse_json_raw(input, max_fields)?),
    }
}

/// Types an already-read field tree.
pub fn message_from_fields(fields: Fields) -> Result<Message> {
    match Raw::from_value(Value::Map(fields)) {
        Raw::Map(m) => message_from_raw(m),
        _ => Err(PushError::MissingField("MsgType")),
    }
}

/// Lower-cases a short ASCII name into `buf` for case-insensitive matching without
/// allocating; longer names cannot be known ones and map to "".
pub(crate) fn lower<'b>(name: &str, buf: &'b mut [u8; 32]) -> &'b str {
    let Some(dst) = buf.get_mut(..name.len()) else {
        return "";
    };
    dst.copy_from_slice(name.as_bytes());
    dst.make_ascii_lowercase();
    std::str::from_utf8(dst).unwrap_or("")
}

fn message_from_raw(fields: RawFields<'_>) -> Result<Message> {
    let mut t = Taker::new(fields);
    let to_user_name = t.req_str("ToUserName")?;
    let from_user_name = t.req_str("FromUserName")?;
    let create_time = t.req_i64("CreateTime")?;
    let msg_type = t.req_str("MsgType")?;
    // An empty `<MsgId/>` is no id (it would make every such push one dedup key).
    let msg_id = t.opt_str("MsgId")?.filter(|id| !id.trim().is_empty());
    let mut buf = [0u8; 32];
    let body = match lower(&msg_type, &mut buf) {
        "text" => Body::Text(Text {
            content: t.req_str("Content")?,
            msg_data_id: t.opt_str("MsgDataId")?,
            idx: t.opt_str("Idx")?,
            biz_msg_menu_id: t.opt_str("bizmsgmenuid")?,
        }),
        "image" => Body::Image(Image {
            pic_url: t.req_str("PicUrl")?,
            media_id: t.req_str("MediaId")?,
        }),
        "voice" => Body::Voice(Voice {
            media_id: t.req_str("MediaId")?,
            format: t.req_str("Format")?,
            media_id_16k: t.opt_str("MediaId16K")?,
            recognition: t.opt_str("Recognition")?,
        }),
        "video" => Body::Video(video(&mut t)?),
        "shortvideo" => Body::ShortVideo(video(&mut t)?),
        "location" => Body::Location(Location {
            latitude: t.req_f64("Location_X")?,
            longitude: t.req_f64("Location_Y")?,
            scale: t.opt_i64("Scale")?,
            label: t.opt_str("Label")?.unwrap_or_default(),
        }),
        "link" => Body::Link(Link {
            title: t.req_str("Title")?,
            description: t.opt_str("Description")?.unwrap_or_default(),
            url: t.req_str("Url")?,
        }),
        "miniprogrampage" => Body::MiniProgramPage(MiniProgramPage {
            title: t.req_str("Title")?,
            app_id: t.req_str("AppId")?,
            page_path: t.req_str("PagePath")?,
            thumb_url: t.opt_str("ThumbUrl")?,
            thumb_media_id: t.opt_str("ThumbMediaId")?,
        }),
        "event" => Body::Event(event(&mut t)?),
        _ => Body::Unknown,
    };
    Ok(Message {
        to_user_name,
        from_user_name,
        create_time,
        msg_type,
        msg_id,
        body,
        extra: t.finish(),
    })
}

fn video(t: &mut Taker<'_>) -> Result<Video> {
    Ok(Video {
        media_id: t.req_str("MediaId")?,
        thumb_media_id: t.req_str("ThumbMediaId")?,
    })
}

fn event(t: &mut Taker<'_>) -> Result<Event> {
    let name = t.req_str("Event")?;
    let mut buf = [0u8; 32];
    let kind = match lower(&name, &mut buf) {
        "subscribe" => {
            let event_key = t.opt_str("EventKey")?.filter(|k| !k.is_empty());
            let scene = event_key
                .as_deref()
                .and_then(|k| k.strip_prefix("qrscene_"))
                .map(str::to_owned);
            EventKind::Subscribe(Subscribe {
                event_key,
                ticket: t.opt_str("Ticket")?.filter(|k| !k.is_empty()),
                scene,
            })
        }
        "unsubscribe" => EventKind::Unsubscribe,
        "scan" => EventKind::Scan(Scan {
            scene: t.req_str("EventKey")?,
            ticket: t.opt_str("Ticket")?,
        }),
        "location" => EventKind::Location(LocationReport {
            latitude: t.req_f64("Latitude")?,
            longitude: t.req_f64("Longitude")?,
            precision: t.opt_f64("Precision")?,
        }),
        "click" => EventKind::Click(MenuKey {
            event_key: t.req_str("EventKey")?,
        }),
        "view" => EventKind::View(menu_view(t)?),
        "view_miniprogram" => EventKind::ViewMiniProgram(menu_view(t)?),
        "scancode_push" => EventKind::ScanCodePush(scan_code(t)?),
        "scancode_waitmsg" => EventKind::ScanCodeWaitMsg(scan_code(t)?),
        "pic_sysphoto" => EventKind::PicSysPhoto(pics(t)?),
        "pic_photo_or_album" => EventKind::PicPhotoOrAlbum(pics(t)?),
        "pic_weixin" => EventKind::PicWeixin(pics(t)?),
        "location_select" => {
            let event_key = t.req_str("EventKey")?;
            let mut info = t.req_map("SendLocationInfo")?;
            let ev = LocationSelect {
                event_key,
                latitude: info.req_f64("Location_X")?,
                longitude: info.req_f64("Location_Y")?,
                scale: info.opt_i64("Scale")?,
                label: info.opt_str("Label")?,
                poiname: info.opt_str("Poiname")?,
            };
            t.keep("SendLocationInfo", info);
            EventKind::LocationSelect(ev)
        }
        "templatesendjobfinish" => EventKind::TemplateSendJobFinish(TemplateSendJobFinish {
            msg_id: t.req_str("MsgID")?,
            status: t.req_str("Status")?,
        }),
        "masssendjobfinish" => EventKind::MassSendJobFinish(MassSendJobFinish {
            msg_id: t.req_str("MsgID")?,
            status: t.req_str("Status")?,
            total_count: t.opt_i64("TotalCount")?,
            filter_count: t.opt_i64("FilterCount")?,
            sent_count: t.opt_i64("SentCount")?,
            error_count: t.opt_i64("ErrorCount")?,
        }),
        "publishjobfinish" | "freepublishjobfinish" => {
            EventKind::PublishJobFinish(publish_job_finish(t)?)
        }
        "subscribe_msg_popup_event" => {
            let items = subscribe_list(t, "SubscribeMsgPopupEvent", |mut i| {
                Ok(SubscribeMsgPopup {
                    template_id: i.req_str("TemplateId")?,
                    subscribe_status: i.req_str("SubscribeStatusString")?,
                    popup_scene: i.opt_i64("PopupScene")?,
                    extra: i.finish(),
                })
            })?;
            EventKind::SubscribeMsgPopup(items)
        }
        "subscribe_msg_change_event" => {
            let items = subscribe_list(t, "SubscribeMsgChangeEvent", |mut i| {
                Ok(SubscribeMsgChange {
                    template_id: i.req_str("TemplateId")?,
                    subscribe_status: i.req_str("SubscribeStatusString")?,
                    extra: i.finish(),
                })
            })?;
            EventKind::SubscribeMsgChange(items)
        }
        "subscribe_msg_sent_event" => {
            let items = subscribe_list(t, "SubscribeMsgSentEvent", |mut i| {
                Ok(SubscribeMsgSent {
                    template_id: i.req_str("TemplateId")?,
                    msg_id: i.req_str("MsgID")?,
                    error_code: i.req_i64("ErrorCode")?,
                    error_status: i.req_str("ErrorStatus")?,
                    extra: i.finish(),
                })
            })?;
            EventKind::SubscribeMsgSent(items)
        }
        "user_enter_tempsession" => EventKind::UserEnterTempSession(UserEnterTempSession {
            session_from: t.opt_str("SessionFrom")?,
        }),
        "debug_demo" => EventKind::DebugDemo(DebugDemo {
            debug_str: t.opt_str("debug_str")?,
        }),
        "wxa_media_check" => EventKind::WxaMediaCheck(media_check(t)?),
        _ => EventKind::Unknown,
    };
    Ok(Event { name, kind })
}

fn media_check(t: &mut Taker<'_>) -> Result<WxaMediaCheck> {
    let trace_id = t.req_str("trace_id")?;
    let appid = t.opt_str("appid")?;
    let version = t.opt_i64("version")?;
    let result = match t.take("result") {
        Some(v) => {
            let mut r = Taker::from_value(v, "result")?;
            let verdict = MediaCheckVerdict {
                suggest: r.req_str("suggest")?,
                label: r.req_i64("label")?,
            };
            t.keep("result", r);
            Some(verdict)
        }
        None => None,
    };
    let mut detail = Vec::new();
    if let Some(items) = t.take("detail") {
        for item in items.into_items() {
            let mut it = Taker::from_value(item, "detail")?;
            detail.push(MediaCheckFinding {
                strategy: it.opt_str("strategy")?,
                errcode: it.opt_i64("errcode")?,
                suggest: it.opt_str("suggest")?,
                label: it.opt_i64("label")?,
                prob: it.opt_i64("prob")?,
                extra: it.finish(),
            });
        }
    }
    Ok(WxaMediaCheck {
        trace_id,
        appid,
        version,
        result,
        detail,
    })
}

fn menu_view(t: &mut Taker<'_>) -> Result<MenuView> {
    Ok(MenuView {
        event_key: t.req_str("EventKey")?,
        menu_id: t.opt_str("MenuId")?,
    })
}

fn scan_code(t: &mut Taker<'_>) -> Result<ScanCode> {
    let event_key = t.req_str("EventKey")?;
    let mut info = t.req_map("ScanCodeInfo")?;
    let ev = ScanCode {
        event_key,
        scan_type: info.req_str("ScanType")?,
        scan_result: info.req_str("ScanResult")?,
    };
    t.keep("ScanCodeInfo", info);
    Ok(ev)
}

fn pics(t: &mut Taker<'_>) -> Result<Pics> {
    let event_key = t.req_str("EventKey")?;
    let mut info = t.req_map("SendPicsInfo")?;
    let count = info.req_i64("Count")?;
    let mut pic_md5_sums = Vec::new();
    if let Some(list) = info.take("PicList") {
        // XML: PicList{item*}; JSON: PicList = [{PicMd5Sum}] or {item: ...}.
        let (wrapper, items) = match list {
            Raw::Map(mut m) => {
                let items = raw::take(&mut m, "item");
                (Some(m), items)
            }
            other => (None, Some(other)),
        };
        // Each item's leftovers, in the shape the items came in (one, or a list).
        let rest = match items {
            Some(Raw::List(items)) => {
                let mut rest = Vec::with_capacity(items.len());
                for item in items {
                    rest.push(pic_item(item, &mut pic_md5_sums)?);
                }
                rest.iter()
                    .any(|r| !r.is_empty())
                    .then(|| Raw::List(rest.into_iter().map(Raw::Map).collect()))
            }
            Some(item) => Some(pic_item(item, &mut pic_md5_sums)?)
                .filter(|r| !r.is_empty())
                .map(Raw::Map),
            None => None,
        };
        match (wrapper, rest) {
            (Some(mut m), rest) => {
                if let Some(rest) = rest {
                    m.push((Cow::Borrowed("item"), rest));
                }
                info.keep("PicList", Taker::new(m));
            }
            (None, Some(rest)) => info.put("PicList", rest),
            (None, None) => {}
        }
    }
    t.keep("SendPicsInfo", info);
    Ok(Pics {
        event_key,
        count,
        pic_md5_sums,
    })
}

/// Types one `PicList` item; returns its other fields.
fn pic_item<'a>(item: Raw<'a>, sums: &mut Vec<String>) -> Result<RawFields<'a>> {
    let mut it = Taker::from_value(item, "PicList")?;
    sums.push(it.req_str("PicMd5Sum")?);
    Ok(it.fields)
}

fn publish_job_finish(t: &mut Taker<'_>) -> Result<PublishJobFinish> {
    let mut info = t.req_map("PublishEventInfo")?;
    let publish_id = info.req_str("publish_id")?;
    let publish_status = info.req_i64("publish_status")?;
    let article_id = info.opt_str("article_id")?;
    let mut articles = Vec::new();
    let mut article_count = None;
    if let Some(detail) = info.take("article_detail") {
        let mut d = Taker::from_value(detail, "article_detail")?;
        article_count = d.opt_i64("count")?;
        if let Some(items) = d.take("item") {
            for item in items.into_items() {
                let mut it = Taker::from_value(item, "item")?;
                articles.push(PublishedArticle {
                    idx: it.req_i64("idx")?,
                    article_url: it.req_str("article_url")?,
                    extra: it.finish(),
                });
            }
        }
        info.keep("article_detail", d);
    }
    let mut fail_idx = Vec::new();
    if let Some(v) = info.take("fail_idx") {
        for item in v.into_items() {
            let Raw::Text(s) = item else {
                return Err(PushError::MissingField("fail_idx"));
            };
            if !s.trim().is_empty() {
                fail_idx.push(parse_int(&s, "fail_idx")?);
            }
        }
    }
    t.keep("PublishEventInfo", info);
    Ok(PublishJobFinish {
        publish_id,
        publish_status,
        article_id,
        article_count,
        articles,
        fail_idx,
    })
}

/// The `List` of subscribe-message events: inside a wrapper element in OA XML, at the top
/// level in MP JSON, and one object or an array of them either way.
fn subscribe_list<'a, T>(
    t: &mut Taker<'a>,
    wrapper: &'static str,
    mut item: impl FnMut(Taker<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let (list, mut wrap): (Option<Raw<'a>>, Option<Taker<'a>>) = match t.take(wrapper) {
        Some(w) => {
            let mut w = Taker::from_value(w, wrapper)?;
            (w.take("List"), Some(w))
        }
        None => (t.take("List"), None),
    };
    let mut out = Vec::new();
    for v in list.map(Raw::into_items).unwrap_or_default() {
        out.push(item(Taker::from_value(v, "List")?)?);
    }
    if let Some(w) = wrap.take() {
        t.keep(wrapper, w);
    }
    Ok(out)
}

fn parse_int(s: &str, field: &'static str) -> Result<i64> {
    s.trim().parse().map_err(|_| PushError::MissingField(field))
}

/// Removes known fields from a map; the rest is the "extra" of the type.
pub(crate) struct Taker<'a> {
    fields: RawFields<'a>,
    /// No name repeats: leftover order is then immaterial (they end up in a sorted map),
    /// so a take can stop at the first match and swap-remove it.
    unique: bool,
}

impl<'a> Taker<'a> {
    /// Linear in the number of fields (see [`raw::names_unique`]); every later `take` is
    /// one scan, and a type takes a fixed number of names, so typing stays linear.
    pub(crate) fn new(fields: RawFields<'a>) -> Self {
        let unique = raw::names_unique(&fields);
        Taker { fields, unique }
    }

    fn from_value(v: Raw<'a>, field: &'static str) -> Result<Self> {
        match v {
            Raw::Map(m) => Ok(Taker::new(m)),
            // An empty element (`<List/>`) has no fields.
            Raw::Text(s) if s.trim().is_empty() => Ok(Taker::new(Vec::new())),
            _ => Err(PushError::MissingField(field)),
        }
    }

    /// Adds a leftover (a nested container's rest) under `name`.
    fn put(&mut self, name: &'static str, value: Raw<'a>) {
        if self.fields.iter().any(|(k, _)| raw::same_name(k, name)) {
            self.unique = false;
        }
        self.fields.push((Cow::Borrowed(name), value));
    }

    fn take(&mut self, name: &str) -> Option<Raw<'a>> {
        if !self.unique {
            return raw::take(&mut self.fields, name);
        }
        let at = self
            .fields
            .iter()
            .position(|(k, _)| raw::same_name(k, name))?;
        Some(self.fields.swap_remove(at).1)
    }

    fn opt_cow(&mut self, name: &'static str) -> Result<Option<Cow<'a, str>>> {
        match self.take(name) {
            None => Ok(None),
            Some(Raw::Text(s)) => Ok(Some(s)),
            Some(_) => Err(PushError::MissingField(name)),
        }
    }

    pub(crate) fn opt_str(&mut self, name: &'static str) -> Result<Option<String>> {
        Ok(self.opt_cow(name)?.map(Cow::into_owned))
    }

    pub(crate) fn req_str(&mut self, name: &'static str) -> Result<String> {
        self.opt_str(name)?.ok_or(PushError::MissingField(name))
    }

    pub(crate) fn opt_i64(&mut self, name: &'static str) -> Result<Option<i64>> {
        match self.opt_cow(name)? {
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => parse_int(&s, name).map(Some),
            None => Ok(None),
        }
    }

    pub(crate) fn req_i64(&mut self, name: &'static str) -> Result<i64> {
        self.opt_i64(name)?.ok_or(PushError::MissingField(name))
    }

    fn opt_f64(&mut self, name: &'static str) -> Result<Option<f64>> {
        match self.opt_cow(name)? {
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Some)
                .ok_or(PushError::MissingField(name)),
            None => Ok(None),
        }
    }

    fn req_f64(&mut self, name: &'static str) -> Result<f64> {
        self.opt_f64(name)?.ok_or(PushError::MissingField(name))
    }

    fn req_map(&mut self, name: &'static str) -> Result<Taker<'a>> {
        let v = self.take(name).ok_or(PushError::MissingField(name))?;
        Taker::from_value(v, name)
    }

    /// Puts a nested container's leftovers back under its name, if any.
    fn keep(&mut self, name: &'static str, rest: Taker<'a>) {
        if !rest.fields.is_empty() {
            self.put(name, Raw::Map(rest.fields));
        }
    }

    pub(crate) fn finish(self) -> Fields {
        fields_into_owned(self.fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::work;

    /// Name operations spent parsing and typing a text message with `n` distinct empty
    /// sibling fields, with the field cap out of the way.
    fn work_for(n: usize, format: PayloadFormat) -> u64 {
        let body = match format {
            PayloadFormat::Xml => {
                let mut b = String::from(
                    "<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName>\
                     <CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content>",
                );
                for i in 0..n {
                    b.push_str(&format!("<f{i}/>"));
                }
                b.push_str("</xml>");
                b
            }
            PayloadFormat::Json => {
                let mut b = String::from(
                    r#"{"ToUserName":"gh","FromUserName":"o","CreateTime":1,"MsgType":"text","Content":"hi""#,
                );
                for i in 0..n {
                    b.push_str(&format!(r#","f{i}":"""#));
                }
                b.push('}');
                b
            }
        };
        work::take();
        let m = parse_message_limited(&body, format, usize::MAX);
        let ops = work::take();
        let m = m.map_err(|e| e.to_string());
        assert_eq!(m.map(|m| m.extra.len()), Ok(n), "{format:?} {n}");
        ops
    }

    #[test]
    fn typing_many_distinct_fields_is_linear_work() {
        // The observed attack: 80,000 distinct empty siblings took ~13 s (O(n^2) names
        // compared). Linear work quadruples from 20k to 80k; quadratic would be 16x.
        for format in [PayloadFormat::Xml, PayloadFormat::Json] {
            let small = work_for(20_000, format);
            let large = work_for(80_000, format);
            assert!(small > 0, "{format:?}: the counter counts nothing");
            assert!(
                large <= 4 * small + 1_000,
                "{format:?}: {small} name operations at 20k, {large} at 80k"
            );
            // And the absolute work is a small multiple of the field count.
            assert!(large <= 20 * 80_000, "{format:?}: {large}");
        }
    }

    #[test]
    fn duplicate_names_are_still_detected_past_the_pairwise_size() {
        let mut fields: RawFields<'_> = (0..100)
            .map(|i| (Cow::Owned(format!("f{i}")), Raw::Text(Cow::Borrowed(""))))
            .collect();
        assert!(raw::names_unique(&fields));
        fields.push((Cow::Borrowed("f42"), Raw::Text(Cow::Borrowed(""))));
        assert!(!raw::names_unique(&fields));
        assert!(!raw::names_unique(
            &fields[..3].iter().chain(&fields[..1]).cloned().collect()
        ));
    }
}
