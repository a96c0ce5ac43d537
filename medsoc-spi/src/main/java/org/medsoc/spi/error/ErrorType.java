package org.medsoc.spi.error;

/** The category of a failure; the API maps it to an HTTP status class. */
public enum ErrorType {
    /** The caller sent something wrong; retrying the same request fails again (HTTP 4xx). */
    USER,
    /** A defect or unexpected state inside medsoc (HTTP 500). */
    INTERNAL,
    /** A dependency outside medsoc failed (HTTP 502/503). */
    EXTERNAL,
    /** A bounded resource (disk, memory, queue) is exhausted; retry later (HTTP 503/507). */
    INSUFFICIENT_RESOURCES
}
