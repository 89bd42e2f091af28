//! Sharing a table between its members' laptops, with no server: identities, the roster,
//! channels (the disclosure tiers, enforced by whom each is encrypted to), ops with hybrid
//! logical clocks, the signed, encrypted envelopes and bundles that carry them, and the
//! interface of the transports that move bundles (a shared folder, a PostgreSQL hub).
//!
//! Pure: no I/O and no clock of its own (the service passes both); what is stored lives in
//! `store::sync`, what a use case does in `service::sync`.
//!
//! Layer: above `domain` and `error`; uses nothing else of the core. `store` and `service`
//! use it.

pub mod channel;
pub mod envelope;
pub mod exchange;
pub mod hlc;
pub mod identity;
pub mod merge;
pub mod op;
pub mod project;
pub mod refusal;
pub mod roster;
pub mod transport;

pub use channel::Channel;
pub use envelope::{Batch, Bundle, BundleHeader, EnvelopeHeader, FORMAT_VERSION, SealedEnvelope};
pub use exchange::{TableCard, exchange_channel, is_exchange_channel};
pub use hlc::Hlc;
pub use identity::{DeviceKeys, MemberCard, PublicKeys, Role};
pub use op::{EntityKind, Op, response_id};
pub use refusal::Refusal;
pub use roster::{COORDINATOR_ORG, Roster, RosterMember, SignedRoster};
pub use transport::{Delivery, Received, Transport};
