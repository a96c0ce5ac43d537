/**
 * The vulnerability findings ledger of a tenant ({@link org.medsoc.findings.FindingLedger}): scanner reports
 * imported and re-imported with deduplication, finding states, risk acceptance with expiry, SLA deadlines, KEV and
 * EPSS, remediation plans and retests, queries and CSV exports; and advisories ({@link
 * org.medsoc.findings.Advisory}) matched to inventory by CPE 2.3 and version ranges ({@link
 * org.medsoc.findings.AdvisoryMatcher}), stored with per-tenant notices ({@link org.medsoc.findings.AdvisoryStore}).
 */
@NullMarked
package org.medsoc.findings;

import org.jspecify.annotations.NullMarked;
