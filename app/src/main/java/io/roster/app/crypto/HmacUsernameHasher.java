package io.roster.app.crypto;

import io.roster.command.user.UsernameHasher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

/** HMAC-SHA256 of the lower-cased username under a key derived from the master key. */
public class HmacUsernameHasher implements UsernameHasher {

    private final SecretKeySpec key;

    public HmacUsernameHasher(MasterKey masterKey) {
        this.key = new SecretKeySpec(masterKey.derive("roster/username-claim/v1"), "HmacSHA256");
    }

    @Override
    public String hash(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(username.strip().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
