package io.roster.app.crypto;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class CryptoConfiguration {

    @Bean
    MasterKey masterKey(@Value("${roster.master-key:}") String base64, @Value("${roster.data-dir}") Path dataDir) {
        return MasterKey.load(base64, dataDir.resolve("master.key"));
    }

    @Bean
    PersonalDataVault personalDataVault(JdbcClient jdbc, MasterKey masterKey,
                                        @Value("${roster.personal-data.key-cache-ttl:5s}") Duration cacheTtl) {
        return new PersonalDataVault(jdbc, masterKey, cacheTtl);
    }

    @Bean
    HmacUsernameHasher usernameHasher(MasterKey masterKey) {
        return new HmacUsernameHasher(masterKey);
    }
}
