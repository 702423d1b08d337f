//! Opening report files: created (or appended to) with their missing parent directories, the
//! error naming the file.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::errors::ReportError;

/// Creates (or truncates) the report file at `path`, creating missing parent directories.
pub(crate) fn create_file(path: &Path) -> Result<BufWriter<File>, ReportError> {
    open_file(
        path,
        OpenOptions::new().write(true).create(true).truncate(true),
    )
}

/// Opens the report file at `path` for appending, creating it and missing parent directories.
pub(crate) fn append_file(path: &Path) -> Result<BufWriter<File>, ReportError> {
    open_file(path, OpenOptions::new().append(true).create(true))
}

fn open_file(path: &Path, options: &OpenOptions) -> Result<BufWriter<File>, ReportError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| ReportError::io("create", parent, e))?;
    }
    options
        .open(path)
        .map(BufWriter::new)
        .map_err(|e| ReportError::io("create", path, e))
}

/// Writes a report that is made once, from the whole run (a summary, CTRF), and flushes it.
/// `render` runs only when the file is still to be written: a second `RunFinished` finds
/// nothing left to write to.
pub(crate) fn write_once(
    file: &mut Option<BufWriter<File>>,
    path: &Path,
    render: impl FnOnce() -> Result<Vec<u8>, ReportError>,
) -> Result<(), ReportError> {
    let Some(mut out) = file.take() else {
        return Ok(());
    };
    let bytes = render()?;
    out.write_all(&bytes)
        .and_then(|()| out.flush())
        .map_err(|e| ReportError::io("write", path, e))
}
