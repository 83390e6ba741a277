//! Image references: `[registry[:port]/]repository[:tag][@digest]`.

/// The parts of an image reference that matter here.
pub struct ImageRef<'a> {
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

/// `[registry[:port]/]repository[:tag][@digest]`.
pub fn parse_image(image: &str) -> ImageRef<'_> {
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    // A `:` after the last `/` starts the tag; one before it is a registry's port.
    let last = name.rsplit('/').next().unwrap_or(name);
    ImageRef { tag: last.split_once(':').map(|(_, tag)| tag), digest }
}
