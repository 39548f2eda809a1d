package io.roster.app.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyTest {

    @Test
    void a_key_file_is_created_once_and_read_back_on_the_next_start(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        MasterKey first = MasterKey.load(null, file);
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        MasterKey second = MasterKey.load("", file);
        assertThat(second.derive("x")).isEqualTo(first.derive("x"));
    }

    @Test
    void the_environment_key_wins_and_must_be_32_bytes(@TempDir Path dir) {
        String configured = Base64.getEncoder().encodeToString(new byte[32]);
        MasterKey fromEnvironment = MasterKey.load(configured, dir.resolve("unused.key"));
        assertThat(dir.resolve("unused.key")).doesNotExist();
        assertThat(fromEnvironment.derive("x")).isEqualTo(MasterKey.of(new byte[32]).derive("x"));
        assertThatThrownBy(() -> MasterKey.load(Base64.getEncoder().encodeToString(new byte[16]), dir.resolve("k")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derived_keys_differ_by_purpose_and_usernames_hash_case_insensitively() {
        MasterKey key = MasterKey.of(new byte[32]);
        assertThat(key.derive("a")).isNotEqualTo(key.derive("b"));
        HmacUsernameHasher hasher = new HmacUsernameHasher(key);
        assertThat(hasher.hash("Jane.Doe@Example.com")).isEqualTo(hasher.hash("jane.doe@example.com"))
                .hasSize(64).doesNotContain("jane");
    }
}
