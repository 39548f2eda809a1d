package io.roster.app.crypto;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Crypto-shredding: one AES-256 data key per data subject, stored wrapped by the master key in
 * {@code subject_key}. Personal fields of events are stored as {@code pii:v1:<subject>:<base64>}; once
 * {@link #destroy} has removed a subject's key they decrypt to null, in every read and every replay.
 * <p>
 * Keys are created in the caller's transaction (the event append), so a rolled-back command leaves none.
 * Unwrapped keys are cached for reads only, for {@code cacheTtl}: another node may decrypt a deleted user's
 * data for at most that long after the deletion.
 */
public class PersonalDataVault {

    static final String PREFIX = "pii:v1:";
    private static final int MAX_CACHED = 10_000;

    private final JdbcClient jdbc;
    private final SecretKey keyEncryptionKey;
    private final long cacheTtlNanos;
    private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();
    /**
     * Subjects erased on this node within the last {@code cacheTtl}, by when: a read that fetched a key just before
     * the erasing transaction committed may still put it in the cache afterwards, so the cache is not consulted for
     * them until every such entry has expired.
     */
    private final Map<String, Long> erasedAt = new ConcurrentHashMap<>();

    private record CachedKey(SecretKey key, long expiresAt) {
    }

    /** Where a transaction keeps the keys it has written with (see {@link #keyForWrite}). */
    private final Object writeKeysResource = new Object();

    public PersonalDataVault(JdbcClient jdbc, MasterKey masterKey, Duration cacheTtl) {
        this.jdbc = jdbc;
        this.keyEncryptionKey = masterKey.keyEncryptionKey();
        this.cacheTtlNanos = cacheTtl.toNanos();
    }

    public String encrypt(String subjectId, String plaintext) {
        SecretKey key = keyForWrite(subjectId);
        byte[] sealed = Aead.encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8), aad(subjectId));
        return PREFIX + subjectId + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    /** The plaintext, or empty when the subject's key was destroyed. Values without the prefix pass through. */
    public Optional<String> decrypt(String value) {
        if (!value.startsWith(PREFIX)) {
            return Optional.of(value);
        }
        int separator = value.indexOf(':', PREFIX.length());
        if (separator < 0) {
            throw new IllegalArgumentException("malformed encrypted value");
        }
        String subjectId = value.substring(PREFIX.length(), separator);
        byte[] sealed = Base64.getDecoder().decode(value.substring(separator + 1));
        return keyForRead(subjectId)
                .map(key -> new String(Aead.decrypt(key, sealed, aad(subjectId)), StandardCharsets.UTF_8));
    }

    public boolean hasKey(String subjectId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM subject_key WHERE subject_id = ?)").param(subjectId)
                .query(Boolean.class).single();
    }

    /** Destroys the subject's key, in the caller's transaction: its personal data is unreadable from then on. */
    public void destroy(String subjectId) {
        jdbc.sql("DELETE FROM subject_key WHERE subject_id = ?").param(subjectId).update();
        writeKeys().remove(subjectId);
        jdbc.sql("INSERT INTO subject_shredded (subject_id) VALUES (?) ON CONFLICT DO NOTHING").param(subjectId).update();
        cache.remove(subjectId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget(subjectId);
                }
            });
        } else {
            forget(subjectId);
        }
    }

    private void forget(String subjectId) {
        long now = System.nanoTime();
        erasedAt.values().removeIf(at -> now - at > cacheTtlNanos);
        erasedAt.put(subjectId, now);
        cache.remove(subjectId);
    }

    /** Encrypts an infrastructure secret (e.g. the token signing key) under the master key, bound to its name. */
    public byte[] wrapSecret(String name, byte[] secret) {
        return Aead.encrypt(keyEncryptionKey, secret, aad("secret:" + name));
    }

    public byte[] unwrapSecret(String name, byte[] wrapped) {
        return Aead.decrypt(keyEncryptionKey, wrapped, aad("secret:" + name));
    }

    /**
     * The subject's key for encrypting, created on first use. A transaction remembers the keys it has used until it
     * ends (a create encrypts three fields of one person): only this transaction could destroy one meanwhile, and
     * {@link #destroy} forgets it then. Nothing outlives the transaction, so no node writes with a key another node
     * has destroyed since.
     */
    private SecretKey keyForWrite(String subjectId) {
        Map<String, SecretKey> known = writeKeys();
        SecretKey key = known.get(subjectId);
        if (key == null) {
            key = loadOrCreateKey(subjectId);
            known.put(subjectId, key);
        }
        return key;
    }

    /** This transaction's write keys; outside a transaction none are kept. */
    @SuppressWarnings("unchecked")
    private Map<String, SecretKey> writeKeys() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new java.util.HashMap<>();
        }
        Map<String, SecretKey> keys = (Map<String, SecretKey>) TransactionSynchronizationManager.getResource(writeKeysResource);
        if (keys == null) {
            Map<String, SecretKey> fresh = new java.util.HashMap<>();
            TransactionSynchronizationManager.bindResource(writeKeysResource, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(writeKeysResource);
                }
            });
            keys = fresh;
        }
        return keys;
    }

    private record KeyRow(byte[] found, byte[] created, boolean erased) {
    }

    /**
     * The subject's key, created if it has none, in one round trip: the key found, else the one this statement
     * inserted, unless the subject was erased (a key is never created again for an erased person). A fresh key is
     * wrapped beforehand for that, and thrown away when one exists.
     */
    private SecretKey loadOrCreateKey(String subjectId) {
        byte[] wrapped = Aead.encrypt(keyEncryptionKey, Aead.randomKey(), aad(subjectId));
        KeyRow row = jdbc.sql("""
                        WITH found AS (SELECT wrapped_key FROM subject_key WHERE subject_id = :id),
                             erased AS (SELECT EXISTS (SELECT 1 FROM subject_shredded WHERE subject_id = :id) AS erased),
                             created AS (INSERT INTO subject_key (subject_id, wrapped_key)
                                         SELECT :id, :wrapped WHERE NOT EXISTS (SELECT 1 FROM found)
                                                                AND NOT (SELECT erased FROM erased)
                                         ON CONFLICT (subject_id) DO NOTHING RETURNING wrapped_key)
                        SELECT (SELECT wrapped_key FROM found), (SELECT wrapped_key FROM created),
                               (SELECT erased FROM erased)""")
                .param("id", subjectId).param("wrapped", wrapped)
                .query((rs, n) -> new KeyRow(rs.getBytes(1), rs.getBytes(2), rs.getBoolean(3)))
                .single();
        if (row.found() != null) {
            return unwrap(subjectId, row.found());
        }
        if (row.erased()) {
            throw new IllegalStateException("the personal data of " + subjectId + " was erased: it cannot be written again");
        }
        // a racing transaction may have created it first (committed after this statement began): then its key is the one
        return unwrap(subjectId, row.created() != null ? row.created() : wrappedKey(subjectId).orElseThrow());
    }

    private Optional<SecretKey> keyForRead(String subjectId) {
        long now = System.nanoTime();
        SecretKey cached = cachedKey(subjectId, now);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SecretKey> key = wrappedKey(subjectId).map(wrapped -> unwrap(subjectId, wrapped));
        if (key.isPresent()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(subjectId, new CachedKey(key.get(), now + cacheTtlNanos));
        } else {
            cache.remove(subjectId);
        }
        return key;
    }

    /**
     * Warms the read cache for many subjects with one query (used by bulk reads such as a rebuild, where every
     * event names a different subject). Subjects without a key are skipped; reads still check each value.
     */
    public void preload(Collection<String> subjectIds) {
        long now = System.nanoTime();
        List<String> missing = subjectIds.stream().distinct().filter(id -> cachedKey(id, now) == null).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (cache.size() + missing.size() > MAX_CACHED) {
            cache.clear();
        }
        jdbc.sql("SELECT subject_id, wrapped_key FROM subject_key WHERE subject_id = ANY (?)")
                .param(missing.toArray(String[]::new))
                .query(rs -> {
                    String id = rs.getString(1);
                    cache.put(id, new CachedKey(unwrap(id, rs.getBytes(2)), now + cacheTtlNanos));
                });
    }

    /** The subject's key if the cache holds it and it has not expired, else null. */
    private SecretKey cachedKey(String subjectId, long now) {
        if (erasedAt.containsKey(subjectId)) {
            return null;
        }
        CachedKey cached = cache.get(subjectId);
        return cached != null && now - cached.expiresAt() < 0 ? cached.key() : null;
    }

    private Optional<byte[]> wrappedKey(String subjectId) {
        return jdbc.sql("SELECT wrapped_key FROM subject_key WHERE subject_id = ?").param(subjectId)
                .query(byte[].class).optional();
    }

    private SecretKey unwrap(String subjectId, byte[] wrapped) {
        return new SecretKeySpec(Aead.decrypt(keyEncryptionKey, wrapped, aad(subjectId)), "AES");
    }

    private static byte[] aad(String subjectId) {
        return subjectId.getBytes(StandardCharsets.UTF_8);
    }
}
