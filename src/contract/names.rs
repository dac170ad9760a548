//! The component and site names a contract knows (clause 2.3's lists and the availability
//! objective's core components), so that a misspelt name is refused on its line instead of
//! counting nowhere.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A component or site name the contract does not know (names are matched exactly).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error, Serialize, Deserialize)]
#[error("unknown {what} {name:?}: the contract names {known}{}", suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
#[non_exhaustive]
pub struct NotNamed {
    /// `component` or `site`.
    pub what: String,
    /// The name given (cut to 64 characters).
    pub name: String,
    /// The names the contract knows, comma-separated.
    pub known: String,
    /// The closest known name, if one is close.
    pub suggestion: Option<String>,
}

/// The component and site names a contract knows, to catch a misspelt name before it silently
/// counts nowhere. An empty list accepts any name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    components: BTreeSet<String>,
    sites: BTreeSet<String>,
}

impl Names {
    /// Accepts any name.
    pub fn any() -> Names {
        Names::default()
    }

    /// Accepts only these components and sites (an empty list accepts any).
    pub fn new<C, S>(components: C, sites: S) -> Names
    where
        C: IntoIterator,
        C::Item: Into<String>,
        S: IntoIterator,
        S::Item: Into<String>,
    {
        Names {
            components: components.into_iter().map(Into::into).collect(),
            sites: sites.into_iter().map(Into::into).collect(),
        }
    }

    fn check(set: &BTreeSet<String>, what: &str, name: &str) -> Result<(), NotNamed> {
        if set.is_empty() || set.contains(name) {
            return Ok(());
        }
        let mut known = String::new();
        for (i, n) in set.iter().enumerate() {
            if i > 0 {
                known.push_str(", ");
            }
            let _ = write!(known, "{n}");
        }
        Err(NotNamed {
            what: what.to_owned(),
            name: name.chars().take(64).collect(),
            known,
            suggestion: closest(set, name),
        })
    }

    /// Whether the contract knows the component `name` (or knows no list of components).
    ///
    /// # Errors
    /// [`NotNamed`], with the closest known name.
    pub fn check_component(&self, name: &str) -> Result<(), NotNamed> {
        Names::check(&self.components, "component", name)
    }

    /// Whether the contract knows the site `name` (or knows no list of sites).
    ///
    /// # Errors
    /// [`NotNamed`], with the closest known name.
    pub fn check_site(&self, name: &str) -> Result<(), NotNamed> {
        Names::check(&self.sites, "site", name)
    }
}

/// The known name closest to `name`: the same but for case and surrounding space, else one within
/// a few edits (a third of its length, at least 2).
fn closest(set: &BTreeSet<String>, name: &str) -> Option<String> {
    let folded = name.trim().to_lowercase();
    if let Some(n) = set.iter().find(|n| n.to_lowercase() == folded) {
        return Some(n.clone());
    }
    set.iter()
        .map(|n| (edits(&n.to_lowercase(), &folded), n))
        .filter(|(d, n)| *d <= (n.chars().count() / 3).max(2))
        .min()
        .map(|(_, n)| n.clone())
}

/// Levenshtein distance (names are short: the quadratic table is a few hundred cells).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let cost = diagonal + usize::from(ca != *cb);
            let here = cost.min(up + 1).min(left + 1);
            diagonal = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = here;
            }
            left = here;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or(0)
}
