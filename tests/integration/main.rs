//! The core's integration tests: one binary, one module per area, each against real SQLite files.

mod cli;
mod common;
mod demo;
mod erasure;
mod register;
mod register_import;
mod store;
mod cases;
mod bindings;
mod ipc;
mod views;
mod matching;
mod crash;
mod focus;
mod full_disk;
mod transfer;
mod outcomes;
mod meetings;
mod pdf;
mod report;
mod hostile_sheets;
mod progress;
mod layers;
mod fuzz_corpora;
mod sync;
mod sync_props;
