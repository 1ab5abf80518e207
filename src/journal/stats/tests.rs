//! Fixed histories: gaps, two sits a day, both DST changes in Europe/Berlin, a sit just
//! after midnight with `day_starts_at`, a move to another zone; and a property test that
//! the order entries were written in changes nothing.

use jiff::ZonedDateTime;
use jiff::civil::{Date, Time, date};
use proptest::prelude::*;

use super::*;
use crate::journal::day::{practice_date, today};
use crate::journal::entry::{Entry, Source};

/// A sit of `minutes` that started at `at` (`2024-03-31T01:30[Europe/Berlin]`), dated the
/// way the journal dates it when written under `config`.
fn sit(at: &str, minutes: u64, config: &Config) -> Entry {
    let z: ZonedDateTime = at.parse().unwrap_or_else(|e| panic!("{at}: {e}"));
    Entry {
        id: format!("id-{}", z.timestamp().as_second()),
        started_at: z.timestamp(),
        zone: z.time_zone().iana_name().map(str::to_string),
        utc_offset: z.offset(),
        date: practice_date(z.datetime(), config.day_starts_at),
        session_id: "silent-sit".into(),
        session_title: "Silent sit".into(),
        planned_ms: minutes * 60_000,
        practiced_ms: minutes * 60_000,
        completed: true,
        mood_before: None,
        mood_after: None,
        note: None,
        source: Source::Played,
        stopped_ms: None,
        language: None,
    }
}

fn on(d: Date, minutes: u64) -> Entry {
    let at = format!("{d}T08:00:00[Europe/Berlin]");
    sit(&at, minutes, &Config::default())
}

fn stats(entries: &[Entry], today: Date) -> Stats {
    Stats::compute(entries, &Config::default(), today)
}

#[test]
fn an_empty_journal_has_nothing_yet() {
    let s = stats(&[], date(2024, 3, 5));
    assert_eq!(
        (s.current_streak, s.longest_streak, s.total_sessions),
        (0, 0, 0)
    );
    assert_eq!((s.total_minutes(), s.days_practiced), (0, 0));
    assert_eq!((s.first_date, &s.mood), (None, &None));
    assert!(s.milestones(&Config::default()).is_empty());
}

#[test]
fn gaps_end_a_streak_and_the_longest_is_kept() {
    let days = [1, 2, 3, 5, 6, 7, 8, 10, 11];
    let entries: Vec<Entry> = days.iter().map(|&d| on(date(2024, 3, d), 10)).collect();
    let s = stats(&entries, date(2024, 3, 11));
    assert_eq!((s.current_streak, s.longest_streak), (2, 4));
    assert_eq!(
        (s.days_practiced, s.total_sessions, s.total_minutes()),
        (9, 9, 90)
    );
    assert_eq!(s.first_date, Some(date(2024, 3, 1)));
    assert_eq!(s.last_date, Some(date(2024, 3, 11)));
    assert!(s.practiced_today);
}

#[test]
fn a_streak_is_alive_until_today_is_over() {
    let entries: Vec<Entry> = (1..=3).map(|d| on(date(2024, 3, d), 10)).collect();
    let yesterday = stats(&entries, date(2024, 3, 4));
    assert_eq!(yesterday.current_streak, 3, "not practised yet today");
    assert!(!yesterday.practiced_today);
    let gone = stats(&entries, date(2024, 3, 5));
    assert_eq!((gone.current_streak, gone.longest_streak), (0, 3));
}

#[test]
fn two_sits_in_one_day_count_one_day() {
    let entries = vec![
        on(date(2024, 3, 4), 10),
        sit(
            "2024-03-05T07:00:00+01:00[Europe/Berlin]",
            3,
            &Config::default(),
        ),
        sit(
            "2024-03-05T21:00:00+01:00[Europe/Berlin]",
            4,
            &Config::default(),
        ),
    ];
    let s = stats(&entries, date(2024, 3, 5));
    assert_eq!((s.days_practiced, s.total_sessions), (2, 3));
    assert_eq!((s.current_streak, s.total_minutes()), (2, 17));
    // With min_minutes = 5 the two short sits still count together: 7 minutes that day.
    let five = Config {
        min_minutes: 5,
        ..Config::default()
    };
    let s = Stats::compute(&entries, &five, date(2024, 3, 5));
    assert_eq!((s.days_practiced, s.current_streak), (2, 2));
    let eight = Config {
        min_minutes: 8,
        ..Config::default()
    };
    let s = Stats::compute(&entries, &eight, date(2024, 3, 5));
    assert_eq!(
        (s.days_practiced, s.current_streak),
        (1, 1),
        "the 4th's streak is alive"
    );
    assert!(!s.practiced_today, "7 minutes do not make the 5th count");
    assert_eq!(s.total_sessions, 3, "short sits are still sits");
}

#[test]
fn spring_forward_in_berlin_keeps_the_streak() {
    // 31 March 2024: clocks jump from 02:00 CET to 03:00 CEST; that day has 23 hours.
    let c = Config::default();
    let entries = vec![
        sit("2024-03-30T23:30:00+01:00[Europe/Berlin]", 10, &c),
        sit("2024-03-31T01:30:00+01:00[Europe/Berlin]", 10, &c),
        sit("2024-03-31T03:30:00+02:00[Europe/Berlin]", 10, &c),
        sit("2024-03-31T23:30:00+02:00[Europe/Berlin]", 10, &c),
        sit("2024-04-01T23:30:00+02:00[Europe/Berlin]", 10, &c),
    ];
    let dates: Vec<Date> = entries.iter().map(|e| e.date).collect();
    assert_eq!(
        dates,
        [
            date(2024, 3, 30),
            date(2024, 3, 31),
            date(2024, 3, 31),
            date(2024, 3, 31),
            date(2024, 4, 1)
        ]
    );
    let s = stats(&entries, date(2024, 4, 1));
    assert_eq!(
        (s.current_streak, s.days_practiced, s.total_sessions),
        (3, 3, 5)
    );
}

#[test]
fn fall_back_in_berlin_keeps_the_streak_and_both_two_thirties() {
    // 27 October 2024: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice; 25 hours.
    let c = Config::default();
    let entries = vec![
        sit("2024-10-26T23:00:00+02:00[Europe/Berlin]", 10, &c),
        sit("2024-10-27T02:30:00+02:00[Europe/Berlin]", 10, &c),
        sit("2024-10-27T02:30:00+01:00[Europe/Berlin]", 10, &c),
        sit("2024-10-28T00:30:00+01:00[Europe/Berlin]", 10, &c),
    ];
    assert_ne!(entries[1].started_at, entries[2].started_at);
    assert_eq!(entries[1].date, entries[2].date);
    let s = stats(&entries, date(2024, 10, 28));
    assert_eq!(
        (s.current_streak, s.days_practiced, s.total_sessions),
        (3, 3, 4)
    );
}

#[test]
fn a_sit_just_after_midnight_counts_for_the_day_before_with_day_starts_at() {
    let late = Config {
        day_starts_at: Time::new(4, 0, 0, 0).unwrap(),
        ..Config::default()
    };
    let entries = vec![
        sit("2024-03-04T22:00:00+01:00[Europe/Berlin]", 10, &late),
        sit("2024-03-06T00:15:00+01:00[Europe/Berlin]", 10, &late),
    ];
    assert_eq!(
        entries[1].date,
        date(2024, 3, 5),
        "00:15 belongs to the 5th"
    );
    // At 01:00 on the 6th it is still the 5th, and the streak is 2 days.
    let now: ZonedDateTime = "2024-03-06T01:00:00+01:00[Europe/Berlin]".parse().unwrap();
    let t = today(&now, &late);
    assert_eq!(t, date(2024, 3, 5));
    let s = Stats::compute(&entries, &late, t);
    assert_eq!((s.current_streak, s.practiced_today), (2, true));
    // Without day_starts_at the same instants fall on the 4th and 6th: no streak.
    let midnight = Config::default();
    let plain = vec![
        sit("2024-03-04T22:00:00+01:00[Europe/Berlin]", 10, &midnight),
        sit("2024-03-06T00:15:00+01:00[Europe/Berlin]", 10, &midnight),
    ];
    let s = Stats::compute(&plain, &midnight, today(&now, &midnight));
    assert_eq!((s.current_streak, s.longest_streak), (1, 1));
}

#[test]
fn moving_to_another_zone_never_moves_a_sit_to_another_day() {
    let c = Config::default();
    // Evenings in Berlin, then a flight to Tokyo (8 hours ahead), then New York.
    let entries = vec![
        sit("2024-05-01T22:00:00+02:00[Europe/Berlin]", 10, &c),
        sit("2024-05-02T22:00:00+02:00[Europe/Berlin]", 10, &c),
        // 07:00 on the 4th in Tokyo is 00:00 on the 4th in Berlin… and 22:00 UTC on the 3rd.
        sit("2024-05-04T07:00:00+09:00[Asia/Tokyo]", 10, &c),
        sit("2024-05-03T08:00:00+09:00[Asia/Tokyo]", 10, &c),
        // 23:30 on the 4th in New York is already the 5th in Berlin and Tokyo.
        sit("2024-05-04T23:30:00-04:00[America/New_York]", 10, &c),
    ];
    let dates: Vec<Date> = entries.iter().map(|e| e.date).collect();
    assert_eq!(
        dates,
        [
            date(2024, 5, 1),
            date(2024, 5, 2),
            date(2024, 5, 4),
            date(2024, 5, 3),
            date(2024, 5, 4)
        ]
    );
    assert_eq!(entries[4].zone.as_deref(), Some("America/New_York"));
    // Back in Berlin on the 5th in the morning: the streak 1–4 May is alive.
    let now: ZonedDateTime = "2024-05-05T09:00:00+02:00[Europe/Berlin]".parse().unwrap();
    let s = Stats::compute(&entries, &c, today(&now, &c));
    assert_eq!(
        (s.current_streak, s.longest_streak, s.days_practiced),
        (4, 4, 4)
    );
    // The same instants seen from New York would have given other days; stats never
    // look at the instant, only at the date written.
    let ny = entries[2].started_at.in_tz("America/New_York").unwrap();
    assert_eq!(ny.date(), date(2024, 5, 3));
}

#[test]
fn as_of_leaves_out_what_came_later() {
    let entries: Vec<Entry> = (1..=10).map(|d| on(date(2024, 3, d), 10)).collect();
    let s = stats(&entries, date(2024, 3, 4));
    assert_eq!(
        (s.total_sessions, s.current_streak, s.longest_streak),
        (4, 4, 4)
    );
    assert_eq!(s.last_date, Some(date(2024, 3, 4)));
}

#[test]
fn this_week_runs_from_monday_against_the_goal() {
    // 4 March 2024 is a Monday.
    let entries = vec![
        on(date(2024, 3, 3), 30),
        on(date(2024, 3, 4), 10),
        on(date(2024, 3, 4), 5),
        on(date(2024, 3, 6), 20),
    ];
    let goal = Config {
        weekly_goal: Some(3),
        ..Config::default()
    };
    let s = Stats::compute(&entries, &goal, date(2024, 3, 7));
    assert_eq!(s.week.start, date(2024, 3, 4));
    assert_eq!((s.week.days_practiced, s.week.sessions), (2, 3));
    assert_eq!(minutes(s.week.ms), 35);
    assert_eq!((s.week.goal, s.week.goal_met()), (Some(3), Some(false)));
    let s = Stats::compute(&[], &Config::default(), date(2024, 3, 7));
    assert_eq!(s.week.goal_met(), None);
}

#[test]
fn mood_change_averages_sits_rated_both_times() {
    let mut entries: Vec<Entry> = (1..=4).map(|d| on(date(2024, 3, d), 10)).collect();
    entries[0].mood_before = Some(3);
    entries[0].mood_after = Some(6);
    entries[1].mood_before = Some(5);
    entries[1].mood_after = Some(6);
    entries[2].mood_before = Some(2); // not rated after: left out
    let s = stats(&entries, date(2024, 3, 4));
    let m = s.mood.unwrap();
    assert_eq!(m.rated_sessions, 2);
    assert_eq!(m.average_change(), 2.0);
    assert_eq!((m.average_before(), m.average_after()), (4.0, 6.0));
}

#[test]
fn milestones_are_crossed_once_and_the_rarest_is_said() {
    let c = Config::default();
    let mut entries = vec![];
    let mut said = vec![];
    for d in 1..=31 {
        let today = date(2024, 3, d);
        let before = Stats::compute(&entries, &c, today);
        entries.push(on(today, 10));
        let after = Stats::compute(&entries, &c, today);
        if let Some(m) = crossed(&before, &after, &c) {
            said.push((d, m));
        }
    }
    assert_eq!(
        said,
        [
            (1, Milestone::FirstSit),
            (7, Milestone::Streak(7)),
            (10, Milestone::Sessions(10)),
            (30, Milestone::Streak(30)),
        ]
    );
    let reached = Stats::compute(&entries, &c, date(2024, 3, 31)).milestones(&c);
    let labels: Vec<String> = reached.iter().map(|m| m.label()).collect();
    assert_eq!(
        labels,
        [
            "first sit",
            "7 days in a row",
            "30 days in a row",
            "10 sits"
        ]
    );
    // A second sit on the 31st crosses nothing new.
    let before = Stats::compute(&entries, &c, date(2024, 3, 31));
    entries.push(on(date(2024, 3, 31), 10));
    let after = Stats::compute(&entries, &c, date(2024, 3, 31));
    assert_eq!(crossed(&before, &after, &c), None);
}

fn any_entry() -> impl Strategy<Value = Entry> {
    (
        0i64..120,
        0u64..45 * 60_000,
        proptest::option::of(0u8..=10),
        proptest::option::of(0u8..=10),
        any::<bool>(),
        0i64..86_400,
    )
        .prop_map(|(day, ms, before, after, completed, second)| {
            let d = date(2024, 1, 1)
                .checked_add(jiff::Span::new().days(day))
                .unwrap();
            let mut e = on(d, 0);
            e.id = format!("{day}-{second}-{ms}");
            e.practiced_ms = ms;
            e.mood_before = before;
            e.mood_after = after;
            e.completed = completed;
            e
        })
}

proptest! {
    #[test]
    fn stats_do_not_depend_on_the_order_entries_were_written(
        (entries, shuffled) in proptest::collection::vec(any_entry(), 0..60)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        today in 0i64..130,
        min_minutes in 0u32..20,
        goal in proptest::option::of(1u8..=7),
    ) {
        let config = Config { min_minutes, weekly_goal: goal, ..Config::default() };
        let today = date(2024, 1, 1).checked_add(jiff::Span::new().days(today)).unwrap();
        let a = Stats::compute(&entries, &config, today);
        let b = Stats::compute(&shuffled, &config, today);
        prop_assert_eq!(&a, &b);
        prop_assert!(a.current_streak <= a.longest_streak);
        prop_assert!(a.longest_streak <= a.days_practiced);
        prop_assert!(u64::from(a.days_practiced) <= a.total_sessions);
        prop_assert_eq!(a.milestones(&config), b.milestones(&config));
    }
}
