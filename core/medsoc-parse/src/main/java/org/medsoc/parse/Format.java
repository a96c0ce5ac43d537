package org.medsoc.parse;

/** The payload format of a source profile; {@link #AUTO} detects it per message. */
public enum Format {
    /** Detect per message: CEF, LEEF, JSON, Linux auth, access log, key=value, else plain text. */
    AUTO,
    /** ArcSight Common Event Format. */
    CEF,
    /** IBM QRadar Log Event Extended Format 1.0 / 2.0. */
    LEEF,
    /** Key=value firewall logs (FortiGate, Huawei, Sangfor, generic). */
    KV,
    /** JSON objects (generic, Suricata EVE, Windows events). */
    JSON,
    /** Linux authentication logs (sshd, sudo, su, PAM). */
    LINUX_AUTH,
    /** nginx and Apache access logs. */
    ACCESS_LOG,
    /** Free text: kept as {@code message} only. */
    PLAIN
}
