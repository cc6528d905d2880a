/**
 * Shared kernel: what truly every module needs (clock, ids, database, FHIR context). Kept small on
 * purpose; business capabilities live in their own modules.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.hutong.platform;
