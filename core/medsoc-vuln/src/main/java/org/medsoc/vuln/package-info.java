/**
 * Vulnerability findings: the scanner-independent model ({@link org.medsoc.vuln.Finding},
 * {@link org.medsoc.vuln.ScanReport}), strict parsers for scanner reports ({@link org.medsoc.vuln.ScanReports}),
 * CVSS 3.1 and 4.0 calculators, remediation deadlines and re-import planning. Framework-free.
 */
@NullMarked
package org.medsoc.vuln;

import org.jspecify.annotations.NullMarked;
