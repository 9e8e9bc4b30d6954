//! Evaluating a network: shapes flowing through layers and blocks, the totals and
//! liveness, memory and budgets, the network consts, and every message.

pub(crate) mod eval;
pub(crate) mod memory;
pub(crate) mod message;
pub(crate) mod network;
