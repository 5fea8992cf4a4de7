//! Image processing (图像处理) for Mini Programs and Official Accounts alike (`app =
//! both`; see [`super::ocr`] for why under `wxa`): smart cropping and code reading. The
//! image is a URL WeChat downloads or an upload under 2 MB, exactly one (checked before
//! sending, like the OCR endpoints). `/cv/img/superresolution` (图片高清化) is listed on the
//! index as withdrawn (已下架) and is not declared.

use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most aspect ratios one [`crop`] call may ask for.
pub const MAX_RATIOS: usize = 5;

/// A crop suggestion of [`crop`], pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct CropBox {
    /// Left edge.
    #[serde(default)]
    pub crop_left: i64,
    /// Top edge.
    #[serde(default)]
    pub crop_top: i64,
    /// Right edge.
    #[serde(default)]
    pub crop_right: i64,
    /// Bottom edge.
    #[serde(default)]
    pub crop_bottom: i64,
}

/// A code found by [`read_codes`].
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct CodeResult {
    /// The symbology: `QR_CODE`, `DATA_MATRIX`, `PDF_417`, or a barcode type (`EAN_13`,
    /// `CODE_128`...).
    #[serde(default)]
    pub type_name: String,
    /// The decoded content.
    #[serde(default)]
    pub data: String,
    /// Its corners: QR codes and DataMatrix only (barcodes and PDF417 have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos: Option<super::ocr::Quad>,
}

fn check_crop(req: &crop::Request) -> Result<(), ValidationError> {
    super::ocr::check_image("image::crop", req.image_url(), req.image())?;
    if let Some(ratios) = req.ratio_list() {
        let parts: Vec<&str> = ratios.split(',').collect();
        if parts.len() > MAX_RATIOS
            || parts.iter().any(|p| {
                !p.trim()
                    .parse::<f64>()
                    .is_ok_and(|r| r.is_finite() && r > 0.0)
            })
        {
            return Err(ValidationError::new(
                "image::crop",
                "ratios",
                format!(
                    "{ratios:?}; 1..={MAX_RATIOS} positive width/height ratios, comma-separated"
                ),
            ));
        }
    }
    Ok(())
}

fn check_codes(req: &read_codes::Request) -> Result<(), ValidationError> {
    super::ocr::check_image("image::read_codes", req.image_url(), req.image())
}

/// Smart cropping (图片智能裁剪): where to crop the image around its subject, for the given aspect ratios (up to 5; the best ratio when none).
#[wx_endpoint(POST "/cv/img/aicrop", app = both, new = false, validate = super::check_crop,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/img/api_imgaicrop.html")]
pub mod crop {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// Width/height ratios to crop to, comma-separated (`1,2.35`), at most 5 (multipart
        /// text part `ratios`); the algorithm picks the best one when absent.
        ratios: Option<String>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// The suggested crops.
        #[wx(default)]
        pub results: Vec<super::CropBox>,
        /// The image's size.
        pub img_size: Option<super::super::ocr::ImgSize>,
    }

    impl Request {
        /// Recognise the image at `img_url` (WeChat downloads it).
        pub fn url(img_url: impl Into<String>) -> Self {
            Self {
                img_url: Some(img_url.into()),
                img: None,
                ratios: None,
            }
        }
        /// Recognise an uploaded image (under 2 MB).
        pub fn upload(img: ::wx_core::Upload) -> Self {
            Self {
                img_url: None,
                img: Some(img),
                ratios: None,
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
        /// Crop to these width/height ratios (at most 5), e.g. `[1.0, 2.35]`.
        pub fn with_ratios(mut self, ratios: impl IntoIterator<Item = f64>) -> Self {
            let list: Vec<String> = ratios.into_iter().map(|r| r.to_string()).collect();
            self.ratios = Some(list.join(","));
            self
        }
        /// The ratios asked for, as sent.
        pub fn ratio_list(&self) -> Option<&str> {
            self.ratios.as_deref()
        }
    }
}

/// Read the QR codes, barcodes, DataMatrix and PDF417 codes in an image (二维码/条码识别).
#[wx_endpoint(POST "/cv/img/qrcode", app = both, new = false, validate = super::check_codes,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/img-ocr/img/api_imgqrcode.html")]
pub mod read_codes {
    pub struct Request {
        /// The image's URL, which WeChat downloads (`img_url` in the query); give this or `img`.
        #[wx(query)]
        img_url: Option<String>,
        /// The image itself (multipart part `img`), under 2 MB; give this or `img_url`.
        #[wx(file)]
        img: Option<::wx_core::Upload>,
    }
    pub struct Response {
        /// The codes found.
        #[wx(default)]
        pub code_results: Vec<super::CodeResult>,
        /// The image's size.
        pub img_size: Option<super::super::ocr::ImgSize>,
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
