//! Files for multipart uploads: from bytes, from a path (streamed from disk), or from an
//! async reader of known length (streamed) — never read whole into memory unless given as
//! bytes. Also the multipart body the macro builds for `#[wx(file)]` endpoints.

use crate::error::Error;
use bytes::Bytes;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::io::AsyncRead;

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
            filename,
            len: meta.len(),
            source: Source::Path(path.to_owned()),
        })
    }

    /// An async reader of `len` bytes, streamed when sent. It can be sent only once, so a
    /// request carrying it is not resent after a rejected token.
    pub fn from_reader(
        filename: impl Into<String>,
        len: u64,
        reader: impl AsyncRead + Send + Unpin + 'static,
    ) -> Self {
        let filename = filename.into();
        Self {
            content_type: content_type_for(&filename).to_owned(),
            filename,
            len,
            source: Source::Reader(Arc::new(Mutex::new(Some(Box::new(reader))))),
        }
    }

    /// Overrides the filename sent in the part (the content type is kept).
    #[must_use]
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }

    /// Overrides the content type sent in the part.
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    pub fn filename(&self) -> &str {
        &self.filename
    }
    pub fn content_type(&self) -> &str {
        &self.content_type
    }
    /// Size in bytes (declared, for readers).
    pub fn len(&self) -> u64 {
        self.len
    }
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
                    context: format!("{endpoint}: opening {}", path.display()),
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
                let stream = tokio_util::io::ReaderStream::new(reader);
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

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub enum FormPart {
    File {
        name: &'static str,
        upload: Upload,
    },
    /// A text part: strings as they are, other values as JSON text.
    Text {
        name: &'static str,
        value: String,
    },
}

/// A `multipart/form-data` body, as built by `#[wx_endpoint]` for `#[wx(file)]` fields.
#[derive(Debug, Clone)]
pub struct Multipart {
    endpoint: &'static str,
    parts: Vec<FormPart>,
}

impl Multipart {
    pub fn new(endpoint: &'static str) -> Self {
        Self {
            endpoint,
            parts: Vec::new(),
        }
    }

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

    pub fn parts(&self) -> &[FormPart] {
        &self.parts
    }

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
