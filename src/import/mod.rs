//! Reading files from outside into Tafel's rows.
//!
//! Layer: beside `matching` and `report`. May use `domain`, `error`, `files` and `progress`;
//! never `store` or `service` (the services hand it the file and store what it returns).

pub mod cases;
pub mod mapping;
pub mod register;
pub mod sheet;
