//! Renderers: an [`Audit`](crate::audit::Audit) (or a [`Dispute`](crate::dispute::Dispute))
//! written for people. Renderers only render: every figure they show is a field of the audit or a
//! pure function of one.

#[cfg(feature = "formats")]
mod csv;
mod dispute;
mod escape;
#[cfg(feature = "formats")]
mod html;
mod markdown;
mod plain;

#[cfg(feature = "formats")]
pub use csv::statement_csv;
pub use dispute::dispute_to_markdown;
pub use escape::{Html, Md, script_json};
#[cfg(feature = "formats")]
pub use html::{dispute_to_html, to_html};
pub use markdown::to_markdown;
