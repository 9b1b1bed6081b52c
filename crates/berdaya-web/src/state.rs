use std::sync::Arc;

use berdaya_store::Db;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::auth::password::Hasher;
use crate::config::Config;
use crate::storage::FileStorage;

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub storage: FileStorage,
    pub hasher: Hasher,
    pub metrics: Option<PrometheusHandle>,
    /// Row counts shown on list pages, per scope, with when they were counted.
    pub counts: Arc<std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, i64)>>>,
}
