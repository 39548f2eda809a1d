package io.roster.app.crypto;

import io.roster.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataVaultTest extends IntegrationTest {

    private final MasterKey masterKey = MasterKey.of(new byte[32]);

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void preload_fetches_the_keys_of_many_subjects_in_one_query_and_skips_destroyed_ones() {
        String alice = "vault-" + UUID.randomUUID();
        String bob = "vault-" + UUID.randomUUID();
        String shredded = "vault-" + UUID.randomUUID();
        PersonalDataVault writer = new PersonalDataVault(jdbc, masterKey, Duration.ofMinutes(5));
        String aliceValue = writer.encrypt(alice, "alice@example.com");
        String bobValue = writer.encrypt(bob, "bob@example.com");
        String shreddedValue = writer.encrypt(shredded, "gone@example.com");
        writer.destroy(shredded);

        PersonalDataVault reader = new PersonalDataVault(jdbc, masterKey, Duration.ofMinutes(5));
        reader.preload(List.of(alice, bob, shredded, alice));
        // The keys now come from the cache: removing the rows behind the reader's back does not change its reads.
        jdbc.sql("DELETE FROM subject_key WHERE subject_id IN (?, ?)").params(alice, bob).update();

        assertThat(reader.decrypt(aliceValue)).contains("alice@example.com");
        assertThat(reader.decrypt(bobValue)).contains("bob@example.com");
        assertThat(reader.decrypt(shreddedValue)).isEmpty();
    }

    @Test
    void preloaded_keys_expire_like_any_cached_key() {
        String subject = "vault-" + UUID.randomUUID();
        PersonalDataVault writer = new PersonalDataVault(jdbc, masterKey, Duration.ofMinutes(5));
        String value = writer.encrypt(subject, "carol@example.com");

        PersonalDataVault reader = new PersonalDataVault(jdbc, masterKey, Duration.ZERO);
        reader.preload(List.of(subject));
        writer.destroy(subject);

        assertThat(reader.decrypt(value)).isEmpty();
    }

    /**
     * A read on another thread (a snapshot being taken) may fetch the key just before the deleting transaction commits
     * and cache it; once the deletion has committed, this node must not decrypt with that cached key.
     */
    @Test
    void a_key_cached_by_a_read_racing_the_deletion_is_not_used_after_it_commits() throws Exception {
        String subject = "vault-" + UUID.randomUUID();
        PersonalDataVault vault = new PersonalDataVault(jdbc, masterKey, Duration.ofMinutes(5));
        String value = vault.encrypt(subject, "dave@example.com");
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        transaction.executeWithoutResult(status -> {
            vault.destroy(subject);
            // another thread still sees the committed key and caches it while the deletion is under way
            CompletableFuture<Optional<String>> racing = CompletableFuture.supplyAsync(() -> vault.decrypt(value));
            assertThat(racing.join()).contains("dave@example.com");
        });
        assertThat(vault.decrypt(value)).isEmpty();
    }
}
