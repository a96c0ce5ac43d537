package org.medsoc.vuln;

/** A supported scanner report format; also names the scanner a {@link Finding} came from. */
public enum ReportFormat {
    /** Tenable Nessus v2 export ({@code .nessus}, root element {@code NessusClientData_v2}). */
    NESSUS,
    /** OpenVAS / Greenbone GMP XML report (root element {@code report}). */
    OPENVAS,
    /** ProjectDiscovery Nuclei JSON export: a JSON array or JSON lines. */
    NUCLEI,
    /** nmap XML output (root element {@code nmaprun}), including the {@code vulners} NSE script. */
    NMAP
}
