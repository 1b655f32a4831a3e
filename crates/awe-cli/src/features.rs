//! `--features LIST`, shared by `awe validate`, `awe run` and `awe wast`.

use crate::error::{Error, Result};

/// The features a `--features` list gives (every one when there is none).
pub fn parse(list: Option<&str>) -> Result<awe::WasmFeatures> {
    let mut features = awe::WasmFeatures::ALL;
    if let Some(list) = list {
        features
            .apply(list)
            .map_err(|e| Error::msg(format!("--features {list}: {e}")))?;
    }
    Ok(features)
}
