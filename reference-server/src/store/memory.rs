//! The in-memory store. The main type is [`MemoryStore`].

use std::collections::HashMap;

use parking_lot::Mutex;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors::StoreError;
use crate::store::{RefreshTokenRecord, Store, TokenHash, UserRecord};

/// A [`Store`] in process memory, behind one mutex (every method is atomic).
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    users: Vec<UserRecord>,
    by_id: HashMap<Uuid, usize>,
    by_email_key: HashMap<String, usize>,
    tokens: HashMap<TokenHash, RefreshTokenRecord>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many refresh tokens are stored (valid or not).
    pub fn refresh_token_count(&self) -> usize {
        self.inner.lock().tokens.len()
    }
}

impl Store for MemoryStore {
    fn insert_user(&self, user: UserRecord) -> Result<(), StoreError> {
        let mut inner = self.inner.lock();
        if inner.by_id.contains_key(&user.id) {
            return Err(StoreError::DuplicateId);
        }
        if let Some(key) = &user.email_key {
            if inner.by_email_key.contains_key(key) {
                return Err(StoreError::EmailTaken);
            }
        }
        let index = inner.users.len();
        inner.by_id.insert(user.id, index);
        if let Some(key) = &user.email_key {
            inner.by_email_key.insert(key.clone(), index);
        }
        inner.users.push(user);
        Ok(())
    }

    fn user_by_id(&self, id: Uuid) -> Option<UserRecord> {
        let inner = self.inner.lock();
        inner.by_id.get(&id).map(|&i| inner.users[i].clone())
    }

    fn user_by_email_key(&self, email_key: &str) -> Option<UserRecord> {
        let inner = self.inner.lock();
        inner
            .by_email_key
            .get(email_key)
            .map(|&i| inner.users[i].clone())
    }

    fn users(&self) -> Vec<UserRecord> {
        self.inner.lock().users.clone()
    }

    fn insert_refresh_token(&self, token: RefreshTokenRecord) {
        self.inner
            .lock()
            .tokens
            .insert(token.token_hash.clone(), token);
    }

    fn refresh_token(&self, hash: &TokenHash, now: OffsetDateTime) -> Option<RefreshTokenRecord> {
        let inner = self.inner.lock();
        inner
            .tokens
            .get(hash)
            .filter(|t| t.expires_at > now)
            .cloned()
    }

    fn rotate_refresh_token(
        &self,
        hash: &TokenHash,
        now: OffsetDateTime,
        replace: &mut dyn FnMut(&RefreshTokenRecord) -> RefreshTokenRecord,
    ) -> Option<RefreshTokenRecord> {
        let mut inner = self.inner.lock();
        let old = inner
            .tokens
            .get(hash)
            .filter(|t| t.expires_at > now)?
            .clone();
        inner.tokens.remove(hash);
        let new = replace(&old);
        inner.tokens.insert(new.token_hash.clone(), new.clone());
        Some(new)
    }

    fn delete_refresh_token(&self, hash: &TokenHash) -> bool {
        self.inner.lock().tokens.remove(hash).is_some()
    }

    fn delete_user_refresh_tokens(&self, user_id: Uuid) -> usize {
        let mut inner = self.inner.lock();
        let before = inner.tokens.len();
        inner.tokens.retain(|_, t| t.user_id != user_id);
        before - inner.tokens.len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    fn user(email_key: Option<&str>) -> UserRecord {
        UserRecord {
            id: Uuid::new_v4(),
            email: email_key.map(str::to_owned),
            email_key: email_key.map(str::to_owned),
            password_hash: None,
            display_name: "x".into(),
            locale: "en".into(),
            default_role: "user".into(),
            roles: vec!["user".into()],
            metadata: None,
            is_anonymous: email_key.is_none(),
            email_verified: false,
            disabled: false,
            created_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn token(hash: &str, user_id: Uuid, expires_at: OffsetDateTime) -> RefreshTokenRecord {
        RefreshTokenRecord {
            id: Uuid::new_v4(),
            token_hash: TokenHash(hash.into()),
            user_id,
            expires_at,
        }
    }

    #[test]
    fn email_keys_are_unique() {
        let store = MemoryStore::new();
        store.insert_user(user(Some("a@x.io"))).unwrap();
        assert_eq!(
            store.insert_user(user(Some("a@x.io"))),
            Err(StoreError::EmailTaken)
        );
        store.insert_user(user(None)).unwrap();
        store.insert_user(user(None)).unwrap();
        assert_eq!(store.users().len(), 3);
    }

    #[test]
    fn expired_tokens_are_invisible_and_not_rotated() {
        let store = MemoryStore::new();
        let now = OffsetDateTime::UNIX_EPOCH + Duration::from_secs(100);
        let owner = Uuid::new_v4();
        store.insert_refresh_token(token("old", owner, now - Duration::from_secs(1)));
        assert!(store.refresh_token(&TokenHash("old".into()), now).is_none());
        let rotated = store.rotate_refresh_token(&TokenHash("old".into()), now, &mut |old| {
            token("new", old.user_id, old.expires_at)
        });
        assert!(rotated.is_none());
    }

    #[test]
    fn concurrent_rotations_of_one_token_succeed_at_most_once() {
        let store = Arc::new(MemoryStore::new());
        let now = OffsetDateTime::UNIX_EPOCH;
        let owner = Uuid::new_v4();
        store.insert_refresh_token(token("t0", owner, now + Duration::from_secs(60)));
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let store = Arc::clone(&store);
                std::thread::spawn(move || {
                    store
                        .rotate_refresh_token(&TokenHash("t0".into()), now, &mut |old| {
                            token(&format!("t{}", i + 1), old.user_id, old.expires_at)
                        })
                        .is_some()
                })
            })
            .collect();
        let wins = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|won| *won)
            .count();
        assert_eq!(wins, 1);
        assert_eq!(store.refresh_token_count(), 1);
    }

    #[test]
    fn delete_user_tokens_leaves_others() {
        let store = MemoryStore::new();
        let now = OffsetDateTime::UNIX_EPOCH;
        let later = now + Duration::from_secs(60);
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        store.insert_refresh_token(token("a1", a, later));
        store.insert_refresh_token(token("a2", a, later));
        store.insert_refresh_token(token("b1", b, later));
        assert_eq!(store.delete_user_refresh_tokens(a), 2);
        assert!(store.refresh_token(&TokenHash("b1".into()), now).is_some());
        assert!(store.delete_refresh_token(&TokenHash("b1".into())));
        assert!(!store.delete_refresh_token(&TokenHash("b1".into())));
    }
}
