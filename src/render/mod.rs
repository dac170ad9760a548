//! Renderers: an [`Audit`](crate::audit::Audit) (or a [`Dispute`](crate::dispute::Dispute))
//! written for people. Renderers only render: every figure they show is a field of the audit or a
//! pure function of one.

mod markdown;

pub use markdown::to_markdown;
