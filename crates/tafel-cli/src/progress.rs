//! Progress of long commands on the terminal: one line on stderr, rewritten in place, only
//! when stderr is a terminal (a script or a pipe sees nothing extra).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tafel::progress::{Phase, Progress, ProgressStep};

/// Redraws at most this often.
const REDRAW: Duration = Duration::from_millis(100);

/// A progress line on stderr; cleared when dropped. Ctrl-C is the cancel: the process ends and
/// the open transaction rolls back.
pub struct Terminal {
    shown: bool,
    last: Mutex<Option<Instant>>,
}

impl Terminal {
    /// A line on stderr when stderr is a terminal, nothing otherwise.
    pub fn new() -> Self {
        Terminal {
            shown: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }
}

fn label(phase: Phase) -> &'static str {
    match phase {
        Phase::Reading => "Bestand lezen",
        Phase::Checking => "Rijen controleren",
        Phase::Saving => "Opslaan",
        Phase::Collecting => "Gegevens verzamelen",
        Phase::Rendering => "PDF opmaken",
        Phase::Verifying => "Controleren",
        Phase::Writing => "Bestand schrijven",
    }
}

impl Progress for Terminal {
    fn report(&self, step: ProgressStep) {
        if !self.shown {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let now = Instant::now();
        let finished = step.total > 0 && step.done >= step.total;
        if last.is_some_and(|at| now.duration_since(at) < REDRAW) && !finished {
            return;
        }
        *last = Some(now);
        let line = if step.total > 0 {
            format!("{}: {} van {}", label(step.phase), step.done, step.total)
        } else {
            format!("{}…", label(step.phase))
        };
        // A progress line that cannot be drawn is no reason to stop the work.
        let _ = write!(std::io::stderr(), "\r\x1b[2K{line}");
    }

    fn is_cancelled(&self) -> bool {
        false
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if self.shown && self.last.lock().is_ok_and(|last| last.is_some()) {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}
