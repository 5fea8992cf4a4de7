//! OCR (文字识别) of cards, licences and printed text, for Mini Programs and Official
//! Accounts alike (`app = both`; the Mini Program server API index "图像处理与文字识别" is the
//! primary source: it lists the eight image endpoints together, and the 服务号 docs repeat
//! the OCR ones). Each takes the image either as a URL WeChat downloads (`img_url` in the
//! query, [`Request::url`](read_id_card::Request::url)) or uploaded as the multipart part `img`
//! (`Request::upload`), under 2 MB: exactly one of the two, checked before sending, as is
//! the size and that the URL is `http(s)`. The request is always `multipart/form-data`; with
//! a URL the form carries no part (the pages' URL examples are plain POSTs without a body).
//! Quota: 100 calls a day for verified accounts (more is bought on the service market).
//! Fields the image does not show are absent from the reply.
//!
//! Where the examples contradict the field tables, the code follows the tables: the
//! bank-card and ID-card examples send `errcode` as the string `"0"` (a number everywhere
//! else; a string errcode is refused as undecodable), the bank-card example names the card
//! number `id` where the table says `number` (both are read), and the vehicle-licence
//! example is not valid JSON (commas misplaced after comments).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Largest image upload, in bytes (the pages: "小于2M").
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// A point of a position, pixels from the image's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Point {
    /// Pixels from the left.
    #[serde(default)]
    pub x: i64,
    /// Pixels from the top.
    #[serde(default)]
    pub y: i64,
}

/// A quadrilateral: the corners of a detected card, text or code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Quad {
    /// Top-left corner.
    #[serde(default)]
    pub left_top: Point,
    /// Top-right corner.
    #[serde(default)]
    pub right_top: Point,
    /// Bottom-right corner.
    #[serde(default)]
    pub right_bottom: Point,
    /// Bottom-left corner.
    #[serde(default)]
    pub left_bottom: Point,
}

/// Where something is (`{"pos": {...}}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Position {
    /// Its corners.
    #[serde(default)]
    pub pos: Quad,
}

/// The image's size, pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImgSize {
    /// Width.
    #[serde(default)]
    pub w: u32,
    /// Height.
    #[serde(default)]
    pub h: u32,
}

/// A line of printed text found by [`read_printed_text`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextItem {
    /// The text.
    #[serde(default)]
    pub text: String,
    /// Where it is.
    #[serde(default)]
    pub pos: Quad,
}

/// How an ID card was photographed (`type`): changes the recognition model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `photo`: a photo, with background (拍照模式).
    Photo,
    /// `scan`: a scan, without background (扫描模式).
    Scan,
}

/// Exactly one image source; the URL `http(s)`, the upload under [`MAX_IMAGE_BYTES`].
pub(crate) fn check_image(
    name: &'static str,
    img_url: Option<&str>,
    img: Option<&wx_core::Upload>,
) -> Result<(), ValidationError> {
    match (img_url, img) {
        (Some(_), Some(_)) => Err(ValidationError::new(
            name,
            "img_url",
            "both img_url and img are set; give exactly one image source",
        )),
        (None, None) => Err(ValidationError::new(
            name,
            "img_url",
            "neither img_url nor img is set; give exactly one image source",
        )),
        (Some(url), None) => {
            let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                Ok(())
            } else {
                Err(ValidationError::new(
                    name,
                    "img_url",
                    format!("{url:?} is not an http(s) URL WeChat can download"),
                ))
            }
        }
        (None, Some(file)) => {
            if file.is_empty() || file.len() >= MAX_IMAGE_BYTES {
                Err(ValidationError::new(
                    name,
                    "img",
                    format!(
                        "{} bytes; an image is 1 byte up to under {MAX_IMAGE_BYTES} bytes (2 MB)",
                        file.len()
                    ),
                ))
            } else {
                Ok(())
            }
        }
    }
}

macro_rules! check_source {
    ($($m:ident),*) => {$(
        impl $m::Request {
            fn check(&self) -> Result<(), ValidationError> {
                check_image(concat!("ocr::", stringify!($m)), self.image_url(), self.image())
            }
        }
    )*};
}
check_source!(
    read_bank_card,
    read_business_license,
    read_printed_text,
    read_vehicle_license,
    read_driver_license,
    read_id_card
);

/// The validate fn of every OCR endpoint.
mod checks {
    use wx_core::ValidationError;
    macro_rules! check_fns {
        ($($f:ident => $m:ident),*) => {$(
            pub(super) fn $f(req: &super::$m::Request) -> Result<(), ValidationError> {
                req.check()
            }
        )*};
    }
    check_fns!(
        bank_card => read_bank_card,
        business_license => read_business_license,
        printed_text => read_printed_text,
        vehicle_license => read_vehicle_license,
        driver_license => read_driver_license,
        id_card => read_id_card
    );
}

/// Read a bank card's number (银行卡识别).
#[wx_endpoint(POST "/cv/ocr/bankcard", app = both, new = false, validate = super::checks::bank_card,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/ocr/api_bankcardocr.html")]
pub mod read_bank_card {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// The card number. The field table names it `number`; the page's example `id`:
        /// either is read.
        #[wx(alias = "id")]
        pub number: Option<String>,
    }

    impl Request {
        /// Recognise the image at `img_url` (WeChat downloads it).
        pub fn url(img_url: impl Into<String>) -> Self {
            Self {
                img_url: Some(img_url.into()),
                img: None,
            }
        }
        /// Recognise an uploaded image (under 2 MB).
        pub fn upload(img: ::wx_core::Upload) -> Self {
            Self {
                img_url: None,
                img: Some(img),
            }
        }
        /// The image's URL, when the request names one.
        pub fn image_url(&self) -> Option<&str> {
            self.img_url.as_deref()
        }
        /// The uploaded image, when the request carries one.
        pub fn image(&self) -> Option<&::wx_core::Upload> {
            self.img.as_ref()
        }
    }
}

/// Read a business licence (营业执照识别).
#[wx_endpoint(POST "/cv/ocr/bizlicense", app = both, new = false, validate = super::checks::business_license,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/ocr/api_bizlicenseocr.html")]
pub mod read_business_license {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// Registration number (注册号).
        pub reg_num: Option<String>,
        /// Serial number (编号).
        pub serial: Option<String>,
        /// Legal representative (法定代表人姓名).
        pub legal_representative: Option<String>,
        /// Enterprise name (企业名称).
        pub enterprise_name: Option<String>,
        /// Form of organisation (组成形式).
        pub type_of_organization: Option<String>,
        /// Business address (经营场所/企业住所).
        pub address: Option<String>,
        /// Company type (公司类型).
        pub type_of_enterprise: Option<String>,
        /// Business scope (经营范围).
        pub business_scope: Option<String>,
        /// Registered capital (注册资本).
        pub registered_capital: Option<String>,
        /// Paid-in capital (实收资本).
        pub paid_in_capital: Option<String>,
        /// Term of operation (营业期限).
        pub valid_period: Option<String>,
        /// Registration / founding date (注册日期/成立日期).
        pub registered_date: Option<String>,
        /// Where the licence is in the image.
        pub cert_position: Option<super::Position>,
        /// The image's size.
        pub img_size: Option<super::ImgSize>,
    }

    impl Request {
        /// Recognise the image at `img_url` (WeChat downloads it).
        pub fn url(img_url: impl Into<String>) -> Self {
            Self {
                img_url: Some(img_url.into()),
                img: None,
            }
        }
        /// Recognise an uploaded image (under 2 MB).
        pub fn upload(img: ::wx_core::Upload) -> Self {
            Self {
                img_url: None,
                img: Some(img),
            }
        }
        /// The image's URL, when the request names one.
        pub fn image_url(&self) -> Option<&str> {
            self.img_url.as_deref()
        }
        /// The uploaded image, when the request carries one.
        pub fn image(&self) -> Option<&::wx_core::Upload> {
            self.img.as_ref()
        }
    }
}

/// Read printed text (通用印刷体识别): every line with its position.
#[wx_endpoint(POST "/cv/ocr/comm", app = both, new = false, validate = super::checks::printed_text,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/ocr/api_commocr.html")]
pub mod read_printed_text {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// The lines found.
        #[wx(default)]
        pub items: Vec<super::TextItem>,
        /// The image's size.
        pub img_size: Option<super::ImgSize>,
    }

    impl Request {
        /// Recognise the image at `img_url` (WeChat downloads it).
        pub fn url(img_url: impl Into<String>) -> Self {
            Self {
                img_url: Some(img_url.into()),
                img: None,
            }
        }
        /// Recognise an uploaded image (under 2 MB).
        pub fn upload(img: ::wx_core::Upload) -> Self {
            Self {
                img_url: None,
                img: Some(img),
            }
        }
        /// The image's URL, when the request names one.
        pub fn image_url(&self) -> Option<&str> {
            self.img_url.as_deref()
        }
        /// The uploaded image, when the request carries one.
        pub fn image(&self) -> Option<&::wx_core::Upload> {
            self.img.as_ref()
        }
    }
}

/// Read a vehicle licence (行驶证识别).
#[wx_endpoint(POST "/cv/ocr/driving", app = both, new = false, validate = super::checks::vehicle_license,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/ocr/api_drivingocr.html")]
pub mod read_vehicle_license {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// Plate number (车牌号码).
        pub plate_num: Option<String>,
        /// Vehicle type (车辆类型).
        pub vehicle_type: Option<String>,
        /// Owner (所有人).
        pub owner: Option<String>,
        /// Address (住址).
        pub addr: Option<String>,
        /// Use (使用性质).
        pub use_character: Option<String>,
        /// Make and model (品牌型号).
        pub model: Option<String>,
        /// Vehicle identification number (车辆识别代号).
        pub vin: Option<String>,
        /// Engine number (发动机号码).
        pub engine_num: Option<String>,
        /// Registration date (注册日期).
        pub register_date: Option<String>,
        /// Issue date (发证日期).
        pub issue_date: Option<String>,
        /// Plate number on the back page (车牌号码).
        pub plate_num_b: Option<String>,
        /// Record number (号牌/档案编号).
        pub record: Option<String>,
        /// Approved passengers (核定载人数), e.g. `7人`.
        pub passengers_num: Option<String>,
        /// Gross mass (总质量), e.g. `2700kg`.
        pub total_quality: Option<String>,
        /// Kerb mass (整备质量).
        pub prepare_quality: Option<String>,
        /// Overall dimensions (外廓尺寸).
        pub overall_size: Option<String>,
        /// Where the front page is (when one was found).
        pub card_position_front: Option<super::Position>,
        /// Where the back page is (when one was found).
        pub card_position_back: Option<super::Position>,
        /// The image's size.
        pub img_size: Option<super::ImgSize>,
    }

    impl Request {
        /// Recognise the image at `img_url` (WeChat downloads it).
        pub fn url(img_url: impl Into<String>) -> Self {
            Self {
                img_url: Some(img_url.into()),
                img: None,
            }
        }
        /// Recognise an uploaded image (under 2 MB).
        pub fn upload(img: ::wx_core::Upload) -> Self {
            Self {
                img_url: None,
                img: Some(img),
            }
        }
        /// The image's URL, when the request names one.
        pub fn image_url(&self) -> Option<&str> {
            self.img_url.as_deref()
        }
        /// The uploaded image, when the request carries one.
        pub fn image(&self) -> Option<&::wx_core::Upload> {
            self.img.as_ref()
        }
    }
}

/// Read a driver's licence (驾驶证识别).
#[wx_endpoint(POST "/cv/ocr/drivinglicense", app = both, new = false, validate = super::checks::driver_license,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/ocr/api_drivinglicenseocr.html")]
pub mod read_driver_license {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// Licence number (证号).
        pub id_num: Option<String>,
        /// Name (姓名).
        pub name: Option<String>,
        /// Sex (性别).
        pub sex: Option<String>,
        /// Nationality (国籍).
        pub nationality: Option<String>,
        /// Address (住址).
        pub address: Option<String>,
        /// Birth date (出生日期).
        pub birth_date: Option<String>,
        /// First issue date (初次领证日期).
        pub issue_date: Option<String>,
        /// Permitted class (准驾车型), e.g. `C1`.
        pub car_class: Option<String>,
        /// Validity start (有效期限起始日).
        pub valid_from: Option<String>,
        /// Validity end (有效期限终止日).
        pub valid_to: Option<String>,
        /// The seal's text (印章文字).
        pub official_seal: Option<String>,
    }

    impl Request {
        /// Recognise the image at `img_url` (WeChat downloads it).
        pub fn url(img_url: impl Into<String>) -> Self {
            Self {
                img_url: Some(img_url.into()),
                img: None,
            }
        }
        /// Recognise an uploaded image (under 2 MB).
        pub fn upload(img: ::wx_core::Upload) -> Self {
            Self {
                img_url: None,
                img: Some(img),
            }
        }
        /// The image's URL, when the request names one.
        pub fn image_url(&self) -> Option<&str> {
            self.img_url.as_deref()
        }
        /// The uploaded image, when the request carries one.
        pub fn image(&self) -> Option<&::wx_core::Upload> {
            self.img.as_ref()
        }
    }
}

/// Read either side of a PRC ID card (身份证识别): the front gives name, number, address, sex and ethnicity, the back the validity.
#[wx_endpoint(POST "/cv/ocr/idcard", app = both, new = false, validate = super::checks::id_card,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/ocr/api_idcardocr.html")]
pub mod read_id_card {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// The photo's kind (`type`): `photo` (the default model) or `scan`.
        #[wx(query, rename = "type")]
        mode: Option<super::Mode>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// `Front` or `Back`.
        #[wx(rename = "type")]
        pub side: Option<String>,
        /// Name (front).
        pub name: Option<String>,
        /// ID number (front).
        pub id: Option<String>,
        /// Address (front).
        pub addr: Option<String>,
        /// Sex (front).
        pub gender: Option<String>,
        /// Ethnicity (民族, front).
        pub nationality: Option<String>,
        /// Validity, e.g. `20070105-20270105` (back).
        pub valid_date: Option<String>,
    }

    impl Request {
        /// Recognise the image at `img_url` (WeChat downloads it).
        pub fn url(img_url: impl Into<String>) -> Self {
            Self {
                img_url: Some(img_url.into()),
                img: None,
                mode: None,
            }
        }
        /// Recognise an uploaded image (under 2 MB).
        pub fn upload(img: ::wx_core::Upload) -> Self {
            Self {
                img_url: None,
                img: Some(img),
                mode: None,
            }
        }
        /// The image's URL, when the request names one.
        pub fn image_url(&self) -> Option<&str> {
            self.img_url.as_deref()
        }
        /// The uploaded image, when the request carries one.
        pub fn image(&self) -> Option<&::wx_core::Upload> {
            self.img.as_ref()
        }
        /// Use the model for `photo`s or `scan`s (`type` in the query).
        pub fn with_mode(mut self, mode: super::Mode) -> Self {
            self.mode = Some(mode);
            self
        }
        /// The model asked for.
        pub fn photo_mode(&self) -> Option<super::Mode> {
            self.mode
        }
    }
}
