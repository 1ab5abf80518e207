//! The sit as a media player on the session bus (MPRIS, `org.mpris.MediaPlayer2.still`), so
//! media keys, `playerctl` and desktop widgets see it and steer it. What they ask is handed
//! to the player as a [`Command`] through [`Sit::ask`]; what they are shown is read through
//! [`Sit::now`], from the frames played. The whole sit is one track: its title, its author as
//! the artist, its length; Next and Previous move between its steps, and a move is announced
//! with `Seeked`.
//!
//! Everything runs on a thread of its own: the bus is never waited for by the audio or the
//! screen, and with no session bus (or a name that cannot be had) the thread just ends.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use zbus::object_server::SignalEmitter;
use zbus::{Connection, ObjectPath, OwnedVariant, Variant};

/// The name a sit takes; a second sit at once takes `NAME.instance<pid>`, as MPRIS allows.
pub const NAME: &str = "org.mpris.MediaPlayer2.still";
const PATH: &str = "/org/mpris/MediaPlayer2";
/// How often the sit is looked at for a change to announce (a pause, a step moved).
const WATCH: Duration = Duration::from_millis(200);
/// The longest the bus is waited for on the way out.
const REPLY: Duration = Duration::from_secs(1);
/// A position this far from where the clock should be is a jump (a step moved), not drift.
const JUMP_US: i64 = 500_000;

/// What a media key or another program asks of the sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    PlayPause,
    Play,
    Pause,
    Next,
    Previous,
    Stop,
    /// `MediaPlayer2.Quit`: end the sit now.
    Quit,
}

/// The sit as a track: fixed for the whole sit.
#[derive(Debug, Clone)]
pub struct Track {
    /// The session's id, which names the track.
    pub id: String,
    pub title: String,
    pub artist: Option<String>,
    /// `None` for an open sit, which has no length.
    pub length_us: Option<i64>,
    /// Whether Next and Previous mean anything (an open sit has no steps to move between).
    pub steps: bool,
}

/// The sit at this moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Now {
    pub paused: bool,
    /// Where the sit is, in microseconds of its track, from the frames played.
    pub position_us: i64,
    /// 1.0 is the usual volume.
    pub volume: f64,
}

/// The player's side: how the sit is now, and where commands go. Both are called from the
/// bus's threads and must return at once.
pub trait Sit: Send + Sync + 'static {
    fn now(&self) -> Now;
    fn ask(&self, command: Command);
}

/// The sit on the bus while this lives; dropped, it says the sit stopped and leaves the bus.
pub struct Mpris {
    stop: Option<mpsc::Sender<()>>,
    done: mpsc::Receiver<()>,
}

impl Mpris {
    /// Puts `track`, played by `sit`, on the session bus, in the background.
    pub fn start(track: Track, sit: Arc<dyn Sit>) -> Mpris {
        let (stop, stopped) = mpsc::channel();
        let (finished, done) = mpsc::channel();
        let _ = std::thread::Builder::new()
            .name("still-mpris".into())
            .spawn(move || {
                serve(track, sit, stopped);
                drop(finished);
            });
        Mpris {
            stop: Some(stop),
            done,
        }
    }
}

impl Drop for Mpris {
    fn drop(&mut self) {
        drop(self.stop.take());
        // Bounded: a bus that does not answer does not hold the end of the sit.
        let _ = self.done.recv_timeout(REPLY * 2);
    }
}

/// What both interfaces read.
struct Shared {
    track: Track,
    sit: Arc<dyn Sit>,
    ended: AtomicBool,
}

fn serve(track: Track, sit: Arc<dyn Sit>, stop: mpsc::Receiver<()>) {
    let shared = Arc::new(Shared {
        track,
        sit,
        ended: AtomicBool::new(false),
    });
    let Ok((bus, name)) = zbus::block_on(connect(shared.clone())) else {
        return;
    };
    let mut last = shared.sit.now();
    let mut at = Instant::now();
    while let Err(mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(WATCH) {
        let now = shared.sit.now();
        let elapsed = i64::try_from(at.elapsed().as_micros()).unwrap_or(i64::MAX);
        at = Instant::now();
        let expected = if last.paused || now.paused {
            last.position_us
        } else {
            last.position_us.saturating_add(elapsed)
        };
        let status = now.paused != last.paused;
        let moved = (now.position_us - expected).abs() > JUMP_US;
        if status || moved {
            let seeked = moved.then_some(now.position_us);
            let _ = zbus::block_on(announce(&bus, status, seeked, false));
        }
        last = now;
    }
    shared.ended.store(true, Ordering::Release);
    zbus::block_on(async {
        let _ = announce(&bus, true, None, true).await;
        let _ = bus.release_name(name.as_str()).await;
    });
}

/// Connects with both interfaces served, under the first free name.
async fn connect(shared: Arc<Shared>) -> zbus::Result<(Connection, String)> {
    let bus = zbus::connection::Builder::session()
        .method_timeout(REPLY)
        .serve_at(PATH, Root(shared.clone()))
        .serve_at(PATH, Player(shared))
        .build()
        .await?;
    let instance = format!("{NAME}.instance{}", std::process::id());
    for name in [NAME.to_string(), instance] {
        // Neither taking a name from a sit that has it nor giving it up to a later one.
        let flags = zbus::fdo::RequestNameFlags::DO_NOT_QUEUE;
        match bus.request_name_with_flags(name.as_str(), flags).await {
            Ok(_) => return Ok((bus, name)),
            Err(zbus::Error::NameTaken) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(zbus::Error::NameTaken)
}

/// Emits `PropertiesChanged` for the playback status (and, at the end, for what can no longer
/// be done) and `Seeked` for a jump.
async fn announce(
    bus: &Connection,
    status: bool,
    seeked: Option<i64>,
    ended: bool,
) -> zbus::Result<()> {
    let player = bus.object_server().interface::<_, Player>(PATH).await?;
    let emitter = player.signal_emitter();
    if status {
        player.get().await.playback_status_changed(emitter).await?;
    }
    if ended {
        let p = player.get().await;
        p.can_go_next_changed(emitter).await?;
        p.can_go_previous_changed(emitter).await?;
        p.can_play_changed(emitter).await?;
        p.can_pause_changed(emitter).await?;
    }
    if let Some(position) = seeked {
        Player::seeked(emitter, position).await?;
    }
    Ok(())
}

/// `org.mpris.MediaPlayer2`: the player itself.
struct Root(Arc<Shared>);

#[zbus::interface(interface = "org.mpris.MediaPlayer2")]
impl Root {
    /// There is no window to raise: the sit is in a terminal.
    fn raise(&self) {}

    fn quit(&self) {
        self.0.sit.ask(Command::Quit);
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_quit(&self) -> bool {
        true
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_raise(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn has_track_list(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn identity(&self) -> String {
        "still".into()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn supported_uri_schemes(&self) -> Vec<String> {
        vec![]
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn supported_mime_types(&self) -> Vec<String> {
        vec![]
    }
}

/// `org.mpris.MediaPlayer2.Player`: the sit as it plays.
struct Player(Arc<Shared>);

impl Player {
    fn ended(&self) -> bool {
        self.0.ended.load(Ordering::Acquire)
    }
}

#[zbus::interface(interface = "org.mpris.MediaPlayer2.Player")]
impl Player {
    fn next(&self) {
        self.0.sit.ask(Command::Next);
    }

    fn previous(&self) {
        self.0.sit.ask(Command::Previous);
    }

    fn pause(&self) {
        self.0.sit.ask(Command::Pause);
    }

    fn play_pause(&self) {
        self.0.sit.ask(Command::PlayPause);
    }

    fn stop(&self) {
        self.0.sit.ask(Command::Stop);
    }

    fn play(&self) {
        self.0.sit.ask(Command::Play);
    }

    /// `CanSeek` is false: a sit moves by its steps only, as its keys move it.
    fn seek(&self, _offset: i64) {}

    fn set_position(&self, _track: ObjectPath<'_>, _position: i64) {}

    fn open_uri(&self, _uri: &str) {}

    #[zbus(property)]
    fn playback_status(&self) -> String {
        if self.ended() {
            "Stopped"
        } else if self.0.sit.now().paused {
            "Paused"
        } else {
            "Playing"
        }
        .into()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn rate(&self) -> f64 {
        1.0
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn minimum_rate(&self) -> f64 {
        1.0
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn maximum_rate(&self) -> f64 {
        1.0
    }

    #[zbus(property)]
    fn metadata(&self) -> HashMap<String, OwnedVariant> {
        metadata(&self.0.track)
    }

    /// Shown, not set: the volume keys of the sit change it.
    #[zbus(property(emits_changed_signal = "false"))]
    fn volume(&self) -> f64 {
        self.0.sit.now().volume
    }

    /// Not announced as it changes (MPRIS has `Seeked` for jumps); read when wanted.
    #[zbus(property(emits_changed_signal = "false"))]
    fn position(&self) -> i64 {
        self.0.sit.now().position_us
    }

    #[zbus(property)]
    fn can_go_next(&self) -> bool {
        self.0.track.steps && !self.ended()
    }

    #[zbus(property)]
    fn can_go_previous(&self) -> bool {
        self.0.track.steps && !self.ended()
    }

    #[zbus(property)]
    fn can_play(&self) -> bool {
        !self.ended()
    }

    #[zbus(property)]
    fn can_pause(&self) -> bool {
        !self.ended()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_seek(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_control(&self) -> bool {
        true
    }

    /// Emitted when the sit jumps (a step moved) rather than playing on.
    #[zbus(signal)]
    async fn seeked(emitter: &SignalEmitter<'_>, position: i64) -> zbus::Result<()>;
}

/// The track's metadata, as MPRIS names it.
fn metadata(track: &Track) -> HashMap<String, OwnedVariant> {
    let mut m = HashMap::new();
    let mut put = |key: &str, value: Variant<'_>| {
        if let Ok(v) = OwnedVariant::try_from(value) {
            m.insert(key.to_string(), v);
        }
    };
    if let Ok(path) = ObjectPath::try_from(track_path(&track.id)) {
        put("mpris:trackid", Variant::from(path));
    }
    put("xesam:title", Variant::from(track.title.as_str()));
    if let Some(artist) = &track.artist {
        put("xesam:artist", Variant::from(vec![artist.as_str()]));
    }
    if let Some(us) = track.length_us {
        put("mpris:length", Variant::from(us));
    }
    m
}

/// A D-Bus object path for a session id: letters and digits kept, anything else as `_`.
fn track_path(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("/org/still/track/{}", if id.is_empty() { "_" } else { &id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_track_id_is_always_an_object_path_issue_18() {
        for id in ["box-breathing", "", "呼吸", "a.b/c"] {
            let p = track_path(id);
            assert!(ObjectPath::try_from(p.as_str()).is_ok(), "{p}");
        }
        assert_eq!(
            track_path("box-breathing"),
            "/org/still/track/box_breathing"
        );
    }

    #[test]
    fn the_metadata_names_title_artist_and_length_issue_18() {
        let t = Track {
            id: "box-breathing".into(),
            title: "Box breathing".into(),
            artist: Some("The still project".into()),
            length_us: Some(292_000_000),
            steps: true,
        };
        let m = metadata(&t);
        assert_eq!(
            <&str>::try_from(&*m["xesam:title"]).unwrap(),
            "Box breathing"
        );
        assert_eq!(i64::try_from(&*m["mpris:length"]).unwrap(), 292_000_000);
        assert!(m.contains_key("xesam:artist") && m.contains_key("mpris:trackid"));
        let open = metadata(&Track {
            length_us: None,
            artist: None,
            ..t
        });
        assert!(!open.contains_key("mpris:length") && !open.contains_key("xesam:artist"));
    }
}
