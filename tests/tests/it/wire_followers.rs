//! Wire format of the follower, tag and blacklist endpoints.

use wx_api::oa::{blacklist, tags, user};
use wx_api::wire::render;

const A: &str = "ocYxcuAEy30bX0NXmGn4ypqx3tI0";
const B: &str = "ocYxcuBt0mRugKZ7tGAHPnUaOW7Y";

fn two() -> Vec<String> {
    vec![A.to_owned(), B.to_owned()]
}

#[test]
fn user_list_first_and_next_page() {
    insta::assert_snapshot!(
        "user_list_first_page",
        render(&user::list::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "user_list_next_page",
        render(&user::list::Request::new().next_openid(A)).unwrap()
    );
}

#[test]
fn user_set_remark() {
    insta::assert_snapshot!(render(&user::set_remark::Request::new(A, "胖子")).unwrap());
}

#[test]
fn tags_crud() {
    insta::assert_snapshot!(
        "tags_create",
        render(&tags::create::Request::new("广东")).unwrap()
    );
    insta::assert_snapshot!("tags_list", render(&tags::list::Request::new()).unwrap());
    insta::assert_snapshot!(
        "tags_update",
        render(&tags::update::Request::new(134, "广东人")).unwrap()
    );
    insta::assert_snapshot!(
        "tags_delete",
        render(&tags::delete::Request::new(134)).unwrap()
    );
}

#[test]
fn tags_members_and_tagging() {
    insta::assert_snapshot!(
        "tags_batch_tag",
        render(&tags::batch_tag::Request::new(two(), 134)).unwrap()
    );
    insta::assert_snapshot!(
        "tags_batch_untag",
        render(&tags::batch_untag::Request::new(two(), 134)).unwrap()
    );
    insta::assert_snapshot!(
        "tags_list_users_first_page",
        render(&tags::list_users::Request::new(134)).unwrap()
    );
    insta::assert_snapshot!(
        "tags_list_users_next_page",
        render(&tags::list_users::Request::new(134).next_openid(B)).unwrap()
    );
    insta::assert_snapshot!(
        "tags_list_for_user",
        render(&tags::list_for_user::Request::new(B)).unwrap()
    );
}

#[test]
fn blacklist_list_block_unblock() {
    insta::assert_snapshot!(
        "blacklist_list_first_page",
        render(&blacklist::list::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "blacklist_list_next_page",
        render(&blacklist::list::Request::new().begin_openid(A)).unwrap()
    );
    insta::assert_snapshot!(
        "blacklist_block",
        render(&blacklist::block::Request::new(two())).unwrap()
    );
    insta::assert_snapshot!(
        "blacklist_unblock",
        render(&blacklist::unblock::Request::new(two())).unwrap()
    );
}
