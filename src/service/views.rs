//! Saved views of the case list: three built in, the rest the user's own.

use crate::domain::{Actor, CaseStatus};
use crate::error::{Error, Result};
use crate::store::{CaseFilter, SavedView, Store};

/// Days ahead the built-in "consent expiring" view looks.
pub const CONSENT_WARNING_DAYS: u32 = 30;

/// The views every table needs: my open cases, waiting for a financier, consent expiring soon.
pub fn builtin_views(me: &str) -> Vec<SavedView> {
    vec![
        SavedView {
            id: "builtin:mine".into(),
            name: "Mijn open casussen".into(),
            filter: CaseFilter {
                owner: Some(me.to_string()),
                open_only: true,
                ..Default::default()
            },
            builtin: true,
        },
        SavedView {
            id: "builtin:waiting".into(),
            name: "Wacht op financier".into(),
            filter: CaseFilter {
                statuses: CaseStatus::WAITING_FOR_FINANCIER.to_vec(),
                ..Default::default()
            },
            builtin: true,
        },
        SavedView {
            id: "builtin:consent".into(),
            name: format!("Toestemming verloopt binnen {CONSENT_WARNING_DAYS} dagen"),
            filter: CaseFilter {
                consent_expiring_within_days: Some(CONSENT_WARNING_DAYS),
                ..Default::default()
            },
            builtin: true,
        },
    ]
}

/// Built-in views first, then the user's own by name.
pub fn list_views(store: &Store, actor: &Actor) -> Result<Vec<SavedView>> {
    let mut views = builtin_views(&actor.author);
    views.extend(store.views().list()?);
    Ok(views)
}

/// Saves the current filter under a name (replacing a view of that name).
pub fn save_view(
    store: &mut Store,
    actor: &Actor,
    name: &str,
    filter: &CaseFilter,
) -> Result<SavedView> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "required",
            "Geef de weergave een naam.",
            "Give the view a name.",
        ));
    }
    if builtin_views(&actor.author)
        .iter()
        .any(|v| v.name.eq_ignore_ascii_case(name))
    {
        return Err(Error::invalid(
            "name",
            "name_builtin",
            format!("\"{name}\" is een vaste weergave; kies een andere naam."),
            format!("\"{name}\" is a built-in view; choose another name."),
        ));
    }
    store.transact(actor, |w| {
        let view = w.views_mut().save(name, filter)?;
        Ok(view)
    })
}

/// Deletes one of the user's views.
pub fn delete_view(store: &mut Store, actor: &Actor, id: &str) -> Result<()> {
    store.transact(actor, |w| {
        w.views_mut().delete(id)?;
        Ok(())
    })
}
