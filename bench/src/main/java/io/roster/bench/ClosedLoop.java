package io.roster.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The closed-loop load generator the HTTP benches share: {@code concurrency} workers, each sending its next request as
 * soon as the previous one is answered, for a fixed time. One generator for every server measured, so a difference in
 * the figures is the server's, not the client's.
 */
final class ClosedLoop {

    private ClosedLoop() {
    }

    /** One request; {@code n} counts the worker's requests. Returns the HTTP status (300 and above count as errors). */
    interface Call {
        int run(int worker, int n) throws Exception;
    }

    /** What a run measured: every request's latency in ms, sorted. */
    record Run(int concurrency, double seconds, List<Double> millis, int errors) {
        int requests() {
            return millis.size();
        }

        double rate() {
            return requests() / seconds;
        }

        double percentile(int percentile) {
            return millis.isEmpty() ? Double.NaN : BenchSupport.percentile(millis, percentile);
        }
    }

    static Run run(int concurrency, int seconds, Call call) throws InterruptedException {
        ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    try {
                        int status = call.run(worker, n++);
                        if (status >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    millis.add((System.nanoTime() - t) / 1e6);
                }
                done.countDown();
            });
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Run(concurrency, elapsed, sorted, errors.get());
    }
}
