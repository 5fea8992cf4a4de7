//! Wire format of the template-message management endpoints (`oa::template`), built from
//! the doc examples.

use wx_api::oa::template;
use wx_api::wire::render;

#[test]
fn template_management() {
    insta::assert_snapshot!(
        "template_set_industry",
        render(&template::set_industry::Request::new(1, 4)).unwrap()
    );
    insta::assert_snapshot!(
        "template_get_industry",
        render(&template::get_industry::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "template_add",
        render(&template::add::Request::new("47123").keywords(["时间", "地点", "金额"])).unwrap()
    );
    insta::assert_snapshot!(
        "template_add_industry_library",
        render(&template::add::Request::new("TM00015")).unwrap()
    );
    insta::assert_snapshot!(
        "template_list",
        render(&template::list::Request::new()).unwrap()
    );
    insta::assert_snapshot!(
        "template_delete",
        render(&template::delete::Request::new(
            "Dyvp3-Ff0cnail_CDSzk1fIc6-9lOkxsQE7exTJbwUE"
        ))
        .unwrap()
    );
}
