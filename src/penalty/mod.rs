//! Penalties in exact decimals: the schedule (part of the contract) and the statement computed
//! from an evaluation, which finance can reconcile to the cent.
//!
//! The received contract stops before its liability article (clause 3.2 points to it), so every
//! amount is the contract owner's data. The seed carries [`PenaltySchedule::illustrative`],
//! labelled as an example wherever it is printed.
//!
//! # The order of application
//! 1. **Breach lines**: for each breached target verdict that a [`BreachCharge`] names, the fixed
//!    amount plus the rate per *started* hour of lateness (on the target's clock, or the wall
//!    clock, as the charge says); then the charge's own cap per incident, as its own line.
//! 2. **Stacking** per incident: `sum` keeps every breach line; `highest` keeps the largest and
//!    cancels the others with their own lines.
//! 3. The **cap per incident**, as its own line.
//! 4. **Availability credits**: for each judged availability verdict, the tier its exact ratio
//!    falls in, as a percentage of the period's fee.
//! 5. The **cap per period**, as a percentage of the period's fee, per judged period.
//! 6. The **total cap**, as a percentage of the fee for the periods charged.
//! 7. The **minimum**: a total below it is cancelled by its own line.
//!
//! With [`RoundAt::Line`], every line is rounded to the schedule's scale as it is made, and the
//! caps compare rounded figures; with [`RoundAt::Total`], lines stay exact and one `rounding`
//! line takes the total to the scale. Either way the lines add up to the total exactly.

mod statement;

pub use statement::{Line, LineKind, Statement, Unit, statement};

pub use crate::contract::{
    AvailabilityTier, BreachCharge, InclusiveEdge, LatenessClock, MAX_AMOUNT, PenaltySchedule,
    RoundAt, Rounding, ScheduleError, Stacking,
};
