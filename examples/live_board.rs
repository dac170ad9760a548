//! Live use: a simulated working day on a service desk's board of a few thousand incidents.
//!
//! ```sh
//! cargo run --release --example live_board
//! ```
//!
//! The board holds the evaluator and one long-lived event log. Events arrive one at a time over
//! the day (reports, responses, work started, waits on the customer and replies, resolutions,
//! now and then a duplicate the log refuses); each is pushed as it comes, and every simulated
//! hour the board is printed: the clocks running, how many are overdue, at risk, due within the
//! hour and paused, and the most urgent rows. Nothing is rebuilt between hours: a push updates
//! one incident, and the board is one call to `countdowns`.
//!
//! The day is the same on every run: the events come from a small seeded generator.

use std::sync::Arc;

use sla_engine::contract::{IncidentClass, Priority, StopEvent};
use sla_engine::evaluate::{Countdown, Evaluator};
use sla_engine::event::{Event, EventError, EventLog, IncidentEvent};
use sla_engine::{Timestamp, format_duration};

/// Tue 2025-03-04 00:00 Beijing: the day simulated.
const DAY: i64 = 1_741_017_600;
const HOUR: i64 = 3_600;
/// Incidents still open from the two days before, and incidents reported during the day.
const BACKLOG: u64 = 2_500;
const NEW_TODAY: u64 = 1_500;
/// How many of the most urgent rows each refresh prints.
const TOP_ROWS: usize = 5;

/// splitmix64: enough randomness for a simulation, and the same day on every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number of seconds in `0..bound`.
    fn seconds(&mut self, bound: i64) -> i64 {
        let bound = u64::try_from(bound.max(1)).unwrap_or(1);
        i64::try_from(self.next() % bound).unwrap_or(0)
    }

    /// True once in `n` throws.
    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n.max(1))
    }
}

/// The service desk's board: the judge, the live log, and what the day has brought so far.
struct Board {
    judge: Evaluator,
    log: EventLog,
    pushed: u64,
    refused: Vec<EventError>,
}

impl Board {
    fn new(judge: Evaluator) -> Board {
        let log = judge.new_log("desk");
        Board {
            judge,
            log,
            pushed: 0,
            refused: Vec::new(),
        }
    }

    /// One event as it arrives: applied to its incident, or refused with the reason a batch
    /// read of the same events would give.
    fn push(&mut self, event: Event) {
        self.pushed += 1;
        if let Err(e) = self.log.push(event) {
            self.refused.push(e);
        }
    }

    /// The board as of `now`.
    fn print(&self, now: Timestamp, events_this_hour: u64) {
        let board = self.judge.countdowns(&self.log, now);
        let shown = |t: Timestamp| {
            self.judge
                .calendar()
                .zoned(t)
                .format("%a %H:%M")
                .to_string()
        };
        let within_the_hour =
            |c: &Countdown| !c.overdue && c.deadline.is_some_and(|d| d.seconds_since(now) <= HOUR);
        let open = self
            .log
            .incidents()
            .filter(|i| {
                i.reported_at <= now
                    && !sla_engine::event::IncidentLog::is_resolved_after(i.history())
            })
            .count();
        println!(
            "== {} == {open} incidents open, {} clocks running: {} overdue, {} at risk, {} due within the hour, {} paused ({events_this_hour} events this hour, {} refused today)",
            self.judge.calendar().zoned(now).format("%Y-%m-%d %H:%M"),
            board.len(),
            board.iter().filter(|c| c.overdue).count(),
            board.iter().filter(|c| c.at_risk).count(),
            board.iter().filter(|c| within_the_hour(c)).count(),
            board.iter().filter(|c| c.paused).count(),
            self.refused.len(),
        );
        // Overdue clocks lead the board (the longest overdue first); then the soonest due.
        let due: Vec<&Countdown> = board.iter().filter(|c| !c.overdue).collect();
        let rows = board
            .iter()
            .filter(|c| c.overdue)
            .take(2)
            .chain(due.into_iter().take(TOP_ROWS - 2));
        for c in rows {
            let state = if c.overdue {
                "OVERDUE"
            } else if c.at_risk {
                "at risk"
            } else {
                ""
            };
            let due = c.deadline.map_or_else(|| "paused".to_owned(), shown);
            let row = format!(
                "   {:<9} {:<20} due {:<9} {:>9} left ({}) {state}",
                c.incident,
                c.target,
                due,
                format_duration(c.left_seconds),
                c.clock,
            );
            println!("{}", row.trim_end());
        }
    }
}

/// The story of one incident, reported at `at`: a response, work, perhaps a wait on the
/// customer, a resolution, each some time after the last, and some left open at the day's end.
fn story(dice: &mut Dice, n: u64, at: i64, out: &mut Vec<Event>) {
    let id: Arc<str> = format!("INC-{n:05}").into();
    let (class, priority) = match dice.next() % 10 {
        0 => (IncidentClass::Outage, Some(Priority::High)),
        1..=3 => (IncidentClass::Fault, Some(Priority::Medium)),
        4..=6 => (IncidentClass::Fault, Some(Priority::Low)),
        _ => (IncidentClass::Question, None),
    };
    let mut push = |t: i64, what: IncidentEvent| {
        if let Ok(t) = Timestamp::from_second(t) {
            out.push(Event::incident(t, id.clone(), what));
        }
    };
    push(
        at,
        IncidentEvent::Reported {
            class,
            priority,
            component: None,
            site: None,
        },
    );
    // Most responses come in minutes, one in eight takes hours.
    let mut t = at
        + if dice.one_in(8) {
            dice.seconds(6 * HOUR)
        } else {
            dice.seconds(20 * 60)
        };
    push(t, IncidentEvent::Stop(StopEvent::Responded));
    t += dice.seconds(3 * HOUR);
    push(t, IncidentEvent::Stop(StopEvent::WorkStarted));
    if dice.one_in(5) {
        t += dice.seconds(HOUR);
        push(t, IncidentEvent::AwaitingCustomer);
        t += dice.seconds(8 * HOUR);
        push(t, IncidentEvent::CustomerReplied);
    }
    t += dice.seconds(30 * HOUR);
    push(t, IncidentEvent::Stop(StopEvent::Resolved));
    // A ticketing system that sends a resolution twice: the log refuses the second.
    if dice.one_in(150) {
        push(t + 5, IncidentEvent::Stop(StopEvent::Resolved));
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut dice = Dice(20_250_304);
    let mut events = Vec::new();
    for n in 0..BACKLOG {
        let at = DAY - 2 * 24 * HOUR + dice.seconds(2 * 24 * HOUR);
        story(&mut dice, n, at, &mut events);
    }
    for n in BACKLOG..BACKLOG + NEW_TODAY {
        // Two reports in three come in service hours (09:00-18:00).
        let at = if dice.one_in(3) {
            DAY + dice.seconds(24 * HOUR)
        } else {
            DAY + 9 * HOUR + dice.seconds(9 * HOUR)
        };
        story(&mut dice, n, at, &mut events);
    }
    // Events arrive in time order; those of one second in the order the stories wrote them.
    events.sort_by_key(|e| e.at);

    let mut board = Board::new(Evaluator::seed()?);
    let mut events = events.into_iter().peekable();
    for hour in 0..=24 {
        let now = Timestamp::from_second(DAY + hour * HOUR)?;
        let before = board.pushed;
        while let Some(e) = events.next_if(|e| e.at <= now) {
            board.push(e);
        }
        // The backlog arrives before the first refresh: count only the day's events.
        let this_hour = if hour == 0 { 0 } else { board.pushed - before };
        board.print(now, this_hour);
    }
    if let Some(e) = board.refused.first() {
        println!("refused, for example: {e}");
    }
    Ok(())
}
