use wx_api::oa::qrcode;
use wx_api::{token, AppCredentials, Client};

async fn demo() {
    let mp = Client::mini_program(AppCredentials::new("wx1", "s"), token::Classic)
        .build()
        .unwrap();
    let _ = mp.send(qrcode::create::Request::permanent_id(1)).await;
}

fn main() {
    let _ = demo();
}
