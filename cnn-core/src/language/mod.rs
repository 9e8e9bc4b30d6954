//! The language's words: the one table of statement, option, setting and unit words,
//! the default names they give layers, and a layer written back as its statement.

pub(crate) mod name;
pub(crate) mod statement;
pub(crate) mod words;
