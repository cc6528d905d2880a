package org.hutong.record.internal.search;

import java.util.List;
import org.hutong.record.internal.store.StoredResource;

/**
 * The matches of a search, page by page. When the matches did not fit one page they were kept
 * under {@link #searchId()} so later pages are stable and any node can serve them.
 */
public interface SearchResults {

  /** The id of the kept result list, or null when every match fit the first page. */
  String searchId();

  int total();

  /** Matches {@code [offset, offset + count)} in order. */
  List<StoredResource> page(int offset, int count);

  /** What {@code _include}/{@code _revinclude} add for the given page. */
  List<StoredResource> includes(List<StoredResource> page);
}
