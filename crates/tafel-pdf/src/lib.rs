//! PDF documents for Tafel: JSON data + a typst template → PDF bytes, in-process.
//!
//! Three layouts ship with the crate ([`Template`]): a case summary, a meeting pack (agenda
//! plus an anonymised one-pager per case) and a period report. The templates and the Lato
//! fonts are embedded in the binary (`assets/templates/`, `assets/fonts/`), so nothing is
//! read from disk at run time unless [`Renderer::with_template_dir`] names a folder whose
//! `<name>.typ` files override the bundled ones.
//!
//! # How the data reaches a template
//!
//! [`Renderer::render`] serialises the `serde_json::Value` once and serves it to typst as a
//! virtual file, `/tafel-data.json`. Every compilation sees `sys.inputs.data` set to that
//! path, and each template starts with
//!
//! ```typst
//! #let data = json(sys.inputs.at("data", default: "case-summary.sample.json"))
//! ```
//!
//! The typst CLI takes the same route: `typst compile case-summary.typ` previews the sample
//! beside the template, `typst compile --input data=my-case.json case-summary.typ` previews
//! other data. All values arrive pre-formatted as strings; a template only lays them out.
//!
//! # Threads and memory
//!
//! [`Renderer`] is `Send + Sync`; one instance can serve concurrent renders. typst memoises
//! work in a process-wide cache; every render ends with `comemo::evict` so the cache does not
//! grow with the number of documents rendered.

mod world;

use std::fmt;
use std::path::PathBuf;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Dict, Str, Value};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::world::{DATA_PATH, RenderWorld};

/// Which layout to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// `case-summary.typ`: one case on 1–3 A4 pages (facts, company, matches, plan,
    /// responses, referrals, financing package, timeline); anonymised when the data says so.
    CaseSummary,
    /// `meeting-pack.typ`: a table meeting's agenda, then one anonymised page per case.
    MeetingPack,
    /// `report.typ`: the table's figures for a period (KPI tiles, bar and funnel charts,
    /// tables).
    Report,
}

impl Template {
    /// Every template, in a fixed order.
    pub const ALL: [Template; 3] = [
        Template::CaseSummary,
        Template::MeetingPack,
        Template::Report,
    ];

    /// The template's name: its file is `<name>.typ`, its sample data `<name>.sample.json`.
    pub fn name(self) -> &'static str {
        match self {
            Template::CaseSummary => "case-summary",
            Template::MeetingPack => "meeting-pack",
            Template::Report => "report",
        }
    }

    /// The template's file name, e.g. `case-summary.typ`.
    pub fn file_name(self) -> &'static str {
        match self {
            Template::CaseSummary => "case-summary.typ",
            Template::MeetingPack => "meeting-pack.typ",
            Template::Report => "report.typ",
        }
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

/// One message of the typst compiler or PDF exporter, located in a template file where
/// typst knows the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The template file the message points into (e.g. `common.typ`), if any.
    pub file: Option<String>,
    /// 1-based line in `file`, if known.
    pub line: Option<usize>,
    /// 1-based column (in characters) in `file`, if known.
    pub column: Option<usize>,
    /// What typst says is wrong.
    pub message: String,
    /// typst's hints on how to fix it, and the chain of calls that led to it
    /// (`in call to function x at common.typ:12`).
    pub hints: Vec<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(col)) => write!(f, "{file}:{line}:{col}: ")?,
            (Some(file), Some(line), None) => write!(f, "{file}:{line}: ")?,
            (Some(file), None, _) => write!(f, "{file}: ")?,
            (None, _, _) => {}
        }
        f.write_str(&self.message)?;
        for hint in &self.hints {
            write!(f, "\n  {hint}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics, one per line, for error messages.
struct DiagnosticList<'a>(&'a [Diagnostic]);

impl fmt::Display for DiagnosticList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The template (or a file it imports, or the data as the template uses it) did not
    /// compile; the diagnostics say where and why.
    #[error("template {template} could not be compiled:\n{}", DiagnosticList(.diagnostics))]
    Template {
        /// The template that was rendered.
        template: Template,
        /// typst's errors, in source order.
        diagnostics: Vec<Diagnostic>,
    },
    /// The document compiled, but the PDF exporter refused it.
    #[error("template {template} compiled, but the PDF export failed:\n{}", DiagnosticList(.diagnostics))]
    Export {
        /// The template that was rendered.
        template: Template,
        /// The exporter's errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// The data could not be written as JSON (only a `serde_json::Value` with an invalid
    /// number could do that).
    #[error("the data for template {template} could not be written as JSON: {source}")]
    Data {
        /// The template that was rendered.
        template: Template,
        /// serde_json's error.
        #[source]
        source: serde_json::Error,
    },
    /// A template in the override folder exists but could not be read (or is not UTF-8).
    #[error("template override {} could not be read: {source}", .path.display())]
    TemplateOverride {
        /// The file that could not be read.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A bundled font or template could not be loaded (a broken build, not a user error).
    #[error("bundled file {name} could not be loaded")]
    Bundle {
        /// The file's name.
        name: &'static str,
    },
}

/// The bundled templates, by file name (paths are relative to the template folder).
pub(crate) const BUNDLED_TEMPLATES: [(&str, &str); 4] = [
    (
        "common.typ",
        include_str!("../../../assets/templates/common.typ"),
    ),
    (
        "case-summary.typ",
        include_str!("../../../assets/templates/case-summary.typ"),
    ),
    (
        "meeting-pack.typ",
        include_str!("../../../assets/templates/meeting-pack.typ"),
    ),
    (
        "report.typ",
        include_str!("../../../assets/templates/report.typ"),
    ),
];

/// The bundled fonts (Lato, SIL Open Font License 1.1, see `assets/fonts/LICENSE-Lato.txt`).
const BUNDLED_FONTS: [(&str, &[u8]); 4] = [
    (
        "Lato-Regular.ttf",
        include_bytes!("../../../assets/fonts/Lato-Regular.ttf"),
    ),
    (
        "Lato-Bold.ttf",
        include_bytes!("../../../assets/fonts/Lato-Bold.ttf"),
    ),
    (
        "Lato-Italic.ttf",
        include_bytes!("../../../assets/fonts/Lato-Italic.ttf"),
    ),
    (
        "Lato-BoldItalic.ttf",
        include_bytes!("../../../assets/fonts/Lato-BoldItalic.ttf"),
    ),
];

/// Turns JSON data into PDFs with the bundled (or overridden) templates.
///
/// Fonts and the bundled templates are parsed once, in [`Renderer::new`]; a render only
/// compiles and exports.
/// `Send + Sync`: keep one in the application state and share it.
pub struct Renderer {
    /// The standard library, with `sys.inputs.data` pointing at the data file.
    library: LazyHash<Library>,
    /// Metadata of the bundled fonts.
    book: LazyHash<FontBook>,
    /// The bundled fonts, in the book's order.
    fonts: Vec<Font>,
    /// The bundled templates, parsed, by file name.
    sources: Vec<(&'static str, Source)>,
    /// The id of the data file.
    data_id: FileId,
    /// The override folder, if any.
    template_dir: Option<PathBuf>,
}

impl fmt::Debug for Renderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Renderer")
            .field("fonts", &self.fonts.len())
            .field("template_dir", &self.template_dir)
            .finish_non_exhaustive()
    }
}

impl Renderer {
    /// Bundled templates and fonts (embedded with `include_bytes!`/`include_str!` from
    /// `assets/`, so the binary needs no files at run time).
    pub fn new() -> Result<Renderer, PdfError> {
        Renderer::with_template_dir(None)
    }

    /// Same, but a `<dir>/<name>.typ` present in `dir` overrides the bundled template of that
    /// name (so a coordinator can adjust a layout without rebuilding). Missing dir = bundled
    /// only.
    ///
    /// The folder is looked at on every render, so an edited template takes effect with the
    /// next document. `common.typ` (the pieces the templates share) can be overridden the
    /// same way. Only `.typ` files with the bundled names are read from the folder; images,
    /// packages and other files are not served.
    pub fn with_template_dir(dir: Option<PathBuf>) -> Result<Renderer, PdfError> {
        let mut fonts = Vec::new();
        for (name, data) in BUNDLED_FONTS {
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(data)));
            if fonts.len() == before {
                return Err(PdfError::Bundle { name });
            }
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));

        let mut inputs = Dict::new();
        inputs.insert(Str::from("data"), Value::Str(Str::from(DATA_PATH)));
        let library = LazyHash::new(Library::builder().with_inputs(inputs).build());

        let mut sources = Vec::new();
        for (name, text) in BUNDLED_TEMPLATES {
            let id = world::file_id(name).ok_or(PdfError::Bundle { name })?;
            sources.push((name, Source::new(id, text.to_owned())));
        }
        let data_id = world::file_id(DATA_PATH).ok_or(PdfError::Bundle { name: DATA_PATH })?;

        Ok(Renderer {
            library,
            book,
            fonts,
            sources,
            data_id,
            template_dir: dir,
        })
    }

    /// Renders one PDF. `data` is handed to the template as a virtual JSON file whose path is
    /// in `sys.inputs.data` (see the crate documentation).
    pub fn render(
        &self,
        template: Template,
        data: &serde_json::Value,
    ) -> Result<Vec<u8>, PdfError> {
        self.render_with_files(template, data, &[])
    }

    /// Renders one PDF with `files` readable by the template at their paths (`/name`, as
    /// given): a meeting pack's documents, placed as images or attached. Nothing else of the
    /// disk is readable.
    pub fn render_with_files(
        &self,
        template: Template,
        data: &serde_json::Value,
        files: &[(String, Vec<u8>)],
    ) -> Result<Vec<u8>, PdfError> {
        let result = self
            .render_inner(template, data, files)
            .map(|(pdf, _warnings)| pdf);
        // typst memoises across compilations; keep what the last few renders used (fonts,
        // the library, unchanged template parts) and drop the rest so memory stays flat.
        typst::comemo::evict(EVICT_MAX_AGE);
        result
    }

    /// Compiles and exports; returns the PDF and typst's warnings.
    fn render_inner(
        &self,
        template: Template,
        data: &serde_json::Value,
        files: &[(String, Vec<u8>)],
    ) -> Result<(Vec<u8>, Vec<Diagnostic>), PdfError> {
        let json =
            serde_json::to_vec(data).map_err(|source| PdfError::Data { template, source })?;
        let files = files
            .iter()
            .filter_map(|(name, bytes)| {
                world::file_id(name).map(|id| (id, Bytes::new(bytes.clone())))
            })
            .collect();
        let world = RenderWorld::new(self, template, Bytes::new(json), files)?;

        let warned = typst::compile::<PagedDocument>(&world);
        let warnings = warned
            .warnings
            .iter()
            .map(|d| diagnostic(&world, d))
            .collect();
        let document = warned.output.map_err(|errors| PdfError::Template {
            template,
            diagnostics: errors.iter().map(|d| diagnostic(&world, d)).collect(),
        })?;

        let options = typst_pdf::PdfOptions {
            timestamp: world::now_timestamp(),
            ..typst_pdf::PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export {
            template,
            diagnostics: errors.iter().map(|d| diagnostic(&world, d)).collect(),
        })?;
        Ok((pdf, warnings))
    }
}

/// How many renders an unused memo-cache entry survives (`comemo::evict`).
const EVICT_MAX_AGE: usize = 2;

/// Converts a typst diagnostic into ours, resolving its span to file, line and column.
fn diagnostic(world: &RenderWorld<'_>, d: &SourceDiagnostic) -> Diagnostic {
    let (file, line, column) = locate(world, d.span);
    let mut hints: Vec<String> = d.hints.iter().map(|h| format!("hint: {}", h.v)).collect();
    for point in &d.trace {
        let (file, line, _) = locate(world, point.span.into());
        let place = match (file, line) {
            (Some(file), Some(line)) => format!(" ({file}:{line})"),
            (Some(file), None) => format!(" ({file})"),
            _ => String::new(),
        };
        hints.push(format!("{}{place}", point.v));
    }
    let mut message = d.message.to_string();
    if d.severity == Severity::Warning {
        message.insert_str(0, "warning: ");
    }
    Diagnostic {
        file,
        line,
        column,
        message,
        hints,
    }
}

/// File name, 1-based line and column of a span, as far as they are known.
fn locate(
    world: &RenderWorld<'_>,
    span: typst::syntax::DiagSpan,
) -> (Option<String>, Option<usize>, Option<usize>) {
    let Some(id) = span.id() else {
        return (None, None, None);
    };
    let file = Some(display_name(id));
    let Some(range) = world.range(span) else {
        return (file, None, None);
    };
    let Ok(source) = world.source(id) else {
        return (file, None, None);
    };
    match source.lines().byte_to_line_column(range.start) {
        Some((line, col)) => (file, Some(line + 1), Some(col + 1)),
        None => (file, None, None),
    }
}

/// The name a template author knows a file by (`common.typ`, not `/common.typ`).
fn display_name(id: FileId) -> String {
    id.vpath().get_without_slash().to_owned()
}

/// Compile-time check that a renderer can live in shared application state.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
};

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(template: Template) -> serde_json::Value {
        let path = format!(
            "{}/../../assets/templates/{}.sample.json",
            env!("CARGO_MANIFEST_DIR"),
            template.name()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn bundled_templates_compile_without_warnings() {
        let renderer = Renderer::new().unwrap();
        for template in Template::ALL {
            let (pdf, warnings) = renderer
                .render_inner(template, &sample(template), &[])
                .unwrap();
            assert!(pdf.starts_with(b"%PDF"));
            assert!(
                warnings.is_empty(),
                "{template}: {}",
                DiagnosticList(&warnings)
            );
        }
    }
}
