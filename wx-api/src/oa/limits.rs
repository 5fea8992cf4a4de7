//! The documented size and format limits of uploads, in one table ([`LIMITS`]), checked
//! before any request is sent.
//!
//! | upload | checked size | formats | what WeChat documents |
//! |---|---|---|---|
//! | image (material, temporary media) | 10 MiB | bmp, png, jpeg, jpg, gif | **Conflict:** 10 MB on the current pages; 2 MB on older pages and SDK wikis (the current temporary-media page says both) |
//! | voice (material) | 5 MiB | mp3, wma, wav, amr | **Conflict:** 2 MB and 60 s on the current pages; 5 MB in the old WxJava wiki |
//! | voice (temporary media) | 5 MiB | amr, mp3 | as for voice material |
//! | video (material, temporary media) | 10 MiB | mp4 | 10 MB |
//! | thumb (material, temporary media) | 64 KiB | jpg, jpeg | 64 KB, jpg |
//! | in-article image (`media/uploadimg`) | 1 MiB | jpg, jpeg, png | jpg/png, under 1 MB |
//!
//! **The choice made where the documents conflict:** client-side checks take the more
//! permissive documented value, so that nothing WeChat may accept is rejected here: image
//! 10 MiB (not 2 MB), voice 5 MiB (not 2 MB). Sizes are binary megabytes (MiB), again the
//! more permissive reading of "MB". WeChat's own checks still apply and answer with its size
//! and format codes: 40004 (invalid media type), 40005 (invalid file type), 40006 and
//! 40009..=40012 (invalid file size, by type), 41005 (media data missing), 45001 (too large).
//! Durations (a voice of at most 60 s) are not checked here: that needs decoding the file.
//!
//! The account's library holds at most 100 000 image (and news) materials and 1000 of each
//! other type; in-article images do not count against it.

use wx_core::{Upload, ValidationError};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;

/// What an upload is for; each target has one row in [`LIMITS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UploadTarget {
    /// Permanent material (`material/add_material`) of a type.
    Material(super::material::MediaType),
    /// Temporary media (`media/upload`, 3 days) of a type.
    Temporary(super::material::MediaType),
    /// An image for use inside article HTML (`media/uploadimg`).
    ArticleImage,
}

/// One row of the limits table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaLimit {
    /// The upload this row applies to.
    pub target: UploadTarget,
    /// Largest accepted size in bytes (inclusive).
    pub max_bytes: u64,
    /// Accepted file extensions, lower case.
    pub formats: &'static [&'static str],
}

use super::material::MediaType::{Image, Thumb, Video, Voice};
use UploadTarget::{ArticleImage, Material, Temporary};

/// The limits, one row per [`UploadTarget`]; the table in the [module docs](self) says where
/// each value comes from.
pub const LIMITS: &[MediaLimit] = &[
    MediaLimit {
        target: Material(Image),
        max_bytes: 10 * MIB,
        formats: &["bmp", "png", "jpeg", "jpg", "gif"],
    },
    MediaLimit {
        target: Material(Voice),
        max_bytes: 5 * MIB,
        formats: &["mp3", "wma", "wav", "amr"],
    },
    MediaLimit {
        target: Material(Video),
        max_bytes: 10 * MIB,
        formats: &["mp4"],
    },
    MediaLimit {
        target: Material(Thumb),
        max_bytes: 64 * KIB,
        formats: &["jpg", "jpeg"],
    },
    MediaLimit {
        target: Temporary(Image),
        max_bytes: 10 * MIB,
        formats: &["bmp", "png", "jpeg", "jpg", "gif"],
    },
    MediaLimit {
        target: Temporary(Voice),
        max_bytes: 5 * MIB,
        formats: &["amr", "mp3"],
    },
    MediaLimit {
        target: Temporary(Video),
        max_bytes: 10 * MIB,
        formats: &["mp4"],
    },
    MediaLimit {
        target: Temporary(Thumb),
        max_bytes: 64 * KIB,
        formats: &["jpg", "jpeg"],
    },
    MediaLimit {
        target: ArticleImage,
        max_bytes: MIB,
        formats: &["jpg", "jpeg", "png"],
    },
];

/// The row for a target.
pub fn limit_for(target: UploadTarget) -> &'static MediaLimit {
    LIMITS
        .iter()
        .find(|l| l.target == target)
        .unwrap_or(&LIMITS[0])
}

fn human(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

impl UploadTarget {
    fn label(self) -> String {
        match self {
            Material(t) => format!("{} material", t.as_str()),
            Temporary(t) => format!("temporary {} media", t.as_str()),
            ArticleImage => "in-article image".to_owned(),
        }
    }
}

/// Checks an upload against its target's row: not empty, not over the size, an accepted format.
pub fn check(
    endpoint: &'static str,
    field: &'static str,
    target: UploadTarget,
    upload: &Upload,
) -> Result<(), ValidationError> {
    let limit = limit_for(target);
    let label = target.label();
    if upload.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!("{label} `{}` is empty", upload.filename()),
        ));
    }
    if upload.len() > limit.max_bytes {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!(
                "{label} `{}` is {} bytes, over the {} limit ({} bytes)",
                upload.filename(),
                upload.len(),
                human(limit.max_bytes),
                limit.max_bytes
            ),
        ));
    }
    let ext = upload.extension().unwrap_or_default();
    if !limit.formats.contains(&ext.as_str()) {
        let shown = if ext.is_empty() {
            "no extension".to_owned()
        } else {
            format!("`{ext}`")
        };
        return Err(ValidationError::new(
            endpoint,
            field,
            format!(
                "{label} `{}` has {shown}; accepted formats: {}",
                upload.filename(),
                limit.formats.join(", ")
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_has_exactly_one_row() {
        let types = [Image, Voice, Video, Thumb];
        let targets = types
            .iter()
            .flat_map(|&t| [Material(t), Temporary(t)])
            .chain([ArticleImage]);
        for target in targets {
            assert_eq!(
                LIMITS.iter().filter(|l| l.target == target).count(),
                1,
                "{target:?}"
            );
        }
        assert_eq!(LIMITS.len(), 9);
    }
}
