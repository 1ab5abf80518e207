//! A desktop notification through the freedesktop Notifications service: one
//! `org.freedesktop.Notifications.Notify` call on the session bus, as app "still". Used by
//! `still remind --fire`, and by the end of a sit when `notify = true`.

use std::collections::HashMap;
use std::time::Duration;

use zbus::Variant;

/// The name every notification from still carries, so a desktop can group and mute them.
pub const APP_NAME: &str = "still";

const SERVICE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// What a notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// One short line, shown bold.
    pub summary: String,
    /// What follows it, as plain text: escaped for a server that reads markup.
    pub body: String,
    /// A name from the freedesktop icon theme, or empty for none.
    pub icon: &'static str,
    pub expire: Expire,
}

/// How long a notification stays on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expire {
    /// As the user's desktop is set to: what still asks for unless a caller knows better.
    Desktop,
    /// Until it is dismissed.
    Never,
    After(Duration),
}

impl Expire {
    /// The protocol's `expire_timeout`: -1 for the server's default, 0 for never, else
    /// milliseconds.
    fn millis(self) -> i32 {
        match self {
            Expire::Desktop => -1,
            Expire::Never => 0,
            Expire::After(d) => i32::try_from(d.as_millis()).unwrap_or(i32::MAX).max(1),
        }
    }
}

impl Notice {
    /// A notice with no icon that stays as long as the desktop keeps its notifications.
    pub fn new(summary: impl Into<String>, body: impl Into<String>) -> Notice {
        Notice {
            summary: summary.into(),
            body: body.into(),
            icon: "",
            expire: Expire::Desktop,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// No session bus could be reached (no desktop session: a console, ssh, cron without
    /// one).
    #[error("no session bus to show a notification on")]
    NoBus(#[source] zbus::Error),
    /// The bus is there but nothing on it shows notifications.
    #[error("no notification service ({SERVICE}) on the session bus")]
    NoService(#[source] zbus::Error),
    /// The service answered the call with an error, or with something that is not an id.
    #[error("the notification service did not take the notification")]
    Refused(#[source] zbus::Error),
}

/// Shows `notice`; the id the service gave it.
pub fn send(notice: &Notice) -> Result<u32, NotifyError> {
    zbus::block_on(async {
        let bus = zbus::Connection::session()
            .await
            .map_err(NotifyError::NoBus)?;
        // A server that reads markup in the body would take a title's "&" or "<" for it.
        let markup = bus
            .call_method(Some(SERVICE), PATH, Some(SERVICE), "GetCapabilities", &())
            .await
            .ok()
            .and_then(|reply| reply.body().deserialize::<Vec<String>>().ok())
            .is_some_and(|caps| caps.iter().any(|c| c == "body-markup"));
        let body = if markup {
            escape(&notice.body)
        } else {
            notice.body.clone()
        };
        // No actions (still does not wait for a click), and no hints: a reminder is of
        // normal urgency, which every server shows as a banner.
        let actions: &[&str] = &[];
        let hints: HashMap<&str, Variant<'_>> = HashMap::new();
        let reply = bus
            .call_method(
                Some(SERVICE),
                PATH,
                Some(SERVICE),
                "Notify",
                &(
                    APP_NAME,
                    0u32,
                    notice.icon,
                    notice.summary.as_str(),
                    body.as_str(),
                    actions,
                    hints,
                    notice.expire.millis(),
                ),
            )
            .await
            .map_err(classify)?;
        reply
            .body()
            .deserialize::<u32>()
            .map_err(NotifyError::Refused)
    })
}

/// `text` as the body markup's XML subset shows it unchanged.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Which of the errors a failed call is: nobody owning the name is no service at all.
fn classify(e: zbus::Error) -> NotifyError {
    use zbus::fdo::Error as Fdo;
    // zbus reports the bus's own error names as `fdo::Error`s.
    let unowned = matches!(&e, zbus::Error::FDO(f)
        if matches!(**f, Fdo::ServiceUnknown(_) | Fdo::NameHasNoOwner(_)));
    if unowned {
        NotifyError::NoService(e)
    } else {
        NotifyError::Refused(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_shown_as_written_where_markup_is_read_issue_18() {
        assert_eq!(
            escape("Rest & <b>restore</b>"),
            "Rest &amp; &lt;b&gt;restore&lt;/b&gt;"
        );
        assert_eq!(
            escape("still play box-breathing"),
            "still play box-breathing"
        );
    }

    #[test]
    fn expiry_in_the_protocol_s_terms_issue_18() {
        assert_eq!(Expire::Desktop.millis(), -1);
        assert_eq!(Expire::Never.millis(), 0);
        assert_eq!(Expire::After(Duration::from_secs(8)).millis(), 8000);
        // Never 0 (which would mean "never") for a very short wish, nor an overflow.
        assert_eq!(Expire::After(Duration::from_micros(10)).millis(), 1);
        assert_eq!(
            Expire::After(Duration::from_secs(u64::MAX)).millis(),
            i32::MAX
        );
    }
}
