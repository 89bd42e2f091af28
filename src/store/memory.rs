//! Giving memory back while the window waits: the page cache keeps the pages the case list's
//! searches read decrypted (up to 64 MiB, see [`super::DEFAULT_PAGE_CACHE_MIB`]), which makes
//! the next keystroke fast but holds the memory as long as the process runs. The desktop shell
//! calls [`Store::release_memory`] once the window has been idle a moment.

use super::Store;
use crate::error::Result;

impl Store {
    /// Frees the pages this connection's cache holds and no statement uses
    /// (`sqlite3_db_release_memory`, as `PRAGMA shrink_memory`). The next queries read their
    /// pages from the file again (and decrypt them): their first run is slower, the results the
    /// same. The C library may keep the freed heap for later allocations; the desktop shell
    /// asks glibc to return it.
    pub fn release_memory(&self) -> Result<()> {
        self.conn.release_memory()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{DbKey, Store};

    #[test]
    fn reads_go_on_after_the_page_cache_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::parse("8f3b6c1d2e4a59607182930a1b2c3d4e5f60718293a4b5c6d7e8f90112233445")
            .unwrap();
        let store = Store::open(&dir.path().join("tafel.db"), &key).unwrap();
        let count = store.cases().count().unwrap();
        store.release_memory().unwrap();
        assert_eq!(
            store.cases().count().unwrap(),
            count,
            "read again from the file"
        );
        store.release_memory().unwrap();
    }
}
