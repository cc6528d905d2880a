package org.hutong.record.internal.store;

import java.util.List;

/** The search index tables, one per parameter type. */
final class IndexTables {

  static final List<String> ALL = List.of("idx_string", "idx_token", "idx_date", "idx_reference", "idx_quantity", "idx_uri");

  private IndexTables() {}
}
