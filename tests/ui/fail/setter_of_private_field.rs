// Only a video carries a description, and only `add_material::Request::video` sets it: the
// field is private, so its generated setter is too.
use wx_api::mp::material::{add_material, VideoDescription};
use wx_api::Upload;

fn main() {
    let _ = add_material::Request::image(Upload::from_bytes("a.png", vec![1]))
        .description(VideoDescription { title: "t".into(), introduction: "i".into() });
}
