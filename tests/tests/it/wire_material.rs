//! Wire format of the material, media, draft and publishing endpoints, multipart parts
//! included (names, filenames, content types, sizes — not the bytes).

use wx_api::oa::draft::{self, DraftArticle};
use wx_api::oa::freepublish;
use wx_api::oa::material::MediaType;
use wx_api::oa::material::{self, ListType, NewsArticle};
use wx_api::oa::media;
use wx_api::wire::render;
use wx_api::Upload;

fn jpg(len: usize) -> Upload {
    Upload::from_bytes("cover.jpg", vec![0xFFu8; len])
}

#[test]
fn add_material_each_type() {
    insta::assert_snapshot!(
        "add_material_image",
        render(&material::add::Request::image(jpg(2048))).unwrap()
    );
    insta::assert_snapshot!(
        "add_material_voice",
        render(&material::add::Request::voice(Upload::from_bytes(
            "hello.amr",
            vec![1u8; 4000]
        )))
        .unwrap()
    );
    insta::assert_snapshot!(
        "add_material_video",
        render(&material::add::Request::video(
            Upload::from_bytes("clip.mp4", vec![0u8; 9000]),
            "发布会",
            "Launch \"day\" video"
        ))
        .unwrap()
    );
    insta::assert_snapshot!(
        "add_material_thumb",
        render(&material::add::Request::thumb(jpg(100))).unwrap()
    );
    // Overridden filename and content type reach the part.
    let renamed = Upload::from_bytes("raw.bin", vec![1u8; 10])
        .with_filename("logo.png")
        .with_content_type("image/png");
    insta::assert_snapshot!(
        "add_material_image_renamed",
        render(&material::add::Request::image(renamed)).unwrap()
    );
}

#[test]
fn article_image_and_legacy_news() {
    insta::assert_snapshot!(
        "upload_article_image",
        render(&material::upload_image::Request::new(jpg(5000))).unwrap()
    );
    let article = NewsArticle {
        title: "标题".into(),
        thumb_media_id: "THUMB".into(),
        content: "<p>hi</p>".into(),
        show_cover_pic: Some(1),
        ..NewsArticle::default()
    };
    insta::assert_snapshot!(
        "add_news",
        render(&material::add_news::Request::new(vec![article.clone()])).unwrap()
    );
    insta::assert_snapshot!(
        "update_news",
        render(&material::update_news::Request::new("MEDIA", 0, article)).unwrap()
    );
}

#[test]
fn material_reads_and_deletes() {
    insta::assert_snapshot!(
        "get_material",
        render(&material::get::Request::new("MEDIA_ID")).unwrap()
    );
    insta::assert_snapshot!(
        "delete_material",
        render(&material::delete::Request::new("MEDIA_ID")).unwrap()
    );
    insta::assert_snapshot!(
        "material_count",
        render(&material::count::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "list_materials",
        render(&material::list::Request::new(ListType::News, 0, 20)).unwrap()
    );
}

#[test]
fn temporary_media() {
    insta::assert_snapshot!(
        "upload_media_thumb",
        render(&media::upload::Request::new(MediaType::Thumb, jpg(1000))).unwrap()
    );
    insta::assert_snapshot!(
        "get_media",
        render(&media::get::Request::new("MEDIA+ID/=")).unwrap()
    );
    insta::assert_snapshot!(
        "upload_mass_video",
        render(&media::upload_video::Request::new("MEDIA", "title", "desc")).unwrap()
    );
}

#[test]
fn drafts_and_publishing() {
    let article = DraftArticle::news("Spring", "<p>content</p>", "THUMB_ID");
    insta::assert_snapshot!(
        "draft_add",
        render(&draft::add::Request::new(vec![article.clone()])).unwrap()
    );
    insta::assert_snapshot!(
        "draft_get",
        render(&draft::get::Request::new("DRAFT")).unwrap()
    );
    insta::assert_snapshot!(
        "draft_delete",
        render(&draft::delete::Request::new("DRAFT")).unwrap()
    );
    insta::assert_snapshot!(
        "draft_update",
        render(&draft::update::Request::new("DRAFT", 1, article)).unwrap()
    );
    insta::assert_snapshot!(
        "draft_list",
        render(&draft::list::Request::new(0, 10).no_content(1)).unwrap()
    );
    insta::assert_snapshot!(
        "draft_count",
        render(&draft::count::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "publish_submit",
        render(&freepublish::submit::Request::new("DRAFT")).unwrap()
    );
    insta::assert_snapshot!(
        "publish_get",
        render(&freepublish::get::Request::new("2247483655".into())).unwrap()
    );
    insta::assert_snapshot!(
        "publish_delete",
        render(&freepublish::delete::Request::new("ARTICLE").index(1)).unwrap()
    );
    insta::assert_snapshot!(
        "publish_get_article",
        render(&freepublish::get_article::Request::new("ARTICLE")).unwrap()
    );
    insta::assert_snapshot!(
        "publish_list",
        render(&freepublish::list::Request::new(0, 20)).unwrap()
    );
}
