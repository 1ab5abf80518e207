//! The report as one self-contained HTML file to print or save as PDF from a browser:
//! inline CSS, no fonts, images or scripts from anywhere; every piece of user text escaped.
//! The page size follows `--paper` (`auto` leaves it to the printer), and rows and a week's
//! notes are never split across pages.

use std::fmt::Write as _;

use super::{
    Report, Week, assigned_count, assigned_line, assigned_total, mood_line, period_length,
    period_line, practised_line, week_label,
};

/// The paper the report is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// The printer's (or the browser's) own choice.
    #[default]
    Auto,
    /// 210 × 297 mm
    A4,
    /// US Letter, 8.5 × 11 in
    Letter,
}

impl Paper {
    /// The CSS `@page` rule.
    fn page_rule(self) -> &'static str {
        match self {
            Paper::Auto => "@page { margin: 14mm; }",
            Paper::A4 => "@page { size: A4; margin: 14mm; }",
            Paper::Letter => "@page { size: letter; margin: 0.55in; }",
        }
    }
}

/// Calm and plain: dark grey on white, one muted green, figures in tabular digits.
const STYLE: &str = r#"
:root { color-scheme: light; --ink: #26312c; --soft: #5d6b64; --line: #cfd8d3; --accent: #3f6b58; --wash: #f1f5f2; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 2rem auto; max-width: 46rem; padding: 0 1rem; color: var(--ink); background: #fff;
  font: 11pt/1.45 "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif; }
header { border-bottom: 2px solid var(--accent); padding-bottom: 0.5rem; margin-bottom: 1rem; }
h1 { font-size: 1.6em; font-weight: normal; margin: 0; letter-spacing: 0.01em; }
h1 .name { color: var(--accent); }
.period, .course { margin: 0.2rem 0 0; color: var(--soft); }
.figures { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0 0 1.1rem; padding: 0; list-style: none; }
.figures li { flex: 1 1 7rem; background: var(--wash); border-radius: 6px; padding: 0.45rem 0.7rem; }
.figures .n { display: block; font-size: 1.35em; font-variant-numeric: tabular-nums; }
.figures .k { display: block; font-size: 0.85em; color: var(--soft); }
table { width: 100%; border-collapse: collapse; margin: 0 0 1.2rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.3rem 0.45rem; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th { font-weight: normal; color: var(--soft); font-size: 0.88em; border-bottom: 1.5px solid var(--accent); }
th:first-child, td:first-child { text-align: left; white-space: nowrap; }
td.mood, th.mood { white-space: nowrap; }
tfoot td { border-bottom: none; border-top: 1.5px solid var(--accent); font-weight: bold; }
tr.empty td { color: var(--soft); }
h2 { font-size: 1.05em; font-weight: bold; margin: 0 0 0.25rem; color: var(--accent); }
.week { margin: 0 0 0.9rem; padding: 0 0 0.6rem; border-bottom: 1px solid var(--line); }
.week p { margin: 0.1rem 0; }
.week .k { color: var(--soft); display: inline-block; min-width: 5.5rem; }
.notes { margin: 0.3rem 0 0; padding: 0; list-style: none; }
.notes li { margin: 0.25rem 0; padding-left: 0.7rem; border-left: 3px solid var(--line); overflow-wrap: anywhere; }
.notes .when { color: var(--soft); font-size: 0.9em; margin-right: 0.3rem; }
.none { color: var(--soft); font-style: italic; }
footer { margin-top: 1.2rem; color: var(--soft); font-size: 0.85em; }
footer p { margin: 0.15rem 0; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.35; }
  .notes li { margin: 0.15rem 0; }
  .week { margin-bottom: 0.6rem; padding-bottom: 0.4rem; }
  footer { margin-top: 0.6rem; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, .figures, .top, .notes li, footer { break-inside: avoid; page-break-inside: avoid; }
  .top { break-after: avoid; page-break-after: avoid; }
}
"#;

pub fn render(r: &Report, paper: Paper) -> String {
    let mut o = String::new();
    let who = r.name.as_deref().map(esc);
    let title = match &who {
        Some(name) => format!("Practice record: {name}"),
        None => "Practice record".to_string(),
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"still\">\n\
         <title>{title}, {}</title>\n<style>\n{}{STYLE}</style>\n</head>\n<body>\n",
        esc(&period_line(&r.period)),
        paper.page_rule()
    );
    let h1 = match &who {
        Some(name) => format!("Practice record <span class=\"name\">· {name}</span>"),
        None => "Practice record".to_string(),
    };
    let course = r.course.as_ref().map_or(String::new(), |c| {
        format!("\n<p class=\"course\">{}</p>", esc(&c.line()))
    });
    let _ = writeln!(
        o,
        "<header>\n<h1>{h1}</h1>\n<p class=\"period\">{} · {}</p>{course}\n</header>",
        esc(&period_line(&r.period)),
        esc(&period_length(&r.period))
    );

    figures(&mut o, r);
    table(&mut o, r);
    if r.totals.sits == 0 {
        o.push_str("<p class=\"none\">No practice is recorded in these weeks.</p>\n");
    }
    for w in r
        .weeks
        .iter()
        .filter(|w| w.sits > 0 || w.assigned.as_ref().is_some_and(|a| !a.sessions.is_empty()))
    {
        week(&mut o, w);
    }

    o.push_str("<footer>\n");
    o.push_str(
        "<p>Mood is rated from 0 to 10 before and after a sit; its averages count only the \
         sits rated both times. A sit is finished when it was played to its end.</p>\n",
    );
    if r.min_minutes > 0 {
        let _ = writeln!(
            o,
            "<p>A day is counted as practised from {} minute{} of practice.</p>",
            r.min_minutes,
            if r.min_minutes == 1 { "" } else { "s" }
        );
    }
    if r.planned {
        let _ = writeln!(o, "<p>{}</p>", esc(super::ASSIGNED_MEANS));
    }
    o.push_str("<p>From the practice journal kept by still.</p>\n</footer>\n</body>\n</html>\n");
    o
}

/// The period's figures, large, above the table.
fn figures(o: &mut String, r: &Report) {
    let t = &r.totals;
    let mut items = vec![
        (t.minutes().to_string(), "minutes".to_string()),
        (
            t.sits.to_string(),
            if t.stopped() == 0 {
                "sits".to_string()
            } else {
                format!("sits, {} stopped early", t.stopped())
            },
        ),
        (t.days_practised.to_string(), "days practised".to_string()),
    ];
    if let Some(m) = &t.mood {
        items.push((
            format!(
                "{:.1} → {:.1}",
                super::round1(m.average_before()),
                super::round1(m.average_after())
            ),
            format!(
                "mood before → after, {:+.1} over {} rated sit{}",
                super::round1(m.average_change()),
                m.rated_sessions,
                if m.rated_sessions == 1 { "" } else { "s" }
            ),
        ));
    }
    if let Some(s) = r.streak.filter(|&n| n > 0) {
        items.push((
            s.to_string(),
            format!("days in a row on {}", r.period.until.strftime("%-d %B")),
        ));
    }
    o.push_str("<ul class=\"figures\">\n");
    for (n, k) in items {
        let _ = writeln!(
            o,
            "<li><span class=\"n\">{}</span><span class=\"k\">{}</span></li>",
            esc(&n),
            esc(&k)
        );
    }
    o.push_str("</ul>\n");
}

fn table(o: &mut String, r: &Report) {
    o.push_str("<table class=\"weeks\">\n<thead><tr><th scope=\"col\">Week</th>");
    for h in ["Days", "Sits", "Finished", "Stopped", "Minutes"] {
        let _ = write!(o, "<th scope=\"col\">{h}</th>");
    }
    if r.planned {
        o.push_str("<th scope=\"col\">Assigned done</th>");
    }
    o.push_str("<th scope=\"col\" class=\"mood\">Mood before → after</th></tr></thead>\n<tbody>\n");
    for w in &r.weeks {
        let class = if w.sits == 0 { " class=\"empty\"" } else { "" };
        let _ = write!(
            o,
            "<tr{class}><td>{}</td>{}",
            esc(&week_label(w)),
            cells([
                u64::from(w.days_practised),
                w.sits,
                w.finished,
                w.stopped(),
                w.minutes
            ])
        );
        if r.planned {
            let a = w.assigned.as_ref().map_or("–".to_string(), assigned_count);
            let _ = write!(o, "<td>{}</td>", esc(&a));
        }
        let mood = w.mood.as_ref().map_or("–".to_string(), mood_line);
        let _ = writeln!(o, "<td class=\"mood\">{}</td></tr>", esc(&mood));
    }
    let t = &r.totals;
    let _ = write!(
        o,
        "</tbody>\n<tfoot><tr><td>Total</td>{}",
        cells([
            u64::from(t.days_practised),
            t.sits,
            t.finished,
            t.stopped(),
            t.minutes()
        ])
    );
    if r.planned {
        let (done, all) = assigned_total(&r.weeks);
        let _ = write!(o, "<td>{done} of {all}</td>");
    }
    let mood = t.mood.as_ref().map_or("–".to_string(), mood_line);
    let _ = writeln!(
        o,
        "<td class=\"mood\">{}</td></tr></tfoot>\n</table>",
        esc(&mood)
    );
}

fn cells(figures: [u64; 5]) -> String {
    figures.iter().map(|n| format!("<td>{n}</td>")).collect()
}

/// A week's sessions, assignments, mood and notes.
fn week(o: &mut String, w: &Week) {
    let _ = writeln!(
        o,
        "<section class=\"week\">\n<div class=\"top\">\n<h2>{} – {}</h2>",
        esc(&w.first.strftime("%A %-d %B").to_string()),
        esc(&w.last.strftime("%A %-d %B %Y").to_string())
    );
    if !w.sessions.is_empty() {
        let list: Vec<String> = w.sessions.iter().map(practised_line).collect();
        let _ = writeln!(
            o,
            "<p><span class=\"k\">Practised</span> {}</p>",
            esc(&list.join(", "))
        );
    }
    if let Some(a) = w.assigned.as_ref().filter(|a| !a.sessions.is_empty()) {
        let _ = writeln!(
            o,
            "<p><span class=\"k\">Assigned</span> {}</p>",
            esc(&assigned_line(a))
        );
    }
    if let Some(m) = &w.mood {
        let _ = writeln!(
            o,
            "<p><span class=\"k\">Mood</span> {} over {} rated sit{}</p>",
            esc(&mood_line(m)),
            m.rated_sessions,
            if m.rated_sessions == 1 { "" } else { "s" }
        );
    }
    // The week's heading and figures stay together, and with its first note; the notes
    // may go on over a page, one whole note at a time.
    o.push_str("</div>\n");
    if !w.notes.is_empty() {
        o.push_str("<ul class=\"notes\">\n");
        for n in &w.notes {
            let _ = writeln!(
                o,
                "<li><span class=\"when\">{} · {}</span> {}</li>",
                esc(&n.date.strftime("%a %-d %b").to_string()),
                esc(&n.session_title),
                esc(&n.text)
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}

/// `text` safe inside an element or a quoted attribute.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no place in a page (and some none in HTML at all).
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
