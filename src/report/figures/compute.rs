//! The definitions of the module's documentation, as code: facts in, figures out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::output::*;
use crate::domain::figure_facts::*;
use crate::domain::{CapitalType, CaseStatus, DeclineReason, FinancierType};

/// The outcome of a case and its date, as the module's definitions say.
pub fn outcome_of(case: &CaseFacts) -> Option<(CaseStatus, NaiveDate)> {
    let kind = if case.status.is_outcome() {
        case.status
    } else if case.status == CaseStatus::Closed {
        case.outcome_changes.last()?.1
    } else {
        return None;
    };
    let date = case
        .outcome_on
        .or_else(|| case.outcome_changes.last().map(|(d, _)| *d))
        .unwrap_or(case.updated_on);
    Some((kind, date))
}

/// The median of whole numbers; `None` for none.
pub fn median(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid] as f64
    } else {
        (sorted[mid - 1] + sorted[mid]) as f64 / 2.0
    })
}

/// (financed + partly) / (financed + partly + not financed + referred); `None` when nothing
/// counts (no outcomes, or only withdrawn ones).
pub fn success_rate(outcomes: &OutcomeCounts) -> Option<f64> {
    let good = outcomes.financed + outcomes.partly_financed;
    let all = good + outcomes.not_financed + outcomes.referred;
    if all == 0 {
        None
    } else {
        Some(f64::from(good) / f64::from(all))
    }
}

/// Year and quarter (1–4) of a date.
pub fn quarter_of(date: NaiveDate) -> (i32, u32) {
    (date.year(), (date.month() - 1) / 3 + 1)
}

/// First and last day of a quarter.
pub fn quarter_bounds(year: i32, quarter: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first_month = (quarter.clamp(1, 4) - 1) * 3 + 1;
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let next = if quarter >= 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, first_month + 3, 1)?
    };
    Some((start, next.pred_opt()?))
}

/// Every quarter overlapping `[from, to]`, oldest first.
pub fn quarters_between(from: NaiveDate, to: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    if from > to {
        return out;
    }
    let (mut year, mut quarter) = quarter_of(from);
    let last = quarter_of(to);
    while (year, quarter) <= last {
        out.push((year, quarter));
        if quarter == 4 {
            year += 1;
            quarter = 1;
        } else {
            quarter += 1;
        }
    }
    out
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Computes the figures of `[from, to]` from the facts.
pub fn compute(facts: &FigureFacts, from: NaiveDate, to: NaiveDate) -> TableFigures {
    let in_period = |d: NaiveDate| d >= from && d <= to;

    // Cases in.
    let cases_in: Vec<&CaseFacts> = facts
        .cases
        .iter()
        .filter(|c| in_period(c.intake_date))
        .collect();
    let requested_cents: i64 = cases_in.iter().map(|c| c.amount_cents).sum();

    // Presented in the period.
    let presented = facts
        .cases
        .iter()
        .filter(|c| c.presented_on.iter().any(|d| in_period(*d)))
        .count();

    // Outcomes in the period.
    let mut outcomes = OutcomeCounts::default();
    let mut outcome_cases: HashMap<&str, (CaseStatus, NaiveDate)> = HashMap::new();
    let mut days_to_outcome = Vec::new();
    let mut financed_need_cents = 0;
    for case in &facts.cases {
        let Some((kind, date)) = outcome_of(case) else {
            continue;
        };
        if !in_period(date) {
            continue;
        }
        match kind {
            CaseStatus::Financed => outcomes.financed += 1,
            CaseStatus::PartlyFinanced => outcomes.partly_financed += 1,
            CaseStatus::NotFinanced => outcomes.not_financed += 1,
            CaseStatus::Referred => outcomes.referred += 1,
            CaseStatus::Withdrawn => outcomes.withdrawn += 1,
            _ => continue,
        }
        outcomes.total += 1;
        if matches!(kind, CaseStatus::Financed | CaseStatus::PartlyFinanced) {
            financed_need_cents += case.amount_cents;
        }
        days_to_outcome.push((date - case.intake_date).num_days().max(0));
        outcome_cases.insert(case.id.as_str(), (kind, date));
    }

    // Money mobilised: tranches of the cases with an outcome in the period.
    let mut mobilised_cents = 0;
    let mut per_capital: BTreeMap<CapitalType, (i64, u32)> = BTreeMap::new();
    let mut per_financier: BTreeMap<FinancierType, (i64, u32, BTreeSet<&str>)> = BTreeMap::new();
    for t in facts
        .tranches
        .iter()
        .filter(|t| outcome_cases.contains_key(t.case_id.as_str()))
    {
        mobilised_cents += t.amount_cents;
        let entry = per_capital.entry(t.capital_type).or_default();
        entry.0 += t.amount_cents;
        entry.1 += 1;
        let entry = per_financier.entry(t.financier_type).or_default();
        entry.0 += t.amount_cents;
        entry.1 += 1;
        entry.2.insert(t.case_id.as_str());
    }

    // Per capital type: requested by the cases in, mobilised by the tranches.
    let mut by_capital_type: Vec<CapitalTypeFigures> = CapitalType::ALL
        .iter()
        .filter_map(|&ct| {
            let asking: Vec<&&CaseFacts> = cases_in
                .iter()
                .filter(|c| c.capital_types.contains(&ct))
                .collect();
            let (mobilised, tranches) = per_capital.get(&ct).copied().unwrap_or((0, 0));
            if asking.is_empty() && tranches == 0 {
                return None;
            }
            Some(CapitalTypeFigures {
                capital_type: ct,
                label_nl: ct.label_nl().into(),
                label_en: ct.label_en().into(),
                cases_requesting: count(asking.len()),
                requested_cents: asking.iter().map(|c| c.amount_cents).sum(),
                mobilised_cents: mobilised,
                tranches,
            })
        })
        .collect();
    // Most mobilised first, then most requested; ties keep the taxonomy's order (stable sort).
    by_capital_type.sort_by(|a, b| {
        b.mobilised_cents
            .cmp(&a.mobilised_cents)
            .then(b.requested_cents.cmp(&a.requested_cents))
    });

    let mut by_financier_type: Vec<FinancierTypeFigures> = per_financier
        .into_iter()
        .map(|(ft, (mobilised, tranches, cases))| FinancierTypeFigures {
            financier_type: ft,
            label_nl: ft.label_nl().into(),
            label_en: ft.label_en().into(),
            mobilised_cents: mobilised,
            tranches,
            cases: count(cases.len()),
        })
        .collect();
    by_financier_type.sort_by_key(|r| std::cmp::Reverse(r.mobilised_cents));

    // Declines: the latest decline step in the period per response.
    let mut latest: HashMap<&str, &DeclineFact> = HashMap::new();
    for d in facts.declines.iter().filter(|d| in_period(d.on_date)) {
        let keep = match latest.get(d.response_id.as_str()) {
            Some(seen) => (d.on_date, &d.recorded_at) > (seen.on_date, &seen.recorded_at),
            None => true,
        };
        if keep {
            latest.insert(d.response_id.as_str(), d);
        }
    }
    let mut per_reason: BTreeMap<DeclineReason, u32> = BTreeMap::new();
    for d in latest.values() {
        *per_reason.entry(d.reason).or_default() += 1;
    }
    let mut decline_reasons: Vec<DeclineReasonCount> = per_reason
        .into_iter()
        .map(|(reason, n)| DeclineReasonCount {
            reason,
            label_nl: reason.label_nl().into(),
            label_en: reason.label_en().into(),
            count: n,
        })
        .collect();
    decline_reasons.sort_by_key(|r| std::cmp::Reverse(r.count));
    let declines = decline_reasons.iter().map(|d| d.count).sum();

    // Referrals.
    let referrals_in: Vec<&ReferralFact> = facts
        .referrals
        .iter()
        .filter(|r| in_period(r.referred_on))
        .collect();
    let receivers: BTreeSet<&str> = referrals_in
        .iter()
        .map(|r| r.to_financier_id.as_str())
        .collect();

    // Follow-ups.
    let mut totals = FollowUpCounts::default();
    let mut moments: BTreeMap<u32, FollowUpMoment> = BTreeMap::new();
    for f in facts.follow_ups.iter().filter(|f| in_period(f.done_on)) {
        totals.add(f);
        moments
            .entry(f.months)
            .or_insert_with(|| FollowUpMoment {
                months: f.months,
                ..Default::default()
            })
            .counts
            .add(f);
    }
    let follow_ups = FollowUpFigures {
        totals,
        by_moment: moments.into_values().collect(),
    };

    // Quarters.
    let quarters = quarters_between(from, to)
        .into_iter()
        .map(|(year, quarter)| {
            let in_quarter = |d: NaiveDate| in_period(d) && quarter_of(d) == (year, quarter);
            let intake: Vec<&&CaseFacts> = cases_in
                .iter()
                .filter(|c| in_quarter(c.intake_date))
                .collect();
            QuarterFigures {
                year,
                quarter,
                label_nl: format!("K{quarter} {year}"),
                label_en: format!("Q{quarter} {year}"),
                cases_in: count(intake.len()),
                requested_cents: intake.iter().map(|c| c.amount_cents).sum(),
                financed: count(
                    outcome_cases
                        .values()
                        .filter(|(kind, date)| {
                            matches!(kind, CaseStatus::Financed | CaseStatus::PartlyFinanced)
                                && in_quarter(*date)
                        })
                        .count(),
                ),
            }
        })
        .collect();

    // Funnel over the cases in: each step counts the cases that got at least that far.
    let mut reached = [0usize; 4];
    for case in &cases_in {
        let financed = matches!(
            outcome_of(case),
            Some((CaseStatus::Financed | CaseStatus::PartlyFinanced, _))
        );
        let positive = financed || case.first_positive_on.is_some();
        let presented = positive || !case.presented_on.is_empty();
        reached[0] += 1;
        reached[1] += usize::from(presented);
        reached[2] += usize::from(positive);
        reached[3] += usize::from(financed);
    }
    let funnel = FunnelStage::ALL
        .iter()
        .zip(reached)
        .map(|(&stage, n)| FunnelStep {
            stage,
            label_nl: stage.label_nl().into(),
            label_en: stage.label_en().into(),
            count: count(n),
        })
        .collect();

    let financiers_responding: BTreeSet<&str> = facts
        .responses
        .iter()
        .filter(|r| in_period(r.on_date))
        .map(|r| r.financier_id.as_str())
        .collect();

    TableFigures {
        from,
        to,
        cases_in: count(cases_in.len()),
        presented: count(presented),
        success_rate: success_rate(&outcomes),
        outcomes,
        requested_cents,
        mobilised_cents,
        financed_need_cents,
        median_days_to_outcome: median(&days_to_outcome),
        referrals: count(referrals_in.len()),
        referral_receivers: count(receivers.len()),
        meetings: count(
            facts
                .meeting_dates
                .iter()
                .filter(|d| in_period(**d))
                .count(),
        ),
        financiers_responding: count(financiers_responding.len()),
        by_capital_type,
        by_financier_type,
        decline_reasons,
        declines,
        quarters,
        funnel,
        follow_ups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn case(id: &str, intake: NaiveDate, amount_eur: i64, status: CaseStatus) -> CaseFacts {
        CaseFacts {
            id: id.into(),
            intake_date: intake,
            amount_cents: amount_eur * 100,
            capital_types: vec![CapitalType::SeniorLoan],
            status,
            outcome_on: None,
            updated_on: intake,
            outcome_changes: Vec::new(),
            presented_on: Vec::new(),
            first_positive_on: None,
        }
    }

    fn tranche(case_id: &str, ct: CapitalType, ft: FinancierType, eur: i64) -> TrancheFact {
        TrancheFact {
            case_id: case_id.into(),
            capital_type: ct,
            financier_type: ft,
            amount_cents: eur * 100,
        }
    }

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[30, 10, 20]), Some(20.0));
        assert_eq!(median(&[40, 10, 20, 30]), Some(25.0));
        assert_eq!(median(&[1, 2]), Some(1.5));
    }

    #[test]
    fn success_rate_leaves_withdrawn_out_and_is_none_without_outcomes() {
        assert_eq!(success_rate(&OutcomeCounts::default()), None);
        let only_withdrawn = OutcomeCounts {
            withdrawn: 3,
            total: 3,
            ..Default::default()
        };
        assert_eq!(
            success_rate(&only_withdrawn),
            None,
            "no NaN when only withdrawn outcomes"
        );
        let mix = OutcomeCounts {
            financed: 3,
            partly_financed: 2,
            not_financed: 2,
            referred: 1,
            withdrawn: 5,
            total: 13,
        };
        assert_eq!(success_rate(&mix), Some(5.0 / 8.0));
    }

    #[test]
    fn quarters_cover_the_period_and_cross_years() {
        assert_eq!(quarter_of(d(2026, 1, 1)), (2026, 1));
        assert_eq!(quarter_of(d(2026, 3, 31)), (2026, 1));
        assert_eq!(quarter_of(d(2026, 4, 1)), (2026, 2));
        assert_eq!(quarter_of(d(2026, 12, 31)), (2026, 4));
        assert_eq!(
            quarters_between(d(2025, 11, 15), d(2026, 4, 2)),
            vec![(2025, 4), (2026, 1), (2026, 2)]
        );
        assert_eq!(
            quarters_between(d(2026, 5, 1), d(2026, 5, 1)),
            vec![(2026, 2)]
        );
        assert!(quarters_between(d(2026, 5, 2), d(2026, 5, 1)).is_empty());
        assert_eq!(
            quarter_bounds(2026, 4),
            Some((d(2026, 10, 1), d(2026, 12, 31)))
        );
        assert_eq!(
            quarter_bounds(2024, 1),
            Some((d(2024, 1, 1), d(2024, 3, 31)))
        );
    }

    #[test]
    fn an_empty_period_has_zeroes_and_no_rates() {
        let figures = compute(&FigureFacts::default(), d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(figures.cases_in, 0);
        assert_eq!(figures.outcomes, OutcomeCounts::default());
        assert_eq!(figures.success_rate, None);
        assert_eq!(figures.median_days_to_outcome, None);
        assert_eq!(figures.quarters.len(), 4);
        assert!(
            figures
                .quarters
                .iter()
                .all(|q| q.cases_in == 0 && q.financed == 0)
        );
        assert_eq!(
            figures.funnel.iter().map(|s| s.count).collect::<Vec<_>>(),
            vec![0, 0, 0, 0]
        );
        assert!(figures.by_capital_type.is_empty() && figures.decline_reasons.is_empty());
        assert_eq!(figures.follow_ups, FollowUpFigures::default());
        let json = serde_json::to_value(&figures).expect("json");
        assert!(json["success_rate"].is_null(), "null, never NaN");
    }

    #[test]
    fn outcome_date_from_the_store_then_the_log_then_the_last_change() {
        let mut c = case("a", d(2026, 1, 10), 100_000, CaseStatus::Financed);
        c.updated_on = d(2026, 5, 1);
        assert_eq!(outcome_of(&c), Some((CaseStatus::Financed, d(2026, 5, 1))));
        c.outcome_changes = vec![(d(2026, 3, 1), CaseStatus::Financed)];
        assert_eq!(outcome_of(&c), Some((CaseStatus::Financed, d(2026, 3, 1))));
        c.outcome_on = Some(d(2026, 2, 20));
        assert_eq!(outcome_of(&c), Some((CaseStatus::Financed, d(2026, 2, 20))));
        // Closed: the outcome it had before closing; none known, none counted.
        c.status = CaseStatus::Closed;
        c.outcome_changes = vec![
            (d(2026, 2, 1), CaseStatus::NotFinanced),
            (d(2026, 2, 20), CaseStatus::PartlyFinanced),
        ];
        assert_eq!(
            outcome_of(&c),
            Some((CaseStatus::PartlyFinanced, d(2026, 2, 20)))
        );
        c.outcome_changes.clear();
        assert_eq!(outcome_of(&c), None);
        assert_eq!(
            outcome_of(&case("b", d(2026, 1, 1), 1, CaseStatus::Matching)),
            None
        );
    }

    #[test]
    fn figures_of_a_quarter() {
        let (from, to) = (d(2026, 7, 1), d(2026, 9, 30));
        let mut a = case("a", d(2026, 7, 3), 500_000, CaseStatus::Financed);
        a.outcome_on = Some(d(2026, 9, 2)); // 61 days
        a.presented_on = vec![d(2026, 7, 20)];
        a.capital_types = vec![CapitalType::SeniorLoan, CapitalType::SubordinatedLoan];
        let mut b = case("b", d(2026, 8, 1), 200_000, CaseStatus::NotFinanced);
        b.outcome_on = Some(d(2026, 9, 30)); // 60 days
        b.presented_on = vec![d(2026, 8, 15)];
        b.first_positive_on = Some(d(2026, 8, 20));
        let mut c = case("c", d(2026, 9, 1), 50_000, CaseStatus::Withdrawn);
        c.outcome_on = Some(d(2026, 9, 11)); // 10 days
        c.capital_types = vec![CapitalType::Microcredit];
        let mut old = case("old", d(2026, 2, 1), 1_000_000, CaseStatus::PartlyFinanced);
        old.outcome_on = Some(d(2026, 7, 1)); // 150 days, first day counts
        old.presented_on = vec![d(2026, 3, 1)];
        let mut later = case("later", d(2026, 9, 30), 75_000, CaseStatus::Referred);
        later.outcome_on = Some(d(2026, 10, 1)); // outside: last day + 1
        let open = case("open", d(2026, 6, 30), 10_000, CaseStatus::Presented);
        let facts = FigureFacts {
            cases: vec![a, b, c, old, later, open],
            tranches: vec![
                tranche("a", CapitalType::SeniorLoan, FinancierType::Bank, 350_000),
                tranche(
                    "a",
                    CapitalType::SubordinatedLoan,
                    FinancierType::Rom,
                    150_000,
                ),
                tranche("old", CapitalType::SeniorLoan, FinancierType::Bank, 600_000),
                tranche(
                    "later",
                    CapitalType::Microcredit,
                    FinancierType::Microfinancier,
                    75_000,
                ),
            ],
            declines: vec![
                DeclineFact {
                    response_id: "r1".into(),
                    on_date: d(2026, 8, 1),
                    recorded_at: "1".into(),
                    reason: DeclineReason::TicketTooSmall,
                },
                DeclineFact {
                    response_id: "r1".into(),
                    on_date: d(2026, 8, 5),
                    recorded_at: "2".into(),
                    reason: DeclineReason::Solvency,
                },
                DeclineFact {
                    response_id: "r2".into(),
                    on_date: d(2026, 9, 1),
                    recorded_at: "3".into(),
                    reason: DeclineReason::Solvency,
                },
                DeclineFact {
                    response_id: "r3".into(),
                    on_date: d(2026, 9, 2),
                    recorded_at: "4".into(),
                    reason: DeclineReason::Team,
                },
                DeclineFact {
                    response_id: "r4".into(),
                    on_date: d(2026, 6, 30),
                    recorded_at: "5".into(),
                    reason: DeclineReason::Team,
                },
            ],
            referrals: vec![
                ReferralFact {
                    to_financier_id: "f1".into(),
                    referred_on: d(2026, 7, 1),
                },
                ReferralFact {
                    to_financier_id: "f1".into(),
                    referred_on: d(2026, 8, 1),
                },
                ReferralFact {
                    to_financier_id: "f2".into(),
                    referred_on: d(2026, 10, 1),
                },
            ],
            follow_ups: vec![
                FollowUpFact {
                    months: 3,
                    done_on: d(2026, 7, 5),
                    jobs_kept: Some(10),
                    jobs_created: Some(2),
                    financing_closed: Some(true),
                },
                FollowUpFact {
                    months: 6,
                    done_on: d(2026, 9, 30),
                    jobs_kept: Some(4),
                    jobs_created: None,
                    financing_closed: Some(false),
                },
                FollowUpFact {
                    months: 3,
                    done_on: d(2026, 8, 5),
                    jobs_kept: None,
                    jobs_created: Some(1),
                    financing_closed: None,
                },
                FollowUpFact {
                    months: 12,
                    done_on: d(2026, 10, 5),
                    jobs_kept: Some(99),
                    jobs_created: Some(99),
                    financing_closed: Some(true),
                },
            ],
            meeting_dates: vec![d(2026, 7, 20), d(2026, 8, 15), d(2026, 10, 1)],
            responses: vec![
                ResponseFact {
                    financier_id: "f1".into(),
                    on_date: d(2026, 8, 20),
                },
                ResponseFact {
                    financier_id: "f1".into(),
                    on_date: d(2026, 9, 1),
                },
                ResponseFact {
                    financier_id: "f9".into(),
                    on_date: d(2026, 1, 1),
                },
            ],
        };
        let f = compute(&facts, from, to);
        assert_eq!(f.cases_in, 4, "a, b, c and later (intake on the last day)");
        assert_eq!(
            f.requested_cents,
            (500_000 + 200_000 + 50_000 + 75_000) * 100
        );
        assert_eq!(f.presented, 2, "a and b; old was presented in March");
        assert_eq!(
            f.outcomes,
            OutcomeCounts {
                financed: 1,
                partly_financed: 1,
                not_financed: 1,
                referred: 0,
                withdrawn: 1,
                total: 4
            }
        );
        assert_eq!(f.success_rate, Some(2.0 / 3.0));
        assert_eq!(f.median_days_to_outcome, Some(60.5), "10, 60, 61, 150");
        assert_eq!(
            f.mobilised_cents,
            1_100_000 * 100,
            "a and old; not later (October)"
        );
        assert_eq!(f.financed_need_cents, 1_500_000 * 100);
        let ct: Vec<(CapitalType, u32, i64, i64)> = f
            .by_capital_type
            .iter()
            .map(|r| {
                (
                    r.capital_type,
                    r.cases_requesting,
                    r.requested_cents / 100,
                    r.mobilised_cents / 100,
                )
            })
            .collect();
        assert_eq!(
            ct,
            vec![
                (CapitalType::SeniorLoan, 3, 775_000, 950_000),
                (CapitalType::SubordinatedLoan, 1, 500_000, 150_000),
                (CapitalType::Microcredit, 1, 50_000, 0),
            ]
        );
        let ft: Vec<(FinancierType, i64, u32, u32)> = f
            .by_financier_type
            .iter()
            .map(|r| {
                (
                    r.financier_type,
                    r.mobilised_cents / 100,
                    r.tranches,
                    r.cases,
                )
            })
            .collect();
        assert_eq!(
            ft,
            vec![
                (FinancierType::Bank, 950_000, 2, 2),
                (FinancierType::Rom, 150_000, 1, 1)
            ]
        );
        let reasons: Vec<(DeclineReason, u32)> = f
            .decline_reasons
            .iter()
            .map(|r| (r.reason, r.count))
            .collect();
        assert_eq!(
            reasons,
            vec![(DeclineReason::Solvency, 2), (DeclineReason::Team, 1)],
            "r1 counts once, with its latest reason"
        );
        assert_eq!(f.declines, 3);
        assert_eq!(f.decline_reasons[0].label_nl, "Solvabiliteit te laag");
        assert_eq!((f.referrals, f.referral_receivers), (2, 1));
        assert_eq!(f.meetings, 2);
        assert_eq!(f.financiers_responding, 1);
        assert_eq!(
            (
                f.follow_ups.totals.done,
                f.follow_ups.totals.jobs_kept,
                f.follow_ups.totals.jobs_created
            ),
            (3, 14, 3),
            "the October follow-up is outside"
        );
        assert_eq!(
            (
                f.follow_ups.totals.financing_closed,
                f.follow_ups.totals.financing_not_closed,
                f.follow_ups.totals.financing_unknown
            ),
            (1, 1, 1)
        );
        assert_eq!(
            f.follow_ups
                .by_moment
                .iter()
                .map(|m| (m.months, m.counts.done))
                .collect::<Vec<_>>(),
            vec![(3, 2), (6, 1)]
        );
        assert_eq!(f.quarters.len(), 1);
        assert_eq!(
            (
                f.quarters[0].label_nl.as_str(),
                f.quarters[0].cases_in,
                f.quarters[0].financed
            ),
            ("K3 2026", 4, 2)
        );
        // Funnel over a, b, c, later: a financed (presented), b presented + positive, c and later nothing.
        assert_eq!(
            f.funnel.iter().map(|s| s.count).collect::<Vec<_>>(),
            vec![4, 2, 2, 1]
        );
    }

    #[test]
    fn the_funnel_never_widens() {
        let mut financed_unrecorded = case("x", d(2026, 1, 5), 1, CaseStatus::Financed);
        financed_unrecorded.outcome_on = Some(d(2026, 2, 1));
        let mut positive_without_table = case("y", d(2026, 1, 6), 1, CaseStatus::Screening);
        positive_without_table.first_positive_on = Some(d(2026, 1, 20));
        let facts = FigureFacts {
            cases: vec![financed_unrecorded, positive_without_table],
            ..Default::default()
        };
        let f = compute(&facts, d(2026, 1, 1), d(2026, 3, 31));
        assert_eq!(
            f.funnel.iter().map(|s| s.count).collect::<Vec<_>>(),
            vec![2, 2, 2, 1]
        );
    }

    #[test]
    fn quarter_rows_split_a_year() {
        let cases = vec![
            case("q1", d(2026, 2, 1), 100, CaseStatus::Intake),
            case("q1b", d(2026, 3, 31), 100, CaseStatus::Intake),
            case("q3", d(2026, 7, 1), 300, CaseStatus::Intake),
            case("q4", d(2026, 12, 31), 400, CaseStatus::Intake),
            case("prev", d(2025, 12, 31), 1, CaseStatus::Intake),
        ];
        let f = compute(
            &FigureFacts {
                cases,
                ..Default::default()
            },
            d(2026, 1, 1),
            d(2026, 12, 31),
        );
        let rows: Vec<(&str, u32, i64)> = f
            .quarters
            .iter()
            .map(|q| (q.label_en.as_str(), q.cases_in, q.requested_cents / 100))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("Q1 2026", 2, 200),
                ("Q2 2026", 0, 0),
                ("Q3 2026", 1, 300),
                ("Q4 2026", 1, 400)
            ]
        );
    }
}
