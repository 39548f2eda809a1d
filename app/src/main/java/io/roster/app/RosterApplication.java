package io.roster.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Roster: event-sourced user lifecycle service. One jar; every node runs the same. */
@SpringBootApplication(scanBasePackages = "io.roster")
public class RosterApplication {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(args[1]));
        }
        if (args.length >= 1 && args[0].equals("import")) {
            System.exit(ImportCommand.run(args));
        }
        disableAxonUpdateChecker();
        SpringApplication.run(RosterApplication.class, args);
    }

    /** A user-lifecycle service must not phone home: Axon's usage reporting is off unless explicitly enabled. */
    public static void disableAxonUpdateChecker() {
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }
}
