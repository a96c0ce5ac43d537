/** Java schema migrations of the audit module (Flyway finds them by package under {@code db/migration/audit}). */
@NullMarked
package db.migration.audit;

import org.jspecify.annotations.NullMarked;
