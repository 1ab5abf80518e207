# The words `still` says to the sitter, in English: the player's screen and plain lines,
# the end of a sit, milestones, `stats`, `calendar`, `nudge` and `today`.
# To translate: copy this file to i18n/LANG/still.ftl and translate each value; a
# message left out is said in English. Keep the { $variables } as they are.

## The player's screen

open-sit = open sit
closing = closing
settling = settling
waiting = waiting
sitting = sitting
listening = listening
closing-with-bells = closing with the bells
first-bell-in = settling · the first bell in { $time }
step-of = step { $n } of { $total }
count-of = { $n } of { $total }
round-of = round { $n } of { $total }
note = note: { $note }
# A step's kind, as the compact screen and the plain lines name it.
kind-say = say
kind-pause = pause
kind-breathe = breathe
kind-bell = bell
kind-wait = wait
# Under the breathing pacer.
breathe-in = breathe in
breathe-in-more = and a little more in
breathe-hold = hold
breathe-out = breathe out
breathe-rest = rest
paused = paused
volume = volume { $percent }%
ambient-off = ambient off
captions-off = captions off
# The keys that work: the key, then what it does.
key-go-on = space go on
key-resume = space resume
key-pause = space pause
key-end-now = q end now
key-volume = +/− volume
key-ambient = m ambient
key-close = q close with the bells
key-end = q end
key-step = ←/→ step
key-next = → next
key-again = ← again
key-captions = c captions
starts-in = { $title } starts in { $time }
q-cancels = (q cancels)

## The plain lines (screen readers, logs)

plain-open-title = { $title } · q closes with the bells
plain-bell = bell
plain-waiting = waiting: space goes on
plain-in = in
plain-in-more = in, a little more
plain-hold = hold
plain-out = out
plain-rest = rest
plain-going-on = going on
plain-resumed = resumed
plain-ambient-on = ambient on
plain-captions-on = captions on
plain-closing-bells = closing with the bells; q again ends now
plain-suspended = paused, suspended
plain-back = back, paused: space resumes

## The end of a sit

end-well-done = { $time } of stillness. Well done.
end-stopped = { $time } practised, stopped before the end.
end-in-preparation = Stopped during the preparation: not recorded.
end-too-short = Under 10s is not recorded.
end-not-recorded-chosen = Not recorded, as you chose.
end-not-recorded-journal = Not recorded: the journal cannot take it.
end-could-not-record = It could not be recorded:
end-in-journal = It is in your journal.
notice-complete = { $title }: complete
# Asked before and after a sit when `ask_mood = true`; the answer is a number from 0 to 10.
mood-before = How do you feel right now, from 0 to 10? (Enter skips)
mood-after = And now, from 0 to 10? (Enter skips)
mood-skipped = (it is time to start: the rating is skipped)

## Milestones: the line at the end of a sit, then the short names `still stats` shows

milestone-first-sit = Your first sit is in the journal. Welcome.
milestone-streak = { $n } days in a row. Nicely done.
milestone-days = { $n } days of practice in your journal. Nicely done.
milestone-sits = { $n } sits in your journal. Nicely done.
label-first-sit = first sit
label-streak = { $n } days in a row
label-days = { $n } days practised
label-sits = { $n } sits

## still stats

stats-heading = Your practice, as of { $date }
stats-nothing-until = Nothing in your journal up to then: your first sit is on { $date }.
stats-nothing = Nothing in your journal yet. `still play SESSION` records a sit; `still log add` adds practice done elsewhere.
stats-current-streak = current streak
stats-longest-streak = longest streak
stats-sits = sits
stats-minutes = minutes
stats-days-practised = days practised
stats-this-week = this week
stats-mood = mood
stats-milestones = milestones
stats-today-included = (today included)
stats-stopped-early = ({ $n } stopped early)
stats-since = since { $date }
stats-days =
    { $n ->
        [one] { $n } day
       *[other] { $n } days
    }
stats-days-of-goal = { $n } of { $goal } days
stats-sits-count =
    { $n ->
        [one] { $n } sit
       *[other] { $n } sits
    }
stats-mood-line = { $change } on average after a sit
stats-rated =
    ({ $before } → { $after }, { $n ->
        [one] { $n } sit
       *[other] { $n } sits
    } rated)

## still calendar

# Monday first, two columns a day and one between: 20 columns in all.
calendar-weekdays = Mo Tu We Th Fr Sa Su
calendar-month = { $month } { $year }
calendar-legend = ·  none   { $s1 } under 10 min   { $s2 } 10–19   { $s3 } 20–39   { $s4 } 40 or more
calendar-short = { $mark }  under { $min } min, not counted as a day practised (min_minutes)
calendar-summary =
    { $days ->
        [one] { $days } day
       *[other] { $days } days
    } practised, { $minutes } min in all, since { $date }

## still nudge

nudge-first = A few quiet minutes are here whenever you like: { $play }
nudge-streak = { $n } days in a row. A few quiet minutes today, if you like: { $play }
nudge-again = A pause for a few minutes, whenever it suits you: { $play }

## still today, still course, still play today

today-heading = { $date }: { $course }, week { $week } of { $weeks } ({ $title })
today-week = Week { $week }: { $title }
today-week-of = Week { $week } of { $weeks }: { $title }
today-each-day = Each day: one sit of { $sessions }.
today-or = or
today-and = and
today-done-mark = done
today-done = Done for today: you sat { $sessions }. Well done.
today-not-done = Not done yet: one sit of any of these counts for today. `still play today` starts { $next }.
today-nothing = No course started. `still course start resilience-start` starts a four-week course of the built-in sessions; `still course list` shows every course.
today-not-yet =
    { $course } starts on { $date }, { $days ->
        [one] tomorrow
       *[other] in { $days } days
    }. Until then nothing is assigned.
today-ended =
    { $course } ended on { $date }; you practised on { $done } of its { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
today-ended-next = `still course stop` puts it away; `still course start ID` begins another (`still course list` shows them).
today-again = Today's practice is done; playing { $session } again.
course-status-heading = { $course } ({ $id }), started { $date }
course-tally =
    This week: practised on { $week_done } of { $week_so_far } { $week_so_far ->
        [one] day
       *[other] days
    }. Overall: { $done } of { $so_far } { $so_far ->
        [one] day
       *[other] days
    }.
course-started =
    Started { $course } ({ $id }): { $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    }, from { $date }.
course-replaced = (This replaces the course you were following, { $old }.)
course-start-next = Each day, `still today` says what is assigned and `still play today` plays it.
course-stopped = Stopped { $course }. Your journal keeps every sit; `still course start ID` begins a course again.
course-nothing-to-stop = No course is being followed: there is nothing to stop.
course-list-built-in =
    ({ $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    }, built-in)
course-list-imported =
    ({ $weeks ->
        [one] { $weeks } week
       *[other] { $weeks } weeks
    }, imported)

## Dates

date-long = { $weekday } { $day } { $month } { $year }
date-day = { $day } { $month } { $year }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
