use wx_api::wxa::search::set_dynamic_data;
use wx_api::{token, AppCredentials, Client};

async fn demo() {
    let oa = Client::official_account(AppCredentials::new("wx1", "s"), token::Classic)
        .build()
        .unwrap();
    let _ = oa.send(set_dynamic_data::Request::new(86400, "{}".into(), 1, "{}".into())).await;
}

fn main() {
    let _ = demo();
}
