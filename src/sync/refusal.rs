//! Why sharing refuses a card, a roster or a bundle: a stable code and a Dutch and English
//! message each. A refused bundle is refused whole; nothing of it is applied.

use crate::error::Error;

/// One reason to refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Keys that are not Ed25519 / age keys.
    BadKeys {
        /// What is wrong.
        detail: String,
    },
    /// A member card that is not one, or whose signature does not match.
    BadCard {
        /// What is wrong.
        detail: String,
    },
    /// A card, roster or bundle of a newer format than this Tafel reads.
    NewerFormat {
        /// What it is (Dutch noun).
        what: &'static str,
        /// Its version.
        found: u64,
    },
    /// Not a Tafel bundle, or one cut short.
    NotABundle {
        /// What is wrong.
        detail: String,
    },
    /// A signature that does not match the bytes: changed on the way.
    Tampered {
        /// What failed (Dutch).
        what: String,
    },
    /// A bundle of another table.
    ForeignTable {
        /// The table it belongs to.
        found: String,
    },
    /// A bundle from a device that is not on the roster this Tafel holds.
    UnknownSender {
        /// The device.
        device: String,
    },
    /// Written under a roster older than the one that must now be used.
    StaleRoster {
        /// The oldest version still accepted.
        required: u64,
        /// The version the sender used.
        found: u64,
    },
    /// The sender wrote something its role may not write.
    NotAllowed {
        /// Who (person, organisation).
        sender: String,
        /// What (Dutch).
        what: String,
    },
    /// This Tafel has joined no table yet; the first roster must be confirmed.
    NotJoined {
        /// The table's name.
        table_name: String,
        /// The coordinator's fingerprint, to compare by phone.
        fingerprint: String,
    },
    /// This device has no table yet, and nothing offers one.
    NoTableYet,
    /// The fingerprint typed to join does not match the coordinator's.
    FingerprintMismatch,
    /// The sender's clock runs far ahead.
    ClockAhead {
        /// The device.
        device: String,
        /// By how many minutes.
        minutes: u64,
    },
    /// Sharing needs the identity (name and organisation) set first.
    NoIdentity,
    /// Only the coordinator may do this.
    CoordinatorOnly,
    /// The roster does not carry a valid coordinator signature.
    RosterNotSigned,
    /// No member with this device or organisation.
    UnknownMember {
        /// What was asked for.
        reference: String,
    },
}

impl Refusal {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::BadKeys { .. } => "sync_bad_keys",
            Refusal::BadCard { .. } => "sync_bad_card",
            Refusal::NewerFormat { .. } => "sync_newer_format",
            Refusal::NotABundle { .. } => "sync_not_a_bundle",
            Refusal::Tampered { .. } => "sync_tampered",
            Refusal::ForeignTable { .. } => "sync_foreign_table",
            Refusal::UnknownSender { .. } => "sync_unknown_sender",
            Refusal::StaleRoster { .. } => "sync_stale_roster",
            Refusal::NotAllowed { .. } => "sync_not_allowed",
            Refusal::NotJoined { .. } => "sync_not_joined",
            Refusal::NoTableYet => "sync_no_table",
            Refusal::FingerprintMismatch => "sync_fingerprint_mismatch",
            Refusal::ClockAhead { .. } => "sync_clock_ahead",
            Refusal::NoIdentity => "sync_no_identity",
            Refusal::CoordinatorOnly => "sync_coordinator_only",
            Refusal::RosterNotSigned => "sync_roster_not_signed",
            Refusal::UnknownMember { .. } => "sync_unknown_member",
        }
    }

    /// The message in Dutch.
    pub fn message_nl(&self) -> String {
        const NOTHING: &str = "Er is niets van overgenomen.";
        match self {
            Refusal::BadKeys { detail } => format!("De sleutels zijn ongeldig ({detail})."),
            Refusal::BadCard { detail } => format!("Dit is geen geldige lidkaart van Tafel ({detail}). Vraag het lid een nieuwe kaart te maken."),
            Refusal::NewerFormat { what, found } => {
                format!("Deze {what} is gemaakt door een nieuwere Tafel (formaat {found}). Werk Tafel bij en probeer het opnieuw. {NOTHING}")
            }
            Refusal::NotABundle { detail } => format!("Dit is geen leesbaar Tafel-bundelbestand of het is ingekort ({detail}). {NOTHING}"),
            Refusal::Tampered { what } => format!("De handtekening van {what} klopt niet: het bestand is onderweg veranderd. {NOTHING}"),
            Refusal::ForeignTable { found } => format!("Deze bundel hoort bij een andere tafel ({found}). {NOTHING}"),
            Refusal::UnknownSender { device } => {
                format!("Deze bundel komt van een apparaat dat niet op de ledenlijst staat ({device}). {NOTHING}")
            }
            Refusal::StaleRoster { required, found } => format!(
                "Deze bundel is gemaakt met een verouderde ledenlijst (versie {found}; vereist is {required} of nieuwer). Laat de afzender eerst synchroniseren. {NOTHING}"
            ),
            Refusal::NotAllowed { sender, what } => format!("{sender} mag {what} niet wijzigen. De hele bundel is geweigerd; {}", NOTHING.to_lowercase()),
            Refusal::NotJoined { table_name, fingerprint } => format!(
                "Deze Tafel hoort nog bij geen tafel. De bundel nodigt u uit voor \"{table_name}\". Vergelijk de vingerafdruk van de coördinator telefonisch: {fingerprint}. Bevestig daarna om deel te nemen."
            ),
            Refusal::NoTableYet => "Deze Tafel hoort nog bij geen tafel. Stuur uw lidkaart naar de coördinator en synchroniseer zodra de bundel van de coördinator in de gedeelde map staat (of open de bundel die u per e-mail kreeg).".into(),
            Refusal::FingerprintMismatch => "De vingerafdruk komt niet overeen met die van de coördinator in de bundel. Er is niets overgenomen.".into(),
            Refusal::ClockAhead { device, minutes } => format!(
                "De klok van apparaat {device} loopt {minutes} minuten voor. Laat de afzender de klok van de laptop gelijkzetten. {NOTHING}"
            ),
            Refusal::NoIdentity => "Stel eerst uw naam en organisatie in (Delen → Dit apparaat, of tafel identity --name … --org …).".into(),
            Refusal::CoordinatorOnly => "Alleen de coördinator van de tafel kan dit doen.".into(),
            Refusal::RosterNotSigned => format!("De ledenlijst is niet ondertekend door de coördinator van deze tafel. {NOTHING}"),
            Refusal::UnknownMember { reference } => format!("Er staat geen lid \"{reference}\" op de ledenlijst."),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        const NOTHING: &str = "Nothing of it was applied.";
        match self {
            Refusal::BadKeys { detail } => format!("The keys are invalid ({detail})."),
            Refusal::BadCard { detail } => format!("This is not a valid Tafel member card ({detail}). Ask the member to make a new card."),
            Refusal::NewerFormat { what, found } => format!("This {what} was made by a newer Tafel (format {found}). Update Tafel and try again. {NOTHING}"),
            Refusal::NotABundle { detail } => format!("This is not a readable Tafel bundle, or it was cut short ({detail}). {NOTHING}"),
            Refusal::Tampered { what } => format!("The signature of {what} does not match: the file was changed on the way. {NOTHING}"),
            Refusal::ForeignTable { found } => format!("This bundle belongs to another table ({found}). {NOTHING}"),
            Refusal::UnknownSender { device } => format!("This bundle comes from a device that is not on the roster ({device}). {NOTHING}"),
            Refusal::StaleRoster { required, found } => {
                format!("This bundle was made with an outdated roster (version {found}; {required} or newer is required). {NOTHING}")
            }
            Refusal::NotAllowed { sender, what } => format!("{sender} may not change {what}. The whole bundle was refused; {}", NOTHING.to_lowercase()),
            Refusal::NotJoined { table_name, fingerprint } => format!(
                "This Tafel belongs to no table yet. The bundle invites you to \"{table_name}\". Compare the coordinator's fingerprint by phone: {fingerprint}. Then confirm to join."
            ),
            Refusal::NoTableYet => "This Tafel belongs to no table yet. Send your member card to the coordinator and synchronise once the coordinator's bundle is in the shared folder (or open the bundle you received by e-mail).".into(),
            Refusal::FingerprintMismatch => "The fingerprint does not match the coordinator's in the bundle. Nothing was applied.".into(),
            Refusal::ClockAhead { device, minutes } => format!("The clock of device {device} runs {minutes} minutes ahead. {NOTHING}"),
            Refusal::NoIdentity => "First set your name and organisation (Delen → Dit apparaat, or tafel identity --name … --org …).".into(),
            Refusal::CoordinatorOnly => "Only the table's coordinator can do this.".into(),
            Refusal::RosterNotSigned => format!("The roster is not signed by this table's coordinator. {NOTHING}"),
            Refusal::UnknownMember { reference } => format!("There is no member \"{reference}\" on the roster."),
        }
    }
}

impl Error {
    /// The error of a sharing refusal.
    pub fn sync(refusal: Refusal) -> Error {
        Error::SyncRefused {
            code: refusal.code(),
            message_nl: refusal.message_nl(),
            message_en: refusal.message_en(),
        }
    }
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        Error::sync(refusal)
    }
}
