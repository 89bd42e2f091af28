//! The stable identifiers of `taxonomy.md`, each with its Dutch and English label.
//!
//! These identifiers are the contract between the database, the CLI's JSON,
//! imports and exports: extend a list, never rename a shipped identifier.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A label for one taxonomy value, as the UI shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TaxonomyLabel {
    /// The stable identifier, e.g. `senior_loan`.
    pub id: String,
    /// Dutch label.
    pub nl: String,
    /// English label.
    pub en: String,
}

/// Defines a taxonomy enum with its identifiers and labels in one place.
macro_rules! taxonomy_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $id:literal, $nl:literal, $en:literal; )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = $en] #[serde(rename = $id)] $variant, )+
        }

        impl $name {
            /// Every value, in the taxonomy's order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stable identifier.
            pub fn id(self) -> &'static str {
                match self { $( $name::$variant => $id, )+ }
            }

            /// The Dutch label.
            pub fn label_nl(self) -> &'static str {
                match self { $( $name::$variant => $nl, )+ }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en, )+ }
            }

            /// Parses a stable identifier; `None` for anything else.
            pub fn from_id(id: &str) -> Option<Self> {
                match id { $( $id => Some($name::$variant), )+ _ => None }
            }

            /// Every stable identifier, in the taxonomy's order (for "choose from" messages).
            pub fn ids() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.id()).collect()
            }

            /// Labels of every value, for pickers in the UI.
            pub fn labels() -> Vec<TaxonomyLabel> {
                Self::ALL
                    .iter()
                    .map(|v| TaxonomyLabel { id: v.id().into(), nl: v.label_nl().into(), en: v.label_en().into() })
                    .collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

taxonomy_enum! {
    /// Kind of capital a case asks for or an instrument offers (`capital_type`).
    CapitalType {
        SeniorLoan = "senior_loan", "Bancaire (investerings)lening", "Senior term loan";
        Overdraft = "overdraft", "Rekening-courantkrediet", "Overdraft / working-capital line";
        SubordinatedLoan = "subordinated_loan", "Achtergestelde lening", "Subordinated / mezzanine loan";
        ConvertibleLoan = "convertible_loan", "Converteerbare lening", "Convertible loan";
        Equity = "equity", "Eigen vermogen / participatie", "Equity";
        Microcredit = "microcredit", "Microkrediet", "Microcredit";
        InnovationLoan = "innovation_loan", "Innovatie- of vroegefaselening", "Public innovation / proof-of-concept loan";
        Guarantee = "guarantee", "Borgstelling / garantie", "Guarantee (e.g. BMKB, GO)";
        Grant = "grant", "Subsidie", "Grant";
        Crowdfunding = "crowdfunding", "Crowdfunding", "Crowdfunding (loan or equity)";
        CreditUnionLoan = "credit_union_loan", "Kredietunielening", "Credit-union loan";
        Lease = "lease", "Lease", "Lease";
        Factoring = "factoring", "Factoring / debiteurenfinanciering", "Factoring";
        InformalInvestment = "informal_investment", "Informele investering (business angel)", "Informal investment (business angel)";
    }
}

taxonomy_enum! {
    /// Kind of financier in the register (`financier_type`).
    FinancierType {
        Bank = "bank", "Bank", "Bank";
        Rom = "rom", "Regionale ontwikkelingsmaatschappij (ROM)", "Regional development company (ROM)";
        RomFund = "rom_fund", "Fonds van een ROM", "ROM fund";
        ProvincialFund = "provincial_fund", "Provinciaal fonds", "Provincial fund";
        NationalPublic = "national_public", "Landelijke publieke financier", "National public financier";
        Microfinancier = "microfinancier", "Microfinancier", "Microfinancier";
        CreditUnion = "credit_union", "Kredietunie", "Credit union";
        CrowdfundingPlatform = "crowdfunding_platform", "Crowdfundingplatform", "Crowdfunding platform";
        FintechLender = "fintech_lender", "Fintech-kredietverstrekker", "Fintech lender";
        Lessor = "lessor", "Leasemaatschappij", "Lessor";
        Factor = "factor", "Factormaatschappij", "Factoring company";
        VentureCapital = "venture_capital", "Venture capital", "Venture capital";
        ParticipationCompany = "participation_company", "Participatiemaatschappij", "Participation company";
        FamilyOffice = "family_office", "Family office", "Family office";
        AngelNetwork = "angel_network", "Business-angelnetwerk", "Angel network";
        InformalInvestor = "informal_investor", "Informele investeerder", "Informal investor";
        PocFund = "poc_fund", "Proof-of-conceptfonds", "Proof-of-concept fund";
        CorporateVenture = "corporate_venture", "Corporate venturing", "Corporate venture";
        FinancingTable = "financing_table", "Andere financieringstafel", "Another financing table";
    }
}

taxonomy_enum! {
    /// Stage of the company (`stage`).
    Stage {
        PreSeed = "pre_seed", "Idee / proof-of-concept", "Idea / proof of concept";
        Seed = "seed", "Seed", "Seed";
        Startup = "startup", "Startende onderneming (0–3 jaar)", "Start-up (0–3 years)";
        Growth = "growth", "Groei", "Growth";
        ScaleUp = "scale_up", "Scale-up", "Scale-up";
        Mature = "mature", "Volwassen", "Mature";
        Succession = "succession", "Bedrijfsopvolging / overname", "Succession / buy-out";
        Turnaround = "turnaround", "Herstructurering", "Turnaround";
    }
}

taxonomy_enum! {
    /// Topsector of the company, or `other` (`sector`).
    Sector {
        AgriFood = "agri_food", "Agri & food", "Agri & food";
        Chemistry = "chemistry", "Chemie", "Chemistry";
        CreativeIndustry = "creative_industry", "Creatieve industrie", "Creative industry";
        Energy = "energy", "Energie", "Energy";
        Htsm = "htsm", "High tech systemen & materialen", "High tech systems & materials";
        LifeSciencesHealth = "life_sciences_health", "Life sciences & health", "Life sciences & health";
        Logistics = "logistics", "Logistiek", "Logistics";
        Horticulture = "horticulture", "Tuinbouw & uitgangsmaterialen", "Horticulture & propagation materials";
        WaterMaritime = "water_maritime", "Water & maritiem", "Water & maritime";
        Other = "other", "Overig", "Other";
    }
}

taxonomy_enum! {
    /// How an instrument's listed sectors or stages apply (`sector_mode`, `stage_mode`): a
    /// regional development company *favours* its focus sectors but invests across its region;
    /// a specialised fund invests *only* in its own.
    ListMode {
        Focus = "focus", "focus (ook daarbuiten)", "focus (others too)";
        Exclusive = "exclusive", "alleen deze", "only these";
    }
}

impl Default for ListMode {
    /// Strict where nothing is said: a list that is not marked as focus is a mandate.
    fn default() -> Self {
        ListMode::Exclusive
    }
}

taxonomy_enum! {
    /// Dutch province (`province`).
    Province {
        GR = "GR", "Groningen", "Groningen";
        FR = "FR", "Fryslân", "Fryslân";
        DR = "DR", "Drenthe", "Drenthe";
        OV = "OV", "Overijssel", "Overijssel";
        FL = "FL", "Flevoland", "Flevoland";
        GE = "GE", "Gelderland", "Gelderland";
        UT = "UT", "Utrecht", "Utrecht";
        NH = "NH", "Noord-Holland", "North Holland";
        ZH = "ZH", "Zuid-Holland", "South Holland";
        ZE = "ZE", "Zeeland", "Zeeland";
        NB = "NB", "Noord-Brabant", "North Brabant";
        LI = "LI", "Limburg", "Limburg";
    }
}

taxonomy_enum! {
    /// Region a financier works in: a province, or the whole country (`NL`).
    Region {
        NL = "NL", "Heel Nederland", "All of the Netherlands";
        GR = "GR", "Groningen", "Groningen";
        FR = "FR", "Fryslân", "Fryslân";
        DR = "DR", "Drenthe", "Drenthe";
        OV = "OV", "Overijssel", "Overijssel";
        FL = "FL", "Flevoland", "Flevoland";
        GE = "GE", "Gelderland", "Gelderland";
        UT = "UT", "Utrecht", "Utrecht";
        NH = "NH", "Noord-Holland", "North Holland";
        ZH = "ZH", "Zuid-Holland", "South Holland";
        ZE = "ZE", "Zeeland", "Zeeland";
        NB = "NB", "Noord-Brabant", "North Brabant";
        LI = "LI", "Limburg", "Limburg";
    }
}

taxonomy_enum! {
    /// What the financing is for (`purpose`).
    Purpose {
        Start = "start", "Start", "Start";
        Growth = "growth", "Groei", "Growth";
        Innovation = "innovation", "Innovatie", "Innovation";
        WorkingCapital = "working_capital", "Werkkapitaal", "Working capital";
        Acquisition = "acquisition", "Overname / opvolging", "Acquisition / succession";
        Refinancing = "refinancing", "Herfinanciering", "Refinancing";
        Sustainability = "sustainability", "Verduurzaming", "Sustainability";
    }
}

taxonomy_enum! {
    /// Where a case stands in the table's workflow (`case_status`).
    CaseStatus {
        Intake = "intake", "Intake", "Intake";
        Screening = "screening", "Screening", "Screening";
        Ready = "ready", "Gereed voor tafel", "Ready for the table";
        Presented = "presented", "Gepresenteerd", "Presented";
        Matching = "matching", "Matching", "Matching";
        InAssessment = "in_assessment", "In beoordeling", "In assessment";
        Financed = "financed", "Gefinancierd", "Financed";
        PartlyFinanced = "partly_financed", "Deels gefinancierd", "Partly financed";
        NotFinanced = "not_financed", "Niet gefinancierd", "Not financed";
        Withdrawn = "withdrawn", "Ingetrokken", "Withdrawn";
        Referred = "referred", "Doorverwezen", "Referred";
        Closed = "closed", "Afgesloten", "Closed";
    }
}

taxonomy_enum! {
    /// A financier's answer on a case (`response_status`).
    ResponseStatus {
        NotContacted = "not_contacted", "Niet benaderd", "Not contacted";
        SummarySent = "summary_sent", "Samenvatting verstuurd", "Summary sent";
        Interested = "interested", "Geïnteresseerd", "Interested";
        InfoRequested = "info_requested", "Informatie gevraagd", "Information requested";
        InAssessment = "in_assessment", "In beoordeling", "In assessment";
        Offer = "offer", "Aanbod gedaan", "Offer made";
        Committed = "committed", "Toegezegd", "Committed";
        Declined = "declined", "Afgewezen", "Declined";
        Withdrawn = "withdrawn", "Teruggetrokken", "Withdrawn";
        OnHold = "on_hold", "Aangehouden", "On hold";
    }
}

taxonomy_enum! {
    /// Why a financier declined (`decline_reason`).
    DeclineReason {
        OutsideMandateRegion = "outside_mandate_region", "Buiten mandaat: regio", "Outside mandate: region";
        OutsideMandateSector = "outside_mandate_sector", "Buiten mandaat: sector", "Outside mandate: sector";
        OutsideMandateStage = "outside_mandate_stage", "Buiten mandaat: fase", "Outside mandate: stage";
        TicketTooSmall = "ticket_too_small", "Ticket te klein", "Ticket too small";
        TicketTooLarge = "ticket_too_large", "Ticket te groot", "Ticket too large";
        TooEarly = "too_early", "Te vroeg", "Too early";
        Distressed = "distressed", "Onderneming in moeilijkheden", "Distressed";
        InsufficientCollateral = "insufficient_collateral", "Onvoldoende zekerheden", "Insufficient collateral";
        RepaymentCapacity = "repayment_capacity", "Onvoldoende aflossingscapaciteit", "Repayment capacity";
        Solvency = "solvency", "Solvabiliteit te laag", "Solvency";
        TrackRecord = "track_record", "Onvoldoende trackrecord", "Track record";
        CreditHistory = "credit_history", "Krediethistorie", "Credit history";
        Team = "team", "Team", "Team";
        MarketOrBusinessModel = "market_or_business_model", "Markt of verdienmodel", "Market or business model";
        TermsOrValuation = "terms_or_valuation", "Voorwaarden of waardering", "Terms or valuation";
        SectorPolicy = "sector_policy", "Sectorbeleid", "Sector policy";
        MissingCoFinancing = "missing_co_financing", "Cofinanciering ontbreekt", "Missing co-financing";
        Other = "other", "Anders", "Other";
    }
}

taxonomy_enum! {
    /// Who brought the case to the table (`source`).
    CaseSource {
        BankDecline = "bank_decline", "Afwijzing door bank", "Bank decline";
        Rom = "rom", "ROM", "ROM";
        Accountant = "accountant", "Accountant", "Accountant";
        Advisor = "advisor", "Adviseur", "Adviser";
        Kvk = "kvk", "KvK", "Chamber of Commerce (KvK)";
        Entrepreneur = "entrepreneur", "Ondernemer zelf", "Entrepreneur";
        Other = "other", "Anders", "Other";
    }
}

taxonomy_enum! {
    /// Who may see the case (`disclosure`).
    Disclosure {
        PublicSummary = "public_summary", "Geanonimiseerd, alle leden", "Anonymised, all members";
        Table = "table", "Leden met geheimhoudingsverklaring", "Members who signed the pledge";
        Named = "named", "Op naam, alleen met toestemming", "Named, only with consent";
    }
}

taxonomy_enum! {
    /// What a referral to another financier relies on to share the case (`referral_basis`).
    ReferralBasis {
        NamedConsent = "named_consent", "Toestemming ondernemer (op naam)", "Entrepreneur's consent (named)";
        Anonymised = "anonymised", "Alleen geanonimiseerd gedeeld", "Shared anonymised only";
        EntrepreneurContacts = "entrepreneur_contacts", "Ondernemer neemt zelf contact op", "Entrepreneur makes contact";
    }
}

taxonomy_enum! {
    /// Where a table meeting stands (`meeting_status`).
    MeetingStatus {
        Planned = "planned", "Gepland", "Planned";
        InProgress = "in_progress", "Bezig", "In progress";
        Closed = "closed", "Afgesloten", "Closed";
    }
}

taxonomy_enum! {
    /// What kind of paper a document of the dossier is (`document_type`).
    DocumentType {
        BusinessPlan = "business_plan", "Ondernemingsplan", "Business plan";
        AnnualAccounts = "annual_accounts", "Jaarrekening", "Annual accounts";
        InterimFigures = "interim_figures", "Tussentijdse cijfers", "Interim figures";
        BankStatements = "bank_statements", "Bankafschriften", "Bank statements";
        CashFlowForecast = "cash_flow_forecast", "Liquiditeitsprognose", "Cash-flow forecast";
        KvkExtract = "kvk_extract", "KvK-uittreksel", "KvK extract";
        DeclineLetter = "decline_letter", "Afwijzingsbrief bank", "Bank decline letter";
        ConsentForm = "consent_form", "Toestemmingsformulier", "Consent form";
        TermSheet = "term_sheet", "Termsheet / offerte", "Term sheet / offer";
        Other = "other", "Overig", "Other";
    }
}

taxonomy_enum! {
    /// Who may see a document of the dossier (`document_level`); sharing sends it accordingly.
    DocumentLevel {
        Coordinator = "coordinator", "Alleen coördinator", "Coordinator only";
        Consented = "consented", "Financiers met toestemming", "Consented financiers";
        Table = "table", "Hele tafel", "Whole table";
    }
}

/// Every taxonomy list with its labels, for the UI's pickers.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Taxonomy {
    /// `capital_type` values.
    pub capital_types: Vec<TaxonomyLabel>,
    /// `financier_type` values.
    pub financier_types: Vec<TaxonomyLabel>,
    /// `stage` values.
    pub stages: Vec<TaxonomyLabel>,
    /// `sector` values.
    pub sectors: Vec<TaxonomyLabel>,
    /// `province` values.
    pub provinces: Vec<TaxonomyLabel>,
    /// Financier regions: `NL` and the provinces.
    pub regions: Vec<TaxonomyLabel>,
    /// `purpose` values.
    pub purposes: Vec<TaxonomyLabel>,
    /// `case_status` values.
    pub case_statuses: Vec<TaxonomyLabel>,
    /// `response_status` values.
    pub response_statuses: Vec<TaxonomyLabel>,
    /// `decline_reason` values.
    pub decline_reasons: Vec<TaxonomyLabel>,
    /// `source` values.
    pub sources: Vec<TaxonomyLabel>,
    /// `disclosure` values.
    pub disclosures: Vec<TaxonomyLabel>,
    /// `referral_basis` values.
    pub referral_bases: Vec<TaxonomyLabel>,
    /// `meeting_status` values.
    pub meeting_statuses: Vec<TaxonomyLabel>,
    /// `sector_mode` / `stage_mode` values.
    pub list_modes: Vec<TaxonomyLabel>,
    /// `document_type` values (the dossier).
    pub document_types: Vec<TaxonomyLabel>,
    /// `document_level` values (the dossier).
    pub document_levels: Vec<TaxonomyLabel>,
    /// The character encodings an import may have read a CSV in (`domain::sheet::TextEncoding`).
    pub text_encodings: Vec<TaxonomyLabel>,
    /// The core's grouping of case statuses, so the UI never keeps a list of its own.
    pub case_status_groups: CaseStatusGroups,
}

/// Which case statuses belong together, as the core's rules have them (`src/domain/workflow.rs`,
/// `src/domain/meeting.rs`); each list in the taxonomy's order.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CaseStatusGroups {
    /// Still being worked on (`CaseStatus::is_open`).
    pub open: Vec<CaseStatus>,
    /// An outcome: financed, partly or not, withdrawn or referred (`CaseStatus::is_outcome`).
    pub outcomes: Vec<CaseStatus>,
    /// Neither open nor an outcome: the end of the workflow (`closed`).
    pub end: Vec<CaseStatus>,
    /// Open cases waiting for an answer from financiers (`CaseStatus::WAITING_FOR_FINANCIER`).
    pub waiting_for_financier: Vec<CaseStatus>,
    /// The statuses a case may have to be put on a meeting's agenda (`may_go_on_agenda`);
    /// any other is refused with `case_not_ready`.
    pub agenda: Vec<CaseStatus>,
}

impl CaseStatusGroups {
    /// The groups as the rules define them.
    pub fn get() -> Self {
        let pick = |keep: fn(CaseStatus) -> bool| {
            CaseStatus::ALL
                .iter()
                .copied()
                .filter(|s| keep(*s))
                .collect::<Vec<_>>()
        };
        CaseStatusGroups {
            open: pick(CaseStatus::is_open),
            outcomes: pick(CaseStatus::is_outcome),
            end: pick(|s| !s.is_open() && !s.is_outcome()),
            waiting_for_financier: pick(|s| CaseStatus::WAITING_FOR_FINANCIER.contains(&s)),
            agenda: pick(super::meeting::may_go_on_agenda),
        }
    }
}

impl Taxonomy {
    /// The whole taxonomy; the character encodings are the import's (`domain::sheet::TextEncoding`),
    /// so `service::taxonomy` passes them in.
    pub fn get(text_encodings: Vec<TaxonomyLabel>) -> Self {
        Taxonomy {
            capital_types: CapitalType::labels(),
            financier_types: FinancierType::labels(),
            stages: Stage::labels(),
            sectors: Sector::labels(),
            provinces: Province::labels(),
            regions: Region::labels(),
            purposes: Purpose::labels(),
            case_statuses: CaseStatus::labels(),
            response_statuses: ResponseStatus::labels(),
            decline_reasons: DeclineReason::labels(),
            sources: CaseSource::labels(),
            disclosures: Disclosure::labels(),
            referral_bases: ReferralBasis::labels(),
            meeting_statuses: MeetingStatus::labels(),
            list_modes: ListMode::labels(),
            document_types: DocumentType::labels(),
            document_levels: DocumentLevel::labels(),
            text_encodings,
            case_status_groups: CaseStatusGroups::get(),
        }
    }
}

impl Province {
    /// The region that stands for this province.
    pub fn region(self) -> Region {
        Region::from_id(self.id()).unwrap_or(Region::NL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_groups_split_every_status_once_and_follow_the_rules() {
        let groups = CaseStatusGroups::get();
        let mut all: Vec<CaseStatus> = [
            groups.open.clone(),
            groups.outcomes.clone(),
            groups.end.clone(),
        ]
        .concat();
        all.sort();
        assert_eq!(
            all,
            CaseStatus::ALL.to_vec(),
            "open, outcomes and end cover every status exactly once"
        );
        assert_eq!(groups.end, [CaseStatus::Closed]);
        for status in CaseStatus::ALL {
            assert_eq!(
                groups.agenda.contains(status),
                crate::domain::may_go_on_agenda(*status),
                "{status}"
            );
        }
        assert!(
            groups
                .waiting_for_financier
                .iter()
                .all(|s| groups.open.contains(s) && groups.agenda.contains(s))
        );
        assert_eq!(
            groups
                .agenda
                .iter()
                .filter(|s| !groups.waiting_for_financier.contains(s))
                .collect::<Vec<_>>(),
            [&CaseStatus::Ready],
            "the agenda takes what is ready and what waits for financiers"
        );
    }
}
