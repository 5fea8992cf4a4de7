//! The sandbox behaves as WeChat does: token lifetimes, rotation overlap and quota,
//! errcodes, documented body shapes and limits, materials stored and served back.

use std::time::Duration;
use wx_api::oa::material::{self, MediaType};
use wx_api::oa::{media, qrcode};
use wx_api::token::{Classic, Stable, TokenPolicy};
use wx_api::{AppCredentials, Client, Error, JsonOrBytes, OfficialAccount, Upload};
use wx_sandbox::{
    Sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_MINI_PROGRAM_ID,
    DEFAULT_MINI_PROGRAM_SECRET,
};
use wx_tests::TestClock;

fn client(sandbox: &Sandbox) -> Client<OfficialAccount> {
    Client::official_account(
        AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .build()
    .expect("client")
}

async fn raw_token(sandbox: &Sandbox, app: &str, secret: &str) -> serde_json::Value {
    let url = format!(
        "{}/cgi-bin/token?grant_type=client_credential&appid={app}&secret={secret}",
        sandbox.url()
    );
    reqwest::get(url)
        .await
        .expect("get")
        .json()
        .await
        .expect("json")
}

async fn raw_post(sandbox: &Sandbox, path: &str, token: &str, body: &str) -> serde_json::Value {
    reqwest::Client::new()
        .post(format!("{}{path}?access_token={token}", sandbox.url()))
        .body(body.to_owned())
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json")
}

const CREATE: &str = "/cgi-bin/qrcode/create";
const VALID_QR: &str = r#"{"action_name":"QR_LIMIT_SCENE","action_info":{"scene":{"scene_id":1}}}"#;

#[tokio::test]
async fn tokens_expire_rotate_with_overlap_and_hit_the_quota() {
    let sandbox = Sandbox::builder()
        .token_ttl(Duration::from_secs(2))
        .token_overlap(Duration::from_millis(500))
        .daily_token_quota(3)
        .start()
        .await
        .expect("sandbox");
    let first = raw_token(&sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET).await;
    assert_eq!(first["expires_in"], 2);
    let t1 = first["access_token"].as_str().expect("token").to_owned();
    assert_eq!(
        raw_post(&sandbox, CREATE, &t1, VALID_QR)
            .await
            .get("errcode"),
        None
    );

    let t2 = raw_token(&sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET).await["access_token"]
        .as_str()
        .expect("t2")
        .to_owned();
    assert_ne!(t1, t2);
    assert_eq!(
        raw_post(&sandbox, CREATE, &t1, VALID_QR)
            .await
            .get("errcode"),
        None,
        "old token valid during the overlap"
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        raw_post(&sandbox, CREATE, &t1, VALID_QR).await["errcode"],
        40001,
        "after the overlap the old token is \"not latest\" (40001), not expired"
    );
    assert_eq!(
        raw_post(&sandbox, CREATE, &t2, VALID_QR)
            .await
            .get("errcode"),
        None
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        raw_post(&sandbox, CREATE, &t2, VALID_QR).await["errcode"],
        42001,
        "expired after its TTL"
    );

    assert!(
        raw_token(&sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET).await["access_token"].is_string()
    );
    assert_eq!(
        raw_token(&sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET).await["errcode"],
        45009,
        "quota of 3 reached"
    );
    assert_eq!(sandbox.token_fetches(DEFAULT_APP_ID), 3);
    sandbox.reset_quota();
    assert!(
        raw_token(&sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET).await["access_token"].is_string()
    );

    assert_eq!(
        raw_token(&sandbox, DEFAULT_APP_ID, "wrong").await["errcode"],
        40001
    );
    assert_eq!(
        raw_token(&sandbox, "wx-nobody", "x").await["errcode"],
        40013
    );
    assert_eq!(
        raw_post(&sandbox, CREATE, "", VALID_QR).await["errcode"],
        41001
    );
    assert_eq!(
        raw_post(&sandbox, CREATE, "forged", VALID_QR).await["errcode"],
        40001
    );
}

#[tokio::test]
async fn the_client_surfaces_quota_and_recovers_from_expiry() {
    let sandbox = Sandbox::builder()
        .daily_token_quota(1)
        .start()
        .await
        .expect("sandbox");
    let clock = TestClock::new();
    let wx = Client::official_account(
        AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .clock(clock.clone())
    .build()
    .expect("client");
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("first");
    sandbox.expire_tokens(DEFAULT_APP_ID);
    let err = wx
        .send(qrcode::create::Request::permanent_id(2))
        .await
        .expect_err("quota");
    assert_eq!(err.code().map(|c| c.code()), Some(45009), "{err}");
    sandbox.reset_quota();
    // The client backs off after a failed fetch: the same error, nothing fetched...
    let again = wx
        .send(qrcode::create::Request::permanent_id(3))
        .await
        .expect_err("within the failure backoff");
    assert_eq!(again.code().map(|c| c.code()), Some(45009), "{again}");
    assert_eq!(sandbox.token_fetches(DEFAULT_APP_ID), 0);
    // ...until the backoff is over.
    clock.advance(Duration::from_millis(1001));
    wx.send(qrcode::create::Request::permanent_id(3))
        .await
        .expect("after reset");
    assert_eq!(sandbox.token_fetches(DEFAULT_APP_ID), 1);
}

#[tokio::test]
async fn stable_tokens_stay_the_same_until_forced() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let http = reqwest::Client::new();
    let fetch = |force: bool| {
        let body = serde_json::json!({"grant_type":"client_credential","appid":DEFAULT_APP_ID,"secret":DEFAULT_APP_SECRET,"force_refresh":force});
        let req = http
            .post(format!("{}/cgi-bin/stable_token", sandbox.url()))
            .json(&body);
        async move {
            req.send()
                .await
                .expect("post")
                .json::<serde_json::Value>()
                .await
                .expect("json")["access_token"]
                .as_str()
                .expect("token")
                .to_owned()
        }
    };
    let a = fetch(false).await;
    assert_eq!(fetch(false).await, a);
    let b = fetch(true).await;
    assert_ne!(a, b);
    assert_eq!(
        raw_post(&sandbox, CREATE, &a, VALID_QR).await["errcode"],
        40001,
        "a forced refresh makes the previous token \"not latest\" at once"
    );
    // Through the client's Stable source.
    let wx = Client::official_account(
        AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Stable,
    )
    .base_url(sandbox.url())
    .build()
    .expect("client");
    assert_eq!(wx.access_token().await.expect("token").expose(), b);
}

async fn raw_stable(sandbox: &Sandbox, force: bool) -> (String, u64) {
    let body = serde_json::json!({"grant_type":"client_credential","appid":DEFAULT_APP_ID,"secret":DEFAULT_APP_SECRET,"force_refresh":force});
    let reply: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/cgi-bin/stable_token", sandbox.url()))
        .json(&body)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    (
        reply["access_token"].as_str().expect("token").to_owned(),
        reply["expires_in"].as_u64().expect("expires_in"),
    )
}

#[tokio::test]
async fn a_stable_token_is_renewed_in_its_last_overlap_window_and_the_old_one_lives_on() {
    let sandbox = Sandbox::builder()
        .token_ttl(Duration::from_secs(2))
        .token_overlap(Duration::from_secs(1))
        .start()
        .await
        .expect("sandbox");
    let (a, ttl_a) = raw_stable(&sandbox, false).await;
    assert_eq!(ttl_a, 2);
    let (again, left) = raw_stable(&sandbox, false).await;
    assert_eq!(
        again, a,
        "normal mode: the same token while it has more than the overlap left"
    );
    assert!(left >= 1, "expires_in never below the overlap: {left}");

    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (b, ttl_b) = raw_stable(&sandbox, false).await;
    assert_ne!(b, a, "renewed within the last overlap window");
    assert_eq!(ttl_b, 2);
    assert_eq!(raw_stable(&sandbox, false).await.0, b);
    assert_eq!(
        raw_post(&sandbox, CREATE, &a, VALID_QR)
            .await
            .get("errcode"),
        None,
        "the old token stays valid to the end of its own lifetime"
    );
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(
        raw_post(&sandbox, CREATE, &a, VALID_QR).await["errcode"],
        42001,
        "then it has expired (42001)"
    );
    assert_eq!(
        raw_post(&sandbox, CREATE, &b, VALID_QR)
            .await
            .get("errcode"),
        None
    );
}

#[tokio::test]
async fn bodies_are_checked_against_the_documented_shapes() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let t = raw_token(&sandbox, DEFAULT_APP_ID, DEFAULT_APP_SECRET).await["access_token"]
        .as_str()
        .expect("t")
        .to_owned();
    let long = format!(
        r#"{{"action_name":"QR_LIMIT_STR_SCENE","action_info":{{"scene":{{"scene_str":"{}"}}}}}}"#,
        "x".repeat(65)
    );
    let cases = [
        (CREATE, long.as_str(), 40053),
        (
            CREATE,
            r#"{"action_name":"QR_FOREVER","action_info":{"scene":{"scene_id":1}}}"#,
            40052,
        ),
        (
            CREATE,
            r#"{"action_name":"QR_LIMIT_SCENE","action_info":{"scene":{"scene_id":100001}}}"#,
            40053,
        ),
        (CREATE, "{not json", 47001),
        (CREATE, "", 44002),
        (
            "/cgi-bin/message/custom/send",
            r#"{"touser":"o1","msgtype":"link","link":{"title":"t","url":"u"}}"#,
            40008,
        ),
        (
            "/cgi-bin/message/custom/send",
            r#"{"touser":"o1","msgtype":"news","news":{"articles":[{},{}]}}"#,
            45008,
        ),
        (
            "/cgi-bin/message/mass/send",
            r#"{"touser":["o1"],"msgtype":"text","text":{"content":"x"}}"#,
            40130,
        ),
        (
            "/cgi-bin/message/subscribe/send",
            r#"{"touser":"o1","template_id":"t","data":{}}"#,
            48001,
        ),
        (
            "/wxa/setdynamicdata",
            r#"{"lifespan":86400,"query":{"type":1},"scene":1,"data":"{}"}"#,
            48001,
        ),
    ];
    for (path, body, code) in cases {
        assert_eq!(
            raw_post(&sandbox, path, &t, body).await["errcode"],
            code,
            "{path} {body}"
        );
    }
    let ok = r#"{"touser":"o1","msgtype":"text","text":{"content":"你好"}}"#;
    assert_eq!(
        raw_post(&sandbox, "/cgi-bin/message/custom/send", &t, ok).await["errcode"],
        0
    );
    let sent = sandbox.sent_messages();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body["text"]["content"], "你好");

    // Mini-program endpoints with the mini program's own token.
    let mp = raw_token(
        &sandbox,
        DEFAULT_MINI_PROGRAM_ID,
        DEFAULT_MINI_PROGRAM_SECRET,
    )
    .await["access_token"]
        .as_str()
        .expect("mp")
        .to_owned();
    let import = r#"{"lifespan":86400,"query":{"type":1},"scene":1,"data":"{}"}"#;
    assert_eq!(
        raw_post(&sandbox, "/wxa/setdynamicdata", &mp, import).await["errcode"],
        47001,
        "query must be a JSON string"
    );
    let import = r#"{"lifespan":86400,"query":"{\"type\":1}","scene":1,"data":"{\"items\":[]}"}"#;
    assert_eq!(
        raw_post(&sandbox, "/wxa/setdynamicdata", &mp, import).await["errcode"],
        47001,
        "data needs its attribute (batch id, seq, count, totalcount)"
    );
    let import = r#"{"lifespan":86400,"query":"{}","scene":1,"data":"{\"items\":[],\"attribute\":{\"id\":\"b\",\"seq\":0,\"count\":0,\"totalcount\":0}}"}"#;
    assert_eq!(
        raw_post(&sandbox, "/wxa/setdynamicdata", &mp, import).await["errcode"],
        47001,
        "query needs the service type"
    );
    let import = r#"{"lifespan":86400,"query":"{\"type\":1}","scene":1,"data":"{\"items\":[{\"name\":\"a\"}],\"attribute\":{\"id\":\"b\",\"seq\":0,\"count\":1,\"totalcount\":1}}"}"#;
    assert_eq!(
        raw_post(&sandbox, "/wxa/setdynamicdata", &mp, import).await["errcode"],
        0
    );
}

#[tokio::test]
async fn materials_are_stored_served_back_and_limited_as_wechat_does() {
    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = client(&sandbox);
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    let image = wx
        .send(material::add::Request::image(Upload::from_bytes(
            "p.jpg",
            bytes.clone(),
        )))
        .await
        .expect("image");
    assert!(image.url.is_some());
    match wx
        .send(material::get::Request::new(image.media_id.clone()))
        .await
        .expect("get")
    {
        JsonOrBytes::Bytes(b) => {
            assert_eq!(b.bytes.as_ref(), bytes.as_slice());
            assert_eq!(b.filename.as_deref(), Some("p.jpg"));
        }
        other => panic!("{other:?}"),
    }
    let video = wx
        .send(material::add::Request::video(
            Upload::from_bytes("v.mp4", vec![1u8; 100]),
            "Title",
            "Intro",
        ))
        .await
        .expect("video");
    match wx
        .send(material::get::Request::new(video.media_id))
        .await
        .expect("video get")
    {
        JsonOrBytes::Json(material::get::Response::Video {
            title, description, ..
        }) => {
            assert_eq!((title.as_str(), description.as_str()), ("Title", "Intro"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        wx.send(material::count::Request::new())
            .await
            .expect("count")
            .image_count,
        1
    );

    // The thumb reply names its id `thumb_media_id`; `id()` reads either.
    let thumb = wx
        .send(media::upload::Request::new(
            MediaType::Thumb,
            Upload::from_bytes("t.jpg", vec![2u8; 100]),
        ))
        .await
        .expect("thumb");
    assert_eq!(thumb.media_id, None);
    assert!(sandbox.material(thumb.id().expect("id")).is_some());

    // wx allows voice up to 5 MiB (the permissive reading); WeChat's current 2 MB answers 40010.
    let voice = Upload::from_bytes("v.mp3", vec![0u8; 3 * 1024 * 1024]);
    let err = wx
        .send(material::add::Request::voice(voice))
        .await
        .expect_err("40010");
    assert_eq!(err.code().map(|c| c.code()), Some(40010));

    // Legacy news: switched off, as on the real API.
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
        legacy.expect_err("45103").code().map(|c| c.code()),
        Some(45103)
    );

    // QR images: known ticket -> bytes, unknown -> 404, expired temporary ticket -> 404.
    let qr = wx
        .send(qrcode::create::Request::temporary_id(9, 1))
        .await
        .expect("qr");
    assert!(wx
        .send(qrcode::show::Request::new(qr.ticket.clone()))
        .await
        .is_ok());
    assert!(matches!(
        wx.send(qrcode::show::Request::new("nope")).await,
        Err(Error::Http { status: 404, .. })
    ));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(matches!(
        wx.send(qrcode::show::Request::new(qr.ticket)).await,
        Err(Error::Http { status: 404, .. })
    ));
}

#[tokio::test]
async fn client_refreshes_on_sandbox_expiry_with_zero_margins() {
    let sandbox = Sandbox::builder()
        .token_ttl(Duration::from_secs(1))
        .start()
        .await
        .expect("sandbox");
    let wx = Client::official_account(
        AppCredentials::new(DEFAULT_APP_ID, DEFAULT_APP_SECRET),
        Classic,
    )
    .base_url(sandbox.url())
    .token_policy(
        TokenPolicy::default()
            .with_refresh_ahead(Duration::ZERO)
            .with_safety_margin(Duration::ZERO),
    )
    .build()
    .expect("client");
    wx.send(qrcode::create::Request::permanent_id(1))
        .await
        .expect("first");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    wx.send(qrcode::create::Request::permanent_id(2))
        .await
        .expect("after expiry");
    assert_eq!(sandbox.token_fetches(DEFAULT_APP_ID), 2);
}

#[tokio::test]
async fn drafts_publishing_and_mass_video_round_trip() {
    use wx_api::oa::draft::{self, DraftArticle};
    use wx_api::oa::freepublish;
    use wx_api::oa::message::{custom, mass};

    let sandbox = Sandbox::builder().start().await.expect("sandbox");
    let wx = client(&sandbox);

    // Voice and thumb materials.
    let voice = wx
        .send(material::add::Request::voice(Upload::from_bytes(
            "hello.mp3",
            vec![1u8; 3000],
        )))
        .await
        .expect("voice");
    assert_eq!(voice.url, None, "only images carry a url");
    let thumb = wx
        .send(material::add::Request::thumb(Upload::from_bytes(
            "cover.jpg",
            vec![0xFFu8; 4000],
        )))
        .await
        .expect("thumb");
    let stored = |id: &str| sandbox.material(id).expect("stored");
    assert_eq!(
        (
            stored(&voice.media_id).media_type,
            stored(&thumb.media_id).media_type
        ),
        ("voice".to_owned(), "thumb".to_owned())
    );

    // Drafts: add, get, delete.
    let article = |title: &str| DraftArticle::news(title, "<p>body</p>", thumb.media_id.clone());
    let kept = wx
        .send(draft::add::Request::new(vec![
            article("Kept"),
            article("Second"),
        ]))
        .await
        .expect("add");
    let doomed = wx
        .send(draft::add::Request::new(vec![article("Doomed")]))
        .await
        .expect("add");
    let got = wx
        .send(draft::get::Request::new(kept.media_id.clone()))
        .await
        .expect("get");
    let titles: Vec<&str> = got.news_item.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Kept", "Second"]);
    wx.send(draft::delete::Request::new(doomed.media_id.clone()))
        .await
        .expect("delete");
    let gone = wx
        .send(draft::get::Request::new(doomed.media_id))
        .await
        .expect_err("deleted");
    assert_eq!(gone.code().map(|c| c.code()), Some(40007));

    // Publishing: submit, poll, read, list, delete one item, delete all.
    let job = wx
        .send(freepublish::submit::Request::new(kept.media_id))
        .await
        .expect("submit");
    let status = wx
        .send(freepublish::get::Request::new(job.publish_id))
        .await
        .expect("status");
    let article_id = status.article_id.expect("article id");
    let read = wx
        .send(freepublish::get_article::Request::new(article_id.clone()))
        .await
        .expect("get_article");
    assert_eq!(read.news_item.len(), 2);
    assert_eq!(read.news_item[0].content.as_deref(), Some("<p>body</p>"));
    let page = wx
        .send(freepublish::list::Request::new(0, 20).no_content(1))
        .await
        .expect("list");
    assert_eq!((page.total_count, page.item_count), (1, 1));
    assert_eq!(page.item[0].article_id, article_id);
    assert_eq!(page.item[0].content.news_item[1].title, "Second");
    assert_eq!(
        page.item[0].content.news_item[0].content, None,
        "no_content leaves the HTML out"
    );
    wx.send(freepublish::delete::Request::new(article_id.clone()).index(2))
        .await
        .expect("delete the second item");
    let read = wx
        .send(freepublish::get_article::Request::new(article_id.clone()))
        .await
        .expect("get_article");
    assert_eq!(read.news_item.len(), 1);
    wx.send(freepublish::delete::Request::new(article_id.clone()))
        .await
        .expect("delete all");
    let err = wx
        .send(freepublish::get_article::Request::new(article_id))
        .await
        .expect_err("deleted");
    assert_eq!(err.code().map(|c| c.code()), Some(53600));
    assert_eq!(
        wx.send(freepublish::list::Request::new(0, 20))
            .await
            .expect("list")
            .total_count,
        0
    );

    // A mass-send video: temporary video → uploadvideo → mpvideo.
    let clip = wx
        .send(media::upload::Request::new(
            MediaType::Video,
            Upload::from_bytes("clip.mp4", vec![0u8; 9000]),
        ))
        .await
        .expect("temporary video");
    let video = wx
        .send(media::upload_video::Request::new(
            clip.id().expect("video id"),
            "Launch",
            "the launch video",
        ))
        .await
        .expect("uploadvideo");
    assert_eq!(video.media_type, "video");
    wx.send(mass::send_all::Request::new(
        mass::Filter::everyone(),
        mass::MassMessage::MpVideo(custom::Media {
            media_id: video.media_id.clone(),
        }),
    ))
    .await
    .expect("mass video");
    let sent = sandbox.sent_messages();
    assert_eq!(
        sent.last().expect("recorded").body["mpvideo"]["media_id"],
        video.media_id
    );
}
