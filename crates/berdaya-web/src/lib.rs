//! The web application: HTML pages for people, `/api/v1` JSON for programs.

pub mod api;
pub mod assets;
pub mod auth;
pub mod config;
pub mod error;
pub mod html;
pub mod middleware;
pub mod services;
pub mod state;
pub mod storage;
pub mod worker;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use berdaya_store::Db;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::auth::password::Hasher;
use crate::config::Config;
use crate::state::AppState;
use crate::storage::FileStorage;

static METRICS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process-wide Prometheus recorder (installed once, shared by every app in a process).
pub fn metrics_handle() -> Option<PrometheusHandle> {
    METRICS
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok().map(|_| handle)
        })
        .clone()
}

/// The whole app, bound to its port but not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    router: Router,
}

impl Application {
    /// Bind first (port 0 picks a free port, for tests), then wire state and routes.
    pub async fn build(config: Config, db: Db) -> anyhow::Result<Application> {
        config.public_base_url()?;
        let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
        let storage = FileStorage::from_config(&config)?;
        let state = AppState {
            db,
            hasher: Hasher::new(&config.password_cost),
            config: Arc::new(config),
            storage,
            metrics: metrics_handle(),
            counts: Default::default(),
        };
        let router = app_router(state.clone());
        Ok(Application { listener, state, router })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serve until `shutdown` resolves; in-flight requests finish, then the worker stops.
    pub async fn run_until(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let worker = self.state.config.worker.then(|| {
            let env = worker::JobEnv { db: self.state.db.clone(), storage: self.state.storage.clone() };
            tokio::spawn(worker::run(env, worker::Registry::standard(), stop_rx.clone()))
        });
        let mut server_stop = stop_rx.clone();
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = server_stop.wait_for(|v| *v).await;
            })
            .await?;
        if let Some(w) = worker {
            let _ = w.await;
        }
        Ok(())
    }
}

/// All routes with their middleware.
pub fn app_router(state: AppState) -> Router {
    let max_body = state.config.max_body_kib * 1024;
    let max_upload = state.config.max_upload_mib * 1024 * 1024 + 64 * 1024;
    let (api_router, _openapi) = api::router(state.clone());
    Router::new()
        .merge(html::router(max_upload))
        .merge(api_router)
        .merge(assets::router())
        .merge(middleware::ops_router())
        .fallback(api::fallback)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::request_meta))
        .with_state(state)
}
