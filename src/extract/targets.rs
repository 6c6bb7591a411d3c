//! Targets (stub).
use crate::model::{Diagnostic, Target};
use crate::outline::Outline;
pub fn extract(_outline: &Outline) -> (Vec<Target>, Vec<Diagnostic>) { (vec![], vec![]) }
