//! Reading files from outside into Tafel's rows.

pub mod mapping;
pub mod cases;
pub mod register;
pub mod sheet;
