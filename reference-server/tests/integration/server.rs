//! `spawn` / `spawn_on` / `RunningServer` over real sockets.

use std::net::{Ipv4Addr, SocketAddr};

use reference_server::{spawn, spawn_on, ServerConfig, ServerError};
use serde_json::Value;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn spawn_serves_on_an_ephemeral_loopback_port_under_v1() {
    let server = spawn(ServerConfig::for_tests()).await.unwrap();
    let addr = server.addr();
    assert_eq!(addr.ip(), Ipv4Addr::LOCALHOST);
    assert_ne!(addr.port(), 0);
    assert_eq!(server.url(), format!("http://127.0.0.1:{}/v1", addr.port()));
    let client = client();
    let health: Value = client
        .get(format!("{}/healthz", server.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, "OK");
    drop(client);
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn drop_stops_accepting() {
    let server = spawn(ServerConfig::for_tests()).await.unwrap();
    let addr = server.addr();
    drop(server);
    // The listener is closed once the server task has observed the signal; poll the task's end
    // by retrying a bounded number of times on yields, without sleeping.
    let mut closed = false;
    for _ in 0..10_000 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            closed = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(closed, "server still accepting after drop");
}

#[tokio::test]
async fn spawn_on_a_taken_port_is_a_bind_error() {
    let taken = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = taken.local_addr().unwrap();
    let err = spawn_on(ServerConfig::for_tests(), addr).await.unwrap_err();
    assert!(matches!(err, ServerError::Bind { .. }), "{err}");
    assert!(err
        .to_string()
        .starts_with(&format!("failed to bind {addr}: ")));
}

#[tokio::test]
async fn spawn_validates_the_config() {
    let config = ServerConfig {
        password_hash_cost: 99,
        ..ServerConfig::for_tests()
    };
    let err = spawn_on(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .unwrap_err();
    assert!(matches!(err, ServerError::InvalidConfig(_)), "{err}");
}
