package org.medsoc.federation;

/** The kinds of directive a hub sends down; each has one {@link DirectiveBody} record. */
public enum DirectiveType {
    /** A warning with required actions and a deadline ({@link DirectiveBody.Warning}). */
    WARNING,
    /** A rule pack ({@link DirectiveBody.RulePack}). */
    RULE_PACK,
    /** A set of indicators to match ({@link DirectiveBody.IndicatorSet}). */
    INDICATOR_SET,
    /** A policy: named settings ({@link DirectiveBody.Policy}). */
    POLICY,
    /** A trace query ({@link DirectiveBody.TraceQuery}). */
    TRACE_QUERY
}
