package io.roster.app.user;

import io.roster.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentCreationTest extends IntegrationTest {

    @Test
    void fifty_concurrent_creates_of_one_username_give_exactly_one_201() throws Exception {
        String username = uniqueUsername("race");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String lastName = "Racer" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/v1/users", Map.of("username", username, "firstName", "R", "lastName", lastName))
                            .status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(99);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/api/v1/users?q=" + username).body().path("items")).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM security_principal r JOIN user_list l ON l.user_id = r.principal_id WHERE l.username = ?")
                .param(username).query(Long.class).single()).isEqualTo(1);
    }
}
