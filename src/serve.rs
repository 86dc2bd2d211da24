//! `mastery serve`: the report folder over HTTP on loopback, with live
//! reload. Pages get a small script (only when served; the report on disk
//! stays script-free) that reloads them after each rebuild, and an overlay
//! listing the errors of the last build.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{Semaphore, broadcast, oneshot};
use tower_http::services::ServeDir;

/// The path the reload script listens on.
const EVENTS: &str = "/__mastery/events";
/// Largest HTML page the server will inject into.
const MAX_PAGE: usize = 64 * 1024 * 1024;
/// A request's headers must arrive within this time, and an idle
/// keep-alive connection is closed after it.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once, at most: more wait in the system's queue.
const MAX_CONNECTIONS: usize = 512;

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
        });
        let app = router(out.to_path_buf(), shared.clone());
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
    app: Router,
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
        let service = TowerToHyperService::new(app.clone());
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

fn router(out: PathBuf, shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .fallback_service(ServeDir::new(out).append_index_html_on_directories(true))
        .layer(middleware::from_fn_with_state(shared.clone(), inject))
        .with_state(shared)
}

/// Server-sent events: one `reload` per rebuild. (Its data must not be
/// empty: browsers drop events without data.)
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.notices.subscribe();
    let stream = stream::unfold(receiver, |mut receiver| async move {
        match receiver.recv().await {
            Ok(Notice::Reload) | Err(broadcast::error::RecvError::Lagged(_)) => Some((
                Ok(Event::default().event("reload").data("rebuilt")),
                receiver,
            )),
            Ok(Notice::Close) | Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Only GET and HEAD, only for this server's own names (a page of another
/// site that rebinds its name to 127.0.0.1 gets nothing); HTML pages get
/// the reload script (and the overlay when the last build had errors).
async fn inject(State(shared): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    if !addressed_to(&request, shared.address) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "mastery serve answers only to its own address, localhost, 127.0.0.1 or [::1]\n",
        )
            .into_response();
    }
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    // A HEAD answer must describe the GET answer, script included.
    *request.method_mut() = Method::GET;
    // Pages are changed on the way out, so byte ranges of the file on disk
    // mean nothing: always send the whole page.
    request.headers_mut().remove(header::RANGE);
    request.headers_mut().remove(header::IF_RANGE);
    // `//members` would redirect to `//members/`, which a browser reads as
    // another host.
    if let Some(uri) = single_slashes(request.uri()) {
        *request.uri_mut() = uri;
    }
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let status = shared.status.read().map(|s| s.clone()).unwrap_or_default();
    let html = String::from_utf8_lossy(&bytes);
    let snippet = snippet(&status);
    let page = match html.rfind("</body>") {
        Some(at) => format!("{}{snippet}{}", &html[..at], &html[at..]),
        None => format!("{html}{snippet}"),
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(page.len()));
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(
        parts,
        if head {
            Body::empty()
        } else {
            Body::from(page)
        },
    )
}

/// Whether the request names this server: its address or a loopback name,
/// with its port.
fn addressed_to(request: &Request, address: SocketAddr) -> bool {
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
    let Ok(authority) = named.parse::<axum::http::uri::Authority>() else {
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
