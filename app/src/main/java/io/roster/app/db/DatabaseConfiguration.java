package io.roster.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL is the only store. With {@code spring.datasource.url} (SPRING_DATASOURCE_URL) Roster uses that
 * server; without it, it starts a real PostgreSQL in-process whose data directory lives under
 * {@code roster.data-dir} (ROSTER_DATA_DIR, default ./data) and survives restarts (see {@link EmbeddedDatabase}).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Stopped by the DataSource after its last connection closed (see {@link #dataSource}), not by a JVM hook. */
    @Bean(destroyMethod = "")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    EmbeddedDatabase embeddedDatabase(@Value("${roster.data-dir}") Path dataDir,
                                      @Value("${roster.embedded-postgres.port:0}") int port,
                                      @Value("${roster.embedded-postgres.durability:full}") String durability) {
        return EmbeddedDatabase.start(dataDir, port, EmbeddedDatabase.Durability.parse(durability));
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(Environment environment, ObjectProvider<EmbeddedDatabase> embedded,
                          @Value("${roster.datasource.maximum-pool-size:20}") int poolSize,
                          @Value("${roster.datasource.connection-timeout:10s}") Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        String url = environment.getProperty("spring.datasource.url", "");
        EmbeddedDatabase postgres = null;
        if (url.isEmpty()) {
            postgres = embedded.getObject();
            config.setJdbcUrl(postgres.jdbcUrl());
            config.setUsername(postgres.username());
            config.setPassword(postgres.password());
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
        private final transient EmbeddedDatabase postgres;

        ClosingDataSource(HikariConfig config, EmbeddedDatabase postgres) {
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
