//! Entry point: installs the panic hook and mounts the app; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    // A share link's design is decompressed (asynchronously, by the browser) before the
    // app mounts, so the page opens on it rather than on the saved design first.
    wasm_bindgen_futures::spawn_local(async {
        web::state::share_link::open_location().await;
        leptos::mount::mount_to_body(web::App);
    });
}
