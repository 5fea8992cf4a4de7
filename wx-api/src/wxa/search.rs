//! WeChat Search custom widget: "import sample data" (导入抽样数据). The token must come
//! from the Mini Program's own AppID/AppSecret, hence `app = wxa`.
//!
//! On the wire `query` and `data` are JSON *strings* holding JSON — the most common mistake
//! is sending objects. [`DynamicData`] takes typed values and writes the strings, and splits
//! a batch into pushes of at most 5 KB with the same batch id and increasing `seq`. Each
//! import replaces the previous one: always push the whole set.

use serde::Serialize;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The import endpoint's name in errors, also for checks made outside `validate` (splitting).
const IMPORT: &str = <set_dynamic_data::Request as wx_core::Endpoint>::META.name;

/// Largest body of one push.
pub const MAX_BODY_BYTES: usize = 5 * 1024;
/// Most items in one import.
pub const MAX_ITEMS: usize = 100_000;

/// Import data for a search widget.
#[wx_endpoint(POST "/wxa/setdynamicdata", app = wxa, validate = super::check_import,
    doc = "https://developers.weixin.qq.com/miniprogram/introduction/widget/custom/quickstart/implement/import/")]
pub mod set_dynamic_data {
    pub struct Request {
        /// Seconds the data stays valid; typically 86400 (import once a day).
        pub lifespan: u32,
        /// JSON text `{"type": <service type>}`.
        pub query: String,
        /// 1: data for search.
        pub scene: i32,
        /// JSON text `{"items": [...], "attribute": {...}}`.
        pub data: String,
    }
    pub struct Response {}
}

fn check_import(req: &set_dynamic_data::Request) -> Result<(), ValidationError> {
    for (field, text) in [("query", &req.query), ("data", &req.data)] {
        if !serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_object()) {
            return Err(ValidationError::new(
                IMPORT,
                field,
                "must be a JSON object serialized as a string",
            ));
        }
    }
    let size = body_size(req);
    if size > MAX_BODY_BYTES {
        return Err(ValidationError::new(
            IMPORT,
            "data",
            format!("the body is {size} bytes, over the {MAX_BODY_BYTES}-byte limit of one push"),
        ));
    }
    Ok(())
}

fn body_size(req: &set_dynamic_data::Request) -> usize {
    serde_json::to_vec(req)
        .map(|v| v.len())
        .unwrap_or(usize::MAX)
}

#[derive(Serialize)]
struct Query {
    r#type: u64,
}

#[derive(Serialize)]
struct Attribute<'a> {
    id: &'a str,
    seq: usize,
    count: usize,
    totalcount: usize,
}

#[derive(Serialize)]
struct Data<'a, T> {
    items: &'a [T],
    attribute: Attribute<'a>,
}

/// A batch import: service type, batch id, lifespan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicData {
    /// The service category's type number (e.g. 1000001), sent as a JSON number.
    pub service_type: u64,
    /// The batch id, identical across the pushes of one batch.
    pub batch_id: String,
    /// Seconds the data stays valid; 86400 (one day) unless changed.
    pub lifespan: u32,
}

impl DynamicData {
    /// A batch of a service type with the default lifespan of 86400 s.
    pub fn new(service_type: u64, batch_id: impl Into<String>) -> Self {
        Self {
            service_type,
            batch_id: batch_id.into(),
            lifespan: 86_400,
        }
    }

    /// The pushes of a whole batch: items packed greedily, in order, into bodies of at
    /// most 5 KB. An empty batch is an error: an import replaces the previous data.
    pub fn pushes<T: Serialize>(
        &self,
        items: &[T],
    ) -> Result<Vec<set_dynamic_data::Request>, ValidationError> {
        let err = |m: String| ValidationError::new(IMPORT, "data", m);
        if items.is_empty() {
            return Err(err(
                "no items: each import replaces the previous one, so push the whole set".into(),
            ));
        }
        if items.len() > MAX_ITEMS {
            return Err(err(format!(
                "{} items, over the {MAX_ITEMS} an import may hold",
                items.len()
            )));
        }
        // Each item's size inside the body: its JSON, escaped once more as part of a string.
        let sizes = items
            .iter()
            .map(|item| {
                let json = serde_json::to_string(item).map_err(|e| err(e.to_string()))?;
                let escaped = serde_json::to_string(&json).map_err(|e| err(e.to_string()))?;
                Ok(escaped.len() - 2)
            })
            .collect::<Result<Vec<usize>, ValidationError>>()?;
        // An empty push with the largest seq/count numbers: the fixed part of every body.
        let n = items.len();
        let base = body_size(&self.request::<T>(&[], n, n, n)?);
        let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        while start < items.len() {
            let mut size = base + sizes[start];
            if size > MAX_BODY_BYTES {
                return Err(err(format!(
                    "item {start} takes {} bytes in the body; alone in a push ({base} bytes \
                     around it) that is {size} bytes, over the {MAX_BODY_BYTES}-byte limit",
                    sizes[start]
                )));
            }
            let mut end = start + 1;
            while end < items.len() && size + 1 + sizes[end] <= MAX_BODY_BYTES {
                size += 1 + sizes[end];
                end += 1;
            }
            chunks.push(start..end);
            start = end;
        }
        chunks
            .into_iter()
            .enumerate()
            .map(|(seq, range)| {
                let slice = &items[range];
                let req = self.request(slice, seq, slice.len(), n)?;
                check_import(&req)?;
                Ok(req)
            })
            .collect()
    }

    /// One push carrying `items`, numbered `seq`, announcing `count` items of `total`.
    fn request<T: Serialize>(
        &self,
        items: &[T],
        seq: usize,
        count: usize,
        total: usize,
    ) -> Result<set_dynamic_data::Request, ValidationError> {
        let encode = |e: serde_json::Error| ValidationError::new(IMPORT, "data", e.to_string());
        let data = Data {
            items,
            attribute: Attribute {
                id: &self.batch_id,
                seq,
                count,
                totalcount: total,
            },
        };
        let query = serde_json::to_string(&Query {
            r#type: self.service_type,
        })
        .map_err(encode)?;
        let data = serde_json::to_string(&data).map_err(encode)?;
        Ok(set_dynamic_data::Request::new(
            self.lifespan,
            query,
            1,
            data,
        ))
    }
}
