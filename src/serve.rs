//! `mastery serve`: the report folder over HTTP on loopback, with live
//! reload. Pages get a small script (only when served; the report on disk
//! stays script-free) that reloads them after each rebuild, and an overlay
//! listing the errors of the last build.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use anyhow::Context as _;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::{broadcast, oneshot};
use tower_http::services::ServeDir;

/// The path the reload script listens on.
const EVENTS: &str = "/__mastery/events";
/// Largest HTML page the server will inject into.
const MAX_PAGE: usize = 64 * 1024 * 1024;

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
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = stopped.await;
                        })
                        .await;
                });
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

/// Only GET and HEAD; HTML pages get the reload script (and the overlay
/// when the last build had errors).
async fn inject(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
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
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(page))
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
