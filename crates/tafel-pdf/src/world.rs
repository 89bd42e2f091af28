//! The typst `World` of one render: the bundled (or overridden) templates, the bundled
//! fonts, the data file and the files the caller handed in for this render (a meeting pack's
//! documents) — nothing else. No system fonts, no packages, no files from disk.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{Datelike, Local, Timelike};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::{PdfError, Renderer, Template};

/// The virtual path of the data file; `sys.inputs.data` holds it.
pub(crate) const DATA_PATH: &str = "/tafel-data.json";

/// The file id of a path in the project root (`name` with or without a leading slash);
/// `None` for a path typst cannot represent (never for the bundled names).
///
/// Ids are interned process-wide and reused for the same path, so this does not leak.
pub(crate) fn file_id(name: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(name).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One compilation's view of the world.
pub(crate) struct RenderWorld<'a> {
    renderer: &'a Renderer,
    main: FileId,
    data_id: FileId,
    data: Bytes,
    /// The files handed in for this render, by their virtual path's id.
    files: HashMap<FileId, Bytes>,
    /// Template files read from the override folder during this render (or `None` where the
    /// folder has no such file), so a file is read at most once per render.
    overrides: Mutex<HashMap<String, Option<Source>>>,
}

impl<'a> RenderWorld<'a> {
    /// The world for rendering `template` with `data` (the JSON bytes).
    ///
    /// Reads the main template from the override folder up front, so an unreadable override
    /// (or one that is not UTF-8) is reported as such rather than as a compile error.
    pub(crate) fn new(
        renderer: &'a Renderer,
        template: Template,
        data: Bytes,
        files: HashMap<FileId, Bytes>,
    ) -> Result<RenderWorld<'a>, PdfError> {
        let world = RenderWorld {
            renderer,
            main: renderer
                .sources
                .iter()
                .find(|(name, _)| *name == template.file_name())
                .map(|(_, source)| source.id())
                .ok_or(PdfError::Bundle {
                    name: template.file_name(),
                })?,
            data_id: renderer.data_id,
            data,
            files,
            overrides: Mutex::new(HashMap::new()),
        };
        if let Some(path) = world.override_path(template.file_name()) {
            let source = match std::fs::read_to_string(&path) {
                Ok(text) => Some(Source::new(world.main, text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => return Err(PdfError::TemplateOverride { path, source }),
            };
            if let Ok(mut cache) = world.overrides.lock() {
                cache.insert(template.file_name().to_owned(), source);
            }
        }
        Ok(world)
    }

    /// `<dir>/<name>` when an override folder is set.
    fn override_path(&self, name: &str) -> Option<PathBuf> {
        self.renderer
            .template_dir
            .as_ref()
            .map(|dir| dir.join(name))
    }

    /// The bundled file name an id stands for, if it is one of the templates.
    fn template_name(&self, id: FileId) -> Option<&'static str> {
        if *id.root() != VirtualRoot::Project {
            return None;
        }
        let path = id.vpath().get_without_slash();
        self.renderer
            .sources
            .iter()
            .map(|(name, _)| *name)
            .find(|name| *name == path)
    }

    /// The override of a bundled template, read (once per render) from the folder.
    fn override_source(&self, id: FileId, name: &str) -> FileResult<Option<Source>> {
        let Some(path) = self.override_path(name) else {
            return Ok(None);
        };
        let mut cache = self.overrides.lock().map_err(|_| FileError::Other(None))?;
        if let Some(cached) = cache.get(name) {
            return Ok(cached.clone());
        }
        let source = match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
                Some(Source::new(id, text))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(FileError::from_io(e, &path)),
        };
        cache.insert(name.to_owned(), source.clone());
        Ok(source)
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.renderer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.renderer.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let Some(name) = self.template_name(id) else {
            return Err(if id == self.data_id {
                FileError::NotSource
            } else {
                FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
            });
        };
        if let Some(source) = self.override_source(id, name)? {
            return Ok(source);
        }
        self.renderer
            .sources
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, source)| source.clone())
            .ok_or_else(|| FileError::NotFound(PathBuf::from(id.vpath().get_with_slash())))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        self.source(id).map(Bytes::from_string)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.renderer.fonts.get(index).cloned()
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        let date = match offset {
            None => Local::now().naive_local(),
            Some(offset) => {
                let seconds = (offset.hours() * 3600.0).round() as i64;
                chrono::Utc::now().naive_utc() + chrono::Duration::seconds(seconds)
            }
        };
        Datetime::from_ymd(
            date.year(),
            u8::try_from(date.month()).ok()?,
            u8::try_from(date.day()).ok()?,
        )
    }
}

/// The current local time as the PDF's creation date.
pub(crate) fn now_timestamp() -> Option<typst_pdf::Timestamp> {
    let now = Local::now();
    let datetime = Datetime::from_ymd_hms(
        now.year(),
        u8::try_from(now.month()).ok()?,
        u8::try_from(now.day()).ok()?,
        u8::try_from(now.hour()).ok()?,
        u8::try_from(now.minute()).ok()?,
        u8::try_from(now.second()).ok()?,
    )?;
    let offset_minutes = now.offset().local_minus_utc() / 60;
    typst_pdf::Timestamp::new_local(datetime, offset_minutes)
}
