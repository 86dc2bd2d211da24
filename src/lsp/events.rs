//! What the server acts on, each from a thread of its own: what the
//! client sends, and the changes on disk of the teams it follows.

use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use super::transport::{self, Incoming};
use crate::watch::Change;
use crate::watch::feed::{Batch, Feed, Watched};

/// What the server acts on, one at a time.
pub(super) enum Event {
    /// What the client sent (or that its end closed or failed).
    Client(std::io::Result<Incoming>),
    /// Files of the team at `root` changed on disk.
    Files {
        root: PathBuf,
        changes: BTreeSet<Change>,
        lost: bool,
    },
}

/// Hand what the client sends to the server until its end closes.
pub(super) fn read_client(mut input: impl BufRead, events: &Sender<Event>) {
    loop {
        let incoming = transport::read(&mut input);
        let last = matches!(incoming, Ok(Incoming::End) | Err(_));
        if events.send(Event::Client(incoming)).is_err() || last {
            return;
        }
    }
}

/// Follow the team at `root` as `watch` does, on a thread of its own so
/// the editor is answered meanwhile: its changes on disk since `since` go
/// to the server, then each as it happens, until the server ends. A
/// folder that cannot be watched is not followed (the client's
/// notifications still count).
pub(super) fn follow(root: &Path, since: SystemTime, events: Sender<Event>) {
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let watched = Watched {
            root: &root,
            out: None,
            config: None,
            templates: None,
        };
        let options = crate::watch::Options {
            debounce: Duration::from_millis(50),
            poll: false,
        };
        let Ok(mut feed) = Feed::start(watched, options) else {
            return;
        };
        let missed = feed.changed_since(since);
        if !missed.is_empty() {
            let root = root.clone();
            let changes = missed;
            if (events.send(Event::Files {
                root,
                changes,
                lost: false,
            }))
            .is_err()
            {
                return;
            }
        }
        loop {
            let (changes, lost) = match feed.wait() {
                Batch::Stopped => return,
                Batch::RootGone => match feed.wait_for_root() {
                    Ok(true) => (BTreeSet::from([Change::Root]), true),
                    _ => return,
                },
                Batch::Changes { changes, lost, .. } => (changes, lost),
            };
            let root = root.clone();
            if events
                .send(Event::Files {
                    root,
                    changes,
                    lost,
                })
                .is_err()
            {
                return;
            }
        }
    });
}
