//! sla-engine
#![forbid(unsafe_code)]
