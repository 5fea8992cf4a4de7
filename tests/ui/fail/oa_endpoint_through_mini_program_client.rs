use wx_api::mp::qrcode::create_qrcode;
use wx_api::{token, AppCredentials, Client};

async fn demo() {
    let mp = Client::mini_program(AppCredentials::new("wx1", "s"), token::Classic)
        .build()
        .unwrap();
    let _ = mp.send(create_qrcode::Request::permanent_id(1)).await;
}

fn main() {
    let _ = demo();
}
