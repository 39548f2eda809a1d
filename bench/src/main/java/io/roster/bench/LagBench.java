package io.roster.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Projection lag (issue #9): from an event's commit to the moment a read model shows it, at a fixed write rate.
 * <p>
 * The writes come from outside Roster: writer threads append {@code UserCreated} events to Roster's event store by
 * SQL, one per transaction, paced to the rate asked for, which is what another Roster node's commits look like to
 * this node (1,000 writes/s cannot come through this node's API on two cores: a create costs ~13 ms of CPU, see
 * LoadBench). A read model's token is stored in the same transaction as its rows, so "visible" is when the
 * processor's token (lowest over its segments) reaches the event; a poller reads the tokens every 5 ms.
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl bench exec:java -Dbench=io.roster.bench.LagBench -Dexec.args="1000 30"</pre>
 * (arguments: writes per second, seconds)
 */
public final class LagBench {

    private static final String[] PROCESSORS = {"user-list", "audit-log", "seat-usage"};
    private static final String ROOT = "00000000-0000-0000-0000-0000000000a1";

    private LagBench() {
    }

    private record Write(long globalIndex, long committedAt) {
    }

    private record Poll(long at, long[] positions) {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        try (BenchSupport.Roster roster = BenchSupport.start(BenchSupport.jar(args, 2))) {
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Poll> polls = new ArrayList<>();
            Thread poller = new Thread(() -> poll(roster.jdbcUrl(), writing, polls), "lag-poller");
            poller.start();
            ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
            int writers = 4;
            double rosterCpu = BenchSupport.cpuMillis(roster.process().pid());
            double postgresCpu = BenchSupport.postgresCpuMillis();
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Thread thread = new Thread(() -> write(roster.jdbcUrl(), writer, writers, rate, start, end, writes));
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            rosterCpu = BenchSupport.cpuMillis(roster.process().pid()) - rosterCpu;
            postgresCpu = BenchSupport.postgresCpuMillis() - postgresCpu;
            // let the read models catch up with the last write, then stop polling
            long last = writes.stream().mapToLong(Write::globalIndex).max().orElse(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                Poll latest;
                synchronized (polls) {
                    latest = polls.isEmpty() ? null : polls.get(polls.size() - 1);
                }
                if (latest != null && Arrays.stream(latest.positions()).allMatch(position -> position >= last)) {
                    break;
                }
                Thread.sleep(50);
            }
            writing.set(false);
            poller.join();
            System.out.printf(Locale.ROOT, "%,d events written at %.0f/s (asked %d/s, %d writers, one event per transaction)%n",
                    writes.size(), writes.size() / elapsed, rate, writers);
            System.out.printf(Locale.ROOT, "CPU while writing (cores busy, of %d): Roster %.2f, PostgreSQL %.2f%n",
                    Runtime.getRuntime().availableProcessors(), rosterCpu / 1000 / elapsed, postgresCpu / 1000 / elapsed);
            System.out.printf(Locale.ROOT, "%-12s %9s %9s %9s %9s %s%n", "read model", "p50 ms", "p95 ms", "p99 ms",
                    "max ms", "(commit to visible)");
            for (int p = 0; p < PROCESSORS.length; p++) {
                List<Double> lags = lags(writes, polls, p);
                System.out.printf(Locale.ROOT, "%-12s %9.1f %9.1f %9.1f %9.1f %s%n", PROCESSORS[p],
                        BenchSupport.percentile(lags, 50), BenchSupport.percentile(lags, 95),
                        BenchSupport.percentile(lags, 99), lags.get(lags.size() - 1),
                        lags.size() < writes.size() ? "(" + (writes.size() - lags.size()) + " never seen)" : "");
            }
        }
    }

    /** One writer's share of the rate: a slot every {@code writers / rate} seconds, one event per transaction. */
    private static void write(String jdbcUrl, int writer, int writers, int rate, long start, long end,
                              ConcurrentLinkedQueue<Write> writes) {
        long interval = 1_000_000_000L * writers / rate;
        try (Connection db = BenchSupport.connect(jdbcUrl);
             PreparedStatement insert = db.prepareStatement("""
                     INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                                   payload, payloadrevision, payloadtype, timestamp)
                     VALUES (?, 0, 'User', ?, convert_to('{"actorId":"lag-bench","actorType":"SYSTEM","requestId":"lag"}', 'UTF8'),
                             convert_to(?, 'UTF8'), '1', 'io.roster.events.user.UserCreated',
                             to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                     RETURNING globalindex""")) {
            long next = start + interval * writer / writers;
            for (int n = 0; System.nanoTime() < end; n++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                String id = "lag-" + writer + "-" + n;
                insert.setString(1, id);
                insert.setString(2, "event-" + id);
                insert.setString(3, "{\"userId\":\"" + id + "\",\"username\":\"" + id + "@example.com\",\"firstName\":\"F\","
                        + "\"lastName\":\"L\",\"organizationId\":\"" + ROOT + "\",\"userType\":\"USER\",\"roles\":[\"desktop-user\"]}");
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    writes.add(new Write(row.getLong(1), System.nanoTime()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void poll(String jdbcUrl, AtomicBoolean writing, List<Poll> polls) {
        try (Connection db = BenchSupport.connect(jdbcUrl);
             Statement statement = db.createStatement()) {
            while (writing.get()) {
                long[] positions = new long[PROCESSORS.length];
                try (ResultSet rows = statement.executeQuery("""
                        SELECT processorname, min((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint)
                        FROM tokenentry WHERE token IS NOT NULL GROUP BY processorname""")) {
                    while (rows.next()) {
                        int p = Arrays.asList(PROCESSORS).indexOf(rows.getString(1));
                        if (p >= 0) {
                            positions[p] = rows.getLong(2);
                        }
                    }
                }
                // the poll's end: a conservative visibility time (at most one poll, ~5 ms, late)
                Poll poll = new Poll(System.nanoTime(), positions);
                synchronized (polls) {
                    polls.add(poll);
                }
                LockSupport.parkNanos(5_000_000);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each write's lag for one read model: the first poll at or after its commit that shows it, minus the commit. */
    private static List<Double> lags(ConcurrentLinkedQueue<Write> writes, List<Poll> polls, int processor) {
        List<Double> lags = new ArrayList<>();
        for (Write write : writes) {
            int low = 0;
            int high = polls.size();
            while (low < high) { // first poll taken after the commit
                int mid = (low + high) >>> 1;
                if (polls.get(mid).at() < write.committedAt()) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            for (int i = low; i < polls.size(); i++) {
                if (polls.get(i).positions()[processor] >= write.globalIndex()) {
                    lags.add((polls.get(i).at() - write.committedAt()) / 1e6);
                    break;
                }
            }
        }
        lags.sort(null);
        return lags;
    }
}
