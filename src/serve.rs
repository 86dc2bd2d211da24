//! `mastery serve`: the report folder over HTTP on loopback, with live
//! reload. Pages get a small script (only when served; the report on disk
//! stays script-free) that reloads them after each rebuild, and an overlay
//! listing the errors of the last build.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context as _;
use futures_util::Stream;
use futures_util::stream;
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Uri};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{Semaphore, broadcast, oneshot};

/// The path the reload script listens on.
const EVENTS: &str = "/__mastery/events";
/// Largest file the server reads (into memory, to add the script to pages).
const MAX_FILE: u64 = 64 * 1024 * 1024;
/// A request's headers must arrive within this time, and an idle
/// keep-alive connection is closed after it.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once, at most: more wait in the system's queue.
const MAX_CONNECTIONS: usize = 512;
/// An open event stream gets a comment this often, so that proxies and
/// browsers keep it open while nothing is rebuilt.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How many connections to serve at once: at most half the file
/// descriptors the process may open, so a flood of idle connections never
/// leaves the watcher without any to read records and write pages.
fn connection_slots() -> usize {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        if let Some(files) = limit.current.and_then(|n| usize::try_from(n).ok()) {
            return (files / 2).saturating_sub(16).clamp(4, MAX_CONNECTIONS);
        }
    }
    MAX_CONNECTIONS
}

/// What the served pages should show about the last build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Error lines (`path:line:column: message`, or why the build failed).
    pub errors: Vec<String>,
}

/// What open pages are told.
#[derive(Debug, Clone, Copy)]
enum Notice {
    /// A build finished: reload.
    Reload,
    /// The server is stopping: end the event stream.
    Close,
}

struct Shared {
    notices: broadcast::Sender<Notice>,
    status: RwLock<Status>,
    /// Where the server listens: requests must name it (or loopback).
    address: SocketAddr,
    /// The report folder.
    out: PathBuf,
}

/// A running server; stop it with [`Server::stop`].
pub struct Server {
    /// Where it listens.
    pub address: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serve `out` on `address` (port 0 picks a free one). Fails at once,
    /// with a message saying what to do, when the port is taken.
    pub fn start(out: &Path, address: SocketAddr) -> anyhow::Result<Server> {
        let listener = std::net::TcpListener::bind(address).map_err(|error| {
            if error.kind() == std::io::ErrorKind::AddrInUse {
                anyhow::anyhow!(
                    "port {} on {} is already in use; choose another with --port",
                    address.port(),
                    address.ip()
                )
            } else {
                anyhow::Error::new(error).context(format!("cannot listen on {address}"))
            }
        })?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            notices: broadcast::channel(16).0,
            status: RwLock::new(Status::default()),
            address,
            out: out.to_path_buf(),
        });
        let app = Arc::clone(&shared);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the server's runtime")?;
        let thread = std::thread::Builder::new()
            .name("mastery-serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                        accept(listener, app, stopped).await;
                    }
                });
                // Dropping the runtime ends every connection at once,
                // whatever state its client left it in.
                drop(runtime);
            })
            .context("cannot start the server thread")?;
        Ok(Server {
            address,
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// A build finished: remember its errors and tell every open page to
    /// reload.
    pub fn rebuilt(&self, status: Status) {
        if let Ok(mut current) = self.shared.status.write() {
            *current = status;
        }
        let _ = self.shared.notices.send(Notice::Reload);
    }

    /// Stop serving and wait for the server to finish.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        // Open event streams would hold the graceful shutdown: end them.
        let _ = self.shared.notices.send(Notice::Close);
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Accept connections until told to stop, each served with time limits on
/// headers and idleness, at most [`connection_slots`] at once.
async fn accept(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    let slots = Arc::new(Semaphore::new(connection_slots()));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let stream = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a moment and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let shared = Arc::clone(&shared);
        let service = hyper::service::service_fn(move |request| {
            let shared = Arc::clone(&shared);
            async move { Ok::<_, Infallible>(respond(&shared, request).await) }
        });
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}

/// The answer to one request. Only GET and HEAD, only for this server's
/// own names (a page of another site that rebinds its name to 127.0.0.1
/// gets nothing); HTML pages get the reload script (and the overlay when
/// the last build had errors).
async fn respond(shared: &Shared, request: Request<Incoming>) -> Response<Body> {
    if !addressed_to(&request, shared.address) {
        return plain(
            StatusCode::MISDIRECTED_REQUEST,
            "mastery serve answers only to its own address, localhost, 127.0.0.1 or [::1]\n",
        );
    }
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "");
    }
    // `//members` would redirect to `//members/`, which a browser reads as
    // another host.
    let uri = single_slashes(request.uri()).unwrap_or_else(|| request.uri().clone());
    if uri.path() == EVENTS {
        return events(shared);
    }
    let file = match served_file(&shared.out, &uri).await {
        Served::File(path, bytes) => (path, bytes),
        Served::Folder => {
            let mut location = format!("{}/", uri.path());
            if let Some(query) = uri.query() {
                location.push('?');
                location.push_str(query);
            }
            let mut response = plain(StatusCode::TEMPORARY_REDIRECT, "");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            return response;
        }
        Served::Refused => return plain(StatusCode::BAD_REQUEST, ""),
        Served::Missing => return plain(StatusCode::NOT_FOUND, ""),
        Served::TooLarge => {
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "too large to serve\n");
        }
    };
    let (path, mut bytes) = file;
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        // Pages are changed on the way out, so they are always sent whole
        // (no byte ranges) and never cached.
        let status = shared.status.read().map(|s| s.clone()).unwrap_or_default();
        let html = String::from_utf8_lossy(&bytes);
        let snippet = snippet(&status);
        let page = match html.rfind("</body>") {
            Some(at) => format!("{}{snippet}{}", &html[..at], &html[at..]),
            None => format!("{html}{snippet}"),
        };
        bytes = page.into_bytes();
    }
    let length = bytes.len();
    // A HEAD answer describes the GET answer, script included.
    let body = if head { None } else { Some(Bytes::from(bytes)) };
    let mut response = Response::new(Body::Whole(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A response with a short text.
fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::Whole(Some(Bytes::from_static(text.as_bytes()))));
    *response.status_mut() = status;
    response
}

/// What a request's path names in the report folder.
enum Served {
    /// A file, and its bytes.
    File(PathBuf, Vec<u8>),
    /// A folder named without its trailing `/`.
    Folder,
    /// A path that is not a plain path below the folder (`..`, `\`, a
    /// drive, a byte that is no UTF-8).
    Refused,
    /// Nothing.
    Missing,
    /// A file larger than [`MAX_FILE`].
    TooLarge,
}

/// The file `uri` names below `out`: its path decoded, each part a plain
/// name (nothing that climbs out, whatever the encoding), a folder's
/// `index.html` for a path that ends in `/`.
async fn served_file(out: &Path, uri: &Uri) -> Served {
    let Some(decoded) = crate::url::decode(uri.path()) else {
        return Served::Refused;
    };
    let mut path = out.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        let plain = !matches!(part, "." | "..")
            && !part.contains(['\\', '\0', ':'])
            && Path::new(part).components().count() == 1;
        if !plain {
            return Served::Refused;
        }
        path.push(part);
    }
    let Ok(mut metadata) = tokio::fs::metadata(&path).await else {
        return Served::Missing;
    };
    if metadata.is_dir() {
        if !decoded.ends_with('/') {
            return Served::Folder;
        }
        path.push("index.html");
        let Ok(index) = tokio::fs::metadata(&path).await else {
            return Served::Missing;
        };
        metadata = index;
    }
    if metadata.len() > MAX_FILE {
        return Served::TooLarge;
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => Served::File(path, bytes),
        Err(_) => Served::Missing,
    }
}

/// The media type of a report file, by its extension.
fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" | "csv" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Server-sent events: one `reload` per rebuild, a comment now and then
/// to keep the stream open. (An event's data must not be empty: browsers
/// drop events without data.)
fn events(shared: &Shared) -> Response<Body> {
    let receiver = shared.notices.subscribe();
    let stream = stream::unfold(receiver, |mut receiver| async move {
        let notice = tokio::select! {
            notice = receiver.recv() => notice,
            () = tokio::time::sleep(KEEP_ALIVE) => return Some((Bytes::from_static(b":\n\n"), receiver)),
        };
        match notice {
            Ok(Notice::Reload) | Err(broadcast::error::RecvError::Lagged(_)) => Some((
                Bytes::from_static(b"event: reload\ndata: rebuilt\n\n"),
                receiver,
            )),
            Ok(Notice::Close) | Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    let mut response = Response::new(Body::Stream(Box::pin(stream)));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A response body: bytes sent whole, or an event stream.
enum Body {
    Whole(Option<Bytes>),
    Stream(Pin<Box<dyn Stream<Item = Bytes> + Send>>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Stream(stream) => {
                (stream.as_mut().poll_next(cx)).map(|bytes| bytes.map(|b| Ok(Frame::data(b))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Body::Stream(_) => SizeHint::default(),
        }
    }
}

/// Whether the request names this server: its address or a loopback name,
/// with its port.
fn addressed_to(request: &Request<Incoming>, address: SocketAddr) -> bool {
    let named = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .or_else(|| {
            let host = request.headers().get(header::HOST)?;
            host.to_str().ok().map(str::to_owned)
        });
    let Some(named) = named else {
        return false;
    };
    let Ok(authority) = named.parse::<hyper::http::uri::Authority>() else {
        return false;
    };
    let port_ok = match authority.port_u16() {
        Some(port) => port == address.port(),
        None => address.port() == 80,
    };
    let host = authority.host().to_ascii_lowercase();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let host_ok = host == "localhost"
        || bare
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip == address.ip() || ip.is_loopback() && address.ip().is_loopback());
    port_ok && host_ok
}

/// The URI with runs of `/` in its path made one, if it has any.
fn single_slashes(uri: &Uri) -> Option<Uri> {
    let path = uri.path();
    if !path.contains("//") {
        return None;
    }
    let mut single = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && single.ends_with('/')) {
            single.push(c);
        }
    }
    if let Some(query) = uri.query() {
        single.push('?');
        single.push_str(query);
    }
    Uri::builder().path_and_query(single).build().ok()
}

/// The live-reload script, plus the error overlay when there are errors.
fn snippet(status: &Status) -> String {
    let mut html = format!(
        "<script>new EventSource(\"{EVENTS}\").addEventListener(\"reload\", () => location.reload());</script>"
    );
    if !status.errors.is_empty() {
        html.push_str(
            "<div id=\"mastery-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;\
             overflow:auto;background:#3d1414;color:#ffe4e1;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;\
             border-radius:.5rem;box-shadow:0 4px 24px #0008;z-index:2147483647\"><strong>mastery: the last build has errors</strong>\
             <button type=\"button\" style=\"float:right\" onclick=\"this.parentNode.remove()\">Dismiss</button><ul>",
        );
        for line in &status.errors {
            html.push_str("<li>");
            html.push_str(&crate::report::escape(line));
            html.push_str("</li>");
        }
        html.push_str("</ul></div>");
    }
    html
}
