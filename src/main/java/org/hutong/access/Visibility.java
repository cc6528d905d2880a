package org.hutong.access;

import java.util.Set;

/**
 * Whose records a caller may see, in terms the record store can turn into one SQL condition: the
 * one place consent and care relationships are enforced for read, search, includes, paging and
 * {@code $everything} alike. Scopes then narrow by resource type and interaction.
 */
public sealed interface Visibility {

  /** Every record (administrators; public health, whose reporting is by law not subject to consent). */
  record All() implements Visibility {}

  /** Only resources about no patient (organisations, practitioners, locations, medications…). */
  record NonPersonal() implements Visibility {}

  /** The records of these patients: a resident's own Patient resources and those of family members they are authorised for. */
  record OwnRecords(Set<String> patients) implements Visibility {
    public OwnRecords {
      patients = Set.copyOf(patients);
    }
  }

  /**
   * Patients in care at the institution (it holds a record of theirs): the institution's own records
   * always; other institutions' records as each patient's consent and the regional default allow,
   * or all of them when {@code breakGlass}.
   */
  record Institution(String organization, boolean breakGlass) implements Visibility {}
}
