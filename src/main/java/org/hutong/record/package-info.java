/**
 * The FHIR R4 clinical data repository (CDR): storage on PostgreSQL, search, transactions and the
 * REST API at {@code /fhir}. Other modules use {@link org.hutong.record.ClinicalRecords}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Clinical data repository")
package org.hutong.record;
