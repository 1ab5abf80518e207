//! Every message id the code asks for, one const each, and [`ALL`]: the list a test holds
//! every language's file against, so no message is missing from any of them.

// The player's screen.
pub const OPEN_SIT: &str = "open-sit";
pub const CLOSING: &str = "closing";
pub const SETTLING: &str = "settling";
pub const WAITING: &str = "waiting";
pub const SITTING: &str = "sitting";
pub const LISTENING: &str = "listening";
pub const CLOSING_WITH_BELLS: &str = "closing-with-bells";
pub const FIRST_BELL_IN: &str = "first-bell-in";
pub const STEP_OF: &str = "step-of";
pub const COUNT_OF: &str = "count-of";
pub const ROUND_OF: &str = "round-of";
pub const NOTE: &str = "note";
pub const KIND_SAY: &str = "kind-say";
pub const KIND_PAUSE: &str = "kind-pause";
pub const KIND_BREATHE: &str = "kind-breathe";
pub const KIND_BELL: &str = "kind-bell";
pub const KIND_WAIT: &str = "kind-wait";
pub const BREATHE_IN: &str = "breathe-in";
pub const BREATHE_IN_MORE: &str = "breathe-in-more";
pub const BREATHE_HOLD: &str = "breathe-hold";
pub const BREATHE_OUT: &str = "breathe-out";
pub const BREATHE_REST: &str = "breathe-rest";
pub const PAUSED: &str = "paused";
pub const VOLUME: &str = "volume";
pub const AMBIENT_OFF: &str = "ambient-off";
pub const CAPTIONS_OFF: &str = "captions-off";
pub const KEY_GO_ON: &str = "key-go-on";
pub const KEY_RESUME: &str = "key-resume";
pub const KEY_PAUSE: &str = "key-pause";
pub const KEY_END_NOW: &str = "key-end-now";
pub const KEY_VOLUME: &str = "key-volume";
pub const KEY_AMBIENT: &str = "key-ambient";
pub const KEY_CLOSE: &str = "key-close";
pub const KEY_END: &str = "key-end";
pub const KEY_STEP: &str = "key-step";
pub const KEY_NEXT: &str = "key-next";
pub const KEY_AGAIN: &str = "key-again";
pub const KEY_CAPTIONS: &str = "key-captions";
pub const STARTS_IN: &str = "starts-in";
pub const Q_CANCELS: &str = "q-cancels";

// The plain lines.
pub const PLAIN_OPEN_TITLE: &str = "plain-open-title";
pub const PLAIN_BELL: &str = "plain-bell";
pub const PLAIN_WAITING: &str = "plain-waiting";
pub const PLAIN_IN: &str = "plain-in";
pub const PLAIN_IN_MORE: &str = "plain-in-more";
pub const PLAIN_HOLD: &str = "plain-hold";
pub const PLAIN_OUT: &str = "plain-out";
pub const PLAIN_REST: &str = "plain-rest";
pub const PLAIN_GOING_ON: &str = "plain-going-on";
pub const PLAIN_RESUMED: &str = "plain-resumed";
pub const PLAIN_AMBIENT_ON: &str = "plain-ambient-on";
pub const PLAIN_CAPTIONS_ON: &str = "plain-captions-on";
pub const PLAIN_CLOSING_BELLS: &str = "plain-closing-bells";
pub const PLAIN_SUSPENDED: &str = "plain-suspended";
pub const PLAIN_BACK: &str = "plain-back";

// The end of a sit.
pub const END_WELL_DONE: &str = "end-well-done";
pub const END_STOPPED: &str = "end-stopped";
pub const END_IN_PREPARATION: &str = "end-in-preparation";
pub const END_TOO_SHORT: &str = "end-too-short";
pub const END_NOT_RECORDED_CHOSEN: &str = "end-not-recorded-chosen";
pub const END_NOT_RECORDED_JOURNAL: &str = "end-not-recorded-journal";
pub const END_COULD_NOT_RECORD: &str = "end-could-not-record";
pub const END_IN_JOURNAL: &str = "end-in-journal";
pub const NOTICE_COMPLETE: &str = "notice-complete";
pub const MOOD_BEFORE: &str = "mood-before";
pub const MOOD_AFTER: &str = "mood-after";
pub const MOOD_SKIPPED: &str = "mood-skipped";

// Milestones: the line at the end of a sit, and the short name `still stats` shows.
pub const MILESTONE_FIRST_SIT: &str = "milestone-first-sit";
pub const MILESTONE_STREAK: &str = "milestone-streak";
pub const MILESTONE_DAYS: &str = "milestone-days";
pub const MILESTONE_SITS: &str = "milestone-sits";
pub const LABEL_FIRST_SIT: &str = "label-first-sit";
pub const LABEL_STREAK: &str = "label-streak";
pub const LABEL_DAYS: &str = "label-days";
pub const LABEL_SITS: &str = "label-sits";

// `still stats`.
pub const STATS_HEADING: &str = "stats-heading";
pub const STATS_NOTHING_UNTIL: &str = "stats-nothing-until";
pub const STATS_NOTHING: &str = "stats-nothing";
pub const STATS_CURRENT_STREAK: &str = "stats-current-streak";
pub const STATS_LONGEST_STREAK: &str = "stats-longest-streak";
pub const STATS_SITS: &str = "stats-sits";
pub const STATS_MINUTES: &str = "stats-minutes";
pub const STATS_DAYS_PRACTISED: &str = "stats-days-practised";
pub const STATS_THIS_WEEK: &str = "stats-this-week";
pub const STATS_MOOD: &str = "stats-mood";
pub const STATS_MILESTONES: &str = "stats-milestones";
pub const STATS_TODAY_INCLUDED: &str = "stats-today-included";
pub const STATS_STOPPED_EARLY: &str = "stats-stopped-early";
pub const STATS_SINCE: &str = "stats-since";
pub const STATS_DAYS: &str = "stats-days";
pub const STATS_DAYS_OF_GOAL: &str = "stats-days-of-goal";
pub const STATS_SITS_COUNT: &str = "stats-sits-count";
pub const STATS_MOOD_LINE: &str = "stats-mood-line";
pub const STATS_RATED: &str = "stats-rated";

// `still calendar`.
pub const CALENDAR_WEEKDAYS: &str = "calendar-weekdays";
pub const CALENDAR_MONTH: &str = "calendar-month";
pub const CALENDAR_LEGEND: &str = "calendar-legend";
pub const CALENDAR_SHORT: &str = "calendar-short";
pub const CALENDAR_SUMMARY: &str = "calendar-summary";

// `still nudge`.
pub const NUDGE_FIRST: &str = "nudge-first";
pub const NUDGE_STREAK: &str = "nudge-streak";
pub const NUDGE_AGAIN: &str = "nudge-again";

// `still today`, `still course` and `still play today`.
pub const TODAY_HEADING: &str = "today-heading";
pub const TODAY_WEEK: &str = "today-week";
pub const TODAY_WEEK_OF: &str = "today-week-of";
pub const TODAY_EACH_DAY: &str = "today-each-day";
pub const TODAY_OR: &str = "today-or";
pub const TODAY_AND: &str = "today-and";
pub const TODAY_DONE_MARK: &str = "today-done-mark";
pub const TODAY_DONE: &str = "today-done";
pub const TODAY_NOT_DONE: &str = "today-not-done";
pub const TODAY_NOTHING: &str = "today-nothing";
pub const TODAY_NOT_YET: &str = "today-not-yet";
pub const TODAY_ENDED: &str = "today-ended";
pub const TODAY_ENDED_NEXT: &str = "today-ended-next";
pub const TODAY_AGAIN: &str = "today-again";
pub const COURSE_STATUS_HEADING: &str = "course-status-heading";
pub const COURSE_TALLY: &str = "course-tally";
pub const COURSE_STARTED: &str = "course-started";
pub const COURSE_REPLACED: &str = "course-replaced";
pub const COURSE_START_NEXT: &str = "course-start-next";
pub const COURSE_STOPPED: &str = "course-stopped";
pub const COURSE_NOTHING_TO_STOP: &str = "course-nothing-to-stop";
pub const COURSE_LIST_BUILT_IN: &str = "course-list-built-in";
pub const COURSE_LIST_IMPORTED: &str = "course-list-imported";

// Dates (`super::date`).
pub const DATE_LONG: &str = "date-long";
pub const DATE_DAY: &str = "date-day";
pub const WEEKDAYS: [&str; 7] = [
    "weekday-1",
    "weekday-2",
    "weekday-3",
    "weekday-4",
    "weekday-5",
    "weekday-6",
    "weekday-7",
];
pub const MONTHS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

/// Every message id above, the weekdays and months included.
pub const ALL: &[&str] = &[
    OPEN_SIT,
    CLOSING,
    SETTLING,
    WAITING,
    SITTING,
    LISTENING,
    CLOSING_WITH_BELLS,
    FIRST_BELL_IN,
    STEP_OF,
    COUNT_OF,
    ROUND_OF,
    NOTE,
    KIND_SAY,
    KIND_PAUSE,
    KIND_BREATHE,
    KIND_BELL,
    KIND_WAIT,
    BREATHE_IN,
    BREATHE_IN_MORE,
    BREATHE_HOLD,
    BREATHE_OUT,
    BREATHE_REST,
    PAUSED,
    VOLUME,
    AMBIENT_OFF,
    CAPTIONS_OFF,
    KEY_GO_ON,
    KEY_RESUME,
    KEY_PAUSE,
    KEY_END_NOW,
    KEY_VOLUME,
    KEY_AMBIENT,
    KEY_CLOSE,
    KEY_END,
    KEY_STEP,
    KEY_NEXT,
    KEY_AGAIN,
    KEY_CAPTIONS,
    STARTS_IN,
    Q_CANCELS,
    PLAIN_OPEN_TITLE,
    PLAIN_BELL,
    PLAIN_WAITING,
    PLAIN_IN,
    PLAIN_IN_MORE,
    PLAIN_HOLD,
    PLAIN_OUT,
    PLAIN_REST,
    PLAIN_GOING_ON,
    PLAIN_RESUMED,
    PLAIN_AMBIENT_ON,
    PLAIN_CAPTIONS_ON,
    PLAIN_CLOSING_BELLS,
    PLAIN_SUSPENDED,
    PLAIN_BACK,
    END_WELL_DONE,
    END_STOPPED,
    END_IN_PREPARATION,
    END_TOO_SHORT,
    END_NOT_RECORDED_CHOSEN,
    END_NOT_RECORDED_JOURNAL,
    END_COULD_NOT_RECORD,
    END_IN_JOURNAL,
    NOTICE_COMPLETE,
    MOOD_BEFORE,
    MOOD_AFTER,
    MOOD_SKIPPED,
    MILESTONE_FIRST_SIT,
    MILESTONE_STREAK,
    MILESTONE_DAYS,
    MILESTONE_SITS,
    LABEL_FIRST_SIT,
    LABEL_STREAK,
    LABEL_DAYS,
    LABEL_SITS,
    STATS_HEADING,
    STATS_NOTHING_UNTIL,
    STATS_NOTHING,
    STATS_CURRENT_STREAK,
    STATS_LONGEST_STREAK,
    STATS_SITS,
    STATS_MINUTES,
    STATS_DAYS_PRACTISED,
    STATS_THIS_WEEK,
    STATS_MOOD,
    STATS_MILESTONES,
    STATS_TODAY_INCLUDED,
    STATS_STOPPED_EARLY,
    STATS_SINCE,
    STATS_DAYS,
    STATS_DAYS_OF_GOAL,
    STATS_SITS_COUNT,
    STATS_MOOD_LINE,
    STATS_RATED,
    CALENDAR_WEEKDAYS,
    CALENDAR_MONTH,
    CALENDAR_LEGEND,
    CALENDAR_SHORT,
    CALENDAR_SUMMARY,
    NUDGE_FIRST,
    NUDGE_STREAK,
    NUDGE_AGAIN,
    TODAY_HEADING,
    TODAY_WEEK,
    TODAY_WEEK_OF,
    TODAY_EACH_DAY,
    TODAY_OR,
    TODAY_AND,
    TODAY_DONE_MARK,
    TODAY_DONE,
    TODAY_NOT_DONE,
    TODAY_NOTHING,
    TODAY_NOT_YET,
    TODAY_ENDED,
    TODAY_ENDED_NEXT,
    TODAY_AGAIN,
    COURSE_STATUS_HEADING,
    COURSE_TALLY,
    COURSE_STARTED,
    COURSE_REPLACED,
    COURSE_START_NEXT,
    COURSE_STOPPED,
    COURSE_NOTHING_TO_STOP,
    COURSE_LIST_BUILT_IN,
    COURSE_LIST_IMPORTED,
    DATE_LONG,
    DATE_DAY,
    WEEKDAYS[0],
    WEEKDAYS[1],
    WEEKDAYS[2],
    WEEKDAYS[3],
    WEEKDAYS[4],
    WEEKDAYS[5],
    WEEKDAYS[6],
    MONTHS[0],
    MONTHS[1],
    MONTHS[2],
    MONTHS[3],
    MONTHS[4],
    MONTHS[5],
    MONTHS[6],
    MONTHS[7],
    MONTHS[8],
    MONTHS[9],
    MONTHS[10],
    MONTHS[11],
];
