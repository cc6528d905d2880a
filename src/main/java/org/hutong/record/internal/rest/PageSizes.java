package org.hutong.record.internal.rest;

/**
 * Page sizes: the default for searches, the most a client may ask for, and the default for
 * {@code $everything} (a clinician's view usually wants the whole record at once).
 */
record PageSizes(int defaultSize, int maximum, int everything) {

  static PageSizes of(org.hutong.record.RecordProperties properties) {
    return new PageSizes(properties.defaultPageSize(), properties.maxPageSize(), properties.everythingPageSize());
  }

  int clamp(Integer requested, int fallback) {
    int size = requested == null ? fallback : requested;
    return Math.max(0, Math.min(size, maximum));
  }
}
