//! A small static file server for dist/: what `cargo xtask serve` runs and what the end-to-end tests load the production build from.
//!
//! Loopback only, GET/HEAD only, no directory listing, no path escapes.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// A running server; dropping it stops it.
pub struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serve `root` on 127.0.0.1:`port` (0 picks a free port).
    pub fn start(root: &Path, port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = conn {
                    let root = root.clone();
                    std::thread::spawn(move || {
                        let _ = handle(stream, &root);
                    });
                }
            }
        });
        Ok(Server { port, stop, thread: Some(thread) })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Block until the process is stopped.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stop accepting connections and wait for the accept loop to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the loop sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.shutdown();
        }
    }
}

fn handle(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; we need none of them.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(&mut out, 405, "text/plain", b"method not allowed\n", method == "HEAD");
    }
    match resolve(root, target) {
        Some(path) => {
            let body = std::fs::read(&path)?;
            respond(&mut out, 200, content_type(&path), &body, method == "HEAD")
        }
        None => respond(&mut out, 404, "text/plain", b"not found\n", method == "HEAD"),
    }?;
    let _ = out.shutdown(Shutdown::Write);
    Ok(())
}

/// Map a request target to a file under `root`: `/` and unknown extension-less paths
/// give index.html (the app handles its own routes); `..` never escapes.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut full = root.to_path_buf();
    for comp in Path::new(decoded.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(part) => full.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if full.is_dir() {
        full.push("index.html");
    }
    if full.is_file() {
        return Some(full);
    }
    let has_extension = Path::new(&decoded).extension().is_some();
    (!has_extension).then(|| root.join("index.html")).filter(|p| p.is_file())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(out: &mut TcpStream, status: u16, ctype: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(header.as_bytes())?;
    if !head {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(port: u16, path: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn serves_files_with_types_and_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("stratus-server-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<p>home</p>").unwrap();
        std::fs::write(dir.join("app.wasm"), [0u8, 97, 115, 109]).unwrap();
        let server = Server::start(&dir, 0).unwrap();
        let port = server.port();
        assert!(get(port, "/").contains("<p>home</p>"));
        assert!(get(port, "/app.wasm").contains("Content-Type: application/wasm"));
        assert!(get(port, "/some/route").contains("<p>home</p>"), "SPA fallback");
        assert!(get(port, "/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get(port, "/../etc/passwd").starts_with("HTTP/1.1 404"));
        assert!(get(port, "/%2e%2e/etc/passwd").starts_with("HTTP/1.1 404"));
        server.stop();
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "stopped");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
