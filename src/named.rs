//! `named_enum!`: a unit enum whose variants have one written name each, used alike by serde,
//! `Display`, `FromStr` and the command line, so that a name cannot drift between them.

/// Defines a unit enum with `#[serde(rename)]`d variants, `as_str`, `ALL`, `Display` and `FromStr`.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The written name of the value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }

            /// The written names of all values, comma-separated.
            pub fn names() -> String {
                [$($text),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::named::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $text => Ok($name::$variant), )+
                    _ => Err(crate::named::UnknownName {
                        what: stringify!($name),
                        text: s.to_owned(),
                        expected: $name::names(),
                    }),
                }
            }
        }
    };
}

pub(crate) use named_enum;

/// A name that is not one of an enum's written names.
///
/// Displayed with the type's name in words: `invalid incident class "severe": expected one of
/// outage, fault, question, change_request`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {} {}: expected one of {expected}", words(.what), crate::Excerpt(.text))]
pub struct UnknownName {
    /// The type the name was for.
    pub what: &'static str,
    /// The name as given.
    pub text: String,
    /// The accepted names.
    pub expected: String,
}

/// A type's name as lowercase words, for messages: `IncidentClass` → `incident class`.
fn words(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len() + 4);
    for c in ident.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn type_names_become_words() {
        assert_eq!(super::words("IncidentClass"), "incident class");
        assert_eq!(super::words("Priority"), "priority");
        let e: Result<crate::contract::ExclusionReason, _> = "weather".parse();
        assert_eq!(
            e.unwrap_err().to_string(),
            "invalid exclusion reason \"weather\": expected one of customer_error, customer_change, customer_data, customer_access, customer_compliance, other_agreed, out_of_scope"
        );
    }
}
