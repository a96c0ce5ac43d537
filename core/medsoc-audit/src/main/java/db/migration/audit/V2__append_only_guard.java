package db.migration.audit;

import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, makes {@code audit_log} append-only in the database itself: a trigger raises on UPDATE, TRUNCATE
 * and DELETE, except a DELETE inside a transaction that set {@code medsoc.audit_purge} (the retention purge, which is
 * itself audited). On H2 nothing is installed (H2 triggers are Java classes on H2's class path); there the hash
 * chain alone makes tampering evident.
 */
public class V2__append_only_guard extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (!product.contains("postgresql")) {
            return;
        }
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("""
                    CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF TG_OP = 'DELETE' AND current_setting('medsoc.audit_purge', true) = 'on' THEN
                            RETURN OLD;
                        END IF;
                        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
                            USING ERRCODE = 'insufficient_privilege';
                    END
                    $$""");
            s.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                    + "FOR EACH ROW EXECUTE FUNCTION audit_log_guard()");
            s.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                    + "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()");
        }
    }
}
