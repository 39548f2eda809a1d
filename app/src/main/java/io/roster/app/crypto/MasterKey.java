package io.roster.app.crypto;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key-encryption key that wraps every data subject's key, and from which the username-claim HMAC key is
 * derived. From ROSTER_MASTER_KEY (base64, 32 bytes), or else a key file created once in the data directory.
 * Nodes that share a database must share this key.
 */
public final class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    private static final int LENGTH = 32;

    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("the master key must be " + LENGTH + " bytes (base64 of 32 random bytes)");
        }
        this.key = key.clone();
    }

    public static MasterKey of(byte[] key) {
        return new MasterKey(key);
    }

    public static MasterKey load(String base64, Path keyFile) {
        if (base64 != null && !base64.isBlank()) {
            return new MasterKey(Base64.getDecoder().decode(base64.strip()));
        }
        try {
            if (Files.exists(keyFile)) {
                return new MasterKey(Base64.getDecoder().decode(Files.readString(keyFile).strip()));
            }
            byte[] fresh = new byte[LENGTH];
            new SecureRandom().nextBytes(fresh);
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            try {
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException raced) {
                return load(null, keyFile);
            }
            restrictPermissions(keyFile);
            log.warn("Created a new master key in {}. Back it up: without it no personal data can be read. "
                    + "Nodes sharing one database must all set the same ROSTER_MASTER_KEY.", keyFile.toAbsolutePath());
            return new MasterKey(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + keyFile, e);
        }
    }

    private static void restrictPermissions(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.warn("Could not restrict permissions of {}: {}", file, e.getMessage());
        }
    }

    SecretKey keyEncryptionKey() {
        return new SecretKeySpec(derive("roster/key-encryption/v1"), "AES");
    }

    byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
