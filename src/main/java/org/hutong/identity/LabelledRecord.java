package org.hutong.identity;

/**
 * An evaluation record: the record as the matcher sees it and, kept apart, the true person it
 * belongs to. Only {@link PairwiseQuality} reads {@code personId}; it never reaches the matcher.
 */
public record LabelledRecord(PersonRecord record, String personId) {}
