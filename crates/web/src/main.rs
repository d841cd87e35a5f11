//! Entry point: installs the panic hook and mounts the app; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    // The app's words in the reader's language are fetched from the start, beside the
    // share link's design, which is decompressed (asynchronously, by the browser) before
    // the app mounts, so the page opens on it rather than on the saved design first.
    let words = web::platform::messages::load_ui(web::state::store::startup_lang());
    wasm_bindgen_futures::spawn_local(async {
        web::state::share_link::open_location().await;
        match words.await {
            Ok(()) => web::ui::app::mount_to_body(),
            Err(why) => web::ui::app::without_words(&why),
        }
    });
}
