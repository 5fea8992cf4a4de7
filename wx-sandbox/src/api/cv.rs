//! Image processing and OCR (`/cv/img/*`, `/cv/ocr/*`), for both kinds of app. The image
//! comes as `img_url` in the query or as the multipart part `img` (the sandbox's own rule,
//! from the official pages): neither is 41005 (media data missing), a URL that is not
//! `http(s)` is 101000 (invalid image url), an upload of 2 MB or more 40006 (invalid file
//! size), `type` other than `photo`/`scan` 40097, more than 5 or non-numeric `ratios`
//! 47001. A recognisable request is answered with the page's documented example (an image
//! whose bytes or URL contain `blank` is answered with nothing found).

use super::{Params, Shared};
use crate::reply::{self, either, Step};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use serde_json::{json, Value};

/// Every path answered here (for the router).
pub(super) const PATHS: &[&str] = &[
    "/cv/ocr/bankcard",
    "/cv/ocr/bizlicense",
    "/cv/ocr/comm",
    "/cv/ocr/driving",
    "/cv/ocr/drivinglicense",
    "/cv/ocr/idcard",
    "/cv/img/aicrop",
    "/cv/img/qrcode",
];

fn quad(x0: i64, y0: i64, x1: i64, y1: i64) -> Value {
    json!({"left_top": {"x": x0, "y": y0}, "right_top": {"x": x1, "y": y0}, "right_bottom": {"x": x1, "y": y1}, "left_bottom": {"x": x0, "y": y1}})
}

/// The documented example of `path` (what a found card, text or code answers).
fn example(path: &str, blank: bool) -> Option<Value> {
    Some(match (path, blank) {
        ("/cv/ocr/comm", true) => json!({"items": [], "img_size": {"w": 1280, "h": 720}}),
        ("/cv/img/qrcode", true) => json!({"code_results": [], "img_size": {"w": 1000, "h": 900}}),
        ("/cv/img/aicrop", true) => json!({"results": [], "img_size": {"w": 966, "h": 728}}),
        (_, true) => json!({}),
        ("/cv/ocr/bankcard", _) => json!({"number": "622213XXXXXXXXX"}),
        ("/cv/ocr/bizlicense", _) => {
            json!({"reg_num": "123123", "serial": "123123", "legal_representative": "张三", "enterprise_name": "XX饮食店", "type_of_organization": "个人经营", "address": "XX市XX区XX路XX号", "type_of_enterprise": "xxx", "business_scope": "中型餐馆(不含凉菜、不含裱花蛋糕，不含生食海产品)。", "registered_capital": "200万", "paid_in_capital": "200万", "valid_period": "2019年1月1日", "registered_date": "2018年1月1日", "cert_position": {"pos": quad(155, 191, 725, 512)}, "img_size": {"w": 966, "h": 728}})
        }
        ("/cv/ocr/comm", _) => {
            json!({"items": [{"text": "腾讯", "pos": quad(575, 519, 744, 532)}, {"text": "微信团队", "pos": quad(670, 516, 762, 532)}], "img_size": {"w": 1280, "h": 720}})
        }
        ("/cv/ocr/driving", _) => {
            json!({"plate_num": "粤xxxxx", "vehicle_type": "小型普通客车", "owner": "东莞市xxxxx机械厂", "addr": "广东省东莞市xxxxx号", "use_character": "非营运", "model": "江淮牌HFCxxxxxxx", "vin": "LJ166xxxxxxxx51", "engine_num": "J3xxxxx3", "register_date": "2018-07-06", "issue_date": "2018-07-01", "plate_num_b": "粤xxxxx", "record": "441xxxxxx3", "passengers_num": "7人", "total_quality": "2700kg", "prepare_quality": "1995kg", "overall_size": "4582x1795x1458mm", "img_size": {"w": 3120, "h": 4208}})
        }
        ("/cv/ocr/drivinglicense", _) => {
            json!({"id_num": "660601xxxxxxxx1234", "name": "张三", "sex": "男", "nationality": "中国", "address": "广东省东莞市xxxxx号", "birth_date": "1990-12-21", "issue_date": "2012-12-21", "car_class": "C1", "valid_from": "2018-07-06", "valid_to": "2020-07-01", "official_seal": "xx市公安局公安交通管理局"})
        }
        ("/cv/ocr/idcard", _) => {
            json!({"type": "Front", "name": "张三", "id": "123456789012345678", "addr": "广东省广州市", "gender": "男", "nationality": "汉"})
        }
        ("/cv/img/aicrop", _) => {
            json!({"results": [{"crop_left": 112, "crop_top": 0, "crop_right": 839, "crop_bottom": 727}, {"crop_left": 0, "crop_top": 205, "crop_right": 965, "crop_bottom": 615}], "img_size": {"w": 966, "h": 728}})
        }
        ("/cv/img/qrcode", _) => {
            json!({"code_results": [{"type_name": "QR_CODE", "data": "https://www.qq.com", "pos": quad(585, 378, 828, 618)}], "img_size": {"w": 1000, "h": 900}})
        }
        _ => return None,
    })
}

/// The parts of the form: (`img` bytes, `ratios` text).
async fn read_form(
    form: Result<Multipart, MultipartRejection>,
) -> Step<(Option<Vec<u8>>, Option<String>)> {
    let Ok(mut form) = form else {
        return Ok((None, None));
    };
    let (mut img, mut ratios) = (None, None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return Err(reply::reject(
                    47001,
                    "data format error: bad multipart body",
                ))
            }
        };
        match field.name() {
            Some("img") => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| reply::reject(47001, "data format error: bad img part"))?;
                img = Some(bytes.to_vec());
            }
            Some("ratios") => ratios = Some(field.text().await.unwrap_or_default()),
            _ => {}
        }
    }
    Ok((img, ratios))
}

/// Any `POST /cv/...`.
pub(super) async fn any(
    State(state): State<Shared>,
    uri: Uri,
    Query(q): Query<Params>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let parts = read_form(form).await;
    either((|| -> Step<Response> {
        super::authorize(&state, &q, None)?;
        let (img, ratios) = parts?;
        let path = uri.path();
        let url = q.get("img_url").filter(|u| !u.is_empty());
        let blank = match (url, &img) {
            (Some(u), _) => {
                if !(u.starts_with("http://") || u.starts_with("https://")) {
                    return Err(reply::reject(101000, "invalid image url"));
                }
                u.contains("blank")
            }
            (None, Some(bytes)) => {
                if bytes.is_empty() || bytes.len() >= 2 * 1024 * 1024 {
                    return Err(reply::reject(40006, "invalid file size"));
                }
                bytes.windows(5).any(|w| w == b"blank")
            }
            (None, None) => return Err(reply::reject(41005, "media data missing")),
        };
        if let Some(mode) = q.get("type") {
            if path == "/cv/ocr/idcard" && mode != "photo" && mode != "scan" {
                return Err(reply::reject(40097, "invalid args: type"));
            }
        }
        if let Some(r) = ratios {
            let list: Vec<&str> = r.split(',').collect();
            if list.len() > 5 || list.iter().any(|x| x.trim().parse::<f64>().is_err()) {
                return Err(reply::reject(47001, "data format error: ratios"));
            }
        }
        let body = example(path, blank)
            .ok_or_else(|| reply::reject(40035, "invalid parameter: no such API in the sandbox"))?;
        Ok(reply::ok_with(body))
    })())
}
