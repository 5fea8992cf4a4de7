// Only a video carries a description, and only `material::add::Request::video` sets it: the
// field is private, so its generated setter is too.
use wx_api::oa::material::{self, VideoDescription};
use wx_api::Upload;

fn main() {
    let _ = material::add::Request::image(Upload::from_bytes("a.png", vec![1]))
        .description(VideoDescription { title: "t".into(), introduction: "i".into() });
}
