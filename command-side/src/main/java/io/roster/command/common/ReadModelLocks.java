package io.roster.command.common;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;

/**
 * A transaction-scoped lock per read model, on every node: whoever writes a read model's tables holds it shared for
 * the rest of its transaction; a blue/green rebuild takes it exclusively for its short swap. So the swap sees every
 * event whose writer committed, and writers that come after it wait and then write into the swapped-in tables:
 * nothing is written into tables on their way out.
 */
@Component
public class ReadModelLocks {

    /** The namespace of these advisory locks ("Rmod"), apart from every other lock Roster takes. */
    private static final int READ_MODELS = 0x526d6f64;

    private final JdbcClient jdbc;

    public ReadModelLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Shares the locks of these read models until the current transaction ends (one round trip for all). */
    public void share(Collection<String> readModels) {
        jdbc.sql("SELECT count(pg_advisory_xact_lock_shared(?, hashtext(name))) FROM unnest(CAST(? AS text[])) AS name")
                .params(READ_MODELS, readModels.toArray(String[]::new)).query().singleRow();
    }

    /** Takes one read model's lock alone, waiting for every writer holding it, until the current transaction ends. */
    public void exclude(String readModel) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))").params(READ_MODELS, readModel).query().singleRow();
    }
}
