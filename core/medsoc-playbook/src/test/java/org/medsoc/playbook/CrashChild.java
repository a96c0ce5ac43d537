package org.medsoc.playbook;

import java.time.Duration;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;

/**
 * The executor process the crash test kills: opens the database given on the command line and works on due runs until
 * it is killed. Arguments: JDBC URL, user, password.
 */
final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws InterruptedException {
        Database db = Database.open(new DatabaseConfig(args[0], args[1], args[2], 2));
        PlaybookExecutor executor = PlaybookExecutor.builder(db).workerId("child").lease(Duration.ofMinutes(1)).build();
        System.out.println("child ready");
        while (true) {
            executor.runDue();
            Thread.sleep(50);
        }
    }
}
