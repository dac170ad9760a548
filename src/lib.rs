//! sla-engine
#![forbid(unsafe_code)]

pub mod interval;

pub use interval::{Interval, IntervalError, IntervalSet};
