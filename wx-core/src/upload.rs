//! Files for multipart uploads: from bytes, from a path (streamed from disk), or from an
//! async reader of known length (streamed) — never read whole into memory unless given as
//! bytes. Also the multipart body the macro builds for `#[wx(file)]` endpoints.
//!
//! ## Lengths, limits and memory
//!
//! `Upload` is a file with the filename and content type the part needs (from the extension;
//! `with_filename` re-derives it unless `with_content_type` set it): `from_bytes`, `from_path`
//! (streamed from disk, re-opened if the request is resent) or `from_reader(name, len, reader)`
//! (streamed, sent once: after a rejected token the token is refreshed but the request is not
//! resent). Limits are checked against the declared `len`, so a reader is held to it: at most
//! `len` bytes leave, the last one only once the reader is seen to end, and a reader that ends
//! early or holds more fails the request with `Error::Upload` (its `ReaderLengthError` names
//! the file and both lengths) instead of sending a cut file. `Multipart` is the
//! body the macro builds; `reqwest` streams each part with its known length. Measured: a 50 MiB
//! upload raises the process's peak RSS by under 1 MiB from a path and from a reader
//! (the test `tests/tests/it/upload_memory.rs`).
//!
//! All documented size/format limits live in one table, `wx_api::oa::limits::LIMITS`, checked
//! by the endpoints' `validate` functions before anything is sent; the error names the target,
//! the limit, and the actual size or format. `[conflict]` choices are written next to the table
//! (and next to single constants elsewhere, e.g. `wxa::code::MAX_SQUARE_PATH_CHARS`). A test
//! walks every row with an over-size and a bad-format upload and checks that no request at
//! all is made.

use crate::error::Error;
pub use crate::error::ReaderLengthError;
use bytes::Bytes;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};

type BoxReader = Box<dyn AsyncRead + Send + Unpin + 'static>;

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken on first use: a reader can be sent once.
    Reader(Arc<Mutex<Option<BoxReader>>>),
}

/// A file to upload, with the filename and content type WeChat requires on the part.
#[derive(Clone)]
pub struct Upload {
    filename: String,
    content_type: String,
    /// Set by `with_content_type`; otherwise the type follows the filename.
    content_type_explicit: bool,
    len: u64,
    source: Source,
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(_) => "bytes",
            Source::Path(_) => "path",
            Source::Reader(_) => "reader",
        };
        f.debug_struct("Upload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.len)
            .field("source", &source)
            .finish()
    }
}

/// The content type WeChat expects for a file extension (`application/octet-stream` if unknown).
pub fn content_type_for(filename: &str) -> &'static str {
    match extension_of(filename).as_deref() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("bmp") => "image/bmp",
        Some("mp3") => "audio/mpeg",
        Some("wma") => "audio/x-ms-wma",
        Some("wav") => "audio/wav",
        Some("amr") => "audio/amr",
        Some("speex") => "audio/speex",
        Some("mp4") => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Lower-case extension of a file name, without the dot.
pub fn extension_of(filename: &str) -> Option<String> {
    let (stem, ext) = filename.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

impl Upload {
    /// A file held in memory. The content type follows the extension of `filename`.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        let filename = filename.into();
        let bytes = bytes.into();
        Self {
            content_type: content_type_for(&filename).to_owned(),
            content_type_explicit: false,
            len: bytes.len() as u64,
            filename,
            source: Source::Bytes(bytes),
        }
    }

    /// A file on disk, streamed when sent (and re-opened if the request is resent). The
    /// filename and content type come from the path.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|e| Error::Io {
            endpoint: None,
            context: format!("reading the size of {}", path.display()),
            source: e,
        })?;
        if !meta.is_file() {
            return Err(Error::Config(format!("{} is not a file", path.display())));
        }
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "upload".to_owned());
        Ok(Self {
            content_type: content_type_for(&filename).to_owned(),
            content_type_explicit: false,
            filename,
            len: meta.len(),
            source: Source::Path(path.to_owned()),
        })
    }

    /// An async reader of exactly `len` bytes, streamed when sent. It can be sent only once,
    /// so a request carrying it is not resent after a rejected token.
    ///
    /// Size limits are checked against `len`, so the reader is held to it: at most `len`
    /// bytes are sent, and a reader that ends early or holds more fails the request with a
    /// [`ReaderLengthError`] (see [`Error::reader_length`]) instead of sending a cut file.
    pub fn from_reader(
        filename: impl Into<String>,
        len: u64,
        reader: impl AsyncRead + Send + Unpin + 'static,
    ) -> Self {
        let filename = filename.into();
        Self {
            content_type: content_type_for(&filename).to_owned(),
            content_type_explicit: false,
            filename,
            len,
            source: Source::Reader(Arc::new(Mutex::new(Some(Box::new(reader))))),
        }
    }

    /// Overrides the filename sent in the part. The content type follows the new name,
    /// unless it was set with [`Upload::with_content_type`].
    #[must_use]
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        if !self.content_type_explicit {
            self.content_type = content_type_for(&self.filename).to_owned();
        }
        self
    }

    /// Overrides the content type sent in the part (kept by later `with_filename` calls).
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self.content_type_explicit = true;
        self
    }

    /// The filename sent in the part's `Content-Disposition` (WeChat checks its extension
    /// against the media type).
    pub fn filename(&self) -> &str {
        &self.filename
    }
    /// The content type sent in the part: set with
    /// [`with_content_type`](Self::with_content_type), or guessed from the filename's
    /// extension.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }
    /// Size in bytes (declared, for readers).
    pub fn len(&self) -> u64 {
        self.len
    }
    /// Whether the upload has no bytes (WeChat rejects empty files).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Lower-case extension of the filename.
    pub fn extension(&self) -> Option<String> {
        extension_of(&self.filename)
    }
    /// Whether the upload can be sent again (bytes and paths can, readers cannot).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Reader(_))
    }

    async fn to_part(&self, endpoint: &'static str) -> Result<reqwest::multipart::Part, Error> {
        let part = match &self.source {
            Source::Bytes(bytes) => {
                reqwest::multipart::Part::stream_with_length(bytes.clone(), self.len)
            }
            Source::Path(path) => {
                let file = tokio::fs::File::open(path).await.map_err(|e| Error::Io {
                    endpoint: Some(endpoint),
                    context: format!("opening {}", path.display()),
                    source: e,
                })?;
                let stream = tokio_util::io::ReaderStream::new(file);
                reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::wrap_stream(stream),
                    self.len,
                )
            }
            Source::Reader(slot) => {
                let reader = slot
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take()
                    .ok_or_else(|| Error::Encode {
                        endpoint,
                        detail: format!(
                            "the reader behind `{}` was already sent once",
                            self.filename
                        ),
                    })?;
                let exact = ExactReader::new(reader, self.len, &self.filename);
                let stream = tokio_util::io::ReaderStream::new(exact);
                reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::wrap_stream(stream),
                    self.len,
                )
            }
        };
        part.file_name(self.filename.clone())
            .mime_str(&self.content_type)
            .map_err(|e| Error::Encode {
                endpoint,
                detail: format!("content type {:?}: {e}", self.content_type),
            })
    }
}

/// The [`ReaderLengthError`] in an error's chain of sources, if any.
pub(crate) fn find_reader_length<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a ReaderLengthError> {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<ReaderLengthError>() {
            return Some(found);
        }
        // io::Error's `source()` skips the error it wraps: look inside.
        let inner = e
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<ReaderLengthError>());
        if inner.is_some() {
            return inner;
        }
        next = e.source();
    }
    None
}

impl Error {
    /// The streamed reader that broke its declared length, when that is why a request failed.
    pub fn reader_length(&self) -> Option<&ReaderLengthError> {
        match self {
            Error::Upload { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Where an [`ExactReader`] is.
enum Phase {
    /// Passing bytes through, keeping the last one back.
    Body,
    /// All `len` bytes read (the last one, if any, held): the reader must now be at its end.
    Probe {
        last: Option<u8>,
    },
    Done,
}

/// Yields exactly `len` bytes of its reader, or fails. The last byte is held until the
/// reader is seen to end, so that a longer reader fails the request before it completes.
struct ExactReader {
    inner: BoxReader,
    declared: u64,
    remaining: u64,
    filename: String,
    phase: Phase,
}

impl ExactReader {
    fn new(inner: BoxReader, len: u64, filename: &str) -> Self {
        Self {
            inner,
            declared: len,
            remaining: len,
            filename: filename.to_owned(),
            phase: Phase::Body,
        }
    }

    fn fail(&mut self, kind: io::ErrorKind, error: ReaderLengthError) -> io::Error {
        self.phase = Phase::Done;
        io::Error::new(kind, error)
    }

    fn ended_early(&mut self) -> io::Error {
        let error = ReaderLengthError::EndedEarly {
            filename: self.filename.clone(),
            read: self.declared - self.remaining,
            declared: self.declared,
        };
        self.fail(io::ErrorKind::UnexpectedEof, error)
    }

    fn too_long(&mut self) -> io::Error {
        let error = ReaderLengthError::LongerThanDeclared {
            filename: self.filename.clone(),
            declared: self.declared,
        };
        self.fail(io::ErrorKind::InvalidData, error)
    }
}

impl AsyncRead for ExactReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            match this.phase {
                Phase::Done => return Poll::Ready(Ok(())),
                Phase::Body if this.remaining == 0 => this.phase = Phase::Probe { last: None },
                Phase::Body if this.remaining == 1 => {
                    // Ask for two bytes: a second one means the reader is too long.
                    let mut two = [0u8; 2];
                    let mut read = ReadBuf::new(&mut two);
                    ready!(Pin::new(&mut this.inner).poll_read(cx, &mut read))?;
                    match *read.filled() {
                        [] => return Poll::Ready(Err(this.ended_early())),
                        [last] => {
                            this.remaining = 0;
                            this.phase = Phase::Probe { last: Some(last) };
                        }
                        _ => return Poll::Ready(Err(this.too_long())),
                    }
                }
                Phase::Body => {
                    let room = usize::try_from(this.remaining - 1).unwrap_or(usize::MAX);
                    let max = room.min(buf.remaining());
                    if max == 0 {
                        return Poll::Ready(Ok(()));
                    }
                    let mut read = ReadBuf::new(buf.initialize_unfilled_to(max));
                    ready!(Pin::new(&mut this.inner).poll_read(cx, &mut read))?;
                    let n = read.filled().len();
                    if n == 0 {
                        return Poll::Ready(Err(this.ended_early()));
                    }
                    buf.advance(n);
                    this.remaining -= n as u64;
                    return Poll::Ready(Ok(()));
                }
                Phase::Probe { last } => {
                    if last.is_some() && buf.remaining() == 0 {
                        return Poll::Ready(Ok(()));
                    }
                    let mut one = [0u8; 1];
                    let mut read = ReadBuf::new(&mut one);
                    ready!(Pin::new(&mut this.inner).poll_read(cx, &mut read))?;
                    if !read.filled().is_empty() {
                        return Poll::Ready(Err(this.too_long()));
                    }
                    this.phase = Phase::Done;
                    if let Some(byte) = last {
                        buf.put_slice(&[byte]);
                    }
                    return Poll::Ready(Ok(()));
                }
            }
        }
    }
}

/// One part of a multipart body. `Debug` shows a text part's length, not its text (it may
/// be a credential).
#[derive(Clone)]
pub enum FormPart {
    /// A file part (`filename` and `Content-Type` from the [`Upload`]).
    File {
        /// The form field's name (`media`).
        name: &'static str,
        /// The file's bytes, path or reader, with its filename and content type.
        upload: Upload,
    },
    /// A text part: strings as they are, other values as JSON text.
    Text {
        /// The form field's name (`description`).
        name: &'static str,
        /// The part's text.
        value: String,
    },
}

impl fmt::Debug for FormPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormPart::File { name, upload } => f
                .debug_struct("File")
                .field("name", name)
                .field("upload", upload)
                .finish(),
            FormPart::Text { name, value } => f
                .debug_struct("Text")
                .field("name", name)
                .field("len", &value.len())
                .finish(),
        }
    }
}

/// A `multipart/form-data` body, as built by `#[wx_endpoint]` for `#[wx(file)]` fields.
#[derive(Debug, Clone)]
pub struct Multipart {
    endpoint: &'static str,
    parts: Vec<FormPart>,
}

impl Multipart {
    /// An empty form for the endpoint named `endpoint` (named in its encode errors).
    pub fn new(endpoint: &'static str) -> Self {
        Self {
            endpoint,
            parts: Vec::new(),
        }
    }

    /// Adds a file part named `name` (the upload is cloned: bytes are shared, a path is
    /// opened when the request is sent).
    pub fn file(&mut self, name: &'static str, upload: &Upload) {
        self.parts.push(FormPart::File {
            name,
            upload: upload.clone(),
        });
    }

    /// Adds a text part; `None`/`null` values add nothing. Strings go as they are, other
    /// values as JSON text (fields in declaration order).
    pub fn text<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let encode_err = |e: serde_json::Error| Error::Encode {
            endpoint: self.endpoint,
            detail: format!("form part `{name}`: {e}"),
        };
        let json = serde_json::to_string(value).map_err(encode_err)?;
        let text = match json.as_bytes().first() {
            Some(b'n') if json == "null" => return Ok(()),
            Some(b'"') => serde_json::from_str::<String>(&json).map_err(encode_err)?,
            _ => json,
        };
        self.parts.push(FormPart::Text { name, value: text });
        Ok(())
    }

    /// The parts, in the order they were added (the order they are sent in).
    pub fn parts(&self) -> &[FormPart] {
        &self.parts
    }

    /// Whether the form can be sent again: false when a part streams from a reader, which
    /// is consumed by the first attempt (the client then does not resend after a
    /// rejected token).
    pub fn is_replayable(&self) -> bool {
        self.parts.iter().all(|p| match p {
            FormPart::File { upload, .. } => upload.is_replayable(),
            FormPart::Text { .. } => true,
        })
    }

    pub(crate) async fn to_form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            form = match part {
                FormPart::File { name, upload } => {
                    form.part(*name, upload.to_part(self.endpoint).await?)
                }
                FormPart::Text { name, value } => form.text(*name, value.clone()),
            };
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    async fn read_exact_reader(data: &'static [u8], len: u64, chunk: usize) -> io::Result<Vec<u8>> {
        let inner: BoxReader = Box::new(tokio::io::BufReader::with_capacity(chunk, data));
        let mut out = Vec::new();
        ExactReader::new(inner, len, "f.bin")
            .read_to_end(&mut out)
            .await
            .map(|_| out)
    }

    fn length_error(e: &io::Error) -> Option<&ReaderLengthError> {
        find_reader_length(e)
    }

    #[tokio::test]
    async fn exact_reader_passes_exactly_len_bytes_in_any_chunking() {
        for chunk in [1, 2, 3, 7, 4096] {
            for len in [0usize, 1, 2, 5, 100] {
                let data: &'static [u8] = Box::leak(vec![9u8; len].into_boxed_slice());
                let out = read_exact_reader(data, len as u64, chunk).await;
                assert_eq!(out.expect("exact").len(), len, "chunk {chunk} len {len}");
            }
        }
    }

    #[tokio::test]
    async fn exact_reader_refuses_short_and_long_readers() {
        for chunk in [1, 3, 4096] {
            let short = read_exact_reader(&[1u8; 10], 1000, chunk)
                .await
                .expect_err("short");
            assert_eq!(
                length_error(&short),
                Some(&ReaderLengthError::EndedEarly {
                    filename: "f.bin".into(),
                    read: 10,
                    declared: 1000
                }),
                "chunk {chunk}"
            );
            for (len, declared) in [(11usize, 10u64), (2, 1), (1, 0), (5000, 100)] {
                let data: &'static [u8] = Box::leak(vec![1u8; len].into_boxed_slice());
                let long = read_exact_reader(data, declared, chunk)
                    .await
                    .expect_err("long");
                assert_eq!(
                    length_error(&long),
                    Some(&ReaderLengthError::LongerThanDeclared {
                        filename: "f.bin".into(),
                        declared
                    }),
                    "chunk {chunk}, {len} bytes declared {declared}"
                );
            }
        }
    }

    #[test]
    fn with_filename_follows_the_name_unless_the_type_was_set() {
        let renamed = Upload::from_bytes("raw.bin", vec![1u8]).with_filename("logo.png");
        assert_eq!(renamed.content_type(), "image/png");
        let pinned = Upload::from_bytes("raw.bin", vec![1u8])
            .with_content_type("image/x-custom")
            .with_filename("logo.png");
        assert_eq!(pinned.content_type(), "image/x-custom");
        assert_eq!(pinned.filename(), "logo.png");
    }
}
