//! Wire format of the image-processing and OCR endpoints (`/cv/*`): the URL form (query
//! only, a form without parts) and the upload form (multipart part `img`), from the pages'
//! curl examples.

use wx_api::wire::render;
use wx_api::wxa::image;
use wx_api::wxa::ocr::{self, Mode};
use wx_api::Upload;

fn jpg() -> Upload {
    Upload::from_bytes("test.jpg", vec![0xFF, 0xD8, 0xFF, 0xD9])
}

#[test]
fn cv_requests() {
    let url = "https://example.com/img.jpg";
    insta::assert_snapshot!(
        "ocr_read_bank_card_url",
        render(&ocr::read_bank_card::Request::url(url)).unwrap()
    );
    insta::assert_snapshot!(
        "ocr_read_business_license_upload",
        render(&ocr::read_business_license::Request::upload(jpg())).unwrap()
    );
    insta::assert_snapshot!(
        "ocr_read_printed_text_url",
        render(&ocr::read_printed_text::Request::url(url)).unwrap()
    );
    insta::assert_snapshot!(
        "ocr_read_vehicle_license_url",
        render(&ocr::read_vehicle_license::Request::url(url)).unwrap()
    );
    insta::assert_snapshot!(
        "ocr_read_driver_license_upload",
        render(&ocr::read_driver_license::Request::upload(jpg())).unwrap()
    );
    insta::assert_snapshot!(
        "ocr_read_id_card_photo_upload",
        render(&ocr::read_id_card::Request::upload(jpg()).with_mode(Mode::Photo)).unwrap()
    );
    insta::assert_snapshot!(
        "image_crop_url_ratios",
        render(&image::crop::Request::url(url).with_ratios([1.0, 2.35])).unwrap()
    );
    insta::assert_snapshot!(
        "image_read_codes_url",
        render(&image::read_codes::Request::url(url)).unwrap()
    );
}
