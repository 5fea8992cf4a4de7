//! Materials and media against the sandbox: multipart on the wire, JSON-or-bytes
//! replies, errcodes on binary endpoints, limits enforced before sending.

use wx_api::oa::draft::{self, DraftArticle};
use wx_api::oa::freepublish::{self, PublishStatus};
use wx_api::oa::limits::{UploadTarget, LIMITS};
use wx_api::oa::material::{self, MediaType};
use wx_api::oa::media;
use wx_api::{Client, Error, JsonOrBytes, OfficialAccount, Upload};
use wx_tests::oa_client as client;
use wx_tests::{CannedReply, FAKE_JPEG};

fn image_reply(content_type: &'static str, body: &[u8]) -> CannedReply {
    CannedReply::new(200, content_type, body)
}

#[tokio::test]
async fn add_material_sends_named_file_and_description_parts() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    sandbox.canned(
        "/cgi-bin/material/add_material",
        CannedReply::json(r#"{"media_id":"M1"}"#),
    );
    let reply = wx
        .send(material::add::Request::video(
            Upload::from_bytes("clip.mp4", vec![7u8; 1234]),
            "Launch",
            "介绍",
        ))
        .await
        .expect("upload");
    assert_eq!(reply.media_id, "M1");
    assert_eq!(reply.url, None);
    let sent = &sandbox.requests_to("/cgi-bin/material/add_material")[0];
    assert_eq!(sent.query.get("type").map(String::as_str), Some("video"));
    let body = String::from_utf8_lossy(&sent.body);
    assert!(
        body.contains(r#"name="media"; filename="clip.mp4""#),
        "{body}"
    );
    assert!(body.contains("Content-Type: video/mp4"), "{body}");
    assert!(body.contains(r#"name="description""#), "{body}");
    assert!(
        body.contains(r#"{"title":"Launch","introduction":"介绍"}"#),
        "{body}"
    );
    assert_eq!(
        sent.body.iter().filter(|&&b| b == 7).count(),
        1234,
        "the file's bytes are all sent"
    );
}

#[tokio::test]
async fn uploads_from_a_path_and_from_a_reader() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let dir = std::env::temp_dir().join(format!("wx-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("Photo.PNG");
    std::fs::write(&path, [9u8; 3000]).expect("write");

    sandbox.canned(
        "/cgi-bin/media/uploadimg",
        CannedReply::json(r#"{"url":"http://mmbiz.qpic.cn/x"}"#),
    );
    let upload = Upload::from_path(&path).expect("path");
    assert_eq!(
        (upload.filename(), upload.content_type(), upload.len()),
        ("Photo.PNG", "image/png", 3000)
    );
    let reply = wx
        .send(material::upload_image::Request::new(upload))
        .await
        .expect("uploadimg");
    assert_eq!(reply.url, "http://mmbiz.qpic.cn/x");

    sandbox.canned(
        "/cgi-bin/media/upload",
        CannedReply::json(r#"{"type":"thumb","thumb_media_id":"T1","created_at":1700000000}"#),
    );
    let reader = tokio::io::BufReader::new(&[5u8; 2000][..]);
    let upload = Upload::from_reader("thumb.jpg", 2000, reader);
    let reply = wx
        .send(media::upload::Request::new(MediaType::Thumb, upload))
        .await
        .expect("thumb");
    assert_eq!(
        reply.id(),
        Some("T1"),
        "thumb_media_id is the id of a thumb"
    );
    let sent = &sandbox.requests_to("/cgi-bin/media/upload")[0];
    assert_eq!(sent.body.iter().filter(|&&b| b == 5).count(), 2000);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn get_material_is_json_for_news_and_video_and_bytes_for_files() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let path = "/cgi-bin/material/get_material";
    sandbox.canned(
        path,
        CannedReply::json(
            r#"{"news_item":[{"title":"T","thumb_media_id":"X","content":"c","url":"u"}]}"#,
        ),
    );
    sandbox.canned(
        path,
        CannedReply::json(r#"{"title":"V","description":"D","down_url":"http://d"}"#),
    );
    sandbox.canned(path, image_reply("image/jpeg", FAKE_JPEG));
    sandbox.canned(
        path,
        CannedReply::json(r#"{"errcode":40007,"errmsg":"invalid media_id"}"#),
    );

    match wx
        .send(material::get::Request::new("news"))
        .await
        .expect("news")
    {
        JsonOrBytes::Json(material::get::Response::News { news_item, .. }) => {
            assert_eq!(news_item[0].title, "T")
        }
        other => panic!("expected news, got {other:?}"),
    }
    match wx
        .send(material::get::Request::new("video"))
        .await
        .expect("video")
    {
        JsonOrBytes::Json(material::get::Response::Video { down_url, .. }) => {
            assert_eq!(down_url, "http://d")
        }
        other => panic!("expected video, got {other:?}"),
    }
    match wx
        .send(material::get::Request::new("image"))
        .await
        .expect("image")
    {
        JsonOrBytes::Bytes(b) => assert_eq!(b.bytes.as_ref(), FAKE_JPEG),
        other => panic!("expected bytes, got {other:?}"),
    }
    let err = wx
        .send(material::get::Request::new("bad"))
        .await
        .expect_err("errcode");
    assert_eq!(err.code().map(|c| c.code()), Some(40007));
}

#[tokio::test]
async fn temporary_media_download_bytes_video_url_and_error() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let path = "/cgi-bin/media/get";
    sandbox.canned(path, image_reply("audio/amr", b"#!AMR\n..."));
    sandbox.canned(path, CannedReply::json(r#"{"video_url":"http://v"}"#));
    sandbox.canned(
        path,
        image_reply(
            "text/plain",
            br#"{"errcode":40007,"errmsg":"invalid media_id"}"#,
        ),
    );
    assert!(matches!(
        wx.send(media::get::Request::new("a")).await,
        Ok(JsonOrBytes::Bytes(_))
    ));
    assert!(
        matches!(wx.send(media::get::Request::new("v")).await, Ok(JsonOrBytes::Json(r)) if r.video_url == "http://v")
    );
    let err = wx
        .send(media::get::Request::new("x"))
        .await
        .expect_err("errcode on text/plain");
    assert_eq!(err.code().map(|c| c.code()), Some(40007));
}

#[tokio::test]
async fn every_other_material_endpoint_round_trips() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let ok = r#"{"errcode":0,"errmsg":"ok"}"#;
    let s = &sandbox;
    s.canned("/cgi-bin/material/del_material", CannedReply::json(ok));
    wx.send(material::delete::Request::new("M"))
        .await
        .expect("delete");
    s.canned(
        "/cgi-bin/material/get_materialcount",
        CannedReply::json(r#"{"voice_count":1,"video_count":2,"image_count":3,"news_count":4}"#),
    );
    assert_eq!(
        wx.send(material::count::Request::new())
            .await
            .expect("count")
            .image_count,
        3
    );
    s.canned("/cgi-bin/material/batchget_material", CannedReply::json(r#"{"total_count":1,"item_count":1,"item":[{"media_id":"M","name":"a.jpg","update_time":1,"url":"u"}]}"#));
    let page = wx
        .send(material::list::Request::new(
            material::ListType::Image,
            0,
            20,
        ))
        .await
        .expect("list");
    assert_eq!(page.item[0].name.as_deref(), Some("a.jpg"));
    s.canned(
        "/cgi-bin/material/add_news",
        CannedReply::json(r#"{"errcode":45103,"errmsg":"This API has been unsupported"}"#),
    );
    let legacy = wx
        .send(material::add_news::Request::new(vec![
            material::NewsArticle {
                title: "t".into(),
                content: "c".into(),
                ..Default::default()
            },
        ]))
        .await;
    assert_eq!(
        legacy.expect_err("offline").code().map(|c| c.code()),
        Some(45103)
    );

    // update_news: the legacy endpoint's success reply is the bare envelope.
    s.canned("/cgi-bin/material/update_news", CannedReply::json(ok));
    wx.send(material::update_news::Request::new(
        "NEWS",
        1,
        material::NewsArticle {
            title: "t".into(),
            thumb_media_id: "T".into(),
            content: "<p>c</p>".into(),
            ..Default::default()
        },
    ))
    .await
    .expect("update_news");
    let sent = &s.requests_to("/cgi-bin/material/update_news")[0];
    let body: serde_json::Value = serde_json::from_slice(&sent.body).expect("json");
    assert_eq!(
        (body["media_id"].as_str(), body["index"].as_u64()),
        (Some("NEWS"), Some(1))
    );
    assert_eq!(body["articles"]["content"], "<p>c</p>");

    s.canned(
        "/cgi-bin/draft/add",
        CannedReply::json(r#"{"media_id":"D"}"#),
    );
    let article = DraftArticle::news("Spring", "<p>x</p>", "THUMB");
    assert_eq!(
        wx.send(draft::add::Request::new(vec![article.clone()]))
            .await
            .expect("draft")
            .media_id,
        "D"
    );
    s.canned("/cgi-bin/draft/update", CannedReply::json(ok));
    wx.send(draft::update::Request::new("D", 0, article))
        .await
        .expect("update");
    s.canned(
        "/cgi-bin/draft/count",
        CannedReply::json(r#"{"total_count":7}"#),
    );
    assert_eq!(
        wx.send(draft::count::Request::new())
            .await
            .expect("count")
            .total_count,
        7
    );
    s.canned("/cgi-bin/draft/batchget", CannedReply::json(r#"{"total_count":1,"item_count":1,"item":[{"media_id":"D","content":{"news_item":[{"title":"Spring"}]},"update_time":5}]}"#));
    assert_eq!(
        wx.send(draft::list::Request::new(0, 1))
            .await
            .expect("list")
            .item[0]
            .content
            .news_item[0]
            .title,
        "Spring"
    );

    // publish_id arrives as a number although documented as a string.
    s.canned(
        "/cgi-bin/freepublish/submit",
        CannedReply::json(
            r#"{"errcode":0,"errmsg":"ok","publish_id":2247483655,"msg_data_id":2247483656}"#,
        ),
    );
    let job = wx
        .send(freepublish::submit::Request::new("D"))
        .await
        .expect("submit");
    assert_eq!(job.publish_id.0, "2247483655");
    s.canned("/cgi-bin/freepublish/get", CannedReply::json(r#"{"publish_id":"2247483655","publish_status":0,"article_id":"A","article_detail":{"count":1,"item":[{"idx":1,"article_url":"http://a"}]},"fail_idx":[]}"#));
    let status = wx
        .send(freepublish::get::Request::new(job.publish_id))
        .await
        .expect("get");
    assert_eq!(status.publish_status, PublishStatus::Success);
    assert_eq!(
        status
            .article_detail
            .map(|d| d.item[0].article_url.clone())
            .as_deref(),
        Some("http://a")
    );
}

#[tokio::test]
async fn limit_violations_are_rejected_before_any_request() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let big = |name: &str, len: usize| Upload::from_bytes(name.to_owned(), vec![0u8; len]);
    let checks: Vec<(Error, &str)> = vec![
        (
            wx.send(material::add::Request::image(big(
                "a.jpg",
                10 * 1024 * 1024 + 1,
            )))
            .await
            .expect_err("image size"),
            "over the 10 MiB limit",
        ),
        (
            wx.send(material::add::Request::image(big("a.tiff", 10)))
                .await
                .expect_err("image format"),
            "accepted formats: bmp, png, jpeg, jpg, gif",
        ),
        (
            wx.send(material::add::Request::voice(big(
                "a.mp3",
                5 * 1024 * 1024 + 1,
            )))
            .await
            .expect_err("voice size"),
            "over the 5 MiB limit",
        ),
        (
            wx.send(material::add::Request::video(big("a.mov", 10), "t", "i"))
                .await
                .expect_err("video format"),
            "video material `a.mov` has `mov`",
        ),
        (
            wx.send(material::add::Request::thumb(big("t.jpg", 64 * 1024 + 1)))
                .await
                .expect_err("thumb size"),
            "over the 64 KiB limit",
        ),
        (
            wx.send(material::add::Request::thumb(big("t.png", 10)))
                .await
                .expect_err("thumb format"),
            "accepted formats: jpg, jpeg",
        ),
        (
            wx.send(material::upload_image::Request::new(big("a.gif", 10)))
                .await
                .expect_err("article image format"),
            "in-article image",
        ),
        (
            wx.send(material::upload_image::Request::new(big(
                "a.jpg",
                1024 * 1024 + 1,
            )))
            .await
            .expect_err("article image size"),
            "over the 1 MiB limit",
        ),
        (
            wx.send(media::upload::Request::new(
                MediaType::Voice,
                big("a.wav", 10),
            ))
            .await
            .expect_err("temp voice format"),
            "temporary voice media",
        ),
        (
            wx.send(material::add::Request::image(big("empty.jpg", 0)))
                .await
                .expect_err("empty"),
            "is empty",
        ),
        (
            wx.send(draft::add::Request::new(vec![DraftArticle::news(
                "x".repeat(33),
                "c",
                "T",
            )]))
            .await
            .expect_err("title"),
            "outside 1..=32",
        ),
        (
            wx.send(draft::add::Request::new(vec![DraftArticle {
                title: "t".into(),
                content: "c".into(),
                ..Default::default()
            }]))
            .await
            .expect_err("thumb"),
            "permanent cover image",
        ),
        (
            wx.send(draft::list::Request::new(0, 21))
                .await
                .expect_err("page"),
            "outside 1..=20",
        ),
        (
            wx.send(material::update_news::Request::new(
                "NEWS",
                0,
                material::NewsArticle {
                    title: "t".into(),
                    thumb_media_id: "T".into(),
                    content: "字".repeat(20_001),
                    ..Default::default()
                },
            ))
            .await
            .expect_err("update_news content"),
            "20001 characters, over the 20000-character limit",
        ),
    ];
    for (err, needle) in checks {
        match &err {
            Error::Invalid(v) => assert!(
                v.message.contains(needle),
                "{:?} should mention {needle:?}",
                v.message
            ),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(
        (sandbox.requests_received() as usize),
        0,
        "no request at all, not even a token fetch"
    );
    // Exactly at the limits is accepted by the checks.
    for upload in [big("a.jpg", 10 * 1024 * 1024), big("t.jpg", 64 * 1024)] {
        sandbox.canned(
            "/cgi-bin/material/add_material",
            CannedReply::json(r#"{"media_id":"ok"}"#),
        );
        wx.send(material::add::Request::image(upload))
            .await
            .expect("at the limit");
    }
    let sent: Vec<_> = sandbox.requests_to("/cgi-bin/material/add_material");
    assert_eq!(
        sent.len(),
        2,
        "only the two at-the-limit uploads reached the server"
    );
    assert_eq!(
        (sandbox.requests_received() as usize),
        3,
        "one token fetch and the two uploads"
    );
}

/// Sends `file` to the endpoint of an upload target.
async fn send_upload(
    wx: &Client<OfficialAccount>,
    target: UploadTarget,
    file: Upload,
) -> Result<(), Error> {
    match target {
        UploadTarget::Material(t) => {
            let req = match t {
                MediaType::Image => material::add::Request::image(file),
                MediaType::Voice => material::add::Request::voice(file),
                MediaType::Video => material::add::Request::video(file, "t", "i"),
                MediaType::Thumb => material::add::Request::thumb(file),
            };
            wx.send(req).await.map(|_| ())
        }
        UploadTarget::Temporary(t) => wx
            .send(media::upload::Request::new(t, file))
            .await
            .map(|_| ()),
        UploadTarget::ArticleImage => wx
            .send(material::upload_image::Request::new(file))
            .await
            .map(|_| ()),
    }
}

#[tokio::test]
async fn every_row_of_the_limits_table_refuses_oversize_and_bad_formats_unsent() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let mut cases = 0;
    for row in LIMITS {
        let ext = row.formats[0];
        let bad_ext = "tiff";
        assert!(!row.formats.contains(&bad_ext));
        // Declared sizes are what the checks see; nothing is read from an unsent reader.
        let oversize =
            Upload::from_reader(format!("f.{ext}"), row.max_bytes + 1, tokio::io::empty());
        let bad_format = Upload::from_bytes(format!("f.{bad_ext}"), vec![1u8; 16]);
        for (file, needle) in [
            (oversize, format!("{} bytes, over the", row.max_bytes + 1)),
            (
                bad_format,
                format!(
                    "has `{bad_ext}`; accepted formats: {}",
                    row.formats.join(", ")
                ),
            ),
        ] {
            match send_upload(&wx, row.target, file).await {
                Err(Error::Invalid(v)) => assert!(
                    v.message.contains(&needle),
                    "{:?}: {:?} should mention {needle:?}",
                    row.target,
                    v.message
                ),
                other => panic!(
                    "{:?}: expected a validation error, got {other:?}",
                    row.target
                ),
            }
            cases += 1;
        }
    }
    assert_eq!(cases, 2 * LIMITS.len());
    assert_eq!(
        (sandbox.requests_received() as usize),
        0,
        "no request at all, not even a token fetch"
    );
}

#[tokio::test]
async fn a_consumed_reader_is_not_resent_after_a_rejected_token() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    wx.access_token().await.expect("warm");
    sandbox.revoke_token("tok-wx-test-app-1");
    let upload = Upload::from_reader("a.jpg", 4, &b"abcd"[..]);
    let err = wx
        .send(material::add::Request::image(upload))
        .await
        .expect_err("not resent");
    assert_eq!(err.code().map(|c| c.code()), Some(40001));
    assert_eq!(
        sandbox.requests_to("/cgi-bin/material/add_material").len(),
        1
    );
    assert_eq!(
        wx_tests::fetches(&sandbox),
        2,
        "the token was refreshed for the next call"
    );
    // A path or bytes upload is resent.
    sandbox.revoke_token("tok-wx-test-app-2");
    sandbox.canned(
        "/cgi-bin/material/add_material",
        CannedReply::json(r#"{"errcode":40001,"errmsg":"invalid credential"}"#),
    );
    sandbox.canned(
        "/cgi-bin/material/add_material",
        CannedReply::json(r#"{"media_id":"M"}"#),
    );
    let reply = wx
        .send(material::add::Request::image(Upload::from_bytes(
            "a.jpg",
            &b"abcd"[..],
        )))
        .await;
    assert_eq!(reply.expect("resent").media_id, "M");
}

#[tokio::test]
async fn a_reader_must_deliver_exactly_its_declared_length() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let path = "/cgi-bin/material/add_material";

    // Shorter than declared: the request fails, naming the shortfall.
    sandbox.canned(path, CannedReply::json(r#"{"media_id":"M"}"#));
    let short = Upload::from_reader("a.jpg", 1000, &[1u8; 10][..]);
    let err = wx
        .send(material::add::Request::image(short))
        .await
        .expect_err("short reader");
    assert_eq!(
        err.reader_length(),
        Some(&wx_api::ReaderLengthError::EndedEarly {
            filename: "a.jpg".into(),
            read: 10,
            declared: 1000
        }),
        "{err:?}"
    );
    assert!(matches!(err, wx_api::Error::Upload { .. }), "{err:?}");
    // The cause is the error's source, not repeated in its own message.
    let cause = std::error::Error::source(&err).map(ToString::to_string);
    assert!(
        cause.is_some_and(
            |c| c.contains("the reader behind `a.jpg` ended early, after 10 of 1000 bytes")
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("ended early"), "{err}");

    // Declared at 1 KB (passes the limit check) but 50 MB long: at most 1 KB leaves, and
    // the request fails instead of uploading a cut file.
    let long = tokio::io::AsyncReadExt::take(tokio::io::repeat(0x5A), 50 * 1024 * 1024);
    let err = wx
        .send(material::add::Request::image(Upload::from_reader(
            "big.jpg", 1024, long,
        )))
        .await
        .expect_err("long reader");
    assert_eq!(
        err.reader_length(),
        Some(&wx_api::ReaderLengthError::LongerThanDeclared {
            filename: "big.jpg".into(),
            declared: 1024
        }),
        "{err:?}"
    );
    assert!(
        sandbox.requests_to(path).is_empty(),
        "no complete upload reached the server"
    );

    // Exactly the declared length goes through.
    let exact = Upload::from_reader("ok.jpg", 2048, &[3u8; 2048][..]);
    assert_eq!(
        wx.send(material::add::Request::image(exact))
            .await
            .expect("exact")
            .media_id,
        "M"
    );
    let sent = &sandbox.requests_to(path)[0];
    assert_eq!(sent.body.iter().filter(|&&b| b == 3).count(), 2048);
}

#[tokio::test]
async fn a_renamed_upload_takes_the_content_type_of_its_new_name() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let path = "/cgi-bin/material/add_material";
    for _ in 0..2 {
        sandbox.canned(path, CannedReply::json(r#"{"media_id":"M"}"#));
    }
    let renamed = Upload::from_bytes("upload.bin", vec![1u8; 10]).with_filename("photo.png");
    wx.send(material::add::Request::image(renamed))
        .await
        .expect("renamed");
    let pinned = Upload::from_bytes("upload.bin", vec![1u8; 10])
        .with_content_type("image/x-portable")
        .with_filename("photo.png");
    wx.send(material::add::Request::image(pinned))
        .await
        .expect("pinned");
    let bodies: Vec<String> = sandbox
        .requests_to(path)
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert!(
        bodies[0].contains("filename=\"photo.png\"\r\nContent-Type: image/png"),
        "{}",
        bodies[0]
    );
    assert!(
        bodies[1].contains("Content-Type: image/x-portable"),
        "{}",
        bodies[1]
    );
}

#[tokio::test]
async fn temporary_upload_replies_with_either_or_both_id_fields_decode() {
    let sandbox = wx_tests::sandbox().await;
    let wx = client(&sandbox);
    let path = "/cgi-bin/media/upload";
    for reply in [
        r#"{"type":"thumb","media_id":"M","thumb_media_id":"T","created_at":1}"#,
        r#"{"type":"image","media_id":"M","created_at":1}"#,
        r#"{"type":"thumb","thumb_media_id":"T","created_at":1}"#,
    ] {
        sandbox.canned(path, CannedReply::json(reply));
    }
    let mut ids = Vec::new();
    for _ in 0..3 {
        let reply = wx
            .send(media::upload::Request::new(
                MediaType::Thumb,
                Upload::from_bytes("t.jpg", FAKE_JPEG),
            ))
            .await
            .expect("decoded");
        ids.push((
            reply.id().map(str::to_owned),
            reply.media_id,
            reply.thumb_media_id,
        ));
    }
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(
        ids,
        vec![
            (s("M"), s("M"), s("T")),
            (s("M"), s("M"), None),
            (s("T"), None, s("T")),
        ]
    );
}
