/**
 * The audit log: an append-only, hash-chained record of who did what, on which tenant, with what outcome. The entry
 * point is {@link org.medsoc.audit.AuditLog}.
 */
@NullMarked
package org.medsoc.audit;

import org.jspecify.annotations.NullMarked;
