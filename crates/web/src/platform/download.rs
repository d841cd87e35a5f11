//! Files offered to the person as downloads (a design's JSON, a picture, a progress file, a lesson): a link clicked for them, with the browser's `download` attribute.

use crate::platform::page::document;
use engine::Msg;
use wasm_bindgen::JsCast;

/// Offer `url` to the person as a download called `name`.
pub fn download(url: &str, name: &str) {
    let doc = document();
    let Ok(a) = doc.create_element("a") else { return };
    let _ = a.set_attribute("href", url);
    let _ = a.set_attribute("download", name);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        if let Some(el) = a.dyn_ref::<web_sys::HtmlElement>() {
            el.click();
        }
        let _ = body.remove_child(&a);
    }
}

/// Download text as a file of the given MIME type.
pub fn download_text(text: &str, mime: &str, name: &str) -> Result<(), Msg> {
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let failed = || engine::msg!("ui.download.refused");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| failed())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed())?;
    download(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
