//! The custom menu. Its clicks come back as `CLICK` / `VIEW` / `scancode_*` ... pushes.
//!
//! Limits (official custom-menu docs): at most 3 top-level buttons with at most 5 sub-buttons
//! each; a top-level name at most 16 bytes, a sub-button name at most 60 bytes; `key` at most
//! 128 bytes; `url` at most 1024 bytes.

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// A button: an action, or a parent of sub-buttons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    /// The label: at most 16 bytes for a top-level button, 60 for a sub-button (UTF-8, so a
    /// Chinese character counts 3).
    pub name: String,
    /// What the button does, or its sub-buttons (flattened into the button object).
    #[serde(flatten)]
    pub kind: ButtonKind,
}

/// A button's content: an action (with `type`), or sub-buttons (no `type`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ButtonKind {
    /// A leaf button (it has a `type`).
    Action(Action),
    /// A top-level button that opens a submenu.
    Parent {
        /// The submenu, 1..=5 buttons (`sub_button`).
        sub_button: Vec<Button>,
    },
    /// A button `menu/get` returned that the types above do not know (a new `type`, or
    /// a known one with other fields): kept as it came, so the menu still decodes and
    /// can be sent back unchanged.
    Unknown(serde_json::Map<String, serde_json::Value>),
}

/// What a leaf button does; `type` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// A `CLICK` push with this key.
    Click {
        /// Comes back as the push's `EventKey`; at most 128 bytes.
        key: String,
    },
    /// Open a URL (a `VIEW` push).
    View {
        /// The page to open; at most 1024 bytes.
        url: String,
    },
    /// Open a mini program page (`url` for old clients).
    #[serde(rename = "miniprogram")]
    MiniProgram {
        /// Web page opened by clients too old for mini programs.
        url: String,
        /// The mini program's appid (linked to the account).
        appid: String,
        /// The page to open in the mini program.
        pagepath: String,
    },
    /// `scancode_push`: opens the scanner, shows the result (opening a URL) and pushes it.
    ScancodePush {
        /// Comes back as the push's `EventKey`; at most 128 bytes.
        key: String,
    },
    /// `scancode_waitmsg`: opens the scanner, pushes the result and shows "receiving
    /// message" (消息接收中) until the account answers.
    ScancodeWaitmsg {
        /// Comes back as the push's `EventKey`; at most 128 bytes.
        key: String,
    },
    /// `pic_sysphoto`: takes a photo with the system camera and sends it.
    PicSysphoto {
        /// Comes back as the push's `EventKey`; at most 128 bytes.
        key: String,
    },
    /// `pic_photo_or_album`: lets the user take a photo or pick one from the album.
    PicPhotoOrAlbum {
        /// Comes back as the push's `EventKey`; at most 128 bytes.
        key: String,
    },
    /// `pic_weixin`: picks photos from the WeChat album and sends them.
    PicWeixin {
        /// Comes back as the push's `EventKey`; at most 128 bytes.
        key: String,
    },
    /// `location_select`: opens the location picker and sends the chosen place.
    LocationSelect {
        /// Comes back as the push's `EventKey`; at most 128 bytes.
        key: String,
    },
    /// Send a permanent material.
    MediaId {
        /// A permanent material id (from `material::add`).
        media_id: String,
    },
    /// Open a published article.
    ArticleId {
        /// A published article's id (from `freepublish`).
        article_id: String,
    },
    /// `article_view_limited`: opens a published article as a web page.
    ArticleViewLimited {
        /// A published article's id (from `freepublish`).
        article_id: String,
    },
}

impl Button {
    /// A `click` button: tapping it pushes a `CLICK` event carrying `key`.
    pub fn click(name: impl Into<String>, key: impl Into<String>) -> Self {
        Button {
            name: name.into(),
            kind: ButtonKind::Action(Action::Click { key: key.into() }),
        }
    }
    /// A `view` button: tapping it opens `url`.
    pub fn view(name: impl Into<String>, url: impl Into<String>) -> Self {
        Button {
            name: name.into(),
            kind: ButtonKind::Action(Action::View { url: url.into() }),
        }
    }
    /// A top-level button opening up to 5 sub-buttons.
    pub fn parent(name: impl Into<String>, sub_buttons: Vec<Button>) -> Self {
        Button {
            name: name.into(),
            kind: ButtonKind::Parent {
                sub_button: sub_buttons,
            },
        }
    }
}

/// Most top-level buttons.
pub const MAX_BUTTONS: usize = 3;
/// Most sub-buttons under one top-level button.
pub const MAX_SUB_BUTTONS: usize = 5;
/// Longest top-level button name, in UTF-8 bytes.
pub const MAX_NAME_BYTES: usize = 16;
/// Longest sub-button name, in UTF-8 bytes.
pub const MAX_SUB_NAME_BYTES: usize = 60;
/// Longest `key`, in bytes.
pub const MAX_KEY_BYTES: usize = 128;
/// Longest `url`, in bytes.
pub const MAX_URL_BYTES: usize = 1024;

fn check_action(action: &Action) -> Result<(), ValidationError> {
    let fail = |field, m: String| Err(ValidationError::new("menu::create", field, m));
    match action {
        Action::Click { key }
        | Action::ScancodePush { key }
        | Action::ScancodeWaitmsg { key }
        | Action::PicSysphoto { key }
        | Action::PicPhotoOrAlbum { key }
        | Action::PicWeixin { key }
        | Action::LocationSelect { key }
            if key.is_empty() || key.len() > MAX_KEY_BYTES =>
        {
            fail(
                "button.key",
                format!("{} bytes, outside 1..={MAX_KEY_BYTES}", key.len()),
            )
        }
        Action::View { url } | Action::MiniProgram { url, .. } if url.len() > MAX_URL_BYTES => {
            fail(
                "button.url",
                format!("{} bytes, over {MAX_URL_BYTES}", url.len()),
            )
        }
        _ => Ok(()),
    }
}

fn check_create(req: &create::Request) -> Result<(), ValidationError> {
    check_buttons(&req.button)
}

/// The button limits of a menu (the generated `validate` stamps the endpoint's own name on
/// the error, so `menu::create` here stands for whichever endpoint checks).
fn check_buttons(buttons: &[Button]) -> Result<(), ValidationError> {
    let fail = |field, m: String| Err(ValidationError::new("menu::create", field, m));
    if buttons.is_empty() || buttons.len() > MAX_BUTTONS {
        return fail(
            "button",
            format!("{} buttons; a menu has 1..={MAX_BUTTONS}", buttons.len()),
        );
    }
    for top in buttons {
        if top.name.is_empty() || top.name.len() > MAX_NAME_BYTES {
            return fail(
                "button.name",
                format!(
                    "{:?} is {} bytes, outside 1..={MAX_NAME_BYTES}",
                    top.name,
                    top.name.len()
                ),
            );
        }
        match &top.kind {
            ButtonKind::Action(a) => check_action(a)?,
            ButtonKind::Parent { sub_button } => {
                if sub_button.is_empty() || sub_button.len() > MAX_SUB_BUTTONS {
                    return fail(
                        "button.sub_button",
                        format!("{} sub-buttons; 1..={MAX_SUB_BUTTONS}", sub_button.len()),
                    );
                }
                for sub in sub_button {
                    if sub.name.is_empty() || sub.name.len() > MAX_SUB_NAME_BYTES {
                        return fail(
                            "button.sub_button.name",
                            format!(
                                "{:?} is {} bytes, outside 1..={MAX_SUB_NAME_BYTES}",
                                sub.name,
                                sub.name.len()
                            ),
                        );
                    }
                    match &sub.kind {
                        ButtonKind::Action(a) => check_action(a)?,
                        ButtonKind::Parent { .. } => {
                            return fail(
                                "button.sub_button",
                                "sub-buttons cannot have sub-buttons".into(),
                            )
                        }
                        // Unknown to us: WeChat judges it.
                        ButtonKind::Unknown(_) => {}
                    }
                }
            }
            ButtonKind::Unknown(_) => {}
        }
    }
    Ok(())
}

/// Create (replace) the custom menu.
#[wx_endpoint(POST "/cgi-bin/menu/create", app = oa, validate = super::check_create,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html")]
pub mod create {
    pub struct Request {
        /// The top-level buttons, 1..=3 (`button`).
        pub button: Vec<super::Button>,
    }
    pub struct Response {}
}

/// The current menu.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Menu {
    /// The top-level buttons (`button`).
    #[serde(default)]
    pub button: Vec<Button>,
}

/// Get the menu created through the API.
#[wx_endpoint(GET "/cgi-bin/menu/get", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Getting_Custom_Menu_Configurations.html")]
pub mod get {
    pub struct Request {}
    pub struct Response {
        /// The menu created through the API ([`create`](super::create)); one made in the
        /// console is not returned here.
        pub menu: super::Menu,
    }
}

/// Delete the menu.
#[wx_endpoint(GET "/cgi-bin/menu/delete", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Deleting_Custom-Defined_Menu.html")]
pub mod delete {
    pub struct Request {}
    pub struct Response {}
}

/// Who sees a conditional menu (`matchrule`): at least one field set. Only `tag_id` and
/// `client_platform_type` are accepted today: WeChat refuses rules on sex, country,
/// province, city or language (privacy data) with 65320, which is checked before sending.
/// The values are strings on the wire, as in the documentation's example (`"tag_id": "2"`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MatchRule {
    /// A user tag id (the user's most recently given tag is matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<String>,
    /// The phone's system: `1` iOS, `2` Android, `3` other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_platform_type: Option<String>,
    /// Sex (no longer accepted: 65320; kept so that rules `menu/get` returns decode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Country (no longer accepted: 65320).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Province (no longer accepted: 65320).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// City (no longer accepted: 65320).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Language (no longer accepted: 65320).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl MatchRule {
    /// Followers carrying tag `tag_id`.
    pub fn tag(tag_id: i64) -> Self {
        Self {
            tag_id: Some(tag_id.to_string()),
            ..Self::default()
        }
    }

    /// Also (or only) users of this phone system: `1` iOS, `2` Android, `3` other.
    #[must_use]
    pub fn with_client_platform_type(mut self, platform: u8) -> Self {
        self.client_platform_type = Some(platform.to_string());
        self
    }
}

/// Most conditional-menu creations and deletions a day (each), and try-matches.
pub const DAILY_CONDITIONAL_CALLS: u32 = 2000;

fn check_add_conditional(req: &add_conditional::Request) -> Result<(), ValidationError> {
    check_buttons(&req.button)?;
    let fail = |field, m: &str| {
        Err(ValidationError::new(
            "menu::add_conditional",
            field,
            m.to_owned(),
        ))
    };
    let r = &req.matchrule;
    for (field, v) in [
        ("matchrule.sex", &r.sex),
        ("matchrule.country", &r.country),
        ("matchrule.province", &r.province),
        ("matchrule.city", &r.city),
        ("matchrule.language", &r.language),
    ] {
        if v.is_some() {
            return fail(field, "rules on privacy data are refused (WeChat answers 65320); match on tag_id or client_platform_type");
        }
    }
    let tag = r.tag_id.as_deref().filter(|t| !t.is_empty());
    let platform = r.client_platform_type.as_deref().filter(|p| !p.is_empty());
    if tag.is_none() && platform.is_none() {
        return fail(
            "matchrule",
            "empty; set tag_id or client_platform_type (WeChat answers 65304)",
        );
    }
    if tag.is_some_and(|t| t.parse::<u64>().is_err()) {
        return fail(
            "matchrule.tag_id",
            "not a tag id (a number; WeChat answers 65305)",
        );
    }
    if platform.is_some_and(|p| !matches!(p, "1" | "2" | "3")) {
        return fail(
            "matchrule.client_platform_type",
            "1 (iOS), 2 (Android) or 3 (other) (WeChat answers 65308)",
        );
    }
    Ok(())
}

/// Create a conditional (personalised) menu: the buttons (as for [`create`]) shown to the
/// users `matchrule` selects. Needs the default menu first; menus are matched newest first.
///
/// Errors: 65303 (no default menu), 65304 (empty rule), 65305 (bad tag), 65308 (bad
/// platform), 65320 (privacy rule), and the button errcodes of [`create`].
#[wx_endpoint(POST "/cgi-bin/menu/addconditional", app = oa, validate = super::check_add_conditional,
    doc = "https://developers.weixin.qq.com/doc/service/api/custommenu/api_addconditionalmenu.html")]
pub mod add_conditional {
    pub struct Request {
        /// The top-level buttons (1..=3).
        pub button: Vec<super::Button>,
        /// Who sees it.
        pub matchrule: super::MatchRule,
    }
    pub struct Response {
        /// The new menu's id.
        pub menuid: String,
    }
}

fn check_delete_conditional(req: &delete_conditional::Request) -> Result<(), ValidationError> {
    if req.menuid.is_empty() {
        return Err(ValidationError::new(
            "menu::delete_conditional",
            "menuid",
            "empty; the menuid add_conditional returned is required (WeChat answers 65301)",
        ));
    }
    Ok(())
}

/// Delete a conditional menu.
///
/// Errors: 65301 (no conditional menu with this id).
#[wx_endpoint(POST "/cgi-bin/menu/delconditional", app = oa, validate = super::check_delete_conditional,
    doc = "https://developers.weixin.qq.com/doc/service/api/custommenu/api_deleteconditionalmenu.html")]
pub mod delete_conditional {
    pub struct Request {
        /// The menu's id.
        pub menuid: String,
    }
    pub struct Response {}
}

fn check_try_match(req: &try_match::Request) -> Result<(), ValidationError> {
    if req.user_id.is_empty() {
        return Err(ValidationError::new(
            "menu::try_match",
            "user_id",
            "empty; a follower's openid or WeChat ID is required",
        ));
    }
    Ok(())
}

/// The menu a follower sees: the newest conditional menu that matches them, else the
/// default menu.
///
/// Errors: 40003 (not a follower), 46003 (no menu).
#[wx_endpoint(POST "/cgi-bin/menu/trymatch", app = oa, validate = super::check_try_match,
    doc = "https://developers.weixin.qq.com/doc/service/api/custommenu/api_trymatchmenu.html")]
pub mod try_match {
    pub struct Request {
        /// The follower's openid or WeChat ID.
        pub user_id: String,
    }
    pub struct Response {
        /// The menu they see.
        #[wx(default)]
        pub button: Vec<super::Button>,
    }
}

/// The menu as it is now, whether set through the API or in the console
/// (`get_current_selfmenu_info`). Its buttons use a shape of their own (`sub_button` is an
/// object with a `list`, `news` buttons carry `news_info`), kept as JSON.
#[wx_endpoint(GET "/cgi-bin/get_current_selfmenu_info", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo.html")]
pub mod get_current {
    pub struct Request {}
    pub struct Response {
        /// 1 when a menu is on, 0 when not.
        #[wx(default)]
        pub is_menu_open: u8,
        /// The menu: `{"button": [...]}` in the shape of the official page.
        pub selfmenu_info: Option<::serde_json::Value>,
    }
}
