//! Image processing and OCR against the sandbox, from a Mini Program and from an Official
//! Account (the paths are shared): both image sources, the typed replies, the sandbox's
//! errcodes, and every limit refused before sending (table-driven, 0 requests).

use crate::wxa_user::mini_program;
use wx_api::token::Classic;
use wx_api::wxa::image;
use wx_api::wxa::ocr::{self, Mode};
use wx_api::{AppCredentials, Client, Error, OfficialAccount, Upload};
use wx_sandbox::{Sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET};

fn official(sandbox: &Sandbox) -> Client<OfficialAccount> {
    Client::official_account(
        AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .build()
    .expect("client")
}

fn jpg(bytes: &[u8]) -> Upload {
    Upload::from_bytes("test.jpg", bytes.to_vec())
}

#[tokio::test]
async fn every_endpoint_reads_urls_and_uploads() {
    let sandbox = Sandbox::builder()
        .record_requests()
        .start()
        .await
        .expect("sandbox");
    let wxa = mini_program(&sandbox);
    let oa = official(&sandbox);
    let url = "https://example.com/card.jpg";

    let card = wxa
        .send(ocr::read_bank_card::Request::url(url))
        .await
        .expect("bank card");
    assert_eq!(card.number.as_deref(), Some("622213XXXXXXXXX"));
    let sent = &sandbox.requests_to("/cv/ocr/bankcard")[0];
    assert_eq!(sent.query["img_url"], url, "the URL travels in the query");

    let licence = oa
        .send(ocr::read_business_license::Request::upload(jpg(
            b"\xFF\xD8 license",
        )))
        .await
        .expect("business licence, uploaded, from an Official Account");
    assert_eq!(licence.enterprise_name.as_deref(), Some("XX饮食店"));
    assert_eq!(licence.img_size.map(|s| (s.w, s.h)), Some((966, 728)));
    let sent = &sandbox.requests_to("/cv/ocr/bizlicense")[0];
    assert!(
        sent.body.windows(7).any(|w| w == b"license"),
        "the file is in the form"
    );

    let text = wxa
        .send(ocr::read_printed_text::Request::url(url))
        .await
        .expect("printed text");
    assert_eq!(text.items[1].text, "微信团队");
    let none = wxa
        .send(ocr::read_printed_text::Request::url(
            "https://example.com/blank.jpg",
        ))
        .await
        .expect("nothing found");
    assert!(none.items.is_empty());

    let vehicle = wxa
        .send(ocr::read_vehicle_license::Request::url(url))
        .await
        .expect("vehicle licence");
    assert_eq!(vehicle.vin.as_deref(), Some("LJ166xxxxxxxx51"));
    let driver = wxa
        .send(ocr::read_driver_license::Request::upload(jpg(b"driver")))
        .await
        .expect("driver licence");
    assert_eq!(driver.car_class.as_deref(), Some("C1"));
    let id = wxa
        .send(ocr::read_id_card::Request::url(url).with_mode(Mode::Scan))
        .await
        .expect("id card");
    assert_eq!(
        (id.side.as_deref(), id.name.as_deref()),
        (Some("Front"), Some("张三"))
    );
    assert_eq!(
        sandbox.requests_to("/cv/ocr/idcard")[0].query["type"],
        "scan"
    );

    let crops = wxa
        .send(image::crop::Request::url(url).with_ratios([1.0, 2.35]))
        .await
        .expect("crop");
    assert_eq!(crops.results.len(), 2);
    assert_eq!(crops.results[0].crop_right, 839);
    let sent = &sandbox.requests_to("/cv/img/aicrop")[0];
    assert!(
        sent.body.windows(6).any(|w| w == b"1,2.35"),
        "ratios is a form part"
    );
    let codes = wxa
        .send(image::read_codes::Request::upload(jpg(b"qr")))
        .await
        .expect("codes");
    assert_eq!(codes.code_results[0].type_name, "QR_CODE");
    assert!(codes.code_results[0].pos.is_some());
}

/// The sandbox's own checks (what WeChat answers to a request the client would not send).
#[tokio::test]
async fn the_sandbox_answers_the_documented_errcodes() {
    let sandbox = Sandbox::builder()
        .record_requests()
        .start()
        .await
        .expect("sandbox");
    let wxa = mini_program(&sandbox);
    wxa.send(ocr::read_bank_card::Request::url(
        "https://example.com/a.jpg",
    ))
    .await
    .expect("token");
    let token = sandbox.requests_to("/cv/ocr/bankcard")[0].query["access_token"].clone();
    let http = reqwest::Client::new();
    for (query, want) in [
        (String::new(), 41005),
        ("&img_url=ftp%3A%2F%2Fx".to_owned(), 101000),
        ("&img_url=https%3A%2F%2Fx&type=side".to_owned(), 40097),
    ] {
        let reply: serde_json::Value = http
            .post(format!(
                "{}/cv/ocr/idcard?access_token={token}{query}",
                sandbox.url()
            ))
            .send()
            .await
            .expect("post")
            .json()
            .await
            .expect("json");
        assert_eq!(reply["errcode"], want, "{query}: {reply}");
    }
}

#[tokio::test]
async fn image_limits_are_refused_before_sending() {
    let sandbox = Sandbox::builder()
        .record_requests()
        .start()
        .await
        .expect("sandbox");
    let wxa = mini_program(&sandbox);
    let big = || jpg(&vec![0u8; 2 * 1024 * 1024]);
    let cases: Vec<(&str, Error, &str, &str)> = vec![
        (
            "not a URL",
            wxa.send(ocr::read_bank_card::Request::url("card.jpg"))
                .await
                .expect_err("url"),
            "wxa::ocr::read_bank_card",
            "img_url",
        ),
        (
            "ftp URL",
            wxa.send(ocr::read_id_card::Request::url("ftp://example.com/a.jpg"))
                .await
                .expect_err("ftp"),
            "wxa::ocr::read_id_card",
            "img_url",
        ),
        (
            "2 MB upload",
            wxa.send(ocr::read_printed_text::Request::upload(big()))
                .await
                .expect_err("size"),
            "wxa::ocr::read_printed_text",
            "img",
        ),
        (
            "empty upload",
            wxa.send(ocr::read_driver_license::Request::upload(jpg(b"")))
                .await
                .expect_err("empty"),
            "wxa::ocr::read_driver_license",
            "img",
        ),
        (
            "6 ratios",
            wxa.send(
                image::crop::Request::url("https://example.com/a.jpg")
                    .with_ratios([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            )
            .await
            .expect_err("ratios"),
            "wxa::image::crop",
            "ratios",
        ),
        (
            "negative ratio",
            wxa.send(image::crop::Request::url("https://example.com/a.jpg").with_ratios([-1.0]))
                .await
                .expect_err("ratio"),
            "wxa::image::crop",
            "ratios",
        ),
        (
            "2 MB code image",
            wxa.send(image::read_codes::Request::upload(big()))
                .await
                .expect_err("size"),
            "wxa::image::read_codes",
            "img",
        ),
    ];
    for (case, err, endpoint, field) in &cases {
        let Error::Invalid(v) = err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!((v.endpoint, v.field), (*endpoint, *field), "{case}: {v}");
    }
    assert_eq!(sandbox.requests_received(), 0, "nothing was sent");
    // Just under the limit passes (and the sandbox's own limit agrees).
    wxa.send(ocr::read_printed_text::Request::upload(jpg(&vec![
        1u8;
        2 * 1024 * 1024
            - 1
    ])))
    .await
    .expect("2 MB - 1 byte");
    wxa.send(
        image::crop::Request::url("https://example.com/a.jpg")
            .with_ratios([1.0, 2.0, 3.0, 4.0, 5.0]),
    )
    .await
    .expect("5 ratios");
}
