//! Channels: the tiers of disclosure, each encrypted to its own recipients.
//!
//! - `table`: what every member may see (the register, anonymised one-pagers, meetings with
//!   anonymised agendas); written by the coordinator.
//! - `org:<financier>`: what one member organisation may see beyond that (the named cases its
//!   consent covers, and notice when that consent ends); written by the coordinator.
//! - `resp:<financier>`: one member organisation's answers; written by that organisation,
//!   read by it and the coordinator only — a bank never holds another bank's answer.

use std::fmt;

use super::identity::Role;
use super::roster::{Roster, RosterMember};

/// One channel.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    /// To every device on the roster.
    Table,
    /// From the coordinator to one member organisation.
    Organisation(String),
    /// From one member organisation to the coordinator.
    Responses(String),
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Channel::Table => write!(f, "table"),
            Channel::Organisation(org) => write!(f, "org:{org}"),
            Channel::Responses(org) => write!(f, "resp:{org}"),
        }
    }
}

impl Channel {
    /// Reads a channel's text form.
    pub fn parse(text: &str) -> Option<Channel> {
        match text.split_once(':') {
            None if text == "table" => Some(Channel::Table),
            Some(("org", org)) if !org.is_empty() => Some(Channel::Organisation(org.to_string())),
            Some(("resp", org)) if !org.is_empty() => Some(Channel::Responses(org.to_string())),
            _ => None,
        }
    }

    /// The devices a channel's envelopes are encrypted to.
    pub fn recipients<'r>(&self, roster: &'r Roster) -> Vec<&'r RosterMember> {
        roster
            .members
            .iter()
            .filter(|m| match self {
                Channel::Table => true,
                Channel::Organisation(org) | Channel::Responses(org) => {
                    m.role == Role::Coordinator || &m.organisation == org
                }
            })
            .collect()
    }

    /// Whether this device may write to the channel.
    pub fn writable_by(&self, member: &RosterMember) -> bool {
        match self {
            Channel::Table | Channel::Organisation(_) => member.role == Role::Coordinator,
            Channel::Responses(org) => member.role == Role::Member && &member.organisation == org,
        }
    }

    /// Whether this device reads the channel.
    pub fn readable_by(&self, member: &RosterMember) -> bool {
        match self {
            Channel::Table => true,
            Channel::Organisation(org) | Channel::Responses(org) => {
                member.role == Role::Coordinator || &member.organisation == org
            }
        }
    }
}
