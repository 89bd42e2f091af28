//! Reading files from outside into Tafel's rows.

pub mod cases;
pub mod register;
pub mod sheet;
